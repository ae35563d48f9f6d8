import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, makeNik, type TestContext } from './support/harness.js';
import { allocate, bill, createProgram, fundingSourceIds } from './support/fixtures.js';
import { binary, csvLines, downloadWorkbook, readWorkbook } from './support/downloads.js';

/**
 * Exports read back as their reader sees them: the filter row, statuses and exit reasons in the file's
 * language, typed cells, and in a workbook no trace of the CSV formula escape (an XLSX text cell is never a
 * formula, so `+62…` or `-Budi` stay as typed there, and only a CSV prefixes them with an apostrophe).
 */
let t: TestContext;
const ids: Record<string, string> = {};
const PHONE = '+628125468345';

beforeAll(async () => {
  t = await createTestContext();
  const bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  const program = await createProgram(t, {
    code: 'LABELS',
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
  });
  await allocate(t, program.id, bungo, '10000000');
  const people = [
    { name: '-Budi', phone: PHONE },
    { name: '=SUM(1)', phone: null },
    { name: 'Never Enrolled', phone: null },
  ];
  for (const [i, person] of people.entries()) {
    const res = await t
      .as('program_manager')
      .post('/api/v1/beneficiaries')
      .send({ nik: makeNik('08', 500 + i), regionCode: '15.08', sector: 'agriculture', ...person });
    expect(res.status, res.text).toBe(201);
    ids[person.name] = res.body.id;
  }
  const enrol = async (name: string) => {
    const res = await t
      .as('program_manager')
      .post('/api/v1/enrolments')
      .send({ beneficiaryId: ids[name], programId: program.id, startPeriod: '2026-01' });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  await enrol('-Budi');
  const ending = await enrol('=SUM(1)');
  for (const period of ['2026-01', '2026-02', '2026-03']) await bill(t, program.id, period);
  const ended = await t
    .as('program_manager')
    .post(`/api/v1/enrolments/${ending}/end`)
    .send({ endPeriod: '2026-06', reason: 'moved' });
  expect(ended.status, ended.text).toBe(200);
});
afterAll(async () => t.close());

/** Every text cell of every sheet: none may start with the apostrophe of the CSV escape. */
function expectNoLeakedEscape(workbook: ExcelJS.Workbook): void {
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string')
          expect(cell.value, `${sheet.name}!${cell.address}`).not.toMatch(/^'/);
        expect(cell.formula, `${sheet.name}!${cell.address}`).toBeUndefined();
      }),
    );
  }
}

/** The data rows of a report sheet (below the frame and the header in row 5), keyed by the header. */
function rowsOf(sheet: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = (sheet.getRow(5).values as unknown[]).slice(1) as string[];
  const rows: Record<string, unknown>[] = [];
  for (let r = 6; r <= sheet.rowCount; r += 1) {
    const values = sheet.getRow(r).values as unknown[];
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i + 1] ?? null])));
  }
  return rows;
}

describe('beneficiary export', () => {
  it('when downloaded in Bahasa Indonesia, then each row carries the programme, status, months and exit reason in words', async () => {
    const { workbook } = await downloadWorkbook(
      t,
      'program_manager',
      '/api/v1/beneficiaries?regionCode=15.08&format=xlsx',
      'beneficiaries-2026-11-20.xlsx',
    );
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(2).values).toEqual([undefined, 'Filter', 'Kode wilayah: 15.08']);
    const rows = rowsOf(sheet);
    expect(
      rows.map((r) => [
        r.Nama,
        r['Kode program'],
        r.Status,
        r['Bulan mulai'],
        r['Bulan berakhir'],
        r['Alasan keluar'],
      ]),
    ).toEqual([
      ['-Budi', 'LABELS', 'Aktif', '2026-01', null, null],
      ['=SUM(1)', 'LABELS', 'Tidak aktif', '2026-01', '2026-06', 'Pindah domisili'],
      ['Never Enrolled', null, 'Tidak aktif', null, null, null],
    ]);
    expect(rows[0]).toMatchObject({ Telepon: PHONE, Sektor: 'pertanian', NIK: makeNik('08', 500) });
    expectNoLeakedEscape(workbook);
  });

  it('when downloaded in English for a month and status, then the filter row and labels are English and the month decides the status', async () => {
    const { workbook } = await downloadWorkbook(
      t,
      'auditor',
      '/api/v1/beneficiaries?regionCode=15.08&status=active&period=2026-05&format=xlsx&lang=en',
      'beneficiaries-2026-11-20.xlsx',
    );
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Filters',
      'Region code: 15.08',
      'Status: active',
      'Month: May 2026',
    ]);
    const rows = rowsOf(sheet);
    expect(rows.map((r) => [r.Name, r.Status, r['End month'], r['Exit reason'], r.Sector])).toEqual([
      ['-Budi', 'Active', null, null, 'agriculture'],
      ['=SUM(1)', 'Active', '2026-06', 'Moved away', 'agriculture'],
    ]);
    // The auditor sees NIKs masked, in the export as in the list.
    expect(String(rows[0]!.NIK)).toMatch(/\*/);
    expectNoLeakedEscape(workbook);
  });

  it('when downloaded as CSV, then the same labels are written and only there are formulas defused', async () => {
    const res = await t
      .as('program_manager')
      .get(`/api/v1/beneficiaries?regionCode=15.08&status=inactive&format=csv`);
    expect(res.status).toBe(200);
    const lines = csvLines(res.text);
    expect(lines[1]).toBe('Filter,Kode wilayah: 15.08,Status: tidak aktif');
    expect(lines.slice(4).map((l) => l.split(',').slice(2, 3).concat(l.split(',').slice(8, 13)))).toEqual([
      ["'=SUM(1)", 'LABELS', 'Tidak aktif', '2026-01', '2026-06', 'Pindah domisili'],
      ['Never Enrolled', '', 'Tidak aktif', '', '', ''],
    ]);
    const all = await t.as('program_manager').get('/api/v1/beneficiaries?regionCode=15.08&format=csv');
    expect(csvLines(all.text)[4]).toContain(`'-Budi,15.08,pertanian,,,'${PHONE},LABELS,Aktif`);
  });
});

describe('every workbook', () => {
  it('when reports are downloaded in Bahasa Indonesia, then the filter rows read as words and numbers stay numbers', async () => {
    const totals = await downloadWorkbook(
      t,
      'finance_officer',
      '/api/v1/reports/totals?from=2026-01&to=2026-03&groupBy=program,fundingSource&format=xlsx',
      'totals-2026-01-2026-03-2026-11-20.xlsx',
    );
    const sheet = totals.workbook.worksheets[0]!;
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Filter',
      'Dari: Januari 2026',
      'Sampai: Maret 2026',
      'Dikelompokkan: program, sumber dana',
    ]);
    // Two workers billed 3 months at Rp 16,800 (JKK 10,000 + JKM 6,800): 100,800, a number in the cell.
    expect(rowsOf(sheet)[0]).toMatchObject({ 'Kode program': 'LABELS', 'Ditagih (Rp)': 100800 });
    expectNoLeakedEscape(totals.workbook);

    const arrears = await downloadWorkbook(
      t,
      'finance_officer',
      '/api/v1/reports/arrears?asOf=2026-03&format=xlsx',
      'arrears-2026-03-2026-11-20.xlsx',
    );
    const behind = arrears.workbook.getWorksheet('Peserta menunggak')!;
    expect(behind.getRow(2).values).toEqual([undefined, 'Filter', 'Posisi: Maret 2026']);
    expect(
      rowsOf(behind).map((r) => [r.Nama, r['Bulan tertunggak'], r['Jumlah (Rp)'], r['Risiko nonaktif']]),
    ).toEqual([
      ['-Budi', 3, 50400, 'Ya'],
      ['=SUM(1)', 3, 50400, 'Ya'],
    ]);
    expectNoLeakedEscape(arrears.workbook);

    for (const [url, file, filters] of [
      [
        '/api/v1/reports/coverage?period=2026-03&format=xlsx',
        'coverage-2026-03-2026-11-20.xlsx',
        ['Bulan: Maret 2026'],
      ],
      [
        '/api/v1/reports/budget-burn?fiscalYear=2026&asOf=2026-03&format=xlsx',
        'budget-burn-2026-2026-03-2026-11-20.xlsx',
        ['Tahun anggaran: 2026', 'Posisi: Maret 2026'],
      ],
    ] as const) {
      const { workbook } = await downloadWorkbook(t, 'finance_officer', url, file);
      expect(workbook.worksheets[0]!.getRow(2).values).toEqual([undefined, 'Filter', ...filters]);
      expectNoLeakedEscape(workbook);
    }
  });

  it('when rejected lines and templates are downloaded as workbooks, then a NIK written +62… stays as typed', async () => {
    const imported = await t
      .as('program_manager')
      .post('/api/v1/beneficiaries/import')
      .set('Content-Type', 'text/csv')
      .send(`NIK;Nama;Kode Wilayah\n${PHONE};-Ani;15.08\n`);
    expect(imported.status, imported.text).toBe(200);
    const rejected = await t
      .as('program_manager')
      .get(`${imported.body.rejectedUrl as string}?format=xlsx`)
      .buffer(true)
      .parse(binary);
    expect(rejected.status).toBe(200);
    const workbook = await readWorkbook(rejected.body);
    const [line] = rowsOf(workbook.worksheets[0]!);
    expect(line).toMatchObject({ Baris: 2, NIK: PHONE });
    expectNoLeakedEscape(workbook);
    // The same lines as JSON, as the import answered them (the console's result page reads them so).
    const json = await t
      .as('program_manager')
      .get(`${imported.body.rejectedUrl as string}?format=json`)
      .set('Accept-Language', 'id');
    expect(json.status).toBe(200);
    expect(json.body.lines).toEqual([
      { line: 2, nik: PHONE, errors: [{ path: 'nik', message: 'harus 16 angka' }] },
    ]);
    expect(
      (await t.as('finance_officer').get(`${imported.body.rejectedUrl as string}?format=json`)).status,
    ).toBe(404);
    for (const url of ['/api/v1/beneficiaries/import-template', '/api/v1/statements/template']) {
      const template = await t.as('program_manager').get(url).buffer(true).parse(binary);
      expect(template.status).toBe(200);
      expectNoLeakedEscape(await readWorkbook(template.body));
    }
  });
});
