import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/harness.js';
import { allocate, createProgram, enrolWorker, fundingSourceIds } from './support/fixtures.js';
import { csvLines, downloadWorkbook } from './support/downloads.js';

let t: TestContext;
let program: { id: string };
let bungo: string;
const workers: string[] = [];

beforeAll(async () => {
  t = await createTestContext();
  bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  program = await createProgram(t, {
    code: 'ARREARS',
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
  });
  await allocate(t, program.id, bungo, '10000000');
  workers.push(await enrolWorker(t, program.id, { startPeriod: '2026-01' }));
  workers.push(await enrolWorker(t, program.id, { startPeriod: '2026-02' }));
  for (const period of ['2026-01', '2026-02', '2026-03']) {
    expect(
      (await t.as('finance_officer').post('/api/v1/billing-runs').send({ period, programId: program.id }))
        .status,
    ).toBe(201);
  }
  const paid = await t.as('finance_officer').post('/api/v1/payments').send({
    programId: program.id,
    fundingSourceId: bungo,
    period: '2026-01',
    amount: '16800',
    paidOn: '2026-01-10',
    sp2dNumber: 'SP2D-A-1',
  });
  expect(paid.status).toBe(201);
  const partly = await t.as('finance_officer').post('/api/v1/payments').send({
    programId: program.id,
    fundingSourceId: bungo,
    period: '2026-02',
    amount: '10000',
    paidOn: '2026-02-10',
    sp2dNumber: 'SP2D-A-2',
  });
  expect(partly.status).toBe(201);
});
afterAll(async () => t.close());

describe('arrears', () => {
  it('when months are partly paid, then each unpaid account month and each worker 2+ months behind is listed', async () => {
    const res = await t.as('program_manager').get('/api/v1/reports/arrears?asOf=2026-03');
    expect(res.status).toBe(200);
    expect(res.body.periods).toEqual([
      expect.objectContaining({
        period: '2026-02',
        billed: '33600',
        paid: '10000',
        outstanding: '23600',
        programCode: 'ARREARS',
      }),
      expect.objectContaining({ period: '2026-03', billed: '33600', paid: '0', outstanding: '33600' }),
    ]);
    expect(
      res.body.beneficiaries.map((b: { beneficiaryId: string; unpaidMonths: number }) => [
        b.beneficiaryId,
        b.unpaidMonths,
      ]),
    ).toEqual([
      [workers[0], 2],
      [workers[1], 2],
    ]);
    expect(res.body.beneficiaries[0]).toMatchObject({
      oldestUnpaidPeriod: '2026-02',
      amount: '33600',
      deactivationRisk: false,
      atRisk: true,
      lapsed: false,
    });
  });

  it('when asked as of an earlier month, then later months do not count', async () => {
    const res = await t.as('program_manager').get('/api/v1/reports/arrears?asOf=2026-02');
    expect(res.body.periods.map((p: { period: string }) => p.period)).toEqual(['2026-02']);
    expect(res.body.beneficiaries).toEqual([]);
  });

  it('when an auditor reads it, then NIKs are masked', async () => {
    const res = await t.as('auditor').get('/api/v1/reports/arrears?asOf=2026-03');
    expect(res.body.beneficiaries[0].nik).toMatch(/^1508\*{10}\d{2}$/);
  });

  it('when asOf is missing or malformed, then 400', async () => {
    expect((await t.as('auditor').get('/api/v1/reports/arrears')).status).toBe(400);
    expect((await t.as('auditor').get('/api/v1/reports/arrears?asOf=2026-3')).status).toBe(400);
  });
});

describe('arrears downloads', () => {
  it('when asked for XLSX, then both tables are sheets and money cells are numbers formatted in rupiah', async () => {
    const { workbook } = await downloadWorkbook(
      t,
      'program_manager',
      '/api/v1/reports/arrears?asOf=2026-03&format=xlsx',
      'arrears-2026-03-2026-11-20.xlsx',
    );
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Bulan tertunggak', 'Peserta menunggak']);
    const [months, people] = workbook.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(months.getCell('A1').value).toBe('Tunggakan per Bulan s.d. 2026-03');
    expect(months.getRow(2).values).toEqual([undefined, 'Filter', 'Posisi: Maret 2026']);
    expect(months.getRow(5).values).toEqual([
      undefined,
      'Kode program',
      'Sumber dana',
      'Periode',
      'Ditagih (Rp)',
      'Dibayar (Rp)',
      'Sisa tunggakan (Rp)',
    ]);
    expect(months.getRow(6).values).toEqual([
      undefined,
      'ARREARS',
      'APBD-KAB-BUNGO',
      '2026-02',
      33600,
      10000,
      23600,
    ]);
    expect(months.getCell('F6').numFmt).toBe('"Rp "#,##0');
    expect(months.getRow(7).getCell(6).value).toBe(33600);
    expect(people.getCell('E6').value).toBe(2);
    expect(people.getCell('G6').value).toBe(33600);
    expect(people.getCell('G6').numFmt).toBe('"Rp "#,##0');
    expect(people.getCell('H6').value).toBe('Tidak');
    expect(people.getCell('D6').value).toBe('ARREARS');
  });

  it('when asked for CSV in English, then both tables follow each other with English headers', async () => {
    const res = await t.as('auditor').get('/api/v1/reports/arrears?asOf=2026-03&format=csv&lang=en');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csvLines(res.text);
    expect(lines.slice(0, 7)).toEqual([
      'Unpaid Months up to 2026-03',
      'Filters,As of: March 2026',
      'Produced at,20 November 2026 10:00 WIB',
      'Programme code,Funding source,Period,Billed (Rp),Paid (Rp),Outstanding (Rp)',
      'ARREARS,APBD-KAB-BUNGO,2026-02,33600,10000,23600',
      'ARREARS,APBD-KAB-BUNGO,2026-03,33600,0,33600',
      '',
    ]);
    expect(lines[7]).toBe('Beneficiaries in Arrears up to 2026-03');
    expect(lines[10]).toBe(
      'NIK,Name,Region code,Programme code,Unpaid months,Unpaid since,Amount (Rp),Deactivation risk',
    );
    expect(lines[11]).toMatch(/^1508\*{10}\d{2},Pekerja \d+,15\.08,ARREARS,2,2026-02,33600,No$/);
    expect(lines).toHaveLength(13);
  });

  it('when format is unknown, then 400 names it', async () => {
    const res = await t.as('auditor').get('/api/v1/reports/arrears?asOf=2026-03&format=pdf');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'query.format', message: 'must be one of json, csv, xlsx' }]);
  });
});
