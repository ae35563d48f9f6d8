import supertest, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestContext, type TestContext } from '../support/harness.js';
import { allocate, createProgram, expectLedgerClean, fundingSourceIds } from '../support/fixtures.js';
import {
  expectAuditChainValid,
  expectProblem,
  importWorkers,
  problemDefect,
  statementCsv,
} from '../support/reliability.js';

let t: TestContext;
let bungo: string;
let programId: string;
let secondOfficer: string;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-11-20T10:00:00' });
  bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  programId = (await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] })).id;
  await allocate(t, programId, bungo, '100000000');
  await importWorkers(t, programId, 0, 5);
  for (const period of ['2026-01', '2026-02', '2026-03']) {
    const run = await t.as('finance_officer').post('/api/v1/billing-runs').send({ period, programId });
    expect(run.status, run.text).toBe(201);
  }
  const second = await t
    .as('admin')
    .post('/api/v1/users')
    .send({ name: 'Second officer', role: 'finance_officer' });
  expect(second.status).toBe(201);
  secondOfficer = second.body.token as string;
});
afterAll(async () => t.close());

type Method = 'post' | 'put';
function send(token: string, method: Method, url: string, key: string, body: object | string) {
  const agent = supertest(t.app);
  const req = agent[method](url).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key);
  return typeof body === 'string' ? req.set('Content-Type', 'text/csv').send(body) : req.send(body);
}
const asOfficer = (url: string, key: string, body: object | string) =>
  send(t.tokens.finance_officer, 'post', url, key, body);

/**
 * Twenty copies at once: exactly one does the work, every other answer is that one again (same status and
 * body, marked replayed) or a 409 while it is still in flight, never a "reused with another body".
 */
async function twentyAtOnce(request: () => PromiseLike<Response>): Promise<Response> {
  const answers = await Promise.all(Array.from({ length: 20 }, request));
  const fresh = answers.filter((a) => a.status < 300 && a.headers['idempotent-replayed'] !== 'true');
  expect(
    fresh.length,
    answers
      .map((a) => `${a.status} ${a.headers['idempotent-replayed'] ?? ''} ${a.text.slice(0, 120)}`)
      .join('\n'),
  ).toBe(1);
  const first = fresh[0]!;
  for (const a of answers) {
    if (a.status === 409) {
      expect(problemDefect(a)).toBeNull();
      expect(a.body.code).not.toBe('IDEMPOTENCY_KEY_REUSED');
      continue;
    }
    expect(a.status, a.text).toBe(first.status);
    expect(a.body).toEqual(first.body);
  }
  return first;
}

let sp2d = 0;
function payment(overrides: Record<string, unknown> = {}) {
  sp2d += 1;
  return {
    programId,
    fundingSourceId: bungo,
    period: '2026-01',
    amount: '1000',
    paidOn: '2026-02-10',
    sp2dNumber: `SP2D-IDEM-${sp2d}/BUNGO/2026`,
    ...overrides,
  };
}

describe('the same Idempotency-Key twenty times at once', () => {
  it('when a payment is sent 20 times, then one payment exists, and the key with another body is a 409', async () => {
    const body = payment();
    const first = await twentyAtOnce(() => asOfficer('/api/v1/payments', 'pay-burst', body));
    expect(first.status).toBe(201);
    expect(await count(t.db, 'payments', { sp2d_number: body.sp2dNumber })).toBe(1);
    expect(await count(t.db, 'journal_entries', { source_type: 'payment', source_id: first.body.id })).toBe(
      1,
    );
    expect(await count(t.db, 'audit_events', { action: 'payment.record', entity_id: first.body.id })).toBe(1);

    const payments = await count(t.db, 'payments');
    const other = await asOfficer('/api/v1/payments', 'pay-burst', { ...body, amount: '1001' });
    expectProblem(other, 409, 'IDEMPOTENCY_KEY_REUSED');
    expect(await count(t.db, 'payments')).toBe(payments);
    await expectLedgerClean(t);
  });

  it('when a budget allocation is sent 20 times, then one allocation exists', async () => {
    const body = {
      programId,
      fundingSourceId: bungo,
      fiscalYear: 2026,
      amount: '5000000',
      documentRef: 'DPA-IDEM-1',
    };
    const first = await twentyAtOnce(() => asOfficer('/api/v1/budget-allocations', 'alloc-burst', body));
    expect(first.status).toBe(201);
    expect(await count(t.db, 'budget_allocations', { document_ref: 'DPA-IDEM-1' })).toBe(1);
    const other = await asOfficer('/api/v1/budget-allocations', 'alloc-burst', {
      ...body,
      amount: '5000001',
    });
    expectProblem(other, 409, 'IDEMPOTENCY_KEY_REUSED');
    expect(await count(t.db, 'budget_allocations', { document_ref: 'DPA-IDEM-1' })).toBe(1);
    await expectLedgerClean(t);
  });

  it('when a billing run is sent 20 times, then one run exists and every answer is its 201', async () => {
    const body = { period: '2026-04', programId };
    const first = await twentyAtOnce(() => asOfficer('/api/v1/billing-runs', 'run-burst', body));
    expect(first.status).toBe(201);
    expect(first.body.obligationCount).toBe(5);
    expect(await count(t.db, 'billing_runs', { program_id: programId, period: '2026-04' })).toBe(1);
    expect(await count(t.db, 'obligations', { program_id: programId, period: '2026-04' })).toBe(5);
    const other = await asOfficer('/api/v1/billing-runs', 'run-burst', { period: '2026-05', programId });
    expectProblem(other, 409, 'IDEMPOTENCY_KEY_REUSED');
    expect(await count(t.db, 'billing_runs', { program_id: programId, period: '2026-05' })).toBe(0);
    await expectLedgerClean(t);
  });

  it('when a reversal is sent 20 times, then the payment is reversed once', async () => {
    const paid = await asOfficer('/api/v1/payments', 'pay-to-reverse', payment({ period: '2026-02' }));
    expect(paid.status, paid.text).toBe(201);
    const first = await twentyAtOnce(() =>
      asOfficer(`/api/v1/payments/${paid.body.id}/reversal`, 'rev-burst', { reason: 'wrong account' }),
    );
    expect(first.status).toBe(201);
    expect(await count(t.db, 'payment_reversals', { payment_id: paid.body.id })).toBe(1);
    expect(await count(t.db, 'journal_entries', { kind: 'payment_reversal' })).toBe(1);
    await expectLedgerClean(t);
  });

  it('when a statement is sent 20 times, then one statement exists and every answer is its 201', async () => {
    const file = statementCsv(0, 5, '16800');
    const first = await twentyAtOnce(() =>
      asOfficer(`/api/v1/statements?programId=${programId}&period=2026-03`, 'stmt-burst', file),
    );
    expect(first.status).toBe(201);
    expect(await count(t.db, 'statements', { program_id: programId, period: '2026-03' })).toBe(1);
    const other = await asOfficer(
      `/api/v1/statements?programId=${programId}&period=2026-03`,
      'stmt-burst',
      statementCsv(0, 4, '16800'),
    );
    expectProblem(other, 409, 'IDEMPOTENCY_KEY_REUSED');
    expect(await count(t.db, 'statements', { program_id: programId, period: '2026-03' })).toBe(1);
    await expectLedgerClean(t);
  });
});

describe('the scope of a key', () => {
  it('when two users send the same key and body, then each gets a thing of their own', async () => {
    const body = {
      programId,
      fundingSourceId: bungo,
      fiscalYear: 2026,
      amount: '1000',
      documentRef: 'DPA-TWO-USERS',
    };
    const mine = await asOfficer('/api/v1/budget-allocations', 'shared-key', body);
    const theirs = await send(secondOfficer, 'post', '/api/v1/budget-allocations', 'shared-key', body);
    expect(mine.status, mine.text).toBe(201);
    expect(theirs.status, theirs.text).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await count(t.db, 'budget_allocations', { document_ref: 'DPA-TWO-USERS' })).toBe(2);
  });

  it('when two users send the same key with different payments, then both are booked', async () => {
    const mine = await asOfficer('/api/v1/payments', 'shared-pay-key', payment());
    const theirs = await send(secondOfficer, 'post', '/api/v1/payments', 'shared-pay-key', payment());
    expect(mine.status, mine.text).toBe(201);
    expect(theirs.status, theirs.text).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    await expectLedgerClean(t);
  });

  it('when one user sends the same key to two endpoints, then each endpoint creates its own thing', async () => {
    const alloc = await asOfficer('/api/v1/budget-allocations', 'one-key-two-doors', {
      programId,
      fundingSourceId: bungo,
      fiscalYear: 2026,
      amount: '1000',
      documentRef: 'DPA-TWO-DOORS',
    });
    const pay = await asOfficer('/api/v1/payments', 'one-key-two-doors', payment());
    expect(alloc.status, alloc.text).toBe(201);
    expect(pay.status, pay.text).toBe(201);
  });

  it('when a key is replayed 23 hours later, then the first answer comes back and nothing is created', async () => {
    const body = payment();
    const first = await asOfficer('/api/v1/payments', 'next-day', body);
    expect(first.status).toBe(201);
    t.setNow('2026-11-21T09:00:00');
    try {
      const again = await asOfficer('/api/v1/payments', 'next-day', body);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(await count(t.db, 'payments', { sp2d_number: body.sp2dNumber })).toBe(1);
    } finally {
      t.setNow('2026-11-20T10:00:00');
    }
  });
});

describe('refused requests', () => {
  it('when a payment is refused, then its key is not stored: the same request succeeds once it fits', async () => {
    const body = payment({ period: '2026-06', amount: '1000', paidOn: '2026-06-10' });
    const refused = await asOfficer('/api/v1/payments', 'pay-too-early', body);
    expectProblem(refused, 422, 'OVERPAYMENT');
    expect(await count(t.db, 'idempotency_keys', { key: 'pay-too-early' })).toBe(0);
    const stillRefused = await asOfficer('/api/v1/payments', 'pay-too-early', body);
    expectProblem(stillRefused, 422, 'OVERPAYMENT');
    expect(stillRefused.headers['idempotent-replayed']).toBeUndefined();

    const run = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2026-06', programId });
    expect(run.status).toBe(201);
    const accepted = await asOfficer('/api/v1/payments', 'pay-too-early', body);
    expect(accepted.status, accepted.text).toBe(201);
    expect(accepted.headers['idempotent-replayed']).toBeUndefined();
    const replayed = await asOfficer('/api/v1/payments', 'pay-too-early', body);
    expect(replayed.status).toBe(201);
    expect(replayed.body).toEqual(accepted.body);
    expect(await count(t.db, 'payments', { sp2d_number: body.sp2dNumber })).toBe(1);
    await expectLedgerClean(t);
  });

  it('when a refused payment is corrected and sent with a new key, then it is booked once', async () => {
    const wrong = payment({ period: '2026-03', amount: '999999999' });
    const refused = await asOfficer('/api/v1/payments', 'pay-typo', wrong);
    expectProblem(refused, 422, 'OVERPAYMENT');
    expect(await count(t.db, 'payments', { sp2d_number: wrong.sp2dNumber })).toBe(0);
    const corrected = await asOfficer('/api/v1/payments', 'pay-typo-corrected', {
      ...wrong,
      amount: '16800',
    });
    expect(corrected.status, corrected.text).toBe(201);
    expect(await count(t.db, 'payments', { sp2d_number: wrong.sp2dNumber })).toBe(1);
  });

  it('when a budget cut is refused, then nothing is stored and the key can be used once the cut fits', async () => {
    const body = {
      programId,
      fundingSourceId: bungo,
      fiscalYear: 2026,
      amount: '-1000000000',
      documentRef: 'APBD-P-TOO-DEEP',
    };
    const refused = await asOfficer('/api/v1/budget-allocations', 'cut-too-deep', body);
    expectProblem(refused, 422, 'BELOW_COMMITTED');
    expect(await count(t.db, 'idempotency_keys', { key: 'cut-too-deep' })).toBe(0);
    expect(await count(t.db, 'budget_allocations', { document_ref: 'APBD-P-TOO-DEEP' })).toBe(0);

    await allocate(t, programId, bungo, '2000000000');
    const accepted = await asOfficer('/api/v1/budget-allocations', 'cut-too-deep', body);
    expect(accepted.status, accepted.text).toBe(201);
    expect(accepted.headers['idempotent-replayed']).toBeUndefined();
    expect(await count(t.db, 'budget_allocations', { document_ref: 'APBD-P-TOO-DEEP' })).toBe(1);
    await expectLedgerClean(t);
    await expectAuditChainValid(t);
  });
});

describe('the OpenAPI document', () => {
  it.each([
    '/api/v1/billing-runs',
    '/api/v1/payments',
    '/api/v1/payments/{id}/reversal',
    '/api/v1/budget-allocations',
    '/api/v1/statements',
  ])('when POST %s is described, then it declares the Idempotency-Key header', async (path) => {
    const doc = await t.anon.get('/api/v1/openapi.json');
    const params = (doc.body.paths[path]?.post?.parameters ?? []) as { name: string; in: string }[];
    expect(params.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')).toBe(true);
  });
});

describe('malformed keys', () => {
  const statementUrl = () => `/api/v1/statements?programId=${programId}&period=2026-02`;
  it.each([
    ['a key of 201 characters', 'k'.repeat(201)],
    ['a key with a space', 'two words'],
    ['a key with a slash', 'a/b'],
  ])('when %s is sent, then every idempotent endpoint answers 400 and writes nothing', async (_name, key) => {
    const before = await Promise.all(
      ['payments', 'budget_allocations', 'billing_runs', 'statements', 'idempotency_keys'].map((tb) =>
        count(t.db, tb),
      ),
    );
    const answers = [
      await asOfficer('/api/v1/payments', key, payment({ period: '2026-02' })),
      await asOfficer('/api/v1/budget-allocations', key, {
        programId,
        fundingSourceId: bungo,
        fiscalYear: 2026,
        amount: '1',
        documentRef: 'DPA-BAD-KEY',
      }),
      await asOfficer('/api/v1/billing-runs', key, { period: '2026-07', programId }),
      await asOfficer(statementUrl(), key, statementCsv(0, 5, '16800')),
    ];
    for (const a of answers) expectProblem(a, 400);
    expect(
      await Promise.all(
        ['payments', 'budget_allocations', 'billing_runs', 'statements', 'idempotency_keys'].map((tb) =>
          count(t.db, tb),
        ),
      ),
    ).toEqual(before);
  });
});
