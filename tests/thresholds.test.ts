import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestContext, type TestContext } from './support/harness.js';
import {
  allocate,
  bill,
  createProgram,
  enrolWorker,
  expectLedgerClean,
  fundingSourceIds,
  pay,
} from './support/fixtures.js';
import { expectProblem } from './support/reliability.js';

/**
 * Every threshold tried on both sides of its edge: the exact figure passes, one rupiah (or one month) more
 * does not. A worker costs 16,800 a month until March 2026 (JKK 1% of 1,000,000 plus JKM 6,800).
 */

let t: TestContext;
let bungo: string;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-11-20T10:00:00' });
  bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
});
afterAll(async () => t.close());

/** A programme of its own wholly funded by Bungo; `ceiling` is its 2026 allocation, none when null. */
async function bungoProgram(ceiling: string | null): Promise<string> {
  const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
  if (ceiling !== null) await allocate(t, program.id, bungo, ceiling);
  return program.id;
}

async function budgetLine(programId: string) {
  const res = await t.as('auditor').get(`/api/v1/budget-lines?programId=${programId}`);
  expect(res.status).toBe(200);
  return res.body.data[0] as { allocated: string; billed: string; remaining: string };
}

const WRITES = [
  'billing_runs',
  'obligations',
  'budget_allocations',
  'payments',
  'journal_entries',
  'audit_events',
];
const snapshot = () => Promise.all(WRITES.map((table) => count(t.db, table)));

describe('arrears: who is listed and who is about to lapse', () => {
  it('when workers have exactly 1, 2 and 3 unpaid months, then 2+ are listed and only 3 is a deactivation risk', async () => {
    const programId = await bungoProgram('10000000');
    const three = await enrolWorker(t, programId, { startPeriod: '2026-01' });
    const two = await enrolWorker(t, programId, { startPeriod: '2026-02' });
    const one = await enrolWorker(t, programId, { startPeriod: '2026-03' });
    for (const period of ['2026-01', '2026-02', '2026-03']) await bill(t, programId, period);
    const arrears = async (query: string) => {
      const res = await t.as('program_manager').get(`/api/v1/reports/arrears?asOf=2026-03${query}`);
      expect(res.status, res.text).toBe(200);
      return (
        res.body.beneficiaries as {
          beneficiaryId: string;
          programId: string;
          unpaidMonths: number;
          deactivationRisk: boolean;
          atRisk: boolean;
          lapsed: boolean;
        }[]
      )
        .filter((b) => b.programId === programId)
        .map((b) => [b.beneficiaryId, b.unpaidMonths, b.deactivationRisk, b.atRisk, b.lapsed]);
    };
    // Three unpaid months: lapsed; two: at risk, a month before the insurer deactivates; one: neither.
    expect(await arrears('')).toEqual([
      [three, 3, true, false, true],
      [two, 2, false, true, false],
    ]);
    expect(await arrears('&minMonths=1')).toEqual([
      [three, 3, true, false, true],
      [two, 2, false, true, false],
      [one, 1, false, false, false],
    ]);
    expect(await arrears('&minMonths=3')).toEqual([[three, 3, true, false, true]]);
    expect(await arrears('&minMonths=4')).toEqual([]);
  });

  it('when the oldest month is paid all but one rupiah, then it still counts; paid in full, the worker drops below the lapse', async () => {
    const programId = await bungoProgram('10000000');
    const worker = await enrolWorker(t, programId, { startPeriod: '2026-01' });
    for (const period of ['2026-01', '2026-02', '2026-03']) await bill(t, programId, period);
    const row = async () => {
      const res = await t.as('program_manager').get('/api/v1/reports/arrears?asOf=2026-03&minMonths=1');
      const mine = (
        res.body.beneficiaries as { beneficiaryId: string; unpaidMonths: number; deactivationRisk: boolean }[]
      )
        .filter((b) => b.beneficiaryId === worker)
        .map((b) => [b.unpaidMonths, b.deactivationRisk]);
      return mine[0];
    };
    await pay(t, { programId, fundingSourceId: bungo, period: '2026-01', amount: '16799' });
    expect(await row()).toEqual([3, true]);
    await pay(t, { programId, fundingSourceId: bungo, period: '2026-01', amount: '1' });
    expect(await row()).toEqual([2, false]);
  });
});

describe('budget ceilings', () => {
  it('when a run needs the remaining budget exactly, then it bills; one rupiah short, 422 OVER_BUDGET names the shortfall of 1', async () => {
    const programId = await bungoProgram('33599');
    await enrolWorker(t, programId, { startPeriod: '2026-01' });
    await enrolWorker(t, programId, { startPeriod: '2026-01' });
    const before = await snapshot();
    const short = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2026-01', programId });
    expectProblem(short, 422, 'OVER_BUDGET');
    expect(short.body.shortfalls).toEqual([
      {
        programId,
        fundingSourceId: bungo,
        fiscalYear: 2026,
        required: '33600',
        remainingBudget: '33599',
        shortfall: '1',
      },
    ]);
    expect(short.body.errors).toEqual([
      { path: `fundingSource.${bungo}`, message: 'short by 1 (remaining 33599, required 33600)' },
    ]);
    expect(await snapshot()).toEqual(before);

    await allocate(t, programId, bungo, '1');
    expect(await bill(t, programId, '2026-01')).toMatchObject({ totalAmount: '33600' });
    expect(await budgetLine(programId)).toMatchObject({
      allocated: '33600',
      billed: '33600',
      remaining: '0',
    });
    await expectLedgerClean(t);
  });

  it('when an amendment lowers the ceiling to exactly what is billed, then it is booked; one rupiah lower, 422 BELOW_COMMITTED', async () => {
    const programId = await bungoProgram('100000');
    await enrolWorker(t, programId, { startPeriod: '2026-01' });
    await enrolWorker(t, programId, { startPeriod: '2026-01' });
    await bill(t, programId, '2026-01');
    const amend = (amount: string) =>
      t.as('finance_officer').post('/api/v1/budget-allocations').send({
        programId,
        fundingSourceId: bungo,
        fiscalYear: 2026,
        amount,
        documentRef: 'APBD-P 2026',
      });
    const before = await snapshot();
    const tooLow = await amend('-66401');
    expectProblem(tooLow, 422, 'BELOW_COMMITTED');
    expect(tooLow.body.remainingBudget).toBe('66400');
    expect(tooLow.body.errors).toEqual([{ path: 'amount', message: 'must not be below -66400' }]);
    expect(await snapshot()).toEqual(before);

    expect((await amend('-66400')).status).toBe(201);
    expect(await budgetLine(programId)).toMatchObject({
      allocated: '33600',
      billed: '33600',
      remaining: '0',
    });
    await expectLedgerClean(t);
  });
});

describe('overpayment', () => {
  /** Two workers billed for January to March: 33,600 outstanding each month. */
  async function billedQuarter(): Promise<string> {
    const programId = await bungoProgram('10000000');
    await enrolWorker(t, programId, { startPeriod: '2026-01' });
    await enrolWorker(t, programId, { startPeriod: '2026-01' });
    for (const period of ['2026-01', '2026-02', '2026-03']) await bill(t, programId, period);
    return programId;
  }
  let sp2d = 0;
  const payment = (programId: string, body: { period: string; periodTo?: string; amount: string }) => {
    sp2d += 1;
    return t
      .as('finance_officer')
      .post('/api/v1/payments')
      .send({
        programId,
        fundingSourceId: bungo,
        paidOn: '2026-04-10',
        sp2dNumber: `SP2D-EDGE-${sp2d}`,
        ...body,
      });
  };

  it('when a month is paid exactly its outstanding amount, then it is booked; one rupiah more is 422 OVERPAYMENT', async () => {
    const programId = await billedQuarter();
    const before = await snapshot();
    const over = await payment(programId, { period: '2026-01', amount: '33601' });
    expectProblem(over, 422, 'OVERPAYMENT');
    expect(over.body).toMatchObject({
      outstanding: '33600',
      outstandingByPeriod: [{ period: '2026-01', amount: '33600' }],
      errors: [{ path: 'amount', message: 'must not exceed the outstanding 33600' }],
    });
    expect(await snapshot()).toEqual(before);

    const exact = await payment(programId, { period: '2026-01', amount: '33600' });
    expect(exact.status, exact.text).toBe(201);
    expect(exact.body.allocations).toEqual([{ period: '2026-01', amount: '33600' }]);
    const more = await payment(programId, { period: '2026-01', amount: '1' });
    expectProblem(more, 422, 'OVERPAYMENT');
    expect(more.body.outstanding).toBe('0');
    await expectLedgerClean(t);
  });

  it('when a range is paid exactly what is left of it, then it fills the months oldest first; one rupiah more is 422 OVERPAYMENT', async () => {
    const programId = await billedQuarter();
    expect((await payment(programId, { period: '2026-02', amount: '10000' })).status).toBe(201);
    const range = { period: '2026-02', periodTo: '2026-03' };
    const before = await snapshot();
    const over = await payment(programId, { ...range, amount: '57201' });
    expectProblem(over, 422, 'OVERPAYMENT');
    expect(over.body).toMatchObject({
      outstanding: '57200',
      outstandingByPeriod: [
        { period: '2026-02', amount: '23600' },
        { period: '2026-03', amount: '33600' },
      ],
    });
    expect(await snapshot()).toEqual(before);

    const exact = await payment(programId, { ...range, amount: '57200' });
    expect(exact.status, exact.text).toBe(201);
    expect(exact.body.allocations).toEqual([
      { period: '2026-02', amount: '23600' },
      { period: '2026-03', amount: '33600' },
    ]);
    expectProblem(await payment(programId, { ...range, amount: '1' }), 422, 'OVERPAYMENT');
    await expectLedgerClean(t);
  });
});

describe('rate periods', () => {
  const rate = (effectiveFrom: string, effectiveTo?: string) =>
    t
      .as('admin')
      .post('/api/v1/contribution-rates')
      .send({
        benefit: 'JKM',
        flatAmount: '3400',
        sector: 'fisheries',
        effectiveFrom,
        ...(effectiveTo ? { effectiveTo } : {}),
      });

  it('when a rate ends in March and the next starts in April, then both stand; starting in March overlaps, 409 RATE_OVERLAP', async () => {
    const march = await rate('2026-01', '2026-03');
    expect(march.status, march.text).toBe(201);
    expect((await rate('2026-04', '2026-06')).status).toBe(201);
    expect((await rate('2025-10', '2025-12')).status).toBe(201);

    const before = await count(t.db, 'contribution_rates');
    const overlap = await rate('2026-03', '2026-03');
    expectProblem(overlap, 409, 'RATE_OVERLAP');
    expect(overlap.body.conflictingRate).toMatchObject({
      id: march.body.id,
      effectiveFrom: '2026-01',
      effectiveTo: '2026-03',
    });
    expectProblem(await rate('2025-12', '2026-01'), 409, 'RATE_OVERLAP');
    expect(await count(t.db, 'contribution_rates')).toBe(before);
  });

  it('when a rate is open-ended, then it overlaps every later start; a rate ending the month before another starts does not', async () => {
    expect((await rate('2030-01')).status).toBe(201);
    expectProblem(await rate('2045-06', '2045-06'), 409, 'RATE_OVERLAP');
    expect((await rate('2029-01', '2029-12')).status).toBe(201);
    expectProblem(await rate('2029-12'), 409, 'RATE_OVERLAP');
    // Ending in the month the 2029 rate starts overlaps it; ending the month before does not.
    expectProblem(await rate('2028-06', '2029-01'), 409, 'RATE_OVERLAP');
    expect((await rate('2028-06', '2028-12')).status).toBe(201);
  });
});
