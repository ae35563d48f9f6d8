import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/harness.js';
import {
  allocate,
  bill,
  createProgram,
  enrolWorker,
  expectLedgerClean,
  fundingSourceIds,
} from './support/fixtures.js';

let t: TestContext;
let sources: Record<string, string>;

beforeAll(async () => {
  t = await createTestContext();
  sources = await fundingSourceIds(t);
});
afterAll(async () => t.close());

const KEPALA = { role: 'kepala_dinas', name: 'Drs. H. Ahmad Yani, M.Si', nip: '19700101 199003 1 001' };

describe('funding sources: accounts, place and signatories', () => {
  it('when a fresh install is read, then each seeded Jambi source carries .0006 and .0007 and its capital', async () => {
    const res = await t.as('auditor').get(`/api/v1/funding-sources/${sources['APBD-KAB-BUNGO']}`);
    expect(res.body).toMatchObject({
      accounts: { JKK: '5.1.02.02.02.0006', JKM: '5.1.02.02.02.0007', JHT: null },
      place: 'Muara Bungo',
      signatories: [],
      subActivityCode: null,
    });
    const province = await t.as('auditor').get(`/api/v1/funding-sources/${sources['APBD-PROV-JAMBI']}`);
    expect(province.body.place).toBe('Jambi');
  });

  it('when an admin sets the signatories and one account, then the rest is kept and the change is audited', async () => {
    const id = sources['APBD-KAB-MUARO-JAMBI']!;
    const res = await t
      .as('admin')
      .patch(`/api/v1/funding-sources/${id}`)
      .send({
        signatories: [KEPALA],
        accounts: { JHT: '5.1.02.02.02.0008' },
        subActivityCode: '2.07.02.2.01',
      });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      accounts: { JKK: '5.1.02.02.02.0006', JKM: '5.1.02.02.02.0007', JHT: '5.1.02.02.02.0008' },
      place: 'Sengeti',
      signatories: [KEPALA],
      subActivityCode: '2.07.02.2.01',
    });
    const events = await t.as('auditor').get('/api/v1/audit-events?entity=funding_source');
    const event = (events.body.data as { action: string; entityId: string }[]).find(
      (e) => e.action === 'funding_source.update' && e.entityId === id,
    );
    expect(event).toBeDefined();
  });

  it('when the body is wrong or the caller is not an admin, then nothing changes', async () => {
    const id = sources['APBD-KOTA-JAMBI']!;
    const badCode = await t
      .as('admin')
      .patch(`/api/v1/funding-sources/${id}`)
      .send({ accounts: { JKK: '5.1.x' } });
    expect(badCode.status).toBe(400);
    expect(badCode.body.errors[0].path).toBe('accounts.JKK');
    const twice = await t
      .as('admin')
      .patch(`/api/v1/funding-sources/${id}`)
      .send({ signatories: [KEPALA, KEPALA] });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].path).toBe('signatories');
    const badNip = await t
      .as('admin')
      .patch(`/api/v1/funding-sources/${id}`)
      .send({ signatories: [{ ...KEPALA, nip: '123' }] });
    expect(badNip.body.errors[0].path).toBe('signatories.0.nip');
    const officer = await t.as('finance_officer').patch(`/api/v1/funding-sources/${id}`).send({ place: 'X' });
    expect(officer.status).toBe(403);
    const unknown = await t.as('admin').patch('/api/v1/funding-sources/999999').send({ place: 'X' });
    expect(unknown.status).toBe(404);
    const after = await t.as('auditor').get(`/api/v1/funding-sources/${id}`);
    expect(after.body).toMatchObject({ place: 'Jambi', signatories: [] });
  });
});

describe('allocations: original and amended, pooled or per benefit', () => {
  it('when a line gets its DPA and an APBD-P cut, then the budget line shows 2,016,000 original and 1,816,000 amended', async () => {
    const bungo = sources['APBD-KAB-BUNGO']!;
    const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
    const first = await allocate(t, program.id, bungo, '2016000');
    expect(first).toMatchObject({ kind: 'original', benefit: null, documentDate: null });
    const cut = await t.as('finance_officer').post('/api/v1/budget-allocations').send({
      programId: program.id,
      fundingSourceId: bungo,
      fiscalYear: 2026,
      amount: '-200000',
      documentRef: 'DPPA-2026',
      documentDate: '2026-09-15',
    });
    expect(cut.status, cut.text).toBe(201);
    expect(cut.body).toMatchObject({ kind: 'amendment', documentDate: '2026-09-15' });
    const lines = await t.as('auditor').get(`/api/v1/budget-lines?programId=${program.id}`);
    expect(lines.body.data).toEqual([
      {
        programId: program.id,
        fundingSourceId: bungo,
        fiscalYear: 2026,
        benefit: null,
        accountCode: null,
        original: '2016000',
        amended: '1816000',
        allocated: '1816000',
        billed: '0',
        paid: '0',
        remaining: '1816000',
      },
    ]);
  });

  it('when allocations name benefits, then each benefit is a line with its kode rekening, and mixing is a 409', async () => {
    const bungo = sources['APBD-KAB-BUNGO']!;
    const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
    const post = (body: Record<string, unknown>) =>
      t
        .as('finance_officer')
        .post('/api/v1/budget-allocations')
        .send({
          programId: program.id,
          fundingSourceId: bungo,
          fiscalYear: 2026,
          documentRef: 'DPA',
          ...body,
        });
    expect((await post({ amount: '1200000', benefit: 'JKK' })).status).toBe(201);
    expect((await post({ amount: '816000', benefit: 'JKM' })).status).toBe(201);
    const more = await post({ amount: '100000', benefit: 'JKK', kind: 'amendment' });
    expect(more.body.kind).toBe('amendment');
    const pooled = await post({ amount: '5000' });
    expect(pooled.status).toBe(409);
    expect(pooled.body.code).toBe('MIXED_BUDGET_LINES');
    const jht = await post({ amount: '5000', benefit: 'JHT' });
    expect(jht.status).toBe(400);
    expect(jht.body.errors[0].path).toBe('benefit');
    const lines = await t.as('auditor').get(`/api/v1/budget-lines?programId=${program.id}`);
    expect(
      (lines.body.data as Record<string, unknown>[]).map((l) => [
        l.benefit,
        l.accountCode,
        l.original,
        l.amended,
      ]),
    ).toEqual([
      ['JKK', '5.1.02.02.02.0006', '1200000', '1300000'],
      ['JKM', '5.1.02.02.02.0007', '816000', '816000'],
    ]);
  });

  it('when a pooled line exists, then an allocation naming a benefit is a 409 and writes nothing', async () => {
    const bungo = sources['APBD-KAB-BUNGO']!;
    const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
    await allocate(t, program.id, bungo, '100000');
    const res = await t.as('finance_officer').post('/api/v1/budget-allocations').send({
      programId: program.id,
      fundingSourceId: bungo,
      fiscalYear: 2026,
      amount: '100000',
      documentRef: 'DPA',
      benefit: 'JKK',
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('MIXED_BUDGET_LINES');
    const list = await t.as('auditor').get(`/api/v1/budget-allocations?programId=${program.id}`);
    expect(list.body.data).toHaveLength(1);
  });

  it('when a budget kept per benefit is short on JKK, then billing names that line, and an amendment lets it through', async () => {
    const bungo = sources['APBD-KAB-BUNGO']!;
    const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
    const post = (body: Record<string, unknown>) =>
      t
        .as('finance_officer')
        .post('/api/v1/budget-allocations')
        .send({
          programId: program.id,
          fundingSourceId: bungo,
          fiscalYear: 2026,
          documentRef: 'DPA',
          ...body,
        });
    expect((await post({ amount: '10000', benefit: 'JKK' })).status).toBe(201);
    expect((await post({ amount: '100000', benefit: 'JKM' })).status).toBe(201);
    await enrolWorker(t, program.id, { startPeriod: '2026-03' });
    await enrolWorker(t, program.id, { startPeriod: '2026-03' });
    // March 2026: two workers at JKK 10,000 and JKM 6,800: JKK needs 20,000 of its 10,000.
    const refused = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2026-03', programId: program.id });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('OVER_BUDGET');
    expect(refused.body.shortfalls).toEqual([
      expect.objectContaining({
        benefit: 'JKK',
        required: '20000',
        remainingBudget: '10000',
        shortfall: '10000',
      }),
    ]);
    expect(refused.body.errors[0].path).toBe(`fundingSource.${bungo}.JKK`);
    expect((await post({ amount: '10000', benefit: 'JKK' })).body.kind).toBe('amendment');
    await bill(t, program.id, '2026-03');
    const lines = await t.as('auditor').get(`/api/v1/budget-lines?programId=${program.id}`);
    expect(
      (lines.body.data as Record<string, string>[]).map((l) => [
        l.benefit,
        l.allocated,
        l.billed,
        l.remaining,
      ]),
    ).toEqual([
      ['JKK', '20000', '20000', '0'],
      ['JKM', '100000', '13600', '86400'],
    ]);
    // JKM can be lowered by at most what it has left, 86,400.
    const tooLow = await post({ amount: '-90000', benefit: 'JKM' });
    expect(tooLow.status).toBe(422);
    expect(tooLow.body.code).toBe('BELOW_COMMITTED');
    expect((await post({ amount: '-86400', benefit: 'JKM' })).status).toBe(201);
    await expectLedgerClean(t);
  });
});
