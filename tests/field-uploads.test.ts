import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX_MIME } from '../src/shared/media-types.js';
import { binary, csvLines, readWorkbook } from './support/downloads.js';
import { csvOf, xlsxOf } from './support/field-files.js';
import { allocate, bill, createProgram, enrolWorker, fundingSourceIds } from './support/fixtures.js';
import { count, createTestContext, makeNik, type TestContext } from './support/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const importList = (file: Buffer, type = 'text/csv', lang = 'en') =>
  t
    .as('program_manager')
    .post('/api/v1/beneficiaries/import')
    .set('Content-Type', type)
    .set('Accept-Language', lang)
    .send(file);

const HEADER = ['NIK', 'Nama', 'Kabupaten/Kota', 'Sektor', 'Pekerjaan', 'No KPJ', 'No HP'];

describe('beneficiary lists as they come from the field', () => {
  it('when an Indonesian CSV (; and BOM) names regions by name and compact code, then each is stored under its Kemendagri code and sector', async () => {
    const [a, b, c, d] = [1, 2, 3, 4].map((n) => makeNik('08', 100 + n)) as [string, string, string, string];
    const file = csvOf(HEADER, [
      [a, 'Siti Aminah', 'Bungo', 'pertanian', 'Petani karet', '', '081234567890'],
      [b, 'Nur’aini', '1508', 'Perikanan', '', '90000001', ''],
      [c, 'Budi; Santoso', 'Kota Jambi', 'JASA', 'Ojek', '', ''],
      [d, 'Dewi', 'Bongo', 'nelayan', '', '', ''],
    ]);
    const res = await importList(file, 'text/csv', 'id');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      created: 3,
      enrolled: 0,
      rejected: [
        {
          line: 5,
          nik: d,
          errors: [
            {
              path: 'regionCode',
              message:
                'Bongo bukan kabupaten atau kota yang dikenal, menurut kode atau nama (misalnya 15.08, 1508 atau Kabupaten Bungo)',
            },
            {
              path: 'sector',
              message:
                'nelayan bukan sektor; gunakan salah satu dari pertanian, perikanan, transportasi, perdagangan, konstruksi, industri, jasa, lainnya',
            },
          ],
        },
      ],
    });
    const rows = await t.db('beneficiaries').whereIn('nik', [a, b, c, d]).orderBy('nik');
    expect(rows.map((r) => [r.nik, r.name, r.region_code, r.sector, r.kpj_number])).toEqual([
      [a, 'Siti Aminah', '15.08', 'agriculture', null],
      [b, 'Nur’aini', '15.08', 'fisheries', '90000001'],
      [c, 'Budi; Santoso', '15.71', 'services', null],
    ]);
  });

  it('when the list is a workbook made with exceljs, then its rows are imported and a refused row is named by its sheet row', async () => {
    const [a, b] = [1, 2].map((n) => makeNik('05', 110 + n)) as [string, string];
    const file = await xlsxOf(HEADER, [
      [a, 'Ani', 'Kab. Muaro Jambi', 'perdagangan', '', '', ''],
      null,
      [1508014203850000, 'Angka', '15.08', '', '', '', ''],
      [b, 'Bayu', 15.05, 'lainnya', 'Pedagang', 90000002, 81234567890],
    ]);
    const before = await count(t.db, 'beneficiaries');
    const res = await importList(file, XLSX_MIME);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      rejectedUrl: expect.stringMatching(/^\/api\/v1\/beneficiaries\/import\/rejected\/[0-9a-f]{32}$/),
      created: 2,
      enrolled: 0,
      rejected: [
        {
          line: 4,
          nik: '1508014203850000',
          errors: [
            {
              path: 'nik',
              message:
                'was stored as a number, and Excel keeps only 15 digits, so its last digit may be lost: format the column as Text and type the NIK again',
            },
          ],
        },
      ],
    });
    expect(await count(t.db, 'beneficiaries')).toBe(before + 2);
    expect(await t.db('beneficiaries').where({ nik: b }).first()).toMatchObject({
      region_code: '15.05',
      sector: 'other',
      kpj_number: '90000002',
      phone: '81234567890',
    });
  });

  it('when a workbook arrives labelled as a generic binary, then it is still read as a workbook', async () => {
    const nik = makeNik('06', 120);
    const file = await xlsxOf(['NIK', 'Nama', 'Kode Wilayah'], [[nik, 'Citra', '15.06']]);
    const res = await importList(file, 'application/octet-stream');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 1, enrolled: 0, rejected: [], rejectedUrl: null });
  });

  it('when the header lacks a column, then the problem title, detail and reasons are in the language asked for', async () => {
    const file = csvOf(['NIK', 'Nama'], [[makeNik('08', 130), 'Wati']]);
    const id = await importList(file, 'text/csv', 'id');
    expect(id.status).toBe(400);
    expect(id.body).toMatchObject({
      code: 'INVALID_HEADER',
      title: 'Judul kolom berkas tidak valid',
      detail: 'baris judul (baris 1) harus memuat kolom NIK, Nama, Kode Wilayah',
      errors: [
        {
          path: 'regionCode',
          message:
            'adalah kolom wajib yang tidak ada di baris judul (nama yang diterima: Kode Wilayah, Kabupaten/Kota, regionCode)',
        },
      ],
    });
    const en = await importList(file);
    expect(en.body).toMatchObject({
      title: 'Invalid file header',
      detail: 'the header (line 1) must name the columns NIK, Nama, Kode Wilayah',
    });
  });

  it('when an old Excel workbook (.xls) is sent, then it is refused with the remedy', async () => {
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    const res = await importList(xls, 'application/vnd.ms-excel');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_XLSX' });
    expect(res.body.detail).toMatch(/^the file is an Excel 97-2003 workbook/);
  });

  it('when the OpenAPI document is read, then both uploads accept CSV and XLSX', async () => {
    const { paths } = (await t.anon.get('/api/v1/openapi.json')).body;
    for (const [path, method] of [
      ['/api/v1/beneficiaries/import', 'post'],
      ['/api/v1/statements', 'post'],
    ] as const) {
      expect(Object.keys(paths[path][method].requestBody.content)).toEqual(
        expect.arrayContaining(['text/csv', XLSX_MIME]),
      );
    }
  });
});

describe('rejected lines to download', () => {
  it('when an import rejects lines, then its uploader downloads them as CSV and XLSX in the language asked for, and nobody else can', async () => {
    const good = makeNik('09', 140);
    const file = csvOf(HEADER, [
      [good, 'Eka', 'Bungo', '', '', '', ''],
      ['12345', 'Fajar', 'Bungo', '', '', '', ''],
      [makeNik('09', 141), 'Gani', 'Atlantis', 'nelayan', '', '', ''],
    ]);
    const res = await importList(file, 'text/csv', 'id');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ created: 1, rejected: [{ line: 3 }, { line: 4 }] });
    const url = res.body.rejectedUrl as string;

    const csv = await t.as('program_manager').get(url);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csvLines(csv.text).slice(3)).toEqual([
      'Baris,NIK,Alasan',
      '3,12345,nik: harus 16 angka',
      `4,${makeNik('09', 141)},"regionCode: Atlantis bukan kabupaten atau kota yang dikenal, menurut kode atau nama (misalnya 15.08, 1508 atau Kabupaten Bungo); sector: nelayan bukan sektor; gunakan salah satu dari pertanian, perikanan, transportasi, perdagangan, konstruksi, industri, jasa, lainnya"`,
    ]);

    const xlsx = await t.as('program_manager').get(`${url}?format=xlsx&lang=en`).buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    const sheet = (await readWorkbook(xlsx.body)).worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('Rejected lines');
    expect((sheet.getRow(5).values as unknown[]).slice(1)).toEqual(['Line', 'NIK', 'Reasons']);
    expect((sheet.getRow(6).values as unknown[]).slice(1)).toEqual([3, '12345', 'nik: must be 16 digits']);
    expect(sheet.getCell('C7').value).toMatch(/^regionCode: Atlantis is not a known regency or city/);

    for (const role of ['admin', 'auditor'] as const) {
      const other = await t.as(role).get(url);
      expect(other.status).toBe(404);
      expect(other.body.code).toBe('NOT_FOUND');
    }
    expect((await t.as('program_manager').get(`${url.slice(0, -4)}0000`)).status).toBe(404);

    t.setNow('2026-11-27T10:00:01');
    try {
      expect((await t.as('program_manager').get(url)).status).toBe(404);
    } finally {
      t.setNow('2026-11-20T10:00:00');
    }
    expect((await t.as('program_manager').get(url)).status).toBe(200);
  });
});

describe('insurer statements as they come from the field', () => {
  /** Five workers of a programme of the province alone, billed Rp 16.800 each for March 2026. */
  let programId: string;
  const niks = [1, 2, 3, 4, 5].map((n) => makeNik('08', 200 + n));
  beforeAll(async () => {
    const { 'APBD-PROV-JAMBI': prov } = await fundingSourceIds(t);
    const program = await createProgram(t, { fundingShares: [{ fundingSourceId: prov!, share: '1' }] });
    programId = program.id;
    await allocate(t, programId, prov!, '10000000');
    for (const nik of niks) await enrolWorker(t, programId, { nik, startPeriod: '2026-01' });
    await bill(t, programId, '2026-03');
  });

  const upload = (file: Buffer, type = 'text/csv', lang = 'en') =>
    t
      .as('finance_officer')
      .post(`/api/v1/statements?programId=${programId}&period=2026-03`)
      .set('Content-Type', type)
      .set('Accept-Language', lang)
      .send(file);

  it('when every amount is written one of the accepted ways, then each worker matches', async () => {
    const written = ['16800', '16.800', '16.800,00', 'Rp 16.800', 'Rp16.800'];
    const file = csvOf(
      ['NIK', 'No KPJ', 'Nama', 'Iuran'],
      niks.map((nik, i) => [nik, `9000000${i}`, `Pekerja ${i}`, written[i]!]),
    );
    const res = await upload(file);
    expect(res.status, res.text).toBe(201);
    expect(res.body.summary).toMatchObject({ lines: 5, matched: 5, malformed: 0, creditedAmount: '84000' });
  });

  it('when amounts are written ways that are refused, then each line is reported with its reason in Bahasa Indonesia', async () => {
    const refused = ['16.800,50', '8,4', '16 800', 'enam belas ribu', '-16.800'];
    const file = csvOf(
      ['nik', 'no. kpj', 'NAMA', 'Jumlah'],
      [
        [niks[0]!, '90000000', 'Pekerja 0', '16.800'],
        ...niks.slice(1).map((nik, i) => [nik, '1', 'X', refused[i]!]),
        [niks[4]!, '1', 'X', refused[4]!],
      ],
    );
    const res = await upload(file, 'text/csv', 'id');
    expect(res.status, res.text).toBe(201);
    expect(res.body.summary).toMatchObject({ lines: 6, matched: 1, malformed: 5, notCredited: 4 });
    expect(res.body.malformedLines).toEqual([
      {
        line: 3,
        errors: [
          { path: 'amount', message: 'memiliki pecahan (16.800,50): jumlah harus dalam rupiah bulat' },
        ],
      },
      {
        line: 4,
        errors: [
          {
            path: 'amount',
            message:
              '8,4 bermakna ganda: koma menandai desimal dalam bahasa Indonesia tetapi ribuan dalam bahasa Inggris; tulis rupiah bulat seperti 8400 atau 8.400',
          },
        ],
      },
      {
        line: 5,
        errors: [
          { path: 'amount', message: '16 800 bukan jumlah rupiah bulat seperti 8400, 8.400 atau Rp 8.400' },
        ],
      },
      {
        line: 6,
        errors: [
          {
            path: 'amount',
            message: 'harus berupa angka rupiah seperti 8400 atau Rp 8.400, bukan teks (enam belas ribu)',
          },
        ],
      },
      { line: 7, errors: [{ path: 'amount', message: 'tidak boleh negatif (-16.800)' }] },
    ]);
  });

  it('when the statement is a workbook with amounts stored as numbers and as text, then they read alike', async () => {
    const file = await xlsxOf(
      ['NIK', 'No KPJ', 'Nama', 'Iuran'],
      [
        [niks[0]!, 90000000, 'Pekerja 0', 16800],
        [niks[1]!, 90000001, 'Pekerja 1', 'Rp 16.800'],
        null,
        [niks[2]!, 90000002, 'Pekerja 2', 16800.5],
      ],
    );
    const res = await upload(file, XLSX_MIME);
    expect(res.status, res.text).toBe(201);
    expect(res.body.summary).toMatchObject({ lines: 3, matched: 2, malformed: 1 });
    expect(res.body.malformedLines).toEqual([
      {
        line: 5,
        errors: [{ path: 'amount', message: 'has a fraction (16800.5): amounts are whole rupiah' }],
      },
    ]);
  });

  it('when the workbook was saved by LibreOffice Calc, then its lines are reconciled and the one it read as 8.4 is refused', async () => {
    // The fixture's first worker is billed for March; its third is not.
    const { 'APBD-PROV-JAMBI': prov } = await fundingSourceIds(t);
    const program = await createProgram(t, { fundingShares: [{ fundingSourceId: prov!, share: '1' }] });
    await allocate(t, program.id, prov!, '10000000');
    await enrolWorker(t, program.id, { nik: '1508014203850001', startPeriod: '2026-01' });
    await bill(t, program.id, '2026-03');
    const file = fs.readFileSync(new URL('./fixtures/libreoffice-statement.xlsx', import.meta.url));
    const res = await t
      .as('finance_officer')
      .post(`/api/v1/statements?programId=${program.id}&period=2026-03`)
      .set('Content-Type', XLSX_MIME)
      .send(file);
    expect(res.status, res.text).toBe(201);
    expect(res.body.summary).toMatchObject({
      lines: 3,
      matched: 1,
      unexpected: 1,
      malformed: 1,
      creditedAmount: '16800',
    });
    expect(res.body.malformedLines).toEqual([
      { line: 3, errors: [{ path: 'amount', message: 'has a fraction (8.4): amounts are whole rupiah' }] },
    ]);
  });
});
