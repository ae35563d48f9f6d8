import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BENEFICIARY_COLUMNS, STATEMENT_COLUMNS } from '../../src/shared/upload/columns.js';
import { matchHeader } from '../../src/shared/upload/headers.js';
import { UploadProblem } from '../../src/shared/upload/problem.js';
import { openUpload } from '../../src/shared/upload/rows.js';
import { MAX_UPLOAD_BYTES, type Upload } from '../../src/shared/upload/source.js';

/** A request body in the given pieces, as a socket would deliver it. */
async function* body(...pieces: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const piece of pieces) yield typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
}

/** The same bytes one at a time: every multi-byte character is cut between two pieces. */
const byteByByte = (text: string) => [...Buffer.from(text, 'utf8')].map((b) => Buffer.from([b]));

async function rowsOf<C extends string>(upload: Upload<C>) {
  const rows = [];
  for await (const row of upload.rows) rows.push(row);
  return rows;
}

async function refusal(run: () => Promise<unknown>): Promise<UploadProblem> {
  try {
    await run();
  } catch (err) {
    if (err instanceof UploadProblem) return err;
    throw err;
  }
  throw new Error('expected the upload to be refused');
}

const csv = (text: string) => openUpload(body(text), 'text/csv', BENEFICIARY_COLUMNS);
const readAll = async (text: string | (string | Buffer)[]) => {
  const pieces = typeof text === 'string' ? [text] : text;
  return rowsOf(await openUpload(body(...pieces), 'text/csv', BENEFICIARY_COLUMNS));
};

describe('matchHeader', () => {
  it.each([
    [['NIK', 'Nama', 'Kode Wilayah'], { nik: 0, name: 1, regionCode: 2 }],
    [['nik', 'name', 'regionCode', 'sector'], { nik: 0, name: 1, regionCode: 2, sector: 3 }],
    [['Kabupaten/Kota', ' nama ', 'N.I.K.'], { regionCode: 0, name: 1, nik: 2 }],
    [
      ['NIK', 'NAMA', 'KODE_WILAYAH', 'Sektor', 'Pekerjaan', 'No. KPJ', 'No HP'],
      { nik: 0, name: 1, regionCode: 2, sector: 3, occupation: 4, kpjNumber: 5, phone: 6 },
    ],
    [
      ['No', 'NIK', 'Nama', 'Alamat', 'kode wilayah', 'kpj'],
      { nik: 1, name: 2, regionCode: 4, kpjNumber: 5 },
    ],
  ])('when the header is %j, then the columns are %j', (names, expected) => {
    expect(Object.fromEntries(matchHeader(names, BENEFICIARY_COLUMNS, 1))).toEqual(expected);
  });

  it('when a statement names its amount Iuran or Jumlah with JKK and JKM, then all are found', () => {
    const columns = matchHeader(['NIK', 'No KPJ', 'Nama', 'Jumlah', 'JKK', 'JKM'], STATEMENT_COLUMNS, 1);
    expect(Object.fromEntries(columns)).toEqual({ nik: 0, kpj: 1, name: 2, amount: 3, jkk: 4, jkm: 5 });
  });

  it('when required columns are missing, then each is named with the names it is known by', () => {
    let problem: UploadProblem | undefined;
    try {
      matchHeader(['NIK', 'Alamat'], BENEFICIARY_COLUMNS, 3);
    } catch (err) {
      problem = err as UploadProblem;
    }
    expect(problem).toBeInstanceOf(UploadProblem);
    expect(problem?.status).toBe(400);
    expect(problem?.code).toBe('INVALID_HEADER');
    expect(problem?.message).toBe('the header (line 3) must name the columns NIK, Nama, Kode Wilayah');
    expect(problem?.errors?.map((e) => ({ path: e.path, message: e.message.en }))).toEqual([
      { path: 'name', message: 'is a required column missing from the header (accepted names: Nama, name)' },
      {
        path: 'regionCode',
        message:
          'is a required column missing from the header (accepted names: Kode Wilayah, Kabupaten/Kota, regionCode)',
      },
    ]);
    expect(problem?.fieldReasons[0]?.reason).toEqual({
      key: 'upload.header_missing',
      params: { names: 'Nama, name' },
    });
  });

  it('when one column is named twice, even in two languages, then the file is refused naming both places', () => {
    expect(() => matchHeader(['NIK', 'Nama', 'name', 'Kode Wilayah'], BENEFICIARY_COLUMNS, 1)).toThrow(
      expect.objectContaining({
        errors: [
          {
            path: 'name',
            message: expect.objectContaining({ en: 'appears more than once in the header (columns 2, 3)' }),
          },
        ],
      }),
    );
  });

  it('when a spec gives one name to two columns, then it is a mistake in the code', () => {
    const spec = { a: { names: ['Nama'] }, b: { names: ['nama'] } };
    expect(() => matchHeader(['x'], spec, 1)).toThrow('the header name nama belongs to both a and b');
  });
});

describe('openUpload of a CSV', () => {
  it('when a spreadsheet saved it in Bahasa Indonesia (BOM, `;`, CRLF), then the rows stream with their lines', async () => {
    const upload = await csv(
      '\uFEFFNIK;Nama;Kode Wilayah;Sektor\r\n1508014203850001;Siti Aminah;Bungo;pertanian\r\n\r\n' +
        '1508014203850002;"Budi; Santoso";15.08;\r\n',
    );
    expect(upload.format).toBe('csv');
    expect(upload.header).toEqual(['NIK', 'Nama', 'Kode Wilayah', 'Sektor']);
    expect(upload.width).toBe(4);
    expect(await rowsOf(upload)).toEqual([
      { line: 2, record: ['1508014203850001', 'Siti Aminah', 'Bungo', 'pertanian'] },
      { line: 4, record: ['1508014203850002', 'Budi; Santoso', '15.08', ''] },
    ]);
  });

  it('when a quoted cell spans lines, then the next row keeps its own file line', async () => {
    const rows = await readAll('nik,name,regionCode\n1,"two\nlines",15.08\n2,Ani,15.08\n');
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
    expect(rows[0]?.record[1]).toBe('two\nlines');
  });

  it('when a header cell is quoted and holds the separator, then it is still one name', async () => {
    const upload = await csv('"NIK";"Nama";"Kode Wilayah";"Alamat; desa"\n1;A;15.08;x\n');
    expect(upload.header).toEqual(['NIK', 'Nama', 'Kode Wilayah', 'Alamat; desa']);
  });

  it('when the header misses a required column, then the upload is refused before any row is read', async () => {
    const problem = await refusal(() => csv('NIK;Nama\n1;A\n'));
    expect(problem.code).toBe('INVALID_HEADER');
    expect(problem.errors?.map((e) => e.path)).toEqual(['regionCode']);
  });

  it('when the body is empty, then the header names nothing', async () => {
    const problem = await refusal(() => csv(''));
    expect(problem.code).toBe('INVALID_HEADER');
    expect(problem.errors?.map((e) => e.path)).toEqual(['nik', 'name', 'regionCode']);
  });

  it('when the header line is longer than 64 KiB, then it is refused', async () => {
    const long = `nik,name,regionCode,${'x'.repeat(70_000)}\n`;
    const problem = await refusal(() => readAll([long.slice(0, 30_000), long.slice(30_000)]));
    expect(problem.message).toBe('the CSV header line is longer than 64 KiB');
  });

  describe('when the file is not UTF-8', () => {
    it('then a Latin-1 é on line 3 refuses the file naming line 3', async () => {
      const latin1 = Buffer.from(
        'nik,name,regionCode\n1,Ani,15.08\n2,Jos\xe9,15.08\n3,Ida,15.08\n',
        'latin1',
      );
      const problem = await refusal(() => readAll([latin1]));
      expect(problem.status).toBe(400);
      expect(problem.code).toBe('INVALID_UTF8');
      expect(problem.message).toBe('line 3 is not valid UTF-8: save the file as CSV UTF-8');
      expect(problem.reason).toEqual({ key: 'upload.invalid_utf8', params: { line: '3' } });
    });

    it('then a bad byte in the header refuses it as line 1', async () => {
      const problem = await refusal(() => readAll([Buffer.from('nik,n\xe4me,regionCode\n', 'latin1')]));
      expect(problem.message).toBe('line 1 is not valid UTF-8: save the file as CSV UTF-8');
    });

    it('then a bad byte in a later chunk names its line across the chunks', async () => {
      const rows = Array.from({ length: 50 }, (_, i) => `${i},Ani,15.08\n`).join('');
      const problem = await refusal(() =>
        readAll(['nik,name,regionCode\n', rows, Buffer.from([0x31, 0x2c, 0xff, 0x0a])]),
      );
      expect(problem.message).toBe('line 52 is not valid UTF-8: save the file as CSV UTF-8');
    });

    it('then a file that ends inside a character is refused naming its last line', async () => {
      const text = Buffer.from('nik,name,regionCode\n1,Ani,15.08\n2,Jos\u00e9', 'utf8');
      const problem = await refusal(() => readAll([text.subarray(0, text.length - 1)]));
      expect(problem.message).toBe('line 3 is not valid UTF-8: save the file as CSV UTF-8');
    });
  });

  it('when every multi-byte character is cut between two pieces of the body, then the text is intact', async () => {
    const text = 'NIK;Nama;Kode Wilayah\n1;Nur’aini Ḥasan 中文 🙂;Bungo\n2;Josè;Kota Jambi\n';
    const rows = await readAll(byteByByte(text));
    expect(rows.map((r) => r.record[1])).toEqual(['Nur’aini Ḥasan 中文 🙂', 'Josè']);
  });

  it('when a legitimate U+FFFD is in the file, then it is text like any other', async () => {
    const rows = await readAll('nik,name,regionCode\n1,A\uFFFDB,15.08\n');
    expect(rows[0]?.record[1]).toBe('A\uFFFDB');
  });

  describe('when a cell holds a control character', () => {
    it.each([
      ['\u0000', 'U+0000'],
      ['\u0007', 'U+0007'],
      ['\u001b', 'U+001B'],
      ['\u007f', 'U+007F'],
      ['\u0085', 'U+0085'],
    ])('then %j refuses the file naming line, column and header', async (char, code) => {
      const problem = await refusal(() =>
        readAll(`NIK;Nama;Kode Wilayah\n1;Ani;15.08\n2;A${char}ni;15.08\n`),
      );
      expect(problem.code).toBe('CONTROL_CHARACTER');
      expect(problem.message).toBe(
        `line 3, column 2 (Nama) holds the control character ${code}, which a list must not contain`,
      );
    });

    it('then a tab, a line feed or a carriage return inside a quoted cell is text', async () => {
      const rows = await readAll('nik,name,regionCode\n1,"A\tB\r\nC",15.08\n');
      expect(rows[0]?.record[1]).toBe('A\tB\r\nC');
    });

    it('then one in the header refuses it as line 1', async () => {
      const problem = await refusal(() => csv('nik,na\u0000me,regionCode\n'));
      expect(problem.message).toContain('line 1, column 2');
    });
  });

  it('when a quote is left open, then the file is refused as malformed near its line', async () => {
    const problem = await refusal(() => readAll('nik,name,regionCode\n1,Ani,15.08\n2,"Ani,15.08\n'));
    expect(problem.code).toBe('MALFORMED_CSV');
    expect(problem.message).toMatch(/^the CSV cannot be read near line \d+ \(CSV_QUOTE_NOT_CLOSED\)$/);
  });

  it('when the body grows past 200 MiB, then it is refused with a 413', async () => {
    const header = Buffer.from('nik,name,regionCode\n');
    // Refused as the chunk that crosses the limit arrives, before anything reads it.
    const rest = Buffer.alloc(MAX_UPLOAD_BYTES - header.length + 1);
    async function* huge() {
      yield header;
      yield rest;
    }
    const problem = await refusal(async () =>
      rowsOf(await openUpload(huge(), 'text/csv', BENEFICIARY_COLUMNS)),
    );
    expect(problem.status).toBe(413);
    expect(problem.code).toBe('BODY_TOO_LARGE');
  });

  it('then every chunk of the body is shown to onChunk in order, so the file can be hashed', async () => {
    const pieces = ['nik,name,', 'regionCode\n1,Ani,15.08\n', '2,Ida,15.08\n'];
    const hash = crypto.createHash('sha256');
    const upload = await openUpload(body(...pieces), 'text/csv', BENEFICIARY_COLUMNS, (c) => hash.update(c));
    await rowsOf(upload);
    expect(hash.digest('hex')).toBe(crypto.createHash('sha256').update(pieces.join('')).digest('hex'));
  });
});

describe('openUpload choosing the format', () => {
  it('when the content type says XLSX but the body is text, then it is refused as not a workbook', async () => {
    const problem = await refusal(() =>
      openUpload(
        body('nik,name,regionCode\n'),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        BENEFICIARY_COLUMNS,
      ),
    );
    expect(problem.code).toBe('INVALID_XLSX');
    expect(problem.message).toBe('the file is not an XLSX workbook (it does not begin as a zip file does)');
  });

  it.each(['text/csv', undefined])(
    'when an Excel 97-2003 workbook is sent (content type %s), then the reason says to save it as .xlsx',
    async (type) => {
      const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
      const problem = await refusal(() =>
        openUpload(body(xls.subarray(0, 2), xls.subarray(2)), type, BENEFICIARY_COLUMNS),
      );
      expect(problem.reason.key).toBe('upload.xls');
    },
  );
});
