import fs from 'node:fs';
import os from 'node:os';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { BENEFICIARY_COLUMNS, STATEMENT_COLUMNS } from '../../src/shared/upload/columns.js';
import { UploadProblem } from '../../src/shared/upload/problem.js';
import { XLSX_MIME } from '../../src/shared/media-types.js';
import { cellValue, openUpload } from '../../src/shared/upload/rows.js';
import { parseAmount } from '../../src/shared/upload/amounts.js';
import { readNik } from '../../src/shared/upload/nik-cell.js';
import { MAX_UPLOAD_BYTES, type Upload } from '../../src/shared/upload/source.js';
import type { UploadSpec } from '../../src/shared/upload/headers.js';
import { sharedStringsXml, sheetXml, stylesXml, workbook, zip } from '../support/workbooks.js';

async function* body(buffer: Buffer, piece = 64 * 1024): AsyncGenerator<Buffer> {
  for (let at = 0; at < buffer.length; at += piece) yield buffer.subarray(at, at + piece);
}

const open = <C extends string>(buffer: Buffer, spec: UploadSpec<C>, piece?: number) =>
  openUpload(body(buffer, piece), XLSX_MIME, spec);

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

/** A workbook made with exceljs, as a program or a person saving from Excel would hand it over. */
async function made(fill: (book: ExcelJS.Workbook) => void, useSharedStrings = true): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  fill(book);
  return Buffer.from(await book.xlsx.writeBuffer({ useSharedStrings }));
}

const HEADER = ['NIK', 'Nama', 'Kode Wilayah', 'Sektor', 'Pekerjaan', 'No KPJ', 'No HP', 'Tanggal'];

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const headerRow = (names: string[], r = 1) =>
  `<row r="${r}">${names.map((n, i) => inline(`${String.fromCharCode(65 + i)}${r}`, n)).join('')}</row>`;
const plain = (rows: string, options?: Parameters<typeof workbook>[1]) =>
  zip(workbook([{ name: 'Data', xml: sheetXml(rows) }], options));

describe('openUpload of an XLSX made with exceljs', () => {
  it.each([true, false])(
    'when the cells hold text, rich text, numbers, formulas and dates (shared strings: %s), then each reads as typed',
    async (useSharedStrings) => {
      const buffer = await made((book) => {
        const sheet = book.addWorksheet('Pekerja');
        sheet.addRow(HEADER);
        sheet.addRow([
          '1508014203850001',
          { richText: [{ text: 'Siti ' }, { font: { bold: true }, text: 'Aminah' }] },
          1508,
          'pertanian',
          { formula: 'UPPER("petani")', result: 'PETANI' },
          9000000001,
          '081234567890',
          new Date(Date.UTC(2026, 0, 15)),
        ]);
        sheet.addRow([
          1508014203850002,
          '  Budi  ',
          15.08,
          'Jasa',
          { formula: '1+1', result: 2 },
          null,
          null,
          true,
        ]);
        sheet.addRow([]);
        sheet.addRow([null, 'Ani', 'Kota Jambi']);
      }, useSharedStrings);
      const upload = await open(buffer, BENEFICIARY_COLUMNS);
      expect(upload.format).toBe('xlsx');
      expect(upload.header).toEqual(HEADER);
      expect(upload.width).toBe(8);
      expect(Object.fromEntries(upload.columns)).toEqual({
        nik: 0,
        name: 1,
        regionCode: 2,
        sector: 3,
        occupation: 4,
        kpjNumber: 5,
        phone: 6,
      });
      expect(await rowsOf(upload)).toEqual([
        {
          line: 2,
          record: [
            '1508014203850001',
            'Siti Aminah',
            '1508',
            'pertanian',
            'PETANI',
            '9000000001',
            '081234567890',
            '2026-01-15',
          ],
          numbers: new Map([
            [2, 1508],
            [5, 9000000001],
          ]),
        },
        {
          line: 3,
          record: ['1508014203850002', 'Budi', '15.08', 'Jasa', '2', '', '', 'TRUE'],
          numbers: new Map([
            [0, 1508014203850002],
            [2, 15.08],
            [4, 2],
          ]),
        },
        { line: 5, record: ['', 'Ani', 'Kota Jambi', '', '', '', '', ''] },
      ]);
    },
  );

  it('when numbers are huge, tiny or carry binary noise, then they read without exponent or noise', async () => {
    const buffer = await made((book) => {
      const sheet = book.addWorksheet('Iuran');
      sheet.addRow(['NIK', 'No KPJ', 'Nama', 'Iuran', 'JKK', 'JKM']);
      sheet.addRow([1e21, 0.1 + 0.2, 1.5e-7, { formula: 'A1*3', result: 8400.000000000002 }, -0, 123456.789]);
    });
    const [row] = await rowsOf(await open(buffer, STATEMENT_COLUMNS));
    expect(row?.record).toEqual(['1000000000000000000000', '0.3', '0.00000015', '8400', '0', '123456.789']);
    expect(row?.numbers?.get(3)).toBe(8400.000000000002);
  });

  it('when the first sheet is hidden (lists for drop-downs), then the first visible one is read', async () => {
    const buffer = await made((book) => {
      book.addWorksheet('Pilihan', { state: 'hidden' }).addRow(['pertanian']);
      book.addWorksheet('Data').addRow(['NIK', 'Nama', 'Kode Wilayah']);
      book.getWorksheet('Data')?.addRow(['1508014203850001', 'Siti', 'Bungo']);
      book.addWorksheet('Catatan').addRow(['NIK', 'Nama', 'Kode Wilayah', 'x']);
    });
    const upload = await open(buffer, BENEFICIARY_COLUMNS);
    expect(await rowsOf(upload)).toEqual([{ line: 2, record: ['1508014203850001', 'Siti', 'Bungo'] }]);
  });

  it('when rows above the header are empty, then the header is the first row with text and lines stay the sheet rows', async () => {
    const buffer = await made((book) => {
      const sheet = book.addWorksheet('Data');
      sheet.getRow(3).values = ['NIK', 'Nama', 'Kode Wilayah'];
      sheet.getRow(7).values = ['1508014203850001', 'Siti', 'Bungo'];
    });
    const upload = await open(buffer, BENEFICIARY_COLUMNS);
    expect(await rowsOf(upload)).toEqual([{ line: 7, record: ['1508014203850001', 'Siti', 'Bungo'] }]);
  });

  it('when the header misses a column, then it is refused naming the header row', async () => {
    const buffer = await made((book) => {
      const sheet = book.addWorksheet('Data');
      sheet.getRow(2).values = ['DAFTAR PEKERJA RENTAN'];
    });
    const problem = await refusal(() => open(buffer, BENEFICIARY_COLUMNS));
    expect(problem.code).toBe('INVALID_HEADER');
    expect(problem.message).toBe('the header (line 2) must name the columns NIK, Nama, Kode Wilayah');
  });

  it('when the sheet is empty, then the header names nothing', async () => {
    const buffer = await made((book) => void book.addWorksheet('Data'));
    const problem = await refusal(() => open(buffer, BENEFICIARY_COLUMNS));
    expect(problem.errors?.map((e) => e.path)).toEqual(['nik', 'name', 'regionCode']);
  });

  it('when names hold characters of several bytes and the body comes in small pieces, then every one is intact', async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `Nur’aini Ḥasan 中文 🙂 ${i}`);
    const buffer = await made((book) => {
      const sheet = book.addWorksheet('Data');
      sheet.addRow(['NIK', 'Nama', 'Kode Wilayah']);
      names.forEach((name, i) => sheet.addRow([String(1508014203850000 + i + 1), name, 'Bungo']));
    });
    const rows = await rowsOf(await open(buffer, BENEFICIARY_COLUMNS, 1000));
    expect(rows.map((r) => r.record[1])).toEqual(names);
  });
});

describe('openUpload of an XLSX written by other programs', () => {
  it('when elements carry a namespace prefix and text comes inline, in runs, as CDATA or with entities, then it reads as typed', async () => {
    const x = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const sheet =
      `<?xml version="1.0"?><x:worksheet xmlns:x="${x}"><x:sheetData>` +
      `<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>NIK</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>Nama</x:t></x:is></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>Kode Wilayah</x:t></x:is></x:c></x:row>` +
      `<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t><![CDATA[1508014203850001]]></x:t></x:is></x:c>` +
      `<x:c r="B2" t="inlineStr"><x:is><x:r><x:t>Jos</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>&#233; &amp; &#x4E2D;</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ジョ</x:t></x:rPh></x:is></x:c>` +
      `<x:c r="C2" t="inlineStr"><x:is><x:t xml:space="preserve"> Kab. Bungo </x:t></x:is></x:c></x:row>` +
      `</x:sheetData></x:worksheet>`;
    const buffer = zip(workbook([{ name: 'Data', xml: sheet }]));
    expect(await rowsOf(await open(buffer, BENEFICIARY_COLUMNS))).toEqual([
      { line: 2, record: ['1508014203850001', 'José & 中', 'Kab. Bungo'] },
    ]);
  });

  it('when rows and cells have no reference, then each follows the one before', async () => {
    const buffer = plain(
      `${headerRow(['NIK', 'Nama', 'Kode Wilayah'])}<row><c t="inlineStr"><is><t>1</t></is></c><c t="inlineStr"><is><t>Ani</t></is></c><c r="D2" t="inlineStr"><is><t>x</t></is></c></row>`,
    );
    expect(await rowsOf(await open(buffer, BENEFICIARY_COLUMNS))).toEqual([
      { line: 2, record: ['1', 'Ani', '', 'x'] },
    ]);
  });

  it('when cells are booleans, errors, ISO dates, formula strings and formulas with no cached value, then each reads as shown', async () => {
    const buffer = plain(
      `${headerRow(['NIK', 'Nama', 'Kode Wilayah', 'A', 'B', 'C', 'D'])}<row r="2">` +
        `<c r="A2" t="b"><v>1</v></c><c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C2" t="d"><v>2026-03-01T00:00:00</v></c>` +
        `<c r="D2" t="d"><v>2026-03-01T07:30:00Z</v></c><c r="E2" t="str"><f>A1&amp;"x"</f><v>NIKx</v></c>` +
        `<c r="F2"><f>SUM(A1:A3)</f></c><c r="G2"><f t="shared" si="0"/><v>7</v></c></row>`,
    );
    const [row] = await rowsOf(await open(buffer, BENEFICIARY_COLUMNS));
    expect(row?.record).toEqual(['TRUE', '#DIV/0!', '2026-03-01', '2026-03-01 07:30', 'NIKx', '', '7']);
  });

  it('when numbers are formatted as dates (built-in or custom, 1900 or 1904 calendar), then they read as YYYY-MM-DD', async () => {
    const rows = `${headerRow(['NIK', 'Nama', 'Kode Wilayah', 'Rp'])}<row r="2"><c r="A2" s="1"><v>46023</v></c><c r="B2" s="2"><v>46023.5</v></c><c r="C2" s="0"><v>46023</v></c><c r="D2" s="3"><v>16800</v></c></row>`;
    const styles = stylesXml('dd/mm/yyyy hh:mm')
      .replace('</cellXfs>', '<xf numFmtId="165" fontId="0"/></cellXfs>')
      .replace(
        '<numFmt numFmtId="164"',
        '<numFmt numFmtId="165" formatCode="&quot;Rp &quot;#,##0"/><numFmt numFmtId="164"',
      );
    const [row] = await rowsOf(await open(plain(rows, { styles }), BENEFICIARY_COLUMNS));
    expect(row?.record).toEqual(['2026-01-01', '2026-01-01 12:00', '46023', '16800']);
    const [in1904] = await rowsOf(await open(plain(rows, { styles, date1904: true }), BENEFICIARY_COLUMNS));
    expect(in1904?.record.slice(0, 2)).toEqual(['2030-01-02', '2030-01-02 12:00']);
  });

  it('when shared strings come in runs with phonetic guides and OOXML escapes, then they are flattened', async () => {
    const sharedStrings = sharedStringsXml([
      '<t>NIK</t>',
      '<t>Nama</t>',
      '<t>Kode Wilayah</t>',
      '<r><t>Siti</t></r><r><rPr><i/></rPr><t xml:space="preserve"> Aminah</t></r><rPh><t>シ</t></rPh>',
      '<t>A_x005F_x0041_B</t>',
    ]);
    const s = (ref: string, i: number) => `<c r="${ref}" t="s"><v>${i}</v></c>`;
    const rows = `<row r="1">${s('A1', 0)}${s('B1', 1)}${s('C1', 2)}</row><row r="2">${s('A2', 4)}${s('B2', 3)}${s('C2', 9)}</row>`;
    const [row] = await rowsOf(await open(plain(rows, { sharedStrings }), BENEFICIARY_COLUMNS));
    expect(row?.record).toEqual(['A_x0041_B', 'Siti Aminah', '']);
  });

  it('when the tabs were reordered and the first is hidden, then the first visible tab is read, whatever its file', async () => {
    const buffer = zip(
      workbook([
        { name: 'Pilihan', state: 'veryHidden', xml: sheetXml(headerRow(['pertanian'])) },
        {
          name: 'Data',
          xml: sheetXml(
            `${headerRow(['NIK', 'Nama', 'Kode Wilayah'])}${headerRow(['1', 'Ani', 'Bungo'], 2)}`,
          ),
        },
        { name: 'Lain', xml: sheetXml(headerRow(['x'])) },
      ]),
    );
    expect(await rowsOf(await open(buffer, BENEFICIARY_COLUMNS))).toEqual([
      { line: 2, record: ['1', 'Ani', 'Bungo'] },
    ]);
  });

  it('when a cell holds a control character written as an OOXML escape, then the file is refused naming row and column', async () => {
    const buffer = plain(
      `${headerRow(['NIK', 'Nama', 'Kode Wilayah'])}${headerRow(['1', 'A_x0000_ni', 'Bungo'], 4)}`,
    );
    const problem = await refusal(async () => rowsOf(await open(buffer, BENEFICIARY_COLUMNS)));
    expect(problem.code).toBe('CONTROL_CHARACTER');
    expect(problem.message).toBe(
      'line 4, column 2 (Nama) holds the control character U+0000, which a list must not contain',
    );
  });
});

describe('openUpload of a workbook saved by LibreOffice Calc', () => {
  // tests/fixtures/libreoffice-statement.xlsx: a `;` CSV opened in LibreOffice Calc 7 (English locale), the
  // NIK column imported as text and "NIK angka" as numbers, saved as Excel 2007-365.
  it('then text, numbers, dates and a NIK cut to 15 digits read as a person sees them, with the reasons for what went wrong', async () => {
    const buffer = fs.readFileSync(new URL('../fixtures/libreoffice-statement.xlsx', import.meta.url));
    const upload = await open(buffer, STATEMENT_COLUMNS);
    const rows = await rowsOf(upload);
    expect(rows.map((r) => r.record)).toEqual([
      [
        '1508014203850001',
        '90000001',
        'Nur’aini Ḥasan',
        '16800',
        'Kab. Bungo',
        '2026-01-15',
        '1508014203850000',
      ],
      ['1571014203850003', '90000002', 'Budi; Santoso', '8.4', '1508', '15/01/2026', '1571014203850000'],
      ['1572014203850004', '90000003', 'José & Ani', '8400', 'Kota Sungai Penuh', '', ''],
    ]);
    // The English locale read 8.400 as eight point four: the amount is refused for its fraction.
    expect(rows.map((r) => parseAmount(cellValue(upload, r, 'amount')))).toEqual([
      { amount: '16800' },
      { reason: { key: 'amount.fraction', params: { value: '8.4' } } },
      { amount: '8400' },
    ]);
    // Calc, like Excel, keeps 15 digits of a number typed in: the 16-digit NIK lost its last one.
    expect(readNik(rows[0]?.numbers?.get(6))).toEqual({ reason: { key: 'nik.number', params: {} } });
    expect(readNik(cellValue(upload, rows[0]!, 'nik'))).toEqual({ nik: '1508014203850001' });
  });
});

describe('openUpload of a broken or hostile XLSX', () => {
  it('when the zip has no workbook part, then it is not an XLSX', async () => {
    const problem = await refusal(() => open(zip({ 'hello.txt': 'hi' }), BENEFICIARY_COLUMNS));
    expect(problem.code).toBe('INVALID_XLSX');
    expect(problem.message).toBe('the file is not an XLSX workbook (xl/_rels/workbook.xml.rels is missing)');
  });

  it('when the body starts like a zip but is not one, then it is not an XLSX', async () => {
    const problem = await refusal(() =>
      open(Buffer.from('PK\x03\x04 and then nothing of a zip'), BENEFICIARY_COLUMNS),
    );
    expect(problem.code).toBe('INVALID_XLSX');
    expect(problem.reason.key).toBe('upload.not_xlsx');
  });

  it('when the workbook lists no worksheet, then it says so', async () => {
    const problem = await refusal(() => open(zip(workbook([])), BENEFICIARY_COLUMNS));
    expect(problem.message).toBe('the workbook has no worksheet');
  });

  it.each([
    [
      'xl/sharedStrings.xml',
      300 * 1024 * 1024,
      'the workbook part xl/sharedStrings.xml unpacks to more than 256 MiB',
    ],
    [
      'xl/worksheets/sheet1.xml',
      3 * 1024 * 1024 * 1024,
      'the workbook part xl/worksheets/sheet1.xml unpacks to more than 2048 MiB',
    ],
    ['xl/workbook.xml', 20 * 1024 * 1024, 'the workbook part xl/workbook.xml unpacks to more than 16 MiB'],
  ])(
    'when %s says it unpacks to %d bytes, then it is refused before it is read',
    async (part, size, message) => {
      const files = workbook([{ name: 'Data', xml: sheetXml(headerRow(['NIK', 'Nama', 'Kode Wilayah'])) }], {
        sharedStrings: sharedStringsXml([]),
      });
      const problem = await refusal(() => open(zip(files, { [part]: size }), BENEFICIARY_COLUMNS));
      expect(problem.message).toBe(message);
    },
  );

  it('when a part unpacks to more than it says, then the file is refused', async () => {
    const sheet = sheetXml(
      `${headerRow(['NIK', 'Nama', 'Kode Wilayah'])}${headerRow(['1', 'Ani', 'Bungo'], 2)}`,
    );
    const files = workbook([{ name: 'Data', xml: sheet }]);
    const problem = await refusal(async () =>
      rowsOf(await open(zip(files, { 'xl/worksheets/sheet1.xml': 200 }), BENEFICIARY_COLUMNS)),
    );
    expect(problem.code).toBe('INVALID_XLSX');
  });

  it("when a cell reference is beyond Excel's last column, then the file is refused near its row", async () => {
    const buffer = plain(
      `${headerRow(['NIK', 'Nama', 'Kode Wilayah'])}<row r="2"><c r="ZZZZ2"><v>1</v></c></row>`,
    );
    const problem = await refusal(async () => rowsOf(await open(buffer, BENEFICIARY_COLUMNS)));
    expect(problem.message).toBe(
      "the workbook cannot be read near row 2 (the cell reference ZZZZ2 is beyond Excel's last column)",
    );
  });

  it('when the sheet ends inside a tag, then the file is refused', async () => {
    const files = workbook([
      {
        name: 'Data',
        xml: `<worksheet><sheetData>${headerRow(['NIK', 'Nama', 'Kode Wilayah'])}<row r="2"><c r="A2"`,
      },
    ]);
    const problem = await refusal(async () => rowsOf(await open(zip(files), BENEFICIARY_COLUMNS)));
    expect(problem.message).toBe('the workbook cannot be read near row 2 (the XML ends inside a tag)');
  });

  it('when the body fails while it is being received, then that failure is passed on, not blamed on the file', async () => {
    async function* aborted() {
      yield Buffer.from('PK\x03\x04');
      throw new Error('aborted');
    }
    await expect(openUpload(aborted(), XLSX_MIME, BENEFICIARY_COLUMNS)).rejects.toThrow(/^aborted$/);
  });

  it('when the body grows past 200 MiB, then it is refused with a 413 and no temporary file is left', async () => {
    const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('iuran-upload-'));
    async function* huge() {
      yield Buffer.from('PK\x03\x04');
      yield Buffer.alloc(MAX_UPLOAD_BYTES);
    }
    const problem = await refusal(() => openUpload(huge(), XLSX_MIME, BENEFICIARY_COLUMNS));
    expect(problem.status).toBe(413);
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('iuran-upload-'))).toEqual(before);
  });
});

describe.runIf(process.platform === 'linux')('the file behind an XLSX upload', () => {
  const openFiles = () => fs.readdirSync('/proc/self/fd').length;
  const book = () =>
    made((b) => {
      const sheet = b.addWorksheet('Data');
      sheet.addRow(['NIK', 'Nama', 'Kode Wilayah']);
      for (let i = 0; i < 2000; i += 1) sheet.addRow([String(i), `Pekerja ${i}`, 'Bungo']);
    });

  it('when the rows are read to the end, left early or the header is refused, then the file is closed', async () => {
    const buffer = await book();
    const before = openFiles();
    await rowsOf(await open(buffer, BENEFICIARY_COLUMNS));
    const upload = await open(buffer, BENEFICIARY_COLUMNS);
    for await (const row of upload.rows) if (row.line > 10) break;
    await refusal(() => open(buffer, STATEMENT_COLUMNS));
    // Closing is asynchronous: wait for it (on a loaded machine it takes more than one turn).
    await vi.waitFor(() => expect(openFiles()).toBe(before), { timeout: 5000 });
  });
});
