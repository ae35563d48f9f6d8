import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestContext, makeNik, type TestContext } from './support/harness.js';
import {
  allocate,
  bill,
  createCoFundedProgram,
  createProgram,
  enrolWorker,
  fundingSourceIds,
  pay,
} from './support/fixtures.js';
import { expectOutOfScope, scopedUser } from './support/scope.js';

/**
 * Writes outside the caller's scope: a Bungo finance officer next to the province's (province-wide) one,
 * and a Kota Jambi program manager next to Bungo's beneficiaries.
 */
let t: TestContext;
let bungo: string;
let province: string;
let bungoOfficer: Awaited<ReturnType<typeof scopedUser>>;
let kotaJambiManager: Awaited<ReturnType<typeof scopedUser>>;
/** Wholly Bungo's programme, and one the province co-funds (0.6 province, 0.4 Bungo). */
let own: { id: string; code: string };
let coFunded: { id: string; code: string };

beforeAll(async () => {
  t = await createTestContext();
  const sources = await fundingSourceIds(t);
  bungo = sources['APBD-KAB-BUNGO']!;
  province = sources['APBD-PROV-JAMBI']!;
  bungoOfficer = await scopedUser(t, 'finance_officer', { fundingSourceIds: [bungo] });
  kotaJambiManager = await scopedUser(t, 'program_manager', { regionCodes: ['15.71'] });
  own = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
  coFunded = await createCoFundedProgram(t, 'DUMISAKE-BUNGO', province, bungo);
  await allocate(t, own.id, bungo, '10000000');
  await allocate(t, coFunded.id, province, '10000000');
  await allocate(t, coFunded.id, bungo, '10000000');
  await enrolWorker(t, own.id, { startPeriod: '2026-01' });
  await enrolWorker(t, coFunded.id, { startPeriod: '2026-01' });
});
afterAll(async () => t.close());

describe('money by funding source', () => {
  it('when the Bungo officer allocates budget, then Bungo’s share is accepted and the province’s refused', async () => {
    const ok = await bungoOfficer.post('/api/v1/budget-allocations').send({
      programId: coFunded.id,
      fundingSourceId: bungo,
      fiscalYear: 2026,
      amount: '1000',
      documentRef: 'DPA',
    });
    expect(ok.status, ok.text).toBe(201);
    const before = await count(t.db, 'budget_allocations');
    const refused = await bungoOfficer.post('/api/v1/budget-allocations').send({
      programId: coFunded.id,
      fundingSourceId: province,
      fiscalYear: 2026,
      amount: '1000',
      documentRef: 'DPA',
    });
    expectOutOfScope(refused, `funding source ${province} is outside your scope`);
    expect(await count(t.db, 'budget_allocations')).toBe(before);
  });

  it('when the Bungo officer asks what an SP2D may still cover, then Bungo’s source answers and the province’s is refused', async () => {
    await bill(t, coFunded.id, '2026-03');
    const query = { programId: coFunded.id, period: '2026-03' };
    const ok = await bungoOfficer
      .get('/api/v1/payments/outstanding')
      .query({ ...query, fundingSourceId: bungo });
    // One worker at Rp 16,800, Bungo's 0.4 share: 6,720.
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.outstanding).toBe('6720');
    const refused = await bungoOfficer
      .get('/api/v1/payments/outstanding')
      .query({ ...query, fundingSourceId: province });
    expectOutOfScope(refused, `funding source ${province}`);
  });

  it('when the Bungo officer records an SP2D of the province, then it is refused in both languages and nothing is written', async () => {
    const body = {
      programId: coFunded.id,
      fundingSourceId: province,
      period: '2026-01',
      amount: '1000',
      paidOn: '2026-01-10',
      sp2dNumber: 'SP2D-PROV-1',
    };
    const before = await count(t.db, 'payments');
    const en = await bungoOfficer.post('/api/v1/payments').send(body);
    expectOutOfScope(en, `funding source ${province}`);
    const id = await bungoOfficer.post('/api/v1/payments').set('Accept-Language', 'id').send(body);
    expect(id.body).toMatchObject({
      title: 'Di luar cakupan Anda',
      detail: `sumber dana ${province} di luar cakupan Anda`,
    });
    expect(await count(t.db, 'payments')).toBe(before);
  });

  it('when a billing run reaches outside the scope, then it is refused; the province’s officer bills the same programme', async () => {
    const runsBefore = await count(t.db, 'billing_runs');
    expectOutOfScope(
      await bungoOfficer.post('/api/v1/billing-runs').send({ period: '2026-01', programId: coFunded.id }),
      `funding source ${province}`,
    );
    const every = await bungoOfficer.post('/api/v1/billing-runs').send({ period: '2026-01' });
    expectOutOfScope(every, 'name a programme');
    expect(await count(t.db, 'billing_runs')).toBe(runsBefore);
    const mine = await bungoOfficer
      .post('/api/v1/billing-runs')
      .send({ period: '2026-01', programId: own.id });
    expect(mine.status, mine.text).toBe(201);
    expect(mine.body).toMatchObject({ obligationCount: 1, totalAmount: '16800' });
    const provinceRun = await bill(t, coFunded.id, '2026-01');
    expectOutOfScope(
      await bungoOfficer.post(`/api/v1/billing-runs/${provinceRun.id}/cancel`).send({ reason: 'salah' }),
      `funding source ${province}`,
    );
    const cancelled = await bungoOfficer
      .post(`/api/v1/billing-runs/${mine.body.id}/cancel`)
      .send({ reason: 'salah' });
    expect(cancelled.status, cancelled.text).toBe(200);
  });

  it('when the Bungo officer reverses, approves or rejects a payment of the province, then each is refused', async () => {
    await bill(t, coFunded.id, '2026-02');
    const paid = await pay(t, {
      programId: coFunded.id,
      fundingSourceId: province,
      period: '2026-02',
      amount: '10080',
    });
    expectOutOfScope(
      await bungoOfficer.post(`/api/v1/payments/${paid}/reversal`).send({ reason: 'salah' }),
      `funding source ${province}`,
    );
    const tebo = await t.as('admin').post('/api/v1/funding-sources').send({
      code: 'APBD-KAB-TEBO',
      name: 'APBD Kabupaten Tebo',
      level: 'regency',
      regionCode: '15.09',
      fourEyes: true,
    });
    expect(tebo.status, tebo.text).toBe(201);
    const teboProgram = await createProgram(t, {
      fundingShares: [{ fundingSourceId: tebo.body.id, share: '1' }],
    });
    await allocate(t, teboProgram.id, tebo.body.id, '1000000');
    await enrolWorker(t, teboProgram.id, { startPeriod: '2026-01', regionCode: '15.09' });
    await bill(t, teboProgram.id, '2026-02');
    const pending = await pay(t, {
      programId: teboProgram.id,
      fundingSourceId: tebo.body.id,
      period: '2026-02',
      amount: '16800',
    });
    for (const action of ['approve', 'reject'])
      expectOutOfScope(
        await bungoOfficer.post(`/api/v1/payments/${pending}/${action}`).send({ reason: 'bukan kami' }),
        `funding source ${tebo.body.id}`,
      );
    const state = await t.as('auditor').get(`/api/v1/payments/${pending}`);
    expect(state.body.status).toBe('pending_approval');
  });

  it('when the Bungo officer imports the co-funded programme’s statement or resolves its exception, then both are refused', async () => {
    const csv = `nik,kpj,name,amount\n${makeNik('08', 9001)},1,Orang lain,16800\n`;
    const upload = (agent: typeof bungoOfficer | ReturnType<TestContext['as']>, programId: string) =>
      agent
        .post(`/api/v1/statements?programId=${programId}&period=2026-01`)
        .set('Content-Type', 'text/csv')
        .send(csv);
    expectOutOfScope(await upload(bungoOfficer, coFunded.id), `funding source ${province}`);
    const statement = await upload(t.as('finance_officer'), coFunded.id);
    expect(statement.status, statement.text).toBe(201);
    const exceptions = await t.as('auditor').get(`/api/v1/statements/${statement.body.id}/exceptions`);
    const exception = (exceptions.body.data as { id: string; kind: string }[]).find(
      (e) => e.kind === 'unexpected',
    );
    expectOutOfScope(
      await bungoOfficer
        .post(`/api/v1/reconciliation-exceptions/${exception!.id}/resolve`)
        .send({ resolution: 'accepted', note: 'bukan kami' }),
      `funding source ${province}`,
    );
    const ownStatement = await upload(bungoOfficer, own.id);
    expect(ownStatement.status, ownStatement.text).toBe(201);
  });

  it('when a regency auditor closes a month, then it is refused: months close for the whole province', async () => {
    const auditor = await scopedUser(t, 'auditor', { fundingSourceIds: [bungo] });
    expectOutOfScope(
      await auditor.post('/api/v1/periods/2025-01/close').send({ note: 'tutup' }),
      'province-wide',
    );
  });
});

describe('people by region', () => {
  it('when the Kota Jambi manager registers a worker, then Kota Jambi is accepted and Bungo refused', async () => {
    const refused = await kotaJambiManager
      .post('/api/v1/beneficiaries')
      .send({ nik: makeNik('08', 7001), name: 'Warga Bungo', regionCode: '15.08' });
    expectOutOfScope(refused, 'region 15.08 is outside your scope');
    const ok = await kotaJambiManager
      .post('/api/v1/beneficiaries')
      .send({ nik: makeNik('71', 7002), name: 'Warga Kota', regionCode: '15.71' });
    expect(ok.status, ok.text).toBe(201);
  });

  it('when the Kota Jambi manager enrols or ends the enrolment of a Bungo worker, then both are refused', async () => {
    const worker = await enrolWorker(t, own.id, { startPeriod: '2026-06' });
    expectOutOfScope(
      await kotaJambiManager.post('/api/v1/enrolments').send({
        beneficiaryId: worker,
        programId: coFunded.id,
        startPeriod: '2025-01',
        endPeriod: '2025-12',
      }),
      'region 15.08',
    );
    const detail = await t.as('program_manager').get(`/api/v1/beneficiaries/${worker}`);
    const enrolment = detail.body.enrolments[0].id as string;
    expectOutOfScope(
      await kotaJambiManager
        .post(`/api/v1/enrolments/${enrolment}/end`)
        .send({ endPeriod: '2026-07', reason: 'moved' }),
      'region 15.08',
    );
  });

  it('when the Kota Jambi manager imports a file with a Bungo row, then that row is rejected and the rest created', async () => {
    const csv = [
      'nik,name,regionCode',
      `${makeNik('08', 7101)},Bungo,15.08`,
      `${makeNik('71', 7102)},Kota,15.71`,
    ].join('\n');
    const res = await kotaJambiManager
      .post('/api/v1/beneficiaries/import')
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(res.status, res.text).toBe(200);
    expect(res.body.created).toBe(1);
    expect(res.body.rejected).toMatchObject([
      { line: 2, errors: [{ path: 'regionCode', message: 'is outside your scope' }] },
    ]);
  });
});
