import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/harness.js';
import { allocate, createProgram, enrolWorker, fundingSourceIds } from './support/fixtures.js';

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
