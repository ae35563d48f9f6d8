import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEnrolment } from '../src/modules/beneficiaries/beneficiaries.repository.js';
import { count, createTestContext, makeNik, type TestContext } from './support/harness.js';
import { allocate, createProgram, expectLedgerClean, fundingSourceIds } from './support/fixtures.js';

/**
 * The residence rule and the stricter NIK and region checks of docs/domain.md ("Identifiers", "Whose money pays for whom"): a
 * regency's or city's share pays only for people living there, a residence is a regency or city, and a NIK
 * names a real province, one of its registered regencies and a district other than 00. Data written before
 * these rules keeps working and is named by GET /ledger/verify.
 */
let t: TestContext;
let fs: Record<string, string>;
/** Bungo's own programme (APBD Bungo alone), one co-funded 0.6 province / 0.4 Bungo, and Dumisake (province). */
let bungo: string;
let coFunded: string;
let dumisake: string;
let serial = 500;

beforeAll(async () => {
  t = await createTestContext();
  fs = await fundingSourceIds(t);
  const shares = (...pairs: [string, string][]) => ({
    fundingShares: pairs.map(([code, share]) => ({ fundingSourceId: fs[code]!, share })),
  });
  bungo = (await createProgram(t, shares(['APBD-KAB-BUNGO', '1']))).id;
  coFunded = (await createProgram(t, shares(['APBD-PROV-JAMBI', '0.6'], ['APBD-KAB-BUNGO', '0.4']))).id;
  dumisake = (await createProgram(t, shares(['APBD-PROV-JAMBI', '1']))).id;
});
afterAll(async () => t.close());

async function person(regency: string): Promise<string> {
  serial += 1;
  const res = await t
    .as('program_manager')
    .post('/api/v1/beneficiaries')
    .send({ nik: makeNik(regency, serial), name: `Pekerja ${serial}`, regionCode: `15.${regency}` });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

const enrol = (beneficiaryId: string, programId: string) =>
  t
    .as('program_manager')
    .post('/api/v1/enrolments')
    .send({ beneficiaryId, programId, startPeriod: '2026-10' });

describe('the residence rule', () => {
  it('when a Kota Jambi resident is enrolled where APBD Bungo pays a share, then 422 OUT_OF_REGION and nothing is written', async () => {
    const kotaJambi = await person('71');
    const before = { enrolments: await count(t.db, 'enrolments'), audit: await count(t.db, 'audit_events') };
    for (const programId of [bungo, coFunded]) {
      const res = await enrol(kotaJambi, programId);
      expect(res.status, res.text).toBe(422);
      expect(res.body.code).toBe('OUT_OF_REGION');
      expect(res.body.detail).toBe(
        'APBD-KAB-BUNGO pays only for workers living in 15.08; this worker lives in 15.71',
      );
      expect(res.body.errors).toEqual([
        {
          path: 'beneficiaryId',
          message: 'lives outside 15.08, which a share of this programme is limited to',
        },
      ]);
    }
    expect(await count(t.db, 'enrolments')).toBe(before.enrolments);
    expect(await count(t.db, 'audit_events')).toBe(before.audit);
    const id = await t
      .as('program_manager')
      .post('/api/v1/enrolments')
      .set('Accept-Language', 'id')
      .send({ beneficiaryId: kotaJambi, programId: bungo, startPeriod: '2026-10' });
    expect(id.body.detail).toBe(
      'APBD-KAB-BUNGO hanya membayar pekerja yang tinggal di 15.08; pekerja ini tinggal di 15.71',
    );
  });

  it('when a Bungo resident joins Bungo, or anyone in the province joins Dumisake, then 201', async () => {
    expect((await enrol(await person('08'), bungo)).status).toBe(201);
    expect((await enrol(await person('08'), coFunded)).status).toBe(201);
    expect((await enrol(await person('71'), dumisake)).status).toBe(201);
  });

  it('when a file enrols into Bungo, then a row living elsewhere is rejected and the rest are created', async () => {
    const csv = [
      'nik,name,regionCode',
      `${makeNik('08', 9001)},Ayu,15.08`,
      `${makeNik('71', 9002)},Budi,Kota Jambi`,
    ].join('\n');
    const res = await t
      .as('program_manager')
      .post(`/api/v1/beneficiaries/import?programId=${bungo}&startPeriod=2026-10`)
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(res.status, res.text).toBe(200);
    expect(res.body.created).toBe(1);
    expect(res.body.enrolled).toBe(1);
    expect(res.body.rejected).toEqual([
      {
        line: 3,
        nik: makeNik('71', 9002),
        errors: [
          {
            path: 'regionCode',
            message: 'lives outside 15.08, which a share of this programme is limited to',
          },
        ],
      },
    ]);
  });
});

describe('the stricter NIK and residence checks', () => {
  const register = (nik: string, regionCode = '15.08') =>
    t.as('program_manager').post('/api/v1/beneficiaries').send({ nik, name: 'Rina', regionCode });

  it('when the residence is the province itself, then 400 naming regionCode', async () => {
    const res = await register(makeNik('08', 9101), '15');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([
      { path: 'regionCode', message: 'is a province; a worker lives in a regency or city (e.g. 15.08)' },
    ]);
  });

  it('when the NIK names province 97, regency 99 of Jambi or district 00, then 400 naming nik', async () => {
    const cases: [string, string][] = [
      ['9708011203850001', 'unknown province code 97'],
      ['1599011203850001', 'unknown regency or city code 15.99'],
      ['1508001203850001', 'district part must not be 00'],
    ];
    for (const [nik, message] of cases) {
      const res = await register(nik);
      expect(res.status, nik).toBe(400);
      expect(res.body.errors, nik).toEqual([{ path: 'nik', message }]);
    }
    expect(await count(t.db, 'beneficiaries', { nik: '1599011203850001' })).toBe(0);
  });

  it('when a NIK was issued in another province, then its regency part is not checked', async () => {
    expect((await register('3171011203850001')).status).toBe(201);
  });
});

describe('data written before the rules', () => {
  it('when old rows break them, then billing still works and ledger/verify names them without a mismatch', async () => {
    const program = (
      await createProgram(t, { fundingShares: [{ fundingSourceId: fs['APBD-KAB-BUNGO']!, share: '1' }] })
    ).id;
    await allocate(t, program, fs['APBD-KAB-BUNGO']!, '1000000');
    const at = '2026-01-01T00:00:00.000+07:00';
    const row = (nik: string, region: string) => ({
      nik,
      name: 'Lama',
      region_code: region,
      sector: 'other',
      created_at: at,
    });
    const [{ id: province }] = await t
      .db('beneficiaries')
      .insert(row('1508001203850001', '15'))
      .returning('id');
    const [{ id: elsewhere }] = await t
      .db('beneficiaries')
      .insert(row('1571011203859001', '15.71'))
      .returning('id');
    for (const id of [province, elsewhere])
      await insertEnrolment(t.db, {
        beneficiary_id: Number(id),
        program_id: Number(program),
        start_period: '2026-11',
        end_period: null,
        created_at: at,
      });
    const enrolments = await t
      .db('enrolments')
      .whereIn('beneficiary_id', [province, elsewhere])
      .orderBy('id')
      .select('id');

    // 2 workers × (JKK 0.5% of 1,000,000 = 5,000 + JKM 3,400) in November 2026 = 16,800.
    const run = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2026-11', programId: program });
    expect(run.status, run.text).toBe(201);
    expect(run.body.totalAmount).toBe('16800');

    const verify = await t.as('auditor').get('/api/v1/ledger/verify');
    expect(verify.body).toMatchObject({ balanced: true, matchesOperations: true, problems: [] });
    expect(verify.body.ruleBreaks).toEqual([
      { rule: 'INVALID_NIK', entity: 'beneficiary', count: 1, ids: [String(province)] },
      { rule: 'RESIDENCE_IS_PROVINCE', entity: 'beneficiary', count: 1, ids: [String(province)] },
      {
        rule: 'OUT_OF_REGION',
        entity: 'enrolment',
        count: 2,
        ids: enrolments.map((e: { id: number }) => String(e.id)),
      },
    ]);
    await expectLedgerClean(t);
  });
});
