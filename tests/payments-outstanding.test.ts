import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/harness.js';
import { allocate, bill, createProgram, enrolWorker, fundingSourceIds, pay } from './support/fixtures.js';

let t: TestContext;
let bungo: string;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-11-20T10:00:00' });
  bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
});
afterAll(async () => t.close());

/**
 * A programme of Bungo alone with five workers billed January to April 2026: 5 × 16,800 = 84,000 a month
 * to March, 5 × 8,400 = 42,000 in April (PP 50/2025); billed 3 × 84,000 + 42,000 = 294,000.
 */
async function billedProgramme() {
  const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
  await allocate(t, program.id, bungo, '10000000');
  for (let i = 0; i < 5; i += 1) await enrolWorker(t, program.id, { startPeriod: '2026-01' });
  for (const period of ['2026-01', '2026-02', '2026-03', '2026-04']) await bill(t, program.id, period);
  return program;
}

const outstanding = (query: Record<string, string>, role: 'auditor' | 'finance_officer' = 'auditor') =>
  t.as(role).get(`/api/v1/payments/outstanding?${new URLSearchParams(query).toString()}`);

describe('GET /payments/outstanding', () => {
  it('when some months are paid, then it answers billed, paid and outstanding per month and in total', async () => {
    const program = await billedProgramme();
    await pay(t, { programId: program.id, fundingSourceId: bungo, period: '2026-01', amount: '84000' });
    await pay(t, { programId: program.id, fundingSourceId: bungo, period: '2026-02', amount: '50000' });
    const res = await outstanding({
      programId: program.id,
      fundingSourceId: bungo,
      period: '2026-01',
      periodTo: '2026-04',
    });
    expect(res.status, res.text).toBe(200);
    // Paid 84,000 + 50,000 = 134,000; outstanding 294,000 − 134,000 = 160,000.
    expect(res.body).toEqual({
      programId: program.id,
      fundingSourceId: bungo,
      period: '2026-01',
      periodTo: '2026-04',
      billed: '294000',
      paid: '134000',
      outstanding: '160000',
      byPeriod: [
        { period: '2026-01', billed: '84000', paid: '84000', outstanding: '0' },
        { period: '2026-02', billed: '84000', paid: '50000', outstanding: '34000' },
        { period: '2026-03', billed: '84000', paid: '0', outstanding: '84000' },
        { period: '2026-04', billed: '42000', paid: '0', outstanding: '42000' },
      ],
    });
  });

  it('when a payment is recorded, then the outstanding amount is exactly what recordPayment admits', async () => {
    const program = await billedProgramme();
    const month = { programId: program.id, fundingSourceId: bungo, period: '2026-03' };
    expect((await outstanding(month, 'finance_officer')).body.outstanding).toBe('84000');
    const body = { ...month, paidOn: '2026-03-10', sp2dNumber: `SP2D-OUT-${program.code}` };
    const over = await t
      .as('finance_officer')
      .post('/api/v1/payments')
      .send({ ...body, amount: '84001' });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('OVERPAYMENT');
    const exact = await t
      .as('finance_officer')
      .post('/api/v1/payments')
      .send({ ...body, amount: '84000' });
    expect(exact.status, exact.text).toBe(201);
    expect((await outstanding(month)).body).toMatchObject({ paid: '84000', outstanding: '0' });
    const reversed = await t
      .as('finance_officer')
      .post(`/api/v1/payments/${exact.body.id}/reversal`)
      .send({ reason: 'SP2D dibatalkan' });
    expect(reversed.status, reversed.text).toBe(201);
    expect((await outstanding(month)).body).toMatchObject({ paid: '0', outstanding: '84000' });
  });

  it('when a payment awaits four-eyes approval, then it does not reduce the outstanding amount', async () => {
    const source = await t.as('admin').post('/api/v1/funding-sources').send({
      code: 'APBD-KAB-MERANGIN',
      name: 'APBD Kabupaten Merangin',
      level: 'regency',
      regionCode: '15.02',
      fourEyes: true,
    });
    expect(source.status, source.text).toBe(201);
    const program = await createProgram(t, {
      fundingShares: [{ fundingSourceId: source.body.id, share: '1' }],
    });
    await allocate(t, program.id, source.body.id, '1000000');
    await enrolWorker(t, program.id, { startPeriod: '2026-01', regionCode: '15.02' });
    await bill(t, program.id, '2026-03');
    const month = { programId: program.id, fundingSourceId: source.body.id, period: '2026-03' };
    const recorded = await t
      .as('finance_officer')
      .post('/api/v1/payments')
      .send({ ...month, amount: '16800', paidOn: '2026-03-10', sp2dNumber: 'SP2D-MERANGIN-1' });
    expect(recorded.body.status).toBe('pending_approval');
    expect((await outstanding(month)).body).toMatchObject({
      billed: '16800',
      paid: '0',
      outstanding: '16800',
    });
  });

  it('when the query is wrong, then it is refused as recordPayment refuses the same fields', async () => {
    const program = await billedProgramme();
    const base = { programId: program.id, fundingSourceId: bungo, period: '2026-04' };
    const backwards = await outstanding({ ...base, periodTo: '2026-03' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].path).toBe('query.periodTo');
    const tooLong = await outstanding({ ...base, periodTo: '2027-04' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].path).toBe('query.periodTo');
    const missing = await outstanding({ programId: program.id, period: '2026-04' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe('query.fundingSourceId');
    const unknown = await outstanding({ ...base, programId: '999999' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('UNKNOWN_REFERENCE');
    const anonymous = await t.anon.get(
      `/api/v1/payments/outstanding?${new URLSearchParams(base).toString()}`,
    );
    expect(anonymous.status).toBe(401);
  });

  it('when no month of the range is billed, then everything is zero', async () => {
    const program = await billedProgramme();
    const res = await outstanding({
      programId: program.id,
      fundingSourceId: bungo,
      period: '2026-09',
      periodTo: '2026-10',
    });
    expect(res.body).toMatchObject({ billed: '0', paid: '0', outstanding: '0' });
    expect(res.body.byPeriod).toHaveLength(2);
  });

  it('when the OpenAPI document is read, then it describes the operation, its query and its refusals', async () => {
    const doc = await t.anon.get('/api/v1/openapi.json');
    const op = doc.body.paths['/api/v1/payments/outstanding']?.get;
    expect(op?.operationId).toBe('outstandingAmount');
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'fundingSourceId',
      'period',
      'periodTo',
      'programId',
    ]);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '422']));
  });
});
