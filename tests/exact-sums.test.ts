import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/harness.js';
import {
  allocate,
  bill,
  createProgram,
  enrolWorker,
  expectLedgerClean,
  fundingSourceIds,
  pay,
} from './support/fixtures.js';

/**
 * Sums beyond 2^53 (about 9.007 × 10^15) are exact on both databases: ten allocations of the largest
 * amount one request may carry put a budget line at 9,999,999,999,999,990 rupiah, which a JS number cannot
 * hold (SQLite's driver answered it as one, and every read of the line was a 500).
 */
const LARGEST = '999999999999999';
let t: TestContext;
let programId: string;
let sourceId: string;

beforeAll(async () => {
  t = await createTestContext();
  sourceId = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  programId = (await createProgram(t, { fundingShares: [{ fundingSourceId: sourceId, share: '1' }] })).id;
  for (let i = 0; i < 10; i += 1) await allocate(t, programId, sourceId, LARGEST);
  // One farmer billed for January (16,800) and paid.
  await enrolWorker(t, programId, { startPeriod: '2026-01' });
});
afterAll(async () => t.close());

const read = async (url: string) => {
  const res = await t.as('auditor').get(`/api/v1${url}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
};

describe('a budget line beyond 2^53 rupiah', () => {
  // One story in one test, since each step builds on the line the step before left (shuffled runs).
  it('when ten largest allocations are read back, billed and paid, then corrected down, every figure stays exact', async () => {
    expect((await read(`/budget-lines?programId=${programId}`)).data).toEqual([
      {
        programId,
        fundingSourceId: sourceId,
        fiscalYear: 2026,
        benefit: null,
        accountCode: null,
        // The first of the ten is the original, the nine others amendments: 999,999,999,999,999 each.
        original: '999999999999999',
        amended: '9999999999999990',
        allocated: '9999999999999990',
        billed: '0',
        paid: '0',
        remaining: '9999999999999990',
      },
    ]);
    const totals = await read('/reports/totals?from=2026-01&to=2026-12');
    expect(totals.total).toMatchObject({ budget: '9999999999999990', remainingBudget: '9999999999999990' });
    const burn = await read('/reports/budget-burn?fiscalYear=2026&asOf=2026-01');
    expect(burn.rows).toEqual([
      expect.objectContaining({ programId, ceiling: '9999999999999990', remaining: '9999999999999990' }),
    ]);
    await expectLedgerClean(t);

    // Billed and paid: still exact to the rupiah.
    expect(await bill(t, programId, '2026-01')).toMatchObject({ totalAmount: '16800' });
    await pay(t, { programId, fundingSourceId: sourceId, period: '2026-01', amount: '16800' });
    expect((await read(`/budget-lines?programId=${programId}`)).data[0]).toMatchObject({
      allocated: '9999999999999990',
      billed: '16800',
      paid: '16800',
      remaining: '9999999999983190',
    });
    const paidTotals = await read('/reports/totals?from=2026-01&to=2026-12');
    expect(paidTotals.total).toMatchObject({
      budget: '9999999999999990',
      billed: '16800',
      paid: '16800',
      remainingBudget: '9999999999983190',
    });
    await expectLedgerClean(t);

    // A corrective negative allocation is booked and the line stays exact.
    const res = await t
      .as('finance_officer')
      .post('/api/v1/budget-allocations')
      .send({
        programId,
        fundingSourceId: sourceId,
        fiscalYear: 2026,
        amount: `-${LARGEST}`,
        documentRef: 'APBD-P 2026',
      });
    expect(res.status, res.text).toBe(201);
    expect((await read(`/budget-lines?programId=${programId}`)).data[0]).toMatchObject({
      allocated: '8999999999999991',
      remaining: '8999999999983191',
    });
    await expectLedgerClean(t);
  });
});

describe('the limit of all allocations together', () => {
  let c: TestContext;
  let program: string;
  let source: string;

  beforeAll(async () => {
    c = await createTestContext();
    source = (await fundingSourceIds(c))['APBD-KAB-BUNGO']!;
    program = (await createProgram(c, { fundingShares: [{ fundingSourceId: source, share: '1' }] })).id;
    // A thousand allocations of the largest amount, written directly: 999,999,999,999,999,000 in all.
    const rows = Array.from({ length: 1000 }, () => ({
      program_id: Number(program),
      funding_source_id: Number(source),
      fiscal_year: 2026,
      amount: LARGEST,
      document_ref: 'DPA',
      created_by: 'test',
      created_at: '2026-11-20T10:00:00.000+07:00',
    }));
    for (let i = 0; i < rows.length; i += 200)
      await c.db('budget_allocations').insert(rows.slice(i, i + 200));
  });
  afterAll(async () => c.close());

  const allocateIn = (amount: string) =>
    c.as('finance_officer').post('/api/v1/budget-allocations').set('Accept-Language', 'en').send({
      programId: program,
      fundingSourceId: source,
      fiscalYear: 2027,
      amount,
      documentRef: 'DPA 2027',
    });

  // One story in one test: each step starts from the total the step before left.
  it('when allocations approach 10^18, then past it is a 422 naming the limit, exactly at it is booked, and a correction still works', async () => {
    const res = await allocateIn(LARGEST);
    expect(res.status, res.text).toBe(422);
    expect(res.body).toMatchObject({
      code: 'AMOUNT_TOO_LARGE',
      detail:
        'the allocations of all budget lines would total 1000999999999998999; together they may not exceed 1000000000000000000',
      limit: '1000000000000000000',
      errors: [{ path: 'amount', message: 'must be at most 1000' }],
    });

    // Reaching the limit exactly is booked; one rupiah more is refused.
    expect((await allocateIn('1000')).status).toBe(201);
    const over = await allocateIn('1');
    expect(over.status, over.text).toBe(422);
    expect(over.body.errors).toEqual([{ path: 'amount', message: 'must be at most 0' }]);

    // At the limit, a corrective negative allocation still works.
    const correction = await allocateIn('-5');
    expect(correction.status, correction.text).toBe(201);
    expect((await allocateIn('5')).status).toBe(201);
  });
});
