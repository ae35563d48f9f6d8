import fc from 'fast-check';
import { migrationSource } from '../migrations/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAll } from '../src/modules/integrity/index.js';
import { balances, type Stage } from '../src/modules/ledger/index.js';
import { totalsReport } from '../src/modules/reports/index.js';
import { monthsBetween, type Period } from '../src/shared/period.js';
import type { Scope } from '../src/shared/scope.js';
import { count, createTestContext, makeNik, type TestContext } from './support/harness.js';
import { csvLines, downloadWorkbook } from './support/downloads.js';
import { expectArrearsMatchObligations } from './support/arrears-oracle.js';
import { expectStatementsMatchObligations } from './support/statement-oracle.js';
import {
  allocate,
  bill,
  createCoFundedProgram,
  createProgram,
  enrolWorker,
  expectLedgerClean,
  fundingSourceIds,
  pay,
} from './support/fixtures.js';

let t: TestContext;
let prov: string;
let bungo: string;
let dumisake: { id: string; code: string };
let bungoOwn: { id: string; code: string };

async function totals(query: string, on: TestContext = t) {
  const res = await on.as('auditor').get(`/api/v1/reports/totals?${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

function statement(programId: string, period: string, lines: [string, string][], on: TestContext = t) {
  return on
    .as('finance_officer')
    .post(`/api/v1/statements?programId=${programId}&period=${period}`)
    .set('Content-Type', 'text/csv')
    .send(['nik,kpj,name,amount', ...lines.map(([nik, amount]) => `${nik},,Pekerja,${amount}`)].join('\n'));
}

/**
 * DUMISAKE is co-funded 0.6 province / 0.4 Bungo; BUNGO-OWN is Bungo's alone. A worker costs 16,800 a
 * month until March 2026 (10,080 + 6,720 when shared), a transport worker 8,400 (5,040 + 3,360), and from
 * April everyone 8,400. Budget ceilings are set for 2026 and, for two lines, 2027.
 */
beforeAll(async () => {
  t = await createTestContext();
  const fs = await fundingSourceIds(t);
  prov = fs['APBD-PROV-JAMBI']!;
  bungo = fs['APBD-KAB-BUNGO']!;
  dumisake = await createCoFundedProgram(t, 'DUMISAKE', prov, bungo);
  bungoOwn = await createProgram(t, {
    code: 'BUNGO-OWN',
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
  });
  await allocate(t, dumisake.id, prov, '1000000');
  await allocate(t, dumisake.id, bungo, '800000');
  await allocate(t, bungoOwn.id, bungo, '500000');
  await allocate(t, dumisake.id, prov, '2000000', 2027);
  await allocate(t, bungoOwn.id, bungo, '300000', 2027);
});
afterAll(async () => t.close());

describe('totals report on a hand-computed year', () => {
  const w1Nik = makeNik('08', 901);

  beforeAll(async () => {
    // w1 Bungo farmer, w2 Kota Jambi fisher, w3 Bungo transport worker from February (DUMISAKE);
    // w4 Bungo farmer and w5 Muaro Jambi worker (BUNGO-OWN). w2 and w5 live outside Bungo, whose share
    // pays for them: enrolments from before the residence rule, which the totals still count.
    await enrolWorker(t, dumisake.id, { nik: w1Nik, regionCode: '15.08', startPeriod: '2026-01' });
    await enrolWorker(t, dumisake.id, {
      sector: 'fisheries',
      regionCode: '15.71',
      startPeriod: '2026-01',
      beforeResidenceRule: true,
    });
    await enrolWorker(t, dumisake.id, { sector: 'transport', regionCode: '15.08', startPeriod: '2026-02' });
    await enrolWorker(t, bungoOwn.id, { regionCode: '15.08', startPeriod: '2026-01' });
    await enrolWorker(t, bungoOwn.id, {
      sector: 'other',
      regionCode: '15.05',
      startPeriod: '2026-01',
      beforeResidenceRule: true,
    });

    await bill(t, dumisake.id, '2026-01');
    await bill(t, dumisake.id, '2026-02');
    // A JKK rate of 0.3% for fishers in February, found after billing: w2's February becomes 9,800, so
    // repricing books adjustments of -4,200 (province) and -2,800 (Bungo).
    const rate = await t.as('admin').post('/api/v1/contribution-rates').send({
      benefit: 'JKK',
      percentOfIncome: '0.3',
      sector: 'fisheries',
      effectiveFrom: '2026-02',
      effectiveTo: '2026-02',
    });
    expect(rate.status, rate.text).toBe(201);
    const reprice = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs/reprice')
      .send({ period: '2026-02', programId: dumisake.id });
    expect(reprice.body).toMatchObject({ obligationCount: 2, totalAmount: '-7000' });
    // March is billed, cancelled, then billed again: the cancelled obligations count nowhere.
    const wrong = await bill(t, dumisake.id, '2026-03');
    const cancel = await t
      .as('finance_officer')
      .post(`/api/v1/billing-runs/${wrong.id}/cancel`)
      .send({ reason: 'billed before the list was final' });
    expect(cancel.status, cancel.text).toBe(200);
    await bill(t, dumisake.id, '2026-03');
    // April lies outside the range asked below but inside fiscal year 2026: it lowers what remains.
    expect((await bill(t, dumisake.id, '2026-04')).totalAmount).toBe('25200');
    await bill(t, bungoOwn.id, '2026-01');
    await bill(t, bungoOwn.id, '2026-02');

    await pay(t, { programId: dumisake.id, fundingSourceId: prov, period: '2026-01', amount: '20160' });
    // One SP2D for January and February: 13,440 fills January, the other 6,560 goes to February.
    await pay(t, {
      programId: dumisake.id,
      fundingSourceId: bungo,
      period: '2026-01',
      periodTo: '2026-02',
      amount: '20000',
    });
    const reversed = await pay(t, {
      programId: bungoOwn.id,
      fundingSourceId: bungo,
      period: '2026-01',
      amount: '33600',
    });
    const reversal = await t
      .as('finance_officer')
      .post(`/api/v1/payments/${reversed}/reversal`)
      .send({ reason: 'wrong account' });
    expect(reversal.status, reversal.text).toBe(201);
    await pay(t, { programId: bungoOwn.id, fundingSourceId: bungo, period: '2026-02', amount: '10000' });
    // The insurer credits w1 for January (both shares); w2 is missing from its statement.
    const credited = await statement(dumisake.id, '2026-01', [[w1Nik, '16800']]);
    expect(credited.status, credited.text).toBe(201);
    expect(credited.body.summary).toMatchObject({ matched: 1, notCredited: 1 });
  });

  it('when grouped by programme and funding source (the default), then each budget line is exact and the total adds up', async () => {
    const report = await totals('from=2026-01&to=2026-03');
    expect(report).toEqual({
      from: '2026-01',
      to: '2026-03',
      groupBy: ['program', 'fundingSource'],
      rows: [
        {
          programId: dumisake.id,
          programCode: 'DUMISAKE',
          fundingSourceId: prov,
          fundingSourceCode: 'APBD-PROV-JAMBI',
          budget: '1000000',
          billed: '66360',
          paid: '20160',
          credited: '10080',
          outstanding: '46200',
          remainingBudget: '918520',
          obligations: 9,
          beneficiaries: 3,
        },
        {
          programId: dumisake.id,
          programCode: 'DUMISAKE',
          fundingSourceId: bungo,
          fundingSourceCode: 'APBD-KAB-BUNGO',
          budget: '800000',
          billed: '44240',
          paid: '20000',
          credited: '6720',
          outstanding: '24240',
          remainingBudget: '745680',
          obligations: 9,
          beneficiaries: 3,
        },
        {
          programId: bungoOwn.id,
          programCode: 'BUNGO-OWN',
          fundingSourceId: bungo,
          fundingSourceCode: 'APBD-KAB-BUNGO',
          budget: '500000',
          billed: '67200',
          paid: '10000',
          credited: '0',
          outstanding: '57200',
          remainingBudget: '432800',
          obligations: 4,
          beneficiaries: 2,
        },
      ],
      total: {
        budget: '2300000',
        billed: '177800',
        paid: '50160',
        credited: '16800',
        outstanding: '127640',
        remainingBudget: '2097000',
        obligations: 22,
        beneficiaries: 5,
      },
    });
    await expectLedgerClean(t);
  });

  it('when the range reaches into 2027, then budget is both whole years and a line with no bills in the range still shows', async () => {
    const report = await totals('from=2026-03&to=2027-01');
    expect(
      report.rows.map((r: Record<string, unknown>) => [
        r.programCode,
        r.fundingSourceCode,
        r.budget,
        r.billed,
        r.remainingBudget,
        r.obligations,
      ]),
    ).toEqual([
      ['DUMISAKE', 'APBD-PROV-JAMBI', '3000000', '40320', '2918520', 6],
      ['DUMISAKE', 'APBD-KAB-BUNGO', '800000', '26880', '745680', 6],
      ['BUNGO-OWN', 'APBD-KAB-BUNGO', '800000', '0', '732800', 0],
    ]);
    expect(report.total).toMatchObject({ budget: '4600000', billed: '67200', paid: '0', beneficiaries: 3 });
  });

  it('when grouped by funding source, then budgets add across programmes and a person is counted once', async () => {
    const report = await totals('from=2026-01&to=2026-03&groupBy=fundingSource');
    expect(report.rows).toEqual([
      {
        fundingSourceId: prov,
        fundingSourceCode: 'APBD-PROV-JAMBI',
        budget: '1000000',
        billed: '66360',
        paid: '20160',
        credited: '10080',
        outstanding: '46200',
        remainingBudget: '918520',
        obligations: 9,
        beneficiaries: 3,
      },
      {
        fundingSourceId: bungo,
        fundingSourceCode: 'APBD-KAB-BUNGO',
        budget: '1300000',
        billed: '111440',
        paid: '30000',
        credited: '6720',
        outstanding: '81440',
        remainingBudget: '1178480',
        obligations: 13,
        beneficiaries: 5,
      },
    ]);
    expect(report.total.beneficiaries).toBe(5);
  });

  it('when grouped by period, then budget and remainingBudget are null in rows and total', async () => {
    const report = await totals('from=2026-01&to=2026-03&groupBy=period');
    const nulls = { budget: null, remainingBudget: null };
    expect(report.rows).toEqual([
      {
        period: '2026-01',
        billed: '67200',
        paid: '33600',
        credited: '16800',
        outstanding: '33600',
        obligations: 6,
        beneficiaries: 4,
        ...nulls,
      },
      {
        period: '2026-02',
        billed: '68600',
        paid: '16560',
        credited: '0',
        outstanding: '52040',
        obligations: 10,
        beneficiaries: 5,
        ...nulls,
      },
      {
        period: '2026-03',
        billed: '42000',
        paid: '0',
        credited: '0',
        outstanding: '42000',
        obligations: 6,
        beneficiaries: 3,
        ...nulls,
      },
    ]);
    expect(report.total).toEqual({
      billed: '177800',
      paid: '50160',
      credited: '16800',
      outstanding: '127640',
      obligations: 22,
      beneficiaries: 5,
      ...nulls,
    });
  });

  it('when grouped by region, then budget, paid and outstanding are null and the rest follows each worker', async () => {
    const report = await totals('from=2026-01&to=2026-03&groupBy=region');
    const nulls = { budget: null, remainingBudget: null, paid: null, outstanding: null };
    expect(report.rows).toEqual([
      {
        regionCode: '15.05',
        regionName: 'Kabupaten Muaro Jambi',
        billed: '33600',
        credited: '0',
        obligations: 2,
        beneficiaries: 1,
        ...nulls,
      },
      {
        regionCode: '15.08',
        regionName: 'Kabupaten Bungo',
        billed: '100800',
        credited: '16800',
        obligations: 12,
        beneficiaries: 3,
        ...nulls,
      },
      {
        regionCode: '15.71',
        regionName: 'Kota Jambi',
        billed: '43400',
        credited: '0',
        obligations: 8,
        beneficiaries: 1,
        ...nulls,
      },
    ]);
    expect(report.total).toEqual({
      billed: '177800',
      credited: '16800',
      obligations: 22,
      beneficiaries: 5,
      ...nulls,
    });
  });

  it('when several dimensions are asked in any order, then rows are keyed by all of them in the canonical order', async () => {
    const report = await totals('from=2026-02&to=2026-02&groupBy=region,program');
    expect(report.groupBy).toEqual(['program', 'region']);
    expect(
      report.rows.map((r: Record<string, unknown>) => [r.programCode, r.regionCode, r.billed, r.obligations]),
    ).toEqual([
      ['DUMISAKE', '15.08', '25200', 4],
      ['DUMISAKE', '15.71', '9800', 4],
      ['BUNGO-OWN', '15.05', '16800', 1],
      ['BUNGO-OWN', '15.08', '16800', 1],
    ]);
  });

  it('when the query is wrong, then 400 naming the field; without a token, 401', async () => {
    const refused = [
      'from=2026-01&to=2026-03&groupBy=program,programme',
      'from=2026-01&to=2026-03&groupBy=',
      'from=2026-04&to=2026-03',
      'from=2026-1&to=2026-03',
      'to=2026-03',
    ];
    for (const query of refused) {
      const res = await t.as('auditor').get(`/api/v1/reports/totals?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.errors.length, query).toBeGreaterThan(0);
    }
    const unknown = await t.as('auditor').get('/api/v1/reports/totals?from=2026-01&to=2026-03&groupBy=foo');
    expect(unknown.body.errors[0].path).toMatch(/^query\.groupBy/);
    const backwards = await t.as('auditor').get('/api/v1/reports/totals?from=2026-04&to=2026-03');
    expect(backwards.body.errors).toEqual([{ path: 'query.to', message: 'must not be before from' }]);
    expect((await t.anon.get('/api/v1/reports/totals?from=2026-01&to=2026-03')).status).toBe(401);
  });

  it('when the OpenAPI document is read, then it describes the report and its query', async () => {
    const doc = (await t.anon.get('/api/v1/openapi.json')).body;
    const op = doc.paths['/api/v1/reports/totals'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual([
      'from',
      'to',
      'groupBy',
      'format',
      'lang',
    ]);
    expect(op.description).toMatch(/region.*paid and outstanding as null/);
    expect(Object.keys(op.responses['200'].content)).toEqual([
      'application/json',
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
  });

  it('when downloaded as XLSX, then each budget line and the total are rows whose money cells are the JSON figures as numbers', async () => {
    const json = await totals('from=2026-01&to=2026-03');
    const { workbook } = await downloadWorkbook(
      t,
      'finance_officer',
      '/api/v1/reports/totals?from=2026-01&to=2026-03&format=xlsx',
      'totals-2026-01-2026-03-2026-11-20.xlsx',
    );
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Rekapitulasi iuran']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe(
      'Rekapitulasi Iuran per Program dan Sumber Dana Periode 2026-01 s.d. 2026-03',
    );
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Filter',
      'Dari: Januari 2026',
      'Sampai: Maret 2026',
      'Dikelompokkan: program, sumber dana',
    ]);
    const header = [
      'Kode program',
      'Sumber dana',
      'Pagu (Rp)',
      'Ditagih (Rp)',
      'Dibayar (Rp)',
      'Dikreditkan BPJS (Rp)',
      'Sisa tunggakan (Rp)',
      'Sisa pagu (Rp)',
      'Jumlah tagihan',
      'Jumlah peserta',
    ];
    expect(sheet.getRow(5).values).toEqual([undefined, ...header]);
    const money = ['budget', 'billed', 'paid', 'credited', 'outstanding', 'remainingBudget'];
    const expected = [...json.rows, { programCode: 'Jumlah / Total', ...json.total }] as Record<
      string,
      unknown
    >[];
    expect(sheet.rowCount).toBe(5 + expected.length);
    expected.forEach((row, i) => {
      const cells = sheet.getRow(6 + i).values as unknown[];
      expect(cells[1]).toBe(row.programCode);
      expect(cells[2]).toBe(row.fundingSourceCode);
      money.forEach((key, m) => {
        expect(typeof cells[3 + m], key).toBe('number');
        expect(cells[3 + m], key).toBe(Number(row[key]));
      });
      expect(cells.slice(9)).toEqual([row.obligations, row.beneficiaries]);
    });
    expect(sheet.getRow(9).values).toEqual([
      undefined,
      'Jumlah / Total',
      undefined,
      2300000,
      177800,
      50160,
      16800,
      127640,
      2097000,
      22,
      5,
    ]);
    expect(sheet.getCell('C6').numFmt).toBe('"Rp "#,##0');
    expect(sheet.getCell('I6').numFmt).toBe('#,##0');
  });

  it('when downloaded as CSV in English by region, then budget, paid and outstanding are empty cells', async () => {
    const res = await t
      .as('auditor')
      .get('/api/v1/reports/totals?from=2026-01&to=2026-03&groupBy=region&lang=en')
      .set('Accept', 'text/csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(csvLines(res.text)).toEqual([
      'Contribution Totals by Region from 2026-01 to 2026-03',
      'Filters,From: January 2026,To: March 2026,Grouped by: region',
      'Produced at,20 November 2026 10:00 WIB',
      'Region code,Region name,Budget (Rp),Billed (Rp),Paid (Rp),Credited (Rp),Outstanding (Rp),Remaining budget (Rp),Obligations,Beneficiaries',
      '15.05,Kabupaten Muaro Jambi,,33600,,0,,,2,1',
      '15.08,Kabupaten Bungo,,100800,,16800,,,12,3',
      '15.71,Kota Jambi,,43400,,0,,,8,1',
      'Jumlah / Total,,,177800,,16800,,,22,5',
    ]);
    const byPeriod = await t
      .as('auditor')
      .get('/api/v1/reports/totals?from=2026-02&to=2026-02&groupBy=program,period&format=csv');
    expect(csvLines(byPeriod.text).slice(0, 1)).toEqual([
      'Rekapitulasi Iuran per Program dan Bulan Periode 2026-02',
    ]);
    expect(csvLines(byPeriod.text)[3]).toBe(
      'Kode program,Periode,Pagu (Rp),Ditagih (Rp),Dibayar (Rp),Dikreditkan BPJS (Rp),Sisa tunggakan (Rp),Sisa pagu (Rp),Jumlah tagihan,Jumlah peserta',
    );
    expect(csvLines(byPeriod.text)[4]).toMatch(/^DUMISAKE,2026-02,,35000,\d+,0,\d+,,/);
  });
});

const SOURCES = ['APBD-PROV-JAMBI', 'APBD-KAB-BUNGO', 'APBD-KAB-MUARO-JAMBI', 'APBD-KOTA-JAMBI'];
const MONTHS = ['2026-01', '2026-05', '2026-12', '2027-02', '2027-03'];
const SHARE_SETS = [['1'], ['0.6', '0.4'], ['0.5', '0.25', '0.25'], ['0.333', '0.333', '0.334']];

/** Every figure of the report, per programme and source over whole fiscal years, is what the journal holds. */
async function expectReportMatchesJournal(firstYear: number, lastYear: number): Promise<void> {
  const report = await totals(`from=${firstYear}-01&to=${lastYear}-12`, p);
  const years = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i);
  const journal = await balances(p.db, { fiscalYears: years });
  const balance = (stage: Stage, programId: string, sourceId: string) =>
    journal
      .filter(
        (b) =>
          b.stage === stage && String(b.programId) === programId && String(b.fundingSourceId) === sourceId,
      )
      .reduce((acc, b) => acc + BigInt(b.balance.toFixed(0)), 0n);
  const lines = new Set(
    journal.filter((b) => !b.balance.isZero()).map((b) => `${b.programId}:${b.fundingSourceId}`),
  );
  const rows = report.rows as Record<string, string>[];
  for (const line of lines) expect(rows.map((r) => `${r.programId}:${r.fundingSourceId}`)).toContain(line);
  for (const r of rows) {
    const at = (stage: Stage) => balance(stage, r.programId!, r.fundingSourceId!);
    const where = `${r.programCode}/${r.fundingSourceCode} ${firstYear}..${lastYear}`;
    expect(BigInt(r.billed!), where).toBe(at('committed') + at('paid'));
    expect(BigInt(r.paid!), where).toBe(at('paid'));
    expect(BigInt(r.outstanding!), where).toBe(at('committed'));
    expect(BigInt(r.credited!), where).toBe(at('credited'));
    expect(BigInt(r.budget!), where).toBe(-at('pagu'));
    // The report's remaining budget is the allocations less what is billed (not cancelled); the journal's
    // available is that less the open claims too, the paid months of ended enrolments (docs/domain.md).
    expect(BigInt(r.remainingBudget!), where).toBe(at('available') + at('claim'));
  }
}

const planArb = fc.record({
  programs: fc.array(
    fc.record({
      shares: fc.constantFrom(...SHARE_SETS),
      sources: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 3, maxLength: 3 }),
      allocation: fc.integer({ min: 300_000, max: 900_000 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  workers: fc.array(
    fc.record({
      program: fc.nat(1),
      sector: fc.constantFrom('agriculture', 'transport', 'fisheries', 'other'),
      region: fc.constantFrom('15.01', '15.08', '15.71'),
      start: fc.constantFrom('2026-01', '2026-05', '2027-01'),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  months: fc.subarray(MONTHS, { minLength: 1 }),
  cancel: fc.array(fc.constantFrom(false, false, true), { minLength: 10, maxLength: 10 }),
  payments: fc.array(
    fc.record({
      program: fc.nat(1),
      source: fc.nat(2),
      month: fc.nat(9),
      span: fc.nat(2),
      percent: fc.integer({ min: 1, max: 100 }),
      reverse: fc.boolean(),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  credits: fc.array(
    fc.record({ program: fc.nat(1), month: fc.nat(9), take: fc.integer({ min: 1, max: 3 }) }),
    { minLength: 1, maxLength: 3 },
  ),
  ends: fc.array(fc.record({ worker: fc.nat(3), end: fc.constantFrom('2026-04', '2026-11', '2027-02') }), {
    maxLength: 2,
  }),
});

let nikSerial = 3000;
let p: TestContext;

/**
 * Every statement the tests below import, in order, with the obligations it credits: those of each worker
 * on it, at the worker's exact billed total. A later statement of the same programme and month supersedes
 * the earlier one, so only the last of each credits anything.
 */
const imported: { programId: string; period: string; obligationIds: string[] }[] = [];

/** The obligations that the statements in force credit, by the test's own record. */
function creditedIds(): string[] {
  const active = new Map<string, string[]>();
  for (const s of imported) active.set(`${s.programId}:${s.period}`, s.obligationIds);
  return [...active.values()].flat();
}

describe('totals report against the journal', () => {
  // A database of its own, dated late 2027 so that SP2D dates of every month generated are in the past.
  beforeAll(async () => {
    p = await createTestContext({ now: '2027-12-20T10:00:00' });
  });
  afterAll(async () => p.close());

  it('for random programmes, bills, cancellations, payments, reversals, ended enrolments and credits, every figure equals the journal, every grouping in every scope is what the obligations give, and so are the arrears and monthly statements', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        const { programs, workers } = await createPrograms(plan);
        await billMonths(programs, plan);
        for (const payment of plan.payments) await payPart(programs, payment);
        await endEnrolments(workers, plan.ends);
        for (const credit of plan.credits)
          await creditWorkers(
            programs[credit.program % programs.length]!.id,
            MONTHS[credit.month % MONTHS.length]!,
            credit.take,
          );
        await expectLedgerClean(p);
        await expectReportMatchesJournal(2026, 2026);
        await expectReportMatchesJournal(2027, 2027);
        await expectReportMatchesJournal(2026, 2027);
        for (const [from, to] of RANGES) await expectEveryGroupingMatchesObligations(from, to);
        for (const scope of await scopes())
          for (const [from, to] of [RANGES[0], RANGES[1]])
            await expectEveryGroupingMatchesObligations(from, to, scope);
        for (const asOf of ['2026-05', '2026-12', '2027-03']) await expectArrearsMatchObligations(p, asOf);
        for (const month of MONTHS) await expectStatementsMatchObligations(p, month);
        // The runs' and statements' recorded totals, which ledger/verify reads, recounted from the rows.
        expect((await verifyAll(p.db)).ledger.problems).toEqual([]);
      }),
      { numRuns: 10 },
    );
  });

  it('when the summaries are rebuilt from the obligations (migrations 20261203_20, 20261203_10, 60, 14 and 13 down, then up), then every grouping still matches', async () => {
    // A plan of its own, so that something is billed, paid, credited and superseded whatever ran before.
    const plan: Plan = {
      programs: [{ shares: ['0.6', '0.4'], sources: [0, 1, 2], allocation: 900_000 }],
      workers: [
        { program: 0, sector: 'agriculture', region: '15.08', start: '2026-01' },
        { program: 0, sector: 'transport', region: '15.71', start: '2026-01' },
      ],
      months: ['2026-01', '2026-05'],
      cancel: Array.from({ length: 10 }, () => false),
      payments: [{ program: 0, source: 0, month: 0, span: 1, percent: 50, reverse: false }],
      credits: [],
      ends: [],
    };
    const {
      programs: [program],
    } = await createPrograms(plan);
    await billMonths([program!], plan);
    await payPart([program!], plan.payments[0]!);
    expect(await creditWorkers(program!.id, '2026-01', 2)).toBe(true);
    expect(await creditWorkers(program!.id, '2026-01', 1)).toBe(true);
    expect(await creditWorkers(program!.id, '2026-05', 1)).toBe(true);
    await p.db.migrate.down({ migrationSource, name: '20261203_20_ledger_verify_totals' });
    expect(await p.db.schema.hasTable('statement_credit_totals')).toBe(false);
    await p.db.migrate.down({ migrationSource, name: '20261203_10_worker_set_counts' });
    expect(await p.db.schema.hasTable('worker_set_counts')).toBe(false);
    await p.db.migrate.down({ migrationSource, name: '20261202_60_count_summaries' });
    expect(await p.db.schema.hasTable('worker_mask_counts')).toBe(false);
    await p.db.migrate.down({ migrationSource, name: '20261129_14_credits_from_statements' });
    // Undoing migration 14 writes credited back onto the obligations: exactly those the statements in force credit.
    const marked = await p.db('obligations').where({ status: 'credited' }).orderBy('id').pluck('id');
    expect(marked.map(String).sort()).toEqual(creditedIds().sort());
    expect(marked.length).toBeGreaterThan(0);
    await p.db.migrate.down({ migrationSource, name: '20261128_13_report_summaries' });
    expect(await p.db.schema.hasTable('obligation_totals')).toBe(false);
    await p.db.migrate.latest({ migrationSource });
    expect(await count(p.db, 'obligations', { status: 'credited' })).toBe(0);
    for (const [from, to] of RANGES) await expectEveryGroupingMatchesObligations(from, to);
    await expectLedgerClean(p);
    expect((await verifyAll(p.db)).ledger.problems).toEqual([]);
  });
});

const RANGES = [
  ['2026-01', '2026-12'],
  ['2026-05', '2027-02'],
  ['2026-12', '2026-12'],
  ['2026-01', '2027-12'],
] as const;
const DIMENSIONS = ['program', 'fundingSource', 'period', 'region'] as const;
const OBLIGATION_COLUMN = {
  program: 'o.program_id',
  fundingSource: 'o.funding_source_id',
  period: 'o.period',
  region: 'b.region_code',
} as const;
const REPORT_FIELD = {
  program: 'programId',
  fundingSource: 'fundingSourceId',
  period: 'period',
  region: 'regionCode',
} as const;

/**
 * Scopes of a finance officer of the province, of one of the province and Bungo, of a program manager of
 * Bungo, and of an auditor of Kota Jambi's money in two regions: each sees its own sums.
 */
async function scopes(): Promise<Scope[]> {
  const ids = await fundingSourceIds(p);
  const [prov, bungo, , kota] = SOURCES.map((code) => Number(ids[code]));
  return [
    { fundingSourceIds: [prov!], regionCodes: null },
    { fundingSourceIds: [prov!, bungo!], regionCodes: null },
    { fundingSourceIds: null, regionCodes: ['15.08'] },
    { fundingSourceIds: [kota!], regionCodes: ['15.71', '15.01'] },
  ];
}

/**
 * For every grouping, the report (read from the summaries) gives what a recount of the live obligations
 * themselves gives: amounts, counts and distinct workers per group, and distinct workers overall. Within a
 * scope, the report as the service gives it to a user of that scope, against the obligations of its
 * funding sources and of workers of its regions.
 */
async function expectEveryGroupingMatchesObligations(from: string, to: string, scope?: Scope): Promise<void> {
  const live = () => {
    const q = p
      .db('obligations as o')
      .join('beneficiaries as b', 'b.id', 'o.beneficiary_id')
      .whereBetween('o.period', [from, to])
      .whereNot('o.status', 'cancelled');
    if (scope?.fundingSourceIds) q.whereIn('o.funding_source_id', scope.fundingSourceIds);
    const regions = scope?.regionCodes;
    if (regions)
      q.where((w) => {
        for (const r of regions) w.orWhere('b.region_code', r).orWhere('b.region_code', 'like', `${r}.%`);
      });
    return q;
  };
  const everyone = await live().countDistinct({ n: 'o.beneficiary_id' }).first();
  const credited = creditedIds();
  for (let mask = 1; mask < 1 << DIMENSIONS.length; mask += 1) {
    const dims = DIMENSIONS.filter((_, i) => mask & (1 << i));
    const report = scope
      ? await totalsReport(p.db, from as Period, to as Period, dims, scope)
      : await totals(`from=${from}&to=${to}&groupBy=${dims.join(',')}`, p);
    const keys = Object.fromEntries(dims.map((d) => [d, OBLIGATION_COLUMN[d]]));
    const groups = dims.map((d) => OBLIGATION_COLUMN[d]);
    const recount = (await live()
      .select(keys)
      .groupBy(groups)
      .sum({ billed: 'o.amount' })
      .count({ obligations: '*' })
      .countDistinct({ beneficiaries: 'o.beneficiary_id' })) as Record<string, unknown>[];
    const creditedRows = (await live()
      .whereIn('o.id', credited)
      .select(keys)
      .groupBy(groups)
      .sum({ credited: 'o.amount' })) as Record<string, unknown>[];
    const creditedOf = (r: Record<string, unknown>) =>
      String(creditedRows.find((c) => dims.every((d) => String(c[d]) === String(r[d])))?.credited ?? 0);
    const where = `${dims.join(',')} ${from}..${to} ${JSON.stringify(scope ?? {})}`;
    const billedRows = (report.rows as Record<string, unknown>[]).filter((r) => Number(r.obligations) > 0);
    expect(billedRows.length, where).toBe(recount.length);
    for (const r of recount) {
      const row = billedRows.find((x) => dims.every((d) => String(x[REPORT_FIELD[d]]) === String(r[d])));
      expect(row, where).toBeDefined();
      expect(
        [row!.billed, row!.credited, row!.obligations, row!.beneficiaries],
        `${where} ${JSON.stringify(r)}`,
      ).toEqual([String(r.billed), creditedOf(r), Number(r.obligations), Number(r.beneficiaries)]);
    }
    expect(report.total.beneficiaries, where).toBe(Number(everyone?.n ?? 0));
  }
}

type Plan = typeof planArb extends fc.Arbitrary<infer T> ? T : never;
interface Line {
  id: string;
  sources: string[];
}

interface Worker {
  beneficiaryId: string;
  start: string;
}

/** The plan's programmes with a ceiling for 2026 and 2027 on every share, and their workers enrolled. */
async function createPrograms(plan: Plan): Promise<{ programs: Line[]; workers: Worker[] }> {
  const sourceIds = await fundingSourceIds(p);
  const programs: Line[] = [];
  for (const spec of plan.programs) {
    const ids = spec.shares.map((_, i) => sourceIds[SOURCES[spec.sources[i]!]!]!);
    const program = await createProgram(p, {
      fundingShares: spec.shares.map((share, i) => ({ fundingSourceId: ids[i]!, share })),
    });
    for (const id of ids) {
      await allocate(p, program.id, id, String(spec.allocation));
      await allocate(p, program.id, id, String(spec.allocation), 2027);
    }
    programs.push({ id: program.id, sources: ids });
  }
  const workers: Worker[] = [];
  for (const w of plan.workers) {
    nikSerial += 1;
    const beneficiaryId = await enrolWorker(p, programs[w.program % programs.length]!.id, {
      nik: makeNik('72', nikSerial),
      sector: w.sector,
      regionCode: w.region,
      startPeriod: w.start,
      // Random regions under random shares: the totals must hold for data from before the residence rule.
      beforeResidenceRule: true,
    });
    workers.push({ beneficiaryId, start: w.start });
  }
  return { programs, workers };
}

/**
 * Ends the enrolments the plan says to, each reported after its months were billed (and maybe paid): the
 * obligations after its end are cancelled one by one, what was paid for them becomes a claim.
 */
async function endEnrolments(workers: Worker[], ends: Plan['ends']): Promise<void> {
  const ended = new Set<string>();
  for (const { worker, end } of ends) {
    const w = workers[worker % workers.length]!;
    if (ended.has(w.beneficiaryId) || end < w.start) continue;
    ended.add(w.beneficiaryId);
    const [enrolment] = (await p.as('auditor').get(`/api/v1/enrolments?beneficiaryId=${w.beneficiaryId}`))
      .body.data;
    const res = await p
      .as('program_manager')
      .post(`/api/v1/enrolments/${enrolment.id}/end`)
      .send({ endPeriod: end, reason: 'deceased' });
    expect(res.status, res.text).toBe(200);
  }
}

/** Bills every programme for the plan's months, cancelling the runs the plan says to. */
async function billMonths(programs: Line[], plan: Plan): Promise<void> {
  let runs = 0;
  for (const month of [...plan.months].sort()) {
    for (const program of programs) {
      const run = await p
        .as('finance_officer')
        .post('/api/v1/billing-runs')
        .send({ period: month, programId: program.id });
      expect([200, 201]).toContain(run.status);
      if (run.status === 201 && plan.cancel[runs++ % plan.cancel.length]) {
        const cancel = await p
          .as('finance_officer')
          .post(`/api/v1/billing-runs/${run.body.id}/cancel`)
          .send({ reason: 'test' });
        expect(cancel.status, cancel.text).toBe(200);
      }
    }
  }
}

/**
 * An insurer statement crediting the first `take` workers a programme billed in one month, at their exact
 * totals; false when it billed nobody then. A later one of the same month supersedes it; the very same file
 * again imports nothing (the first statement answers).
 */
async function creditWorkers(programId: string, month: string, take: number): Promise<boolean> {
  const billed = (
    await p.as('auditor').get(`/api/v1/obligations?programId=${programId}&period=${month}&limit=1000`)
  ).body.data as { id: string; beneficiaryId: string; amount: string; status: string }[];
  const live = billed.filter((o) => o.status !== 'cancelled');
  const perWorker = new Map<string, bigint>();
  for (const o of live)
    perWorker.set(o.beneficiaryId, (perWorker.get(o.beneficiaryId) ?? 0n) + BigInt(o.amount));
  const lines: [string, string][] = [];
  const taken = [...perWorker].slice(0, take);
  for (const [id, amount] of taken) {
    const b = await p.as('admin').get(`/api/v1/beneficiaries/${id}`);
    lines.push([b.body.nik, String(amount)]);
  }
  if (lines.length === 0) return false;
  const res = await statement(programId, month, lines, p);
  expect([200, 201], res.text).toContain(res.status);
  if (res.status === 200) return true;
  const workers = new Set(taken.map(([id]) => id));
  imported.push({
    programId,
    period: month,
    obligationIds: live.filter((o) => workers.has(o.beneficiaryId)).map((o) => o.id),
  });
  return true;
}

/** Pays `percent` of what is outstanding over one to three billed months of a line, then maybe reverses it. */
async function payPart(programs: Line[], plan: Plan['payments'][number]): Promise<void> {
  const program = programs[plan.program % programs.length]!;
  const source = program.sources[plan.source % program.sources.length]!;
  const arrears = await p.as('auditor').get('/api/v1/reports/arrears?asOf=2027-12&limit=1');
  const open = (
    arrears.body.periods as {
      programId: string;
      fundingSourceId: string;
      period: Period;
      outstanding: string;
    }[]
  ).filter((a) => a.programId === program.id && a.fundingSourceId === source);
  const first = open[plan.month % Math.max(open.length, 1)];
  if (!first) return;
  const covered = open
    .filter((a) => a.period >= first.period && monthsBetween(first.period, a.period) < 12)
    .slice(0, plan.span + 1);
  const last = covered[covered.length - 1]!.period;
  const outstanding = covered.reduce((acc, a) => acc + BigInt(a.outstanding), 0n);
  const id = await pay(p, {
    programId: program.id,
    fundingSourceId: source,
    period: first.period,
    ...(last !== first.period ? { periodTo: last } : {}),
    amount: String((outstanding * BigInt(plan.percent) + 99n) / 100n),
  });
  if (plan.reverse) {
    const res = await p
      .as('finance_officer')
      .post(`/api/v1/payments/${id}/reversal`)
      .send({ reason: 'test' });
    expect(res.status, res.text).toBe(201);
  }
}
