import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/harness.js';
import {
  allocate,
  bill,
  createCoFundedProgram,
  createProgram,
  enrolWorker,
  fundingSourceIds,
  pay,
} from './support/fixtures.js';
import { csvLines, downloadWorkbook } from './support/downloads.js';

let t: TestContext;
let prov: string;
let bungo: string;
let burn: { id: string };
let ending: { id: string };

async function burnReport(query: string) {
  const res = await t.as('program_manager').get(`/api/v1/reports/budget-burn?${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body as { fiscalYear: number; asOf: string; rows: Record<string, unknown>[] };
}

const months = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `2026-${String(from + i).padStart(2, '0')}`);

/**
 * BURN is co-funded 0.6 province / 0.4 Bungo: until March 2026 a farmer costs 16,800 (10,080 + 6,720) and
 * a transport worker 8,400 (5,040 + 3,360); from April everyone costs 8,400 (5,040 + 3,360). Four farmers
 * and a transport worker in January and February (one farmer leaves after February), so the province is
 * billed 45,360 + 45,360 + 35,280 = 126,000 and Bungo 30,240 + 30,240 + 23,520 = 84,000. ENDING is Bungo's
 * alone, runs January to June, and has one farmer billed for January only.
 */
beforeAll(async () => {
  t = await createTestContext();
  const fs = await fundingSourceIds(t);
  prov = fs['APBD-PROV-JAMBI']!;
  bungo = fs['APBD-KAB-BUNGO']!;
  burn = await createCoFundedProgram(t, 'BURN', prov, bungo);
  ending = await createProgram(t, {
    code: 'ENDING',
    endPeriod: '2026-06',
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
  });
  await allocate(t, burn.id, prov, '300000');
  await allocate(t, burn.id, bungo, '1000000');
  await allocate(t, ending.id, bungo, '200000');
  for (let i = 0; i < 3; i += 1) await enrolWorker(t, burn.id, { startPeriod: '2026-01' });
  await enrolWorker(t, burn.id, { sector: 'transport', startPeriod: '2026-01' });
  await enrolWorker(t, burn.id, { startPeriod: '2026-01', endPeriod: '2026-02' });
  await enrolWorker(t, ending.id, { startPeriod: '2026-01' });
  for (const period of ['2026-01', '2026-02', '2026-03']) await bill(t, burn.id, period);
  await bill(t, ending.id, '2026-01');
  await pay(t, { programId: burn.id, fundingSourceId: prov, period: '2026-01', amount: '45360' });
});
afterAll(async () => t.close());

describe('budget burn', () => {
  it('when asked as of March, then each line shows its ceiling, spend, run-rate and when it runs out', async () => {
    const report = await burnReport('fiscalYear=2026&asOf=2026-03');
    expect(report).toMatchObject({ fiscalYear: 2026, asOf: '2026-03' });
    expect(report.rows).toEqual([
      {
        programId: burn.id,
        programCode: 'BURN',
        fundingSourceId: prov,
        fundingSourceCode: 'APBD-PROV-JAMBI',
        ceiling: '300000',
        committed: '126000',
        paid: '45360',
        remaining: '174000',
        enrolments: 4,
        runRate: '35280',
        costPerWorker: '10080',
        forecastMonths: months(4, 12),
        projectedSpend: '317520',
        projectedBalance: '-143520',
        // 35,280 a month: four months (141,120) still fit in 174,000, the fifth (176,400) does not.
        runsOutIn: '2026-08',
        workersCoverable: 1,
        additionalWorkers: 0,
      },
      {
        programId: burn.id,
        programCode: 'BURN',
        fundingSourceId: bungo,
        fundingSourceCode: 'APBD-KAB-BUNGO',
        ceiling: '1000000',
        committed: '84000',
        paid: '0',
        remaining: '916000',
        enrolments: 4,
        runRate: '23520',
        costPerWorker: '6720',
        forecastMonths: months(4, 12),
        projectedSpend: '211680',
        projectedBalance: '704320',
        runsOutIn: null,
        // floor(916,000 / (6,720 × 9)) and floor(704,320 / (6,720 × 9)).
        workersCoverable: 15,
        additionalWorkers: 11,
      },
      {
        programId: ending.id,
        programCode: 'ENDING',
        fundingSourceId: bungo,
        fundingSourceCode: 'APBD-KAB-BUNGO',
        ceiling: '200000',
        committed: '16800',
        paid: '0',
        remaining: '183200',
        enrolments: 1,
        runRate: '16800',
        costPerWorker: '16800',
        // The programme ends in June: only April to June are still to be billed.
        forecastMonths: months(4, 6),
        projectedSpend: '50400',
        projectedBalance: '132800',
        runsOutIn: null,
        workersCoverable: 3,
        additionalWorkers: 2,
      },
    ]);
  });

  it('when months after asOf are already billed, then they are not forecast again', async () => {
    const report = await burnReport('fiscalYear=2026&asOf=2026-02');
    const [province, , endingLine] = report.rows;
    // Five workers were in force in February: 45,360 a month; March is billed, so April is the first
    // month forecast and the fourth (July) takes the cumulative 181,440 past the remaining 174,000.
    expect(province).toMatchObject({
      enrolments: 5,
      runRate: '45360',
      forecastMonths: months(4, 12),
      runsOutIn: '2026-07',
    });
    expect(endingLine).toMatchObject({ forecastMonths: months(3, 6), projectedSpend: '67200' });
  });

  it('when asOf is left out, then the current month is used at its rates', async () => {
    const report = await burnReport('fiscalYear=2026');
    expect(report.asOf).toBe('2026-11');
    expect(
      report.rows.map((r) => [
        r.runRate,
        r.costPerWorker,
        r.forecastMonths,
        r.workersCoverable,
        r.additionalWorkers,
      ]),
    ).toEqual([
      // From April 2026 every worker costs 8,400: 5,040 for the province, 3,360 for Bungo.
      ['20160', '5040', ['2026-12'], 34, 30],
      ['13440', '3360', ['2026-12'], 272, 268],
      // ENDING's enrolment ended with the programme in June.
      ['0', '8400', [], null, null],
    ]);
    expect(report.rows[2]).toMatchObject({
      runsOutIn: null,
      projectedSpend: '0',
      projectedBalance: '183200',
    });
  });

  it('when the fiscal year has not started, then asOf is its January and an empty ceiling runs out at once', async () => {
    const report = await burnReport('fiscalYear=2027');
    expect(report.asOf).toBe('2027-01');
    expect(report.rows.map((r) => r.programCode)).toEqual(['BURN', 'BURN']);
    expect(report.rows[0]).toMatchObject({
      ceiling: '0',
      committed: '0',
      remaining: '0',
      enrolments: 4,
      runRate: '35280',
      costPerWorker: '10080',
      runsOutIn: '2027-02',
      workersCoverable: 0,
      additionalWorkers: 0,
    });
    expect(report.rows[0]!.forecastMonths).toHaveLength(11);
  });

  it('when the query is wrong, then 400', async () => {
    for (const query of [
      '',
      'fiscalYear=26',
      'fiscalYear=2026&asOf=2025-12',
      'fiscalYear=2026&asOf=2026-13',
    ]) {
      const res = await t.as('auditor').get(`/api/v1/reports/budget-burn?${query}`);
      expect(res.status, query).toBe(400);
    }
    const outside = await t.as('auditor').get('/api/v1/reports/budget-burn?fiscalYear=2026&asOf=2027-01');
    expect(outside.body.errors).toEqual([
      { path: 'query.asOf', message: 'must be a month of the fiscal year' },
    ]);
  });
});

describe('budget burn downloads', () => {
  const money = [
    'ceiling',
    'committed',
    'paid',
    'remaining',
    'runRate',
    'costPerWorker',
    'projectedSpend',
    'projectedBalance',
  ];

  it('when downloaded as XLSX, then each line is a row whose money cells are the JSON figures as numbers', async () => {
    const json = await burnReport('fiscalYear=2026&asOf=2026-03');
    const { workbook } = await downloadWorkbook(
      t,
      'finance_officer',
      '/api/v1/reports/budget-burn?fiscalYear=2026&asOf=2026-03&format=xlsx',
      'budget-burn-2026-2026-03-2026-11-20.xlsx',
    );
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Serapan anggaran']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('Serapan dan Proyeksi Anggaran TA 2026 (posisi 2026-03)');
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Filter',
      'Tahun anggaran: 2026',
      'Posisi: Maret 2026',
    ]);
    const header = (sheet.getRow(5).values as unknown[]).slice(1);
    expect(header).toEqual([
      'Kode program',
      'Sumber dana',
      'Pagu (Rp)',
      'Ditagih (Rp)',
      'Dibayar (Rp)',
      'Sisa pagu (Rp)',
      'Peserta aktif',
      'Belanja per bulan (Rp)',
      'Biaya per pekerja per bulan (Rp)',
      'Jumlah bulan proyeksi',
      'Bulan proyeksi',
      'Proyeksi belanja (Rp)',
      'Proyeksi sisa pagu (Rp)',
      'Pagu habis pada',
      'Pekerja yang dapat dibiayai',
      'Tambahan pekerja',
    ]);
    const column: Record<string, number> = {
      ceiling: 3,
      committed: 4,
      paid: 5,
      remaining: 6,
      runRate: 8,
      costPerWorker: 9,
      projectedSpend: 12,
      projectedBalance: 13,
    };
    expect(sheet.rowCount).toBe(5 + json.rows.length);
    json.rows.forEach((r, i) => {
      const row = sheet.getRow(6 + i);
      for (const key of money) {
        const cell = row.getCell(column[key]!);
        expect(typeof cell.value, key).toBe('number');
        expect(cell.value, key).toBe(Number(r[key]));
        expect(cell.numFmt, key).toBe('"Rp "#,##0');
      }
    });
    // The province's line runs out in August: a negative projected balance is a negative number.
    expect(sheet.getRow(6).values).toEqual([
      undefined,
      'BURN',
      'APBD-PROV-JAMBI',
      300000,
      126000,
      45360,
      174000,
      4,
      35280,
      10080,
      9,
      '2026-04 2026-05 2026-06 2026-07 2026-08 2026-09 2026-10 2026-11 2026-12',
      317520,
      -143520,
      '2026-08',
      1,
      0,
    ]);
    expect(sheet.getCell('N7').value).toBeNull();
  });

  it('when downloaded as CSV in English without asOf, then the filter line names the month used and nulls are empty', async () => {
    const res = await t
      .as('auditor')
      .get('/api/v1/reports/budget-burn?fiscalYear=2026&lang=en')
      .set('Accept', 'text/csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(csvLines(res.text)).toEqual([
      'Budget Burn and Forecast FY 2026 (as of 2026-11)',
      'Filters,Fiscal year: 2026,As of: November 2026',
      'Produced at,20 November 2026 10:00 WIB',
      'Programme code,Funding source,Ceiling (Rp),Committed (Rp),Paid (Rp),Remaining (Rp),Enrolments,Run-rate a month (Rp),Cost per worker a month (Rp),Forecast months,Months forecast,Projected spend (Rp),Projected balance (Rp),Runs out in,Workers coverable,Additional workers',
      'BURN,APBD-PROV-JAMBI,300000,126000,45360,174000,4,20160,5040,1,2026-12,20160,153840,,34,30',
      'BURN,APBD-KAB-BUNGO,1000000,84000,0,916000,4,13440,3360,1,2026-12,13440,902560,,272,268',
      'ENDING,APBD-KAB-BUNGO,200000,16800,0,183200,0,0,8400,0,,0,183200,,,',
    ]);
  });
});
