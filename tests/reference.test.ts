import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestContext, type TestContext } from './support/harness.js';
import {
  allocate,
  createProgram,
  enrolWorker,
  expectLedgerClean,
  fundingSourceIds,
} from './support/fixtures.js';

let t: TestContext;
let fs: Record<string, string>;
beforeAll(async () => {
  t = await createTestContext();
  fs = await fundingSourceIds(t);
});
afterAll(async () => t.close());

describe('funding sources', () => {
  it('when a fresh install starts, then Jambi funding sources are seeded', () => {
    expect(Object.keys(fs).sort()).toEqual([
      'APBD-KAB-BUNGO',
      'APBD-KAB-MUARO-JAMBI',
      'APBD-KOTA-JAMBI',
      'APBD-PROV-JAMBI',
    ]);
  });

  it('when an admin creates one, then 201 and it is audited', async () => {
    const res = await t.as('admin').post('/api/v1/funding-sources').send({
      code: 'DD-TEBO',
      name: 'Dana Desa Tebo',
      level: 'village',
      regionCode: '15.09',
      fourEyes: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'DD-TEBO',
      level: 'village',
      regionCode: '15.09',
      fourEyes: true,
    });
    expect(
      await count(t.db, 'audit_events', { action: 'funding_source.create', entity_id: res.body.id }),
    ).toBe(1);
    const one = await t.as('auditor').get(`/api/v1/funding-sources/${res.body.id}`);
    expect(one.body.code).toBe('DD-TEBO');
  });

  it('when the code is taken, then 409; an unknown region, then 422; bad input, then 400; nothing written', async () => {
    const before = await count(t.db, 'funding_sources');
    const dup = await t
      .as('admin')
      .post('/api/v1/funding-sources')
      .send({ code: 'APBD-KAB-BUNGO', name: 'x', level: 'regency', regionCode: '15.08' });
    expect(dup.status).toBe(409);
    const region = await t
      .as('admin')
      .post('/api/v1/funding-sources')
      .send({ code: 'X1', name: 'x', level: 'regency', regionCode: '16.01' });
    expect(region.status).toBe(422);
    expect(region.body.errors[0].path).toBe('regionCode');
    const bad = await t
      .as('admin')
      .post('/api/v1/funding-sources')
      .send({ code: 'x y', name: 'x', level: 'country', regionCode: '15' });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['code', 'level']);
    const role = await t
      .as('finance_officer')
      .post('/api/v1/funding-sources')
      .send({ code: 'X2', name: 'x', level: 'regency', regionCode: '15' });
    expect(role.status).toBe(403);
    expect(await count(t.db, 'funding_sources')).toBe(before);
  });

  it('when an unknown id is asked for, then 404', async () => {
    expect((await t.as('auditor').get('/api/v1/funding-sources/999')).status).toBe(404);
    expect((await t.as('auditor').get('/api/v1/funding-sources/abc')).status).toBe(404);
  });
});

describe('programmes', () => {
  it('when shares sum to exactly 1, then 201 with the shares as given', async () => {
    const program = await createProgram(t, {
      code: 'DUMISAKE-BUNGO',
      fundingShares: [
        { fundingSourceId: fs['APBD-PROV-JAMBI']!, share: '0.333' },
        { fundingSourceId: fs['APBD-KAB-BUNGO']!, share: '0.667' },
      ],
    });
    const res = await t.as('program_manager').get(`/api/v1/programs/${program.id}`);
    expect(res.body).toMatchObject({
      code: 'DUMISAKE-BUNGO',
      benefits: ['JKK', 'JKM'],
      declaredIncome: '1000000',
      startPeriod: '2026-01',
      endPeriod: null,
      fundingShares: [
        { fundingSourceId: fs['APBD-PROV-JAMBI'], share: '0.333' },
        { fundingSourceId: fs['APBD-KAB-BUNGO'], share: '0.667' },
      ],
    });
  });

  it.each([
    [
      'shares that do not sum to 1',
      {
        fundingShares: [
          { fundingSourceId: '1', share: '0.5' },
          { fundingSourceId: '2', share: '0.4' },
        ],
      },
      'fundingShares',
    ],
    [
      'a share given as a number',
      { fundingShares: [{ fundingSourceId: '1', share: 1 }] },
      'fundingShares.0.share',
    ],
    [
      'the same source twice',
      {
        fundingShares: [
          { fundingSourceId: '1', share: '0.5' },
          { fundingSourceId: '1', share: '0.5' },
        ],
      },
      'fundingShares',
    ],
    ['no JKM', { benefits: ['JKK'], fundingShares: [{ fundingSourceId: '1', share: '1' }] }, 'benefits'],
    [
      'a declared income as a JSON number',
      { declaredIncome: 1000000, fundingShares: [{ fundingSourceId: '1', share: '1' }] },
      'declaredIncome',
    ],
    [
      'a declared income below the minimum',
      { declaredIncome: '999999', fundingShares: [{ fundingSourceId: '1', share: '1' }] },
      'declaredIncome',
    ],
    [
      'an end before the start',
      { endPeriod: '2025-12', fundingShares: [{ fundingSourceId: '1', share: '1' }] },
      'endPeriod',
    ],
    [
      'a bad period',
      { startPeriod: '2026-13', fundingShares: [{ fundingSourceId: '1', share: '1' }] },
      'startPeriod',
    ],
  ])('when given %s, then 400 naming the field and nothing written', async (_name, body, path) => {
    const before = await count(t.db, 'programs');
    const res = await t
      .as('admin')
      .post('/api/v1/programs')
      .send({
        code: 'BAD',
        name: 'Bad',
        benefits: ['JKK', 'JKM'],
        declaredIncome: '1000000',
        startPeriod: '2026-01',
        ...body,
      });
    expect(res.status).toBe(400);
    expect((res.body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
    expect(await count(t.db, 'programs')).toBe(before);
  });

  it('when a share names an unknown funding source, then 422; a duplicate code, then 409', async () => {
    const unknown = await t
      .as('admin')
      .post('/api/v1/programs')
      .send({
        code: 'UNK',
        name: 'x',
        benefits: ['JKK', 'JKM'],
        declaredIncome: '1000000',
        startPeriod: '2026-01',
        fundingShares: [{ fundingSourceId: '99', share: '1' }],
      });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('fundingShares.0.fundingSourceId');
    const existing = await createProgram(t, {
      fundingShares: [{ fundingSourceId: fs['APBD-KAB-BUNGO']!, share: '1' }],
    });
    const dup = await t
      .as('admin')
      .post('/api/v1/programs')
      .send({
        code: existing.code,
        name: 'x',
        benefits: ['JKK', 'JKM'],
        declaredIncome: '1000000',
        startPeriod: '2026-01',
        fundingShares: [{ fundingSourceId: '1', share: '1' }],
      });
    expect(dup.status).toBe(409);
  });
});

describe('contribution rates and pricing', () => {
  it('when a fresh install starts, then the statutory schedule is in force', async () => {
    const march = await t.as('auditor').get('/api/v1/contribution-rates?period=2026-03');
    const rows = (
      march.body.data as {
        benefit: string;
        sector: string | null;
        percentOfIncome: string | null;
        flatAmount: string | null;
      }[]
    ).map((r) => `${r.benefit}:${r.sector ?? '*'}:${r.percentOfIncome ?? r.flatAmount}`);
    expect(rows.sort()).toEqual([
      'JHT:*:2',
      'JKK:*:1',
      'JKK:transport:0.5',
      'JKM:*:6800',
      'JKM:transport:3400',
    ]);
  });

  it.each([
    ['2026-03', 'agriculture', '16800', '10000', '6800'],
    ['2026-03', 'transport', '8400', '5000', '3400'],
    ['2020-09', 'agriculture', '168', '100', '68'],
    ['2026-06', 'agriculture', '8400', '5000', '3400'],
    ['2027-02', 'transport', '8400', '5000', '3400'],
    ['2027-04', 'transport', '16800', '10000', '6800'],
    ['2019-01', 'fisheries', '16800', '10000', '6800'],
  ])(
    'when a worker is priced in %s as %s, then the month costs %s (JKK %s, JKM %s)',
    async (period, sector, total, jkk, jkm) => {
      const program = await createProgram(t, {
        fundingShares: [{ fundingSourceId: fs['APBD-KAB-BUNGO']!, share: '1' }],
        startPeriod: '2015-07',
      });
      const res = await t
        .as('auditor')
        .get(`/api/v1/programs/${program.id}/price?period=${period}&sector=${sector}`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(total);
      expect(res.body.benefits.map((b: { amount: string }) => b.amount)).toEqual([jkk, jkm]);
    },
  );

  it('when a co-funded programme is priced, then the shares add up to the whole', async () => {
    const program = await createProgram(t, {
      fundingShares: [
        { fundingSourceId: fs['APBD-PROV-JAMBI']!, share: '0.333' },
        { fundingSourceId: fs['APBD-KAB-BUNGO']!, share: '0.667' },
      ],
    });
    const res = await t.as('auditor').get(`/api/v1/programs/${program.id}/price?period=2026-03`);
    expect(res.body.shares.map((s: { amount: string }) => s.amount)).toEqual(['5594', '11206']);
  });

  it('when a programme includes JHT, then 2% of the declared income is added', async () => {
    const program = await createProgram(t, {
      benefits: ['JKK', 'JKM', 'JHT'],
      declaredIncome: '1500000',
      fundingShares: [{ fundingSourceId: fs['APBD-KOTA-JAMBI']!, share: '1' }],
    });
    const res = await t.as('auditor').get(`/api/v1/programs/${program.id}/price?period=2026-03&sector=trade`);
    expect(res.body.total).toBe('51800');
  });

  it('when a rate overlaps another of the same benefit and sector, then 409 naming it', async () => {
    const before = await count(t.db, 'contribution_rates');
    const res = await t
      .as('admin')
      .post('/api/v1/contribution-rates')
      .send({ benefit: 'JKK', percentOfIncome: '0.8', effectiveFrom: '2026-12', effectiveTo: '2027-02' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('RATE_OVERLAP');
    expect(res.body.conflictingRate.effectiveFrom).toBe('2026-04');
    expect(await count(t.db, 'contribution_rates')).toBe(before);
  });

  it('when a sector rate is added where none exists, then 201 and it wins over the general one', async () => {
    const res = await t.as('admin').post('/api/v1/contribution-rates').send({
      benefit: 'JKM',
      flatAmount: '5000',
      effectiveFrom: '2028-01',
      sector: 'fisheries',
      legalBasis: 'test',
    });
    expect(res.status).toBe(201);
    const program = await createProgram(t, {
      fundingShares: [{ fundingSourceId: fs['APBD-KAB-BUNGO']!, share: '1' }],
    });
    const price = await t
      .as('auditor')
      .get(`/api/v1/programs/${program.id}/price?period=2028-01&sector=fisheries`);
    expect(price.body.total).toBe('15000');
  });

  it.each([
    ['both amounts', { percentOfIncome: '1', flatAmount: '6800' }],
    ['neither amount', {}],
    ['a fractional flat amount', { flatAmount: '6800.5' }],
    ['a percent over 100', { percentOfIncome: '150' }],
    ['an unknown sector', { flatAmount: '1', sector: 'mining' }],
  ])('when a rate has %s, then 400', async (_n, body) => {
    const res = await t
      .as('admin')
      .post('/api/v1/contribution-rates')
      .send({ benefit: 'JKM', effectiveFrom: '2030-01', ...body });
    expect(res.status).toBe(400);
  });

  it('when a rate range touches a closed period, then 409 PERIOD_CLOSED', async () => {
    expect(
      (await t.as('auditor').post('/api/v1/periods/2029-05/close').send({ note: 'audited' })).status,
    ).toBe(200);
    const res = await t
      .as('admin')
      .post('/api/v1/contribution-rates')
      .send({ benefit: 'JKM', flatAmount: '1', sector: 'trade', effectiveFrom: '2029-01' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PERIOD_CLOSED');
    expect(
      (await t.as('finance_officer').post('/api/v1/periods/2029-05/reopen').send({ note: 'x' })).status,
    ).toBe(403);
    expect(
      (await t.as('auditor').post('/api/v1/periods/2029-05/reopen').send({ note: 'correction' })).status,
    ).toBe(200);
    expect(
      (await t.as('auditor').post('/api/v1/periods/2029-05/reopen').send({ note: 'again' })).status,
    ).toBe(409);
    expect(await count(t.db, 'audit_events', { entity: 'period', entity_id: '2029-05' })).toBe(2);
  });
});

describe('budget allocations', () => {
  it('when allocated and amended, then the journal holds the ceiling and verify is clean', async () => {
    const program = await createProgram(t, {
      fundingShares: [{ fundingSourceId: fs['APBD-KAB-BUNGO']!, share: '1' }],
    });
    await allocate(t, program.id, fs['APBD-KAB-BUNGO']!, '1552320000');
    await allocate(t, program.id, fs['APBD-KAB-BUNGO']!, '-52320000');
    const lines = await t.as('auditor').get(`/api/v1/budget-lines?programId=${program.id}`);
    expect(lines.body.data).toEqual([
      {
        programId: program.id,
        fundingSourceId: fs['APBD-KAB-BUNGO'],
        fiscalYear: 2026,
        benefit: null,
        accountCode: null,
        // The first allocation is the original DPA, the negative one an APBD-P amendment.
        original: '1552320000',
        amended: '1500000000',
        allocated: '1500000000',
        billed: '0',
        paid: '0',
        remaining: '1500000000',
      },
    ]);
    await expectLedgerClean(t);
  });

  it('when an amendment would take the ceiling below zero billed, then 422 and nothing written', async () => {
    const program = await createProgram(t, {
      fundingShares: [{ fundingSourceId: fs['APBD-KAB-BUNGO']!, share: '1' }],
    });
    await allocate(t, program.id, fs['APBD-KAB-BUNGO']!, '1000');
    const before = await count(t.db, 'journal_entries');
    const res = await t.as('finance_officer').post('/api/v1/budget-allocations').send({
      programId: program.id,
      fundingSourceId: fs['APBD-KAB-BUNGO'],
      fiscalYear: 2026,
      amount: '-1001',
      documentRef: 'APBD-P',
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('BELOW_COMMITTED');
    expect(res.body.detail).toBe(
      'lowering the ceiling by 1001 would leave it below what is already billed; at most 1000 can be removed',
    );
    expect(res.body.errors).toEqual([{ path: 'amount', message: 'must not be below -1000' }]);
    expect(await count(t.db, 'journal_entries')).toBe(before);
  });

  it('when everything allocated is billed, then a cut is refused saying nothing can be removed', async () => {
    const program = await createProgram(t, {
      fundingShares: [{ fundingSourceId: fs['APBD-KAB-BUNGO']!, share: '1' }],
    });
    await enrolWorker(t, program.id, { startPeriod: '2026-03' });
    const price = await t
      .as('auditor')
      .get(`/api/v1/programs/${program.id}/price?period=2026-03&sector=agriculture`);
    await allocate(t, program.id, fs['APBD-KAB-BUNGO']!, price.body.total);
    const run = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2026-03', programId: program.id });
    expect(run.status, run.text).toBe(201);
    const before = await count(t.db, 'journal_entries');
    const res = await t.as('finance_officer').post('/api/v1/budget-allocations').send({
      programId: program.id,
      fundingSourceId: fs['APBD-KAB-BUNGO'],
      fiscalYear: 2026,
      amount: '-1',
      documentRef: 'APBD-P',
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('BELOW_COMMITTED');
    expect(res.body.remainingBudget).toBe('0');
    expect(res.body.detail).toBe(
      'the ceiling cannot be lowered: everything allocated is already billed, so nothing can be removed',
    );
    expect(res.body.errors).toEqual([
      { path: 'amount', message: 'cannot be negative: everything allocated is already billed' },
    ]);
    expect(await count(t.db, 'journal_entries')).toBe(before);
  });

  it('when the source does not fund the programme or the programme is unknown, then 422', async () => {
    const program = await createProgram(t, {
      fundingShares: [{ fundingSourceId: fs['APBD-KAB-BUNGO']!, share: '1' }],
    });
    const wrong = await t.as('finance_officer').post('/api/v1/budget-allocations').send({
      programId: program.id,
      fundingSourceId: fs['APBD-KOTA-JAMBI'],
      fiscalYear: 2026,
      amount: '1000',
      documentRef: 'DPA',
    });
    expect(wrong.status).toBe(422);
    const unknown = await t.as('finance_officer').post('/api/v1/budget-allocations').send({
      programId: '9999',
      fundingSourceId: fs['APBD-KOTA-JAMBI'],
      fiscalYear: 2026,
      amount: '1000',
      documentRef: 'DPA',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('programId');
  });

  it.each([
    ['a JSON number amount', { amount: 1000 }],
    ['a zero amount', { amount: '0' }],
    ['an exponent', { amount: '1e3' }],
    ['a fraction', { amount: '10.5' }],
    ['an empty amount', { amount: '' }],
    ['a string fiscal year', { fiscalYear: '2026' }],
  ])('when the allocation has %s, then 400', async (_n, body) => {
    const res = await t
      .as('finance_officer')
      .post('/api/v1/budget-allocations')
      .send({
        programId: '1',
        fundingSourceId: fs['APBD-PROV-JAMBI'],
        fiscalYear: 2026,
        amount: '1000',
        documentRef: 'DPA',
        ...body,
      });
    expect(res.status).toBe(400);
  });

  it('when the same Idempotency-Key and body are sent again, then the first answer returns and nothing is created twice', async () => {
    const program = await createProgram(t, {
      fundingShares: [{ fundingSourceId: fs['APBD-KAB-BUNGO']!, share: '1' }],
    });
    const body = {
      programId: program.id,
      fundingSourceId: fs['APBD-KAB-BUNGO'],
      fiscalYear: 2026,
      amount: '5000',
      documentRef: 'DPA-1',
    };
    const first = await t
      .as('finance_officer')
      .post('/api/v1/budget-allocations')
      .set('Idempotency-Key', 'alloc-1')
      .send(body);
    const again = await t
      .as('finance_officer')
      .post('/api/v1/budget-allocations')
      .set('Idempotency-Key', 'alloc-1')
      .send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await count(t.db, 'budget_allocations', { program_id: Number(program.id) })).toBe(1);
    const other = await t
      .as('finance_officer')
      .post('/api/v1/budget-allocations')
      .set('Idempotency-Key', 'alloc-1')
      .send({ ...body, amount: '6000' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherUser = await t
      .as('admin')
      .post('/api/v1/budget-allocations')
      .set('Idempotency-Key', 'alloc-1')
      .send(body);
    expect(otherUser.status).toBe(201);
    expect(await count(t.db, 'budget_allocations', { program_id: Number(program.id) })).toBe(2);
  });
});
