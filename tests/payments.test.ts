import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestContext, type TestContext } from './support/harness.js';
import {
  allocate,
  bill,
  createProgram,
  enrolWorker,
  expectLedgerClean,
  fundingSourceIds,
} from './support/fixtures.js';

let t: TestContext;
let bungo: string;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-11-20T10:00:00' });
  bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
});
afterAll(async () => t.close());

/**
 * Each test's own programme, funded wholly by Bungo, with five workers from January billed for `periods`:
 * 5 × 16,800 = 84,000 a month to March, 5 × 8,400 = 42,000 from April (PP 50/2025).
 */
async function scenario(periods = ['2026-01', '2026-02', '2026-03', '2026-04']) {
  const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
  await allocate(t, program.id, bungo, '10000000');
  for (let i = 0; i < 5; i += 1) await enrolWorker(t, program.id, { startPeriod: '2026-01' });
  const runs: Record<string, string> = {};
  for (const period of periods) runs[period] = (await bill(t, program.id, period)).id;
  let sp2d = 0;
  const payment = (overrides: Record<string, unknown> = {}) => {
    sp2d += 1;
    return {
      programId: program.id,
      fundingSourceId: bungo,
      period: '2026-01',
      amount: '84000',
      paidOn: '2026-01-14',
      sp2dNumber: `SP2D-${sp2d}/${program.code}/2026`,
      ...overrides,
    };
  };
  const budgetLine = async () => {
    const res = await t.as('auditor').get(`/api/v1/budget-lines?programId=${program.id}`);
    return res.body.data[0] as { billed: string; paid: string; remaining: string };
  };
  const post = (body: Record<string, unknown>) => t.as('finance_officer').post('/api/v1/payments').send(body);
  return { program, runs, payment, budgetLine, post };
}

describe('payments', () => {
  it('when a month is paid in full, then it is booked as paid and the ledger is clean', async () => {
    const { payment, budgetLine, post } = await scenario();
    const res = await post(payment());
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      status: 'paid',
      amount: '84000',
      allocations: [{ period: '2026-01', amount: '84000' }],
    });
    expect(await budgetLine()).toMatchObject({ billed: '294000', paid: '84000' });
    expect(await count(t.db, 'audit_events', { action: 'payment.record', entity_id: res.body.id })).toBe(1);
    await expectLedgerClean(t);
  });

  it('when a payment exceeds the outstanding amount, then 422 OVERPAYMENT names it and nothing is written', async () => {
    const { payment, post } = await scenario();
    expect((await post(payment())).status).toBe(201);
    const before = await Promise.all(
      ['payments', 'payment_allocations', 'journal_entries'].map((tb) => count(t.db, tb)),
    );
    const res = await post(payment({ period: '2026-02', amount: '84001' }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'OVERPAYMENT', outstanding: '84000' });
    const paidMonth = await post(payment({ period: '2026-01', amount: '1' }));
    expect(paidMonth.status).toBe(422);
    expect(paidMonth.body.outstanding).toBe('0');
    expect(
      await Promise.all(['payments', 'payment_allocations', 'journal_entries'].map((tb) => count(t.db, tb))),
    ).toEqual(before);
  });

  it('when a payment covers a range, then it fills the oldest outstanding month first', async () => {
    const { payment, post } = await scenario();
    const res = await post(payment({ period: '2026-02', periodTo: '2026-04', amount: '100000' }));
    expect(res.status).toBe(201);
    expect(res.body.allocations).toEqual([
      { period: '2026-02', amount: '84000' },
      { period: '2026-03', amount: '16000' },
    ]);
    await expectLedgerClean(t);
  });

  it('when an SP2D number is reused, then 409, also after the payment is reversed', async () => {
    const { payment, post } = await scenario();
    const first = await post(payment({ period: '2026-03', amount: '1000' }));
    expect(first.status).toBe(201);
    const dup = await post({
      ...payment({ period: '2026-03', amount: '1000' }),
      sp2dNumber: first.body.sp2dNumber,
    });
    expect(dup.status).toBe(409);
    const reversal = await t
      .as('finance_officer')
      .post(`/api/v1/payments/${first.body.id}/reversal`)
      .send({ reason: 'wrong account' });
    expect(reversal.status).toBe(201);
    expect(reversal.body).toMatchObject({ paymentId: first.body.id, amount: '1000' });
    const again = await t
      .as('finance_officer')
      .post(`/api/v1/payments/${first.body.id}/reversal`)
      .send({ reason: 'twice' });
    expect(again.status).toBe(409);
    const reuse = await post({
      ...payment({ period: '2026-03', amount: '1000' }),
      sp2dNumber: first.body.sp2dNumber,
    });
    expect(reuse.status).toBe(409);
    const listed = await t.as('auditor').get(`/api/v1/payments/${first.body.id}`);
    expect(listed.body.status).toBe('reversed');
    await expectLedgerClean(t);
  });

  it.each([
    ['a future paidOn', 'paidOn', { paidOn: '2026-11-21' }],
    ['a paidOn before the period year', 'paidOn', { paidOn: '2025-12-31' }],
    ['an amount as a JSON number', 'amount', { amount: 84000 }],
    ['a zero amount', 'amount', { amount: '0' }],
    ['a periodTo before period', 'periodTo', { period: '2026-03', periodTo: '2026-02' }],
    ['an impossible date', 'paidOn', { paidOn: '2026-02-30' }],
  ])('when a payment has %s, then 400 naming %s and nothing is written', async (_n, path, overrides) => {
    const { payment, post } = await scenario(['2026-03', '2026-04']);
    const before = await count(t.db, 'payments');
    const res = await post(payment({ period: '2026-04', amount: '100', ...overrides }));
    expect(res.status).toBe(400);
    expect((res.body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
    expect(await count(t.db, 'payments')).toBe(before);
  });

  it('when the period is closed, then paying or reversing in it is 409 PERIOD_CLOSED', async () => {
    const { payment, post } = await scenario(['2026-05', '2026-06']);
    const paid = await post(payment({ period: '2026-06', amount: '100', paidOn: '2026-06-10' }));
    expect(paid.status).toBe(201);
    expect(
      (await t.as('auditor').post('/api/v1/periods/2026-06/close').send({ note: 'closed' })).status,
    ).toBe(200);
    try {
      const res = await post(
        payment({ period: '2026-05', periodTo: '2026-06', amount: '100', paidOn: '2026-06-10' }),
      );
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('PERIOD_CLOSED');
      const rev = await t
        .as('finance_officer')
        .post(`/api/v1/payments/${paid.body.id}/reversal`)
        .send({ reason: 'x' });
      expect(rev.status).toBe(409);
      expect(rev.body.code).toBe('PERIOD_CLOSED');
    } finally {
      await t.as('auditor').post('/api/v1/periods/2026-06/reopen').send({ note: 'reopened' });
    }
  });

  it('when the same Idempotency-Key is replayed, then one payment exists; with another body, 409', async () => {
    const { program, payment } = await scenario(['2026-04']);
    const body = payment({ period: '2026-04', amount: '500' });
    const keyed = () =>
      t.as('finance_officer').post('/api/v1/payments').set('Idempotency-Key', `pay-${program.id}`);
    const a = await keyed().send(body);
    const b = await keyed().send(body);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(await count(t.db, 'payments', { sp2d_number: body.sp2dNumber })).toBe(1);
    const c = await keyed().send({ ...body, amount: '501' });
    expect(c.status).toBe(409);
  });

  it('when two payments race for the same outstanding amount, then exactly one succeeds', async () => {
    const { payment, budgetLine, post } = await scenario();
    const outstanding = '42000';
    const results = await Promise.all([
      post(payment({ period: '2026-04', amount: outstanding })),
      post(payment({ period: '2026-04', amount: outstanding })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(await budgetLine()).toMatchObject({ billed: '294000', paid: outstanding });
    await expectLedgerClean(t);
  });

  it('when any of a run is paid, then cancelling it is refused', async () => {
    const { runs, payment, post } = await scenario();
    expect((await post(payment({ period: '2026-03', amount: '1' }))).status).toBe(201);
    const res = await t
      .as('finance_officer')
      .post(`/api/v1/billing-runs/${runs['2026-03']}/cancel`)
      .send({ reason: 'x' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('RUN_PAID');
  });

  it('when four eyes is on, then a payment counts only after a different finance officer approves it', async () => {
    const source = await t.as('admin').post('/api/v1/funding-sources').send({
      code: 'APBD-KAB-TEBO',
      name: 'APBD Kabupaten Tebo',
      level: 'regency',
      regionCode: '15.09',
      fourEyes: true,
    });
    const tebo = await createProgram(t, { fundingShares: [{ fundingSourceId: source.body.id, share: '1' }] });
    await allocate(t, tebo.id, source.body.id, '1000000');
    await enrolWorker(t, tebo.id, { startPeriod: '2026-01', regionCode: '15.09' });
    await bill(t, tebo.id, '2026-05');
    const second = await t
      .as('admin')
      .post('/api/v1/users')
      .send({ name: 'Second officer', role: 'finance_officer' });
    const body = {
      programId: tebo.id,
      fundingSourceId: source.body.id,
      period: '2026-05',
      amount: '8400',
      paidOn: '2026-05-10',
      sp2dNumber: 'SP2D-TEBO-1',
    };
    const recorded = await t.as('finance_officer').post('/api/v1/payments').send(body);
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ status: 'pending_approval', allocations: [] });
    const line = async () =>
      (await t.as('auditor').get(`/api/v1/budget-lines?programId=${tebo.id}`)).body.data[0];
    expect((await line()).paid).toBe('0');
    const self = await t.as('finance_officer').post(`/api/v1/payments/${recorded.body.id}/approve`);
    expect(self.status).toBe(403);
    const auditor = await t.as('auditor').post(`/api/v1/payments/${recorded.body.id}/approve`);
    expect(auditor.status).toBe(403);
    const approved = await supertest(t.app)
      .post(`/api/v1/payments/${recorded.body.id}/approve`)
      .set('Authorization', `Bearer ${second.body.token}`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'paid',
      approvedBy: second.body.id,
      allocations: [{ period: '2026-05', amount: '8400' }],
    });
    expect((await line()).paid).toBe('8400');
    const twice = await supertest(t.app)
      .post(`/api/v1/payments/${recorded.body.id}/approve`)
      .set('Authorization', `Bearer ${second.body.token}`);
    expect(twice.status).toBe(409);
    const { payment, post } = await scenario(['2026-05']);
    const plain = await post(payment({ period: '2026-05', amount: '100', paidOn: '2026-05-10' }));
    expect(plain.status).toBe(201);
    const notRequired = await t.as('finance_officer').post(`/api/v1/payments/${plain.body.id}/approve`);
    expect(notRequired.status).toBe(409);
    expect(notRequired.body.code).toBe('APPROVAL_NOT_REQUIRED');
    await expectLedgerClean(t);
  });

  it('when payments are listed by period, then those covering it are returned', async () => {
    const { program, payment, post } = await scenario();
    const january = await post(payment({ period: '2026-01', amount: '100' }));
    const range = await post(payment({ period: '2026-02', periodTo: '2026-04', amount: '100' }));
    const march = await post(payment({ period: '2026-03', amount: '100', paidOn: '2026-03-10' }));
    const april = await post(payment({ period: '2026-04', amount: '100', paidOn: '2026-04-10' }));
    for (const p of [january, range, march, april]) expect(p.status, p.text).toBe(201);
    const res = await t.as('auditor').get(`/api/v1/payments?period=2026-03&programId=${program.id}`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((p: { id: string }) => p.id)).toEqual([range.body.id, march.body.id]);
  });
});
