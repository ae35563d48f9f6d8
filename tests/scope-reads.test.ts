import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, makeNik, type TestContext } from './support/harness.js';
import {
  allocate,
  bill,
  createCoFundedProgram,
  createProgram,
  enrolWorker,
  fundingSourceIds,
  pay,
} from './support/fixtures.js';
import { scopedUser } from './support/scope.js';

/**
 * What a scoped user reads. The province as built here, March 2026, every worker Rp 16.800 a month:
 *   OWN  wholly Bungo's: one worker of Bungo (15.08). Billed 16.800 to Bungo, paid in full.
 *   CO   0.6 province, 0.4 Bungo: a worker of Bungo and one of Kota Jambi (15.71), enrolled before the
 *        residence rule (a Bungo share now pays only for Bungo's residents). Each costs the province
 *        10.080 and Bungo 6.720: 20.160 and 13.440 billed; nothing paid.
 *   Ceilings: OWN/Bungo 1.000.000, CO/province 2.000.000, CO/Bungo 500.000.
 */
let t: TestContext;
let bungo: string;
let province: string;
let own: { id: string };
let coFunded: { id: string };
let bungoWorker: string;
let kotaWorker: string;
type Agent = Awaited<ReturnType<typeof scopedUser>>;
let bungoAuditor: Agent;
let bungoPeopleAuditor: Agent;
let bungoOfficer: Agent;
let kotaManager: Agent;

beforeAll(async () => {
  t = await createTestContext();
  const sources = await fundingSourceIds(t);
  bungo = sources['APBD-KAB-BUNGO']!;
  province = sources['APBD-PROV-JAMBI']!;
  own = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
  coFunded = await createCoFundedProgram(t, 'CO-BUNGO', province, bungo);
  await allocate(t, own.id, bungo, '1000000');
  await allocate(t, coFunded.id, province, '2000000');
  await allocate(t, coFunded.id, bungo, '500000');
  await enrolWorker(t, own.id, { startPeriod: '2026-03', endPeriod: '2026-03' });
  bungoWorker = await enrolWorker(t, coFunded.id, { startPeriod: '2026-03', endPeriod: '2026-03' });
  kotaWorker = await enrolWorker(t, coFunded.id, {
    startPeriod: '2026-03',
    endPeriod: '2026-03',
    regionCode: '15.71',
    beforeResidenceRule: true,
  });
  await bill(t, own.id, '2026-03');
  await bill(t, coFunded.id, '2026-03');
  await pay(t, { programId: own.id, fundingSourceId: bungo, period: '2026-03', amount: '16800' });
  bungoAuditor = await scopedUser(t, 'auditor', { fundingSourceIds: [bungo] });
  bungoPeopleAuditor = await scopedUser(t, 'auditor', { fundingSourceIds: [bungo], regionCodes: ['15.08'] });
  bungoOfficer = await scopedUser(t, 'finance_officer', { fundingSourceIds: [bungo] });
  kotaManager = await scopedUser(t, 'program_manager', { regionCodes: ['15.71'] });
});
afterAll(async () => t.close());

const TOTALS = '/api/v1/reports/totals?from=2026-03&to=2026-03';

describe('totals over the scope', () => {
  it('when the province’s auditor asks, then everything is counted', async () => {
    const res = await t.as('auditor').get(TOTALS);
    expect(res.status).toBe(200);
    expect(res.body.total).toEqual({
      budget: '3500000',
      billed: '50400',
      paid: '16800',
      credited: '0',
      outstanding: '33600',
      remainingBudget: '3449600',
      obligations: 5,
      beneficiaries: 3,
    });
  });

  it('when the Bungo auditor asks, then only Bungo’s money is counted', async () => {
    const res = await bungoAuditor.get(TOTALS);
    expect(res.status).toBe(200);
    // Billed 16.800 + 2 × 6.720; budget 1.000.000 + 500.000.
    expect(res.body.total).toEqual({
      budget: '1500000',
      billed: '30240',
      paid: '16800',
      credited: '0',
      outstanding: '13440',
      remainingBudget: '1469760',
      obligations: 3,
      beneficiaries: 3,
    });
  });

  it('when grouped, then each scoped row equals the province’s row of the same source', async () => {
    const all = await t.as('auditor').get(`${TOTALS}&groupBy=fundingSource,program`);
    const scoped = await bungoAuditor.get(`${TOTALS}&groupBy=fundingSource,program`);
    expect(scoped.body.rows).toEqual(
      (all.body.rows as { fundingSourceId: string }[]).filter((r) => r.fundingSourceId === bungo),
    );
  });

  it('when the auditor is limited to Bungo’s people too, then only their months count, and paid and budget are not split', async () => {
    const res = await bungoPeopleAuditor.get(TOTALS);
    // Bungo's share of the two Bungo workers: 16.800 + 6.720.
    expect(res.body.total).toMatchObject({
      billed: '23520',
      obligations: 2,
      beneficiaries: 2,
      paid: null,
      budget: null,
    });
  });
});

describe('the other reports', () => {
  it('when the Bungo auditor reads the arrears, then only Bungo’s unpaid months and their workers appear', async () => {
    const all = await t.as('auditor').get('/api/v1/reports/arrears?asOf=2026-03&minMonths=1');
    expect(all.body.periods.map((p: { fundingSourceId: string }) => p.fundingSourceId).sort()).toEqual(
      [province, bungo].sort(),
    );
    const res = await bungoAuditor.get('/api/v1/reports/arrears?asOf=2026-03&minMonths=1');
    expect(res.body.periods).toMatchObject([
      { programId: coFunded.id, fundingSourceId: bungo, billed: '13440', paid: '0', outstanding: '13440' },
    ]);
    expect(res.body.beneficiaries.map((b: { beneficiaryId: string }) => b.beneficiaryId).sort()).toEqual(
      [bungoWorker, kotaWorker].sort(),
    );
    const people = await bungoPeopleAuditor.get('/api/v1/reports/arrears?asOf=2026-03&minMonths=1');
    expect(people.body.beneficiaries).toMatchObject([{ beneficiaryId: bungoWorker, amount: '6720' }]);
  });

  it('when the Kota Jambi manager reads the coverage, then only Kota Jambi and its own people appear', async () => {
    const res = await kotaManager.get('/api/v1/reports/coverage?period=2026-03');
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: { regionCode: string }) => r.regionCode)).toEqual(['15.71']);
    expect(res.body.rows[0].beneficiaries).toBe(1);
    expect(res.body.province).toMatchObject({ beneficiaries: 1, workers: null });
  });

  it('when the Bungo officer reads the budget burn, then only Bungo’s lines appear', async () => {
    const res = await bungoOfficer.get('/api/v1/reports/budget-burn?fiscalYear=2026&asOf=2026-03');
    expect(res.status).toBe(200);
    expect(
      res.body.rows.map((r: { programId: string; fundingSourceId: string; committed: string }) => [
        r.programId,
        r.fundingSourceId,
        r.committed,
      ]),
    ).toEqual([
      [own.id, bungo, '16800'],
      [coFunded.id, bungo, '13440'],
    ]);
  });

  it('when the Bungo officer asks for the province’s monthly statement, then it is not found', async () => {
    const other = await bungoOfficer.get(
      `/api/v1/reports/monthly-statement?fundingSourceId=${province}&period=2026-03`,
    );
    expect(other.status).toBe(404);
    const mine = await bungoOfficer.get(
      `/api/v1/reports/monthly-statement?fundingSourceId=${bungo}&period=2026-03`,
    );
    expect(mine.status).toBe(200);
  });

  it('when the Bungo auditor downloads the totals, then the file holds the scoped figures', async () => {
    const res = await bungoAuditor.get(`${TOTALS}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('30240');
    expect(res.text).not.toContain('50400');
  });
});

describe('lists and getters', () => {
  it('when the Bungo officer lists money, then only Bungo’s allocations, lines, obligations and runs appear', async () => {
    const allocations = await bungoOfficer.get('/api/v1/budget-allocations');
    expect(allocations.body.data.map((a: { fundingSourceId: string }) => a.fundingSourceId)).toEqual([
      bungo,
      bungo,
    ]);
    const lines = await bungoOfficer.get('/api/v1/budget-lines?fiscalYear=2026');
    expect(
      lines.body.data.map((l: { programId: string; billed: string }) => [l.programId, l.billed]),
    ).toEqual([
      [own.id, '16800'],
      [coFunded.id, '13440'],
    ]);
    const obligations = await bungoOfficer.get('/api/v1/obligations?period=2026-03');
    expect(obligations.body.data).toHaveLength(3);
    const runs = await bungoOfficer.get('/api/v1/billing-runs');
    const coRun = (runs.body.data as { programId: string }[]).find((r) => r.programId === coFunded.id);
    expect(coRun).toMatchObject({
      obligationCount: 2,
      totalAmount: '13440',
      byFundingSource: [{ fundingSourceId: bungo, amount: '13440' }],
    });
    const payments = await bungoOfficer.get('/api/v1/payments');
    expect(payments.body.data).toHaveLength(1);
  });

  it('when the Kota Jambi manager lists people, then only Kota Jambi’s appear, and a Bungo worker is not found', async () => {
    const list = await kotaManager.get('/api/v1/beneficiaries');
    expect(list.body.data.map((b: { id: string }) => b.id)).toEqual([kotaWorker]);
    expect((await kotaManager.get(`/api/v1/beneficiaries/${bungoWorker}`)).status).toBe(404);
    expect((await kotaManager.get(`/api/v1/beneficiaries/${kotaWorker}`)).status).toBe(200);
    const enrolments = await kotaManager.get('/api/v1/enrolments');
    expect(enrolments.body.data.map((e: { beneficiaryId: string }) => e.beneficiaryId)).toEqual([kotaWorker]);
    const bungoEnrolment = (await t.as('auditor').get(`/api/v1/enrolments?beneficiaryId=${bungoWorker}`)).body
      .data[0];
    expect((await kotaManager.get(`/api/v1/enrolments/${bungoEnrolment.id}`)).status).toBe(404);
    const obligations = await kotaManager.get('/api/v1/obligations?period=2026-03');
    expect(obligations.body.data.map((o: { beneficiaryId: string }) => o.beneficiaryId)).toEqual([
      kotaWorker,
      kotaWorker,
    ]);
  });

  it('when a province-only run or payment is asked for by the Bungo officer, then it is not found', async () => {
    // A database of its own, so that the province's totals the other tests read stay as they are.
    const own = await createTestContext();
    try {
      const officer = await scopedUser(own, 'finance_officer', { fundingSourceIds: [bungo] });
      const provinceOnly = await createProgram(own, {
        fundingShares: [{ fundingSourceId: province, share: '1' }],
      });
      await allocate(own, provinceOnly.id, province, '1000000');
      await enrolWorker(own, provinceOnly.id, { startPeriod: '2026-04', endPeriod: '2026-04' });
      const run = await bill(own, provinceOnly.id, '2026-04');
      const payment = await pay(own, {
        programId: provinceOnly.id,
        fundingSourceId: province,
        period: '2026-04',
        amount: run.totalAmount,
      });
      expect((await officer.get(`/api/v1/billing-runs/${run.id}`)).status).toBe(404);
      expect((await officer.get(`/api/v1/payments/${payment}`)).status).toBe(404);
      expect((await own.as('finance_officer').get(`/api/v1/payments/${payment}`)).status).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('when the Bungo officer opens a co-funded Bungo worker, then only the obligation Bungo pays appears', async () => {
    const mine = await bungoOfficer.get(`/api/v1/beneficiaries/${bungoWorker}`);
    expect(mine.status, mine.text).toBe(200);
    const march = (
      mine.body.obligationsByPeriod as {
        period: string;
        total: string;
        obligations: { fundingSourceId: string; amount: string }[];
      }[]
    ).find((p) => p.period === '2026-03')!;
    // 0.4 of 16,800 is Bungo's: 6,720; the province's 10,080 is not the officer's to see.
    expect(march.total).toBe('6720');
    expect(march.obligations.map((o) => [o.fundingSourceId, o.amount])).toEqual([[bungo, '6720']]);
    const whole = await t.as('auditor').get(`/api/v1/beneficiaries/${bungoWorker}`);
    const all = (whole.body.obligationsByPeriod as { period: string; total: string }[]).find(
      (p) => p.period === '2026-03',
    )!;
    expect(all.total).toBe('16800');
  });
});

describe('a scope of regions alone', () => {
  it('when the Kota Jambi manager reads the budget burn or a monthly statement, then no budget line is theirs', async () => {
    const burn = await kotaManager.get('/api/v1/reports/budget-burn?fiscalYear=2026&asOf=2026-03');
    expect(burn.status).toBe(200);
    expect(burn.body.rows).toEqual([]);
    const statement = await kotaManager.get(
      `/api/v1/reports/monthly-statement?fundingSourceId=${bungo}&period=2026-03`,
    );
    expect(statement.status).toBe(404);
  });

  it('when a Kota Jambi auditor lists the exceptions of a statement, then only those of Kota Jambi’s people appear', async () => {
    // A database of its own, so that the statement credits nothing the other tests read.
    const own = await createTestContext();
    try {
      const sources = await fundingSourceIds(own);
      const program = await createProgram(own, {
        fundingShares: [{ fundingSourceId: sources['APBD-PROV-JAMBI']!, share: '1' }],
      });
      await allocate(own, program.id, sources['APBD-PROV-JAMBI']!, '1000000');
      const niks = ['15.08', '15.71'].map((regionCode, i) => makeNik(regionCode.slice(3), 900 + i));
      await enrolWorker(own, program.id, {
        startPeriod: '2026-03',
        endPeriod: '2026-03',
        regionCode: '15.08',
        nik: niks[0]!,
      });
      await enrolWorker(own, program.id, {
        startPeriod: '2026-03',
        endPeriod: '2026-03',
        regionCode: '15.71',
        nik: niks[1]!,
      });
      await bill(own, program.id, '2026-03');
      // Both amounts are wrong, and a third line's NIK is nobody's.
      const nobody = makeNik('71', 950);
      const imported = await own
        .as('finance_officer')
        .post(`/api/v1/statements?programId=${program.id}&period=2026-03`)
        .set('Content-Type', 'text/csv')
        .send(
          ['nik,kpj,name,amount', `${niks[0]},,A,100`, `${niks[1]},,B,100`, `${nobody},,C,100`].join('\n'),
        );
      expect(imported.status, imported.text).toBe(201);
      const url = `/api/v1/statements/${imported.body.id}/exceptions`;
      const whole = await own.as('auditor').get(url);
      expect(whole.body.data).toHaveLength(3);
      const kota = await scopedUser(own, 'auditor', { regionCodes: ['15.71'] });
      const seen = await kota.get(url);
      expect(seen.status, seen.text).toBe(200);
      // The auditor sees NIKs masked; the one left is Kota Jambi's worker's.
      expect(seen.body.data.map((x: { kind: string; nik: string }) => [x.kind, x.nik.slice(-2)])).toEqual([
        ['amount_mismatch', niks[1]!.slice(-2)],
      ]);
    } finally {
      await own.close();
    }
  });
});
