import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, countCredited, createTestContext, type TestContext } from '../support/harness.js';
import { allocate, createProgram, expectLedgerClean, fundingSourceIds } from '../support/fixtures.js';
import {
  expectAuditChainValid,
  importWorkers,
  problemDefect,
  statementCsv,
  statusCounts,
  sumOf,
} from '../support/reliability.js';

/**
 * Concurrent requests to one app in one process: they share its single SQLite connection, so on SQLite
 * they queue rather than race. `racing.test.ts` races three server processes on one database.
 */
let t: TestContext;
let sources: Record<string, string>;
let bungo: string;
let province: string;
/** Each describe block enrols its own workers; this keeps their NIKs apart. */
let nextWorker = 0;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-11-20T10:00:00' });
  sources = await fundingSourceIds(t);
  bungo = sources['APBD-KAB-BUNGO']!;
  province = sources['APBD-PROV-JAMBI']!;
});
afterAll(async () => t.close());

async function programWithWorkers(
  workers: number,
  shares: { fundingSourceId: string; share: string }[],
  budget: string,
): Promise<string> {
  const program = await createProgram(t, { fundingShares: shares });
  for (const s of shares) await allocate(t, program.id, s.fundingSourceId, budget);
  await importWorkers(t, program.id, nextWorker, workers);
  nextWorker += workers;
  return program.id;
}

async function billOnce(programId: string, period: string): Promise<string> {
  const res = await t.as('finance_officer').post('/api/v1/billing-runs').send({ period, programId });
  expect(res.status, res.text).toBe(201);
  return res.body.totalAmount as string;
}

/** Sends every request at once and waits for all of them. */
function together<T>(n: number, request: (i: number) => PromiseLike<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_v, i) => request(i)));
}

describe('payments racing for the same outstanding amount', () => {
  it('when 50 payments race and only k fit, then exactly k are booked, the others are 422 OVERPAYMENT', async () => {
    const programId = await programWithWorkers(5, [{ fundingSourceId: bungo, share: '1' }], '100000000');
    const outstanding = BigInt(await billOnce(programId, '2026-03'));
    const amount = 11_000n;
    const fit = Number(outstanding / amount);
    expect(fit).toBeGreaterThan(1);
    expect(fit).toBeLessThan(50);

    const answers = await together(50, (i) =>
      t
        .as('finance_officer')
        .post('/api/v1/payments')
        .send({
          programId,
          fundingSourceId: bungo,
          period: '2026-03',
          amount: amount.toString(),
          paidOn: '2026-03-14',
          sp2dNumber: `SP2D-RACE-${i}/BUNGO/2026`,
        }),
    );

    expect(statusCounts(answers)).toEqual({ 201: fit, 422: 50 - fit });
    for (const refused of answers.filter((a) => a.status === 422)) {
      expect(problemDefect(refused)).toBeNull();
      expect(refused.body.code).toBe('OVERPAYMENT');
    }
    const paid = (BigInt(fit) * amount).toString();
    expect(await count(t.db, 'payments', { program_id: programId })).toBe(fit);
    expect(await sumOf(t, 'payments', 'amount', { program_id: programId })).toBe(paid);
    expect(
      await sumOf(t, 'payment_allocations', 'amount', { program_id: programId, period: '2026-03' }),
    ).toBe(paid);
    const line = await t.as('auditor').get(`/api/v1/budget-lines?programId=${programId}`);
    expect(line.body.data[0]).toMatchObject({ billed: outstanding.toString(), paid });
    expect(await count(t.db, 'audit_events', { action: 'payment.record' })).toBe(fit);
    await expectLedgerClean(t);
    await expectAuditChainValid(t);
  });
});

describe('billing runs racing for the same programme and month', () => {
  it('when 50 runs race, then each worker and share is billed exactly once and one run carries them', async () => {
    const workers = 40;
    const programId = await programWithWorkers(
      workers,
      [
        { fundingSourceId: province, share: '0.6' },
        { fundingSourceId: bungo, share: '0.4' },
      ],
      '100000000',
    );

    const answers = await together(50, () =>
      t.as('finance_officer').post('/api/v1/billing-runs').send({ period: '2026-03', programId }),
    );

    expect(statusCounts(answers)).toEqual({ 201: 1, 200: 49 });
    const counts = answers.map((a) => a.body.obligationCount as number);
    expect(counts.filter((c) => c > 0)).toEqual([workers * 2]);
    expect(counts.filter((c) => c === 0)).toHaveLength(49);

    const perShare = (await t
      .db('obligations')
      .where({ program_id: programId, period: '2026-03' })
      .groupBy('beneficiary_id', 'funding_source_id')
      .select('beneficiary_id', 'funding_source_id')
      .count({ n: '*' })) as { n: number | string }[];
    expect(perShare).toHaveLength(workers * 2);
    expect(perShare.every((r) => Number(r.n) === 1)).toBe(true);
    const runs = await t.db('billing_runs').where({ program_id: programId, period: '2026-03' });
    expect(runs).toHaveLength(50);
    expect(runs.filter((r) => Number(r.obligation_count) > 0)).toHaveLength(1);
    const journal = await t.db('journal_entries').where({ source_type: 'billing_run' });
    expect(journal.filter((e) => runs.some((r) => String(r.id) === String(e.source_id)))).toHaveLength(1);
    await expectLedgerClean(t);
    await expectAuditChainValid(t);
  });
});

describe('the same statement uploaded many times at once', () => {
  it('when 20 uploads of one file race, then one statement exists and every answer names it', async () => {
    const from = nextWorker;
    const programId = await programWithWorkers(10, [{ fundingSourceId: bungo, share: '1' }], '100000000');
    const total = BigInt(await billOnce(programId, '2026-03'));
    const perWorker = (total / 10n).toString();
    const file = statementCsv(from, 10, perWorker);

    const answers = await together(20, () =>
      t
        .as('finance_officer')
        .post(`/api/v1/statements?programId=${programId}&period=2026-03`)
        .set('Content-Type', 'text/csv')
        .send(file),
    );

    expect(answers.filter((a) => a.status >= 300).map((a) => `${a.status} ${a.text}`)).toEqual([]);
    expect(statusCounts(answers)).toEqual({ 201: 1, 200: 19 });
    const ids = new Set(answers.map((a) => a.body.id as string));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(answers[0]!.body.summary).toMatchObject({ lines: 10, matched: 10 });
    expect(await count(t.db, 'statements', { program_id: programId, period: '2026-03' })).toBe(1);
    expect(await count(t.db, 'statement_lines', { statement_id: id })).toBe(10);
    expect(await count(t.db, 'statement_lines')).toBe(10);
    expect(await countCredited(t.db, { program_id: programId })).toBe(10);
    expect(await count(t.db, 'journal_entries', { source_type: 'statement' })).toBe(1);
    await expectLedgerClean(t);
    await expectAuditChainValid(t);
  });
});

describe('budget cuts racing each other and a billing run', () => {
  it('when cuts race, then only those that fit are made and the ceiling never drops below what is billed', async () => {
    const programId = await programWithWorkers(10, [{ fundingSourceId: bungo, share: '1' }], '1000000');
    const billed = BigInt(await billOnce(programId, '2026-03'));
    const cut = 100_000n;
    const fit = Number((1_000_000n - billed) / cut);
    expect(fit).toBeGreaterThan(1);

    const answers = await together(20, (i) =>
      t
        .as('finance_officer')
        .post('/api/v1/budget-allocations')
        .send({
          programId,
          fundingSourceId: bungo,
          fiscalYear: 2026,
          amount: (-cut).toString(),
          documentRef: `APBD-P 2026/${i}`,
        }),
    );

    expect(statusCounts(answers)).toEqual({ 201: fit, 422: 20 - fit });
    for (const refused of answers.filter((a) => a.status === 422))
      expect(refused.body.code).toBe('BELOW_COMMITTED');
    const allocated = BigInt(await sumOf(t, 'budget_allocations', 'amount', { program_id: programId }));
    expect(allocated).toBe(1_000_000n - BigInt(fit) * cut);
    expect(allocated >= billed).toBe(true);
    await expectLedgerClean(t);
  });

  it('when cuts race a billing run for the next month, then whichever wins, the ceiling still covers what is billed', async () => {
    const programId = await programWithWorkers(10, [{ fundingSourceId: bungo, share: '1' }], '1000000');
    await billOnce(programId, '2026-03');
    const cut = 100_000n;

    const run = t.as('finance_officer').post('/api/v1/billing-runs').send({ period: '2026-04', programId });
    const cuts = together(10, (i) =>
      t
        .as('finance_officer')
        .post('/api/v1/budget-allocations')
        .send({
          programId,
          fundingSourceId: bungo,
          fiscalYear: 2026,
          amount: (-cut).toString(),
          documentRef: `APBD-P 2026/mix-${i}`,
        }),
    );
    const [runAnswer, cutAnswers] = await Promise.all([run, cuts]);

    expect([201, 422]).toContain(runAnswer.status);
    if (runAnswer.status === 422) expect(runAnswer.body.code).toBe('OVER_BUDGET');
    for (const a of cutAnswers) {
      expect([201, 422]).toContain(a.status);
      if (a.status === 422) expect(a.body.code).toBe('BELOW_COMMITTED');
    }
    const allocated = BigInt(await sumOf(t, 'budget_allocations', 'amount', { program_id: programId }));
    const billed = BigInt(
      await t
        .db('obligations')
        .where({ program_id: programId })
        .whereNot('status', 'cancelled')
        .sum({ s: 'amount' })
        .first()
        .then((r) => String(r?.s ?? 0)),
    );
    expect(allocated >= billed).toBe(true);
    // A cut is refused only when it no longer fits: what is left is less than one more cut.
    if (cutAnswers.some((a) => a.status === 422)) expect(allocated - billed < cut).toBe(true);
    const line = await t.as('auditor').get(`/api/v1/budget-lines?programId=${programId}`);
    expect(BigInt(line.body.data[0].remaining as string)).toBe(allocated - billed);
    await expectLedgerClean(t);
    await expectAuditChainValid(t);
  });
});
