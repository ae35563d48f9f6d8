import { expect } from 'vitest';
import { insertEnrolment } from '../../src/modules/beneficiaries/beneficiaries.repository.js';
import { makeNik, type TestContext } from './harness.js';

/** Seeded Jambi funding sources, by code, as ids. */
export async function fundingSourceIds(t: TestContext): Promise<Record<string, string>> {
  const res = await t.as('auditor').get('/api/v1/funding-sources');
  return Object.fromEntries((res.body.data as { code: string; id: string }[]).map((s) => [s.code, s.id]));
}

export async function createProgram(
  t: TestContext,
  overrides: Record<string, unknown> & { fundingShares: { fundingSourceId: string; share: string }[] },
): Promise<{ id: string; code: string }> {
  const res = await t
    .as('admin')
    .post('/api/v1/programs')
    .send({
      code: `P${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
      name: 'Test programme',
      benefits: ['JKK', 'JKM'],
      declaredIncome: '1000000',
      startPeriod: '2026-01',
      ...overrides,
    });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** A programme co-funded like Dumisake in Bungo: 0.6 by the province, 0.4 by the regency. */
export function createCoFundedProgram(
  t: TestContext,
  code: string,
  province: string,
  regency: string,
): Promise<{ id: string; code: string }> {
  return createProgram(t, {
    code,
    fundingShares: [
      { fundingSourceId: province, share: '0.6' },
      { fundingSourceId: regency, share: '0.4' },
    ],
  });
}

export async function allocate(
  t: TestContext,
  programId: string,
  fundingSourceId: string,
  amount: string,
  fiscalYear = 2026,
) {
  const res = await t
    .as('finance_officer')
    .post('/api/v1/budget-allocations')
    .send({ programId, fundingSourceId, fiscalYear, amount, documentRef: `DPA-${fiscalYear}` });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export async function expectLedgerClean(t: TestContext): Promise<void> {
  const res = await t.as('auditor').get('/api/v1/ledger/verify');
  expect(res.status).toBe(200);
  expect(res.body, JSON.stringify(res.body.problems)).toMatchObject({
    balanced: true,
    matchesOperations: true,
    problems: [],
  });
}

/** Every obligation carries its worker's region, whichever kind of run wrote it (the summaries read the copy). */
export async function expectRegionsCopied(t: TestContext): Promise<void> {
  const wrong = await t
    .db('obligations as o')
    .join('beneficiaries as b', 'b.id', 'o.beneficiary_id')
    .where((w) => w.whereNull('o.region_code').orWhereRaw('o.region_code <> b.region_code'))
    .select('o.id', 'o.kind', 'o.region_code', 'b.region_code as worker_region');
  expect(wrong).toEqual([]);
}

let nikSerial = 0;

/**
 * Registers a beneficiary and enrols it; returns the beneficiary id. `beforeResidenceRule` writes the
 * enrolment row as a database from before the residence rule holds it (a regency's share paying for someone
 * living elsewhere), for tests whose figures need such a worker: the rule applies to new writes only.
 */
export async function enrolWorker(
  t: TestContext,
  programId: string,
  options: {
    sector?: string;
    regionCode?: string;
    startPeriod?: string;
    endPeriod?: string;
    nik?: string;
    beforeResidenceRule?: boolean;
  } = {},
): Promise<string> {
  nikSerial += 1;
  const nik = options.nik ?? makeNik('08', nikSerial);
  const b = await t
    .as('program_manager')
    .post('/api/v1/beneficiaries')
    .send({
      nik,
      name: `Pekerja ${nikSerial}`,
      regionCode: options.regionCode ?? '15.08',
      sector: options.sector ?? 'agriculture',
    });
  expect(b.status, b.text).toBe(201);
  if (options.beforeResidenceRule) {
    await insertEnrolment(t.db, {
      beneficiary_id: Number(b.body.id),
      program_id: Number(programId),
      start_period: options.startPeriod ?? '2020-01',
      end_period: options.endPeriod ?? null,
      created_at: '2026-01-01T00:00:00.000+07:00',
    });
    return b.body.id as string;
  }
  const e = await t
    .as('program_manager')
    .post('/api/v1/enrolments')
    .send({
      beneficiaryId: b.body.id,
      programId,
      startPeriod: options.startPeriod ?? '2020-01',
      ...(options.endPeriod ? { endPeriod: options.endPeriod } : {}),
    });
  expect(e.status, e.text).toBe(201);
  return b.body.id as string;
}

/** Enrols a registered worker in another programme from `startPeriod` (open-ended); expects 201. */
export async function enrolAgain(
  t: TestContext,
  beneficiaryId: string,
  programId: string,
  startPeriod: string,
): Promise<void> {
  const res = await t
    .as('program_manager')
    .post('/api/v1/enrolments')
    .send({ beneficiaryId, programId, startPeriod });
  expect(res.status, res.text).toBe(201);
}

/** Bills one programme for one month; expects obligations to be created and returns the run. */
export async function bill(
  t: TestContext,
  programId: string,
  period: string,
): Promise<{ id: string; totalAmount: string }> {
  const res = await t.as('finance_officer').post('/api/v1/billing-runs').send({ period, programId });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/**
 * What the coverage report reads, recorded by an admin: the workforce by `region/year` (at the province's
 * 55% target) and the insurer's count of active members by `region/month`, citing one letter.
 */
export async function recordCoverage(
  t: TestContext,
  figures: { workforce: Record<string, number>; insured: Record<string, number> },
  letter = 'Surat BPJS Ketenagakerjaan Jambi',
): Promise<void> {
  const puts = [
    ...Object.entries(figures.workforce).map(([at, workers]) => [
      `workforce/${at}`,
      { workers, targetRate: '0.55' },
    ]),
    ...Object.entries(figures.insured).map(([at, insured]) => [
      `insured-counts/${at}`,
      { insured, documentRef: letter },
    ]),
  ] as const;
  for (const [path, body] of puts) {
    const res = await t.as('admin').put(`/api/v1/${path}`).send(body);
    expect(res.status, res.text).toBe(200);
  }
}

let sp2dSerial = 0;

/** Records an SP2D payment (paid on the 10th of its first month unless told); returns the payment id. */
export async function pay(
  t: TestContext,
  payment: {
    programId: string;
    fundingSourceId: string;
    period: string;
    periodTo?: string;
    amount: string;
    paidOn?: string;
  },
): Promise<string> {
  sp2dSerial += 1;
  const res = await t
    .as('finance_officer')
    .post('/api/v1/payments')
    .send({ paidOn: `${payment.period}-10`, sp2dNumber: `SP2D-T-${sp2dSerial}`, ...payment });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

/**
 * A regency's own programme, paid wholly from its own APBD under four-eyes approval, with its budget for
 * 2026 and a second finance officer (besides the harness's) to approve what the first records.
 */
export async function fourEyesRegency(
  t: TestContext,
  spec: {
    sourceCode: string;
    sourceName: string;
    regionCode: string;
    programCode: string;
    programName: string;
    budget: string;
    approver: string;
  },
): Promise<{ source: string; program: string; approverToken: string }> {
  const source = await t.as('admin').post('/api/v1/funding-sources').send({
    code: spec.sourceCode,
    name: spec.sourceName,
    level: 'regency',
    regionCode: spec.regionCode,
    fourEyes: true,
  });
  expect(source.status, source.text).toBe(201);
  const program = await createProgram(t, {
    code: spec.programCode,
    name: spec.programName,
    fundingShares: [{ fundingSourceId: source.body.id, share: '1' }],
  });
  await allocate(t, program.id, source.body.id, spec.budget);
  const approver = await t
    .as('admin')
    .post('/api/v1/users')
    .send({ name: spec.approver, role: 'finance_officer' });
  expect(approver.status, approver.text).toBe(201);
  return { source: source.body.id, program: program.id, approverToken: approver.body.token };
}
