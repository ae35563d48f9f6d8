import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo, type DemoSummary } from '../src/demo/load.js';
import { demoPeople, programmeSizes } from '../src/demo/people.js';
import { nikErrors } from '../src/shared/nik.js';
import { count, createTestContext, type TestContext } from './support/harness.js';
import { expectLedgerClean } from './support/fixtures.js';

let t: TestContext;
let summary: DemoSummary;

beforeAll(async () => {
  t = await createTestContext();
  summary = await loadDemo(t.db, { beneficiaries: 240 });
});
afterAll(async () => t.close());

describe('demo data', () => {
  it('when generated twice, then the people are the same, with valid NIKs from all 11 regencies and cities', () => {
    const people = demoPeople(240);
    expect(demoPeople(240)).toEqual(people);
    expect(people.flatMap((p) => nikErrors(p.nik))).toEqual([]);
    expect(new Set(people.map((p) => p.nik)).size).toBe(240);
    expect(new Set(people.map((p) => p.regionCode)).size).toBe(11);
  });

  it('when sized, then every programme is its full-scale size scaled down alike, Bungo’s 7,700 as Dumisake’s 117,000', () => {
    // Of 117,000 + 7,700 + 35,100 + 35,100 = 194,900 at full scale, 3,000 people give Dumisake
    // 3,000 × 117,000 / 194,900 = 1,800.92, Bungo 118.52, Muaro Jambi and Kota Jambi 540.28 each: rounded down
    // 1,800 + 118 + 540 + 540 = 2,998, and the two left go to the largest remainders, Dumisake's and Bungo's.
    expect(programmeSizes(3000)).toEqual({ DUMISAKE: 1801, BUNGO: 119, MUARO_JAMBI: 540, KOTA_JAMBI: 540 });
    // 240 people: 144.07, 9.48, 43.22 and 43.22; 144 + 9 + 43 + 43 = 239, the one left to Bungo.
    const people = demoPeople(240);
    const of = (key: string) => people.filter((p) => p.programme === key);
    expect([of('DUMISAKE'), of('BUNGO'), of('MUARO_JAMBI'), of('KOTA_JAMBI')].map((g) => g.length)).toEqual([
      144, 10, 43, 43,
    ]);
    expect(new Set(of('BUNGO').map((p) => p.regionCode))).toEqual(new Set(['15.08']));
  });

  it('when loaded, then the ledger and the audit chain verify clean', async () => {
    await expectLedgerClean(t);
    const audit = await t.as('auditor').get('/api/v1/audit-events/verify');
    expect(audit.body.valid).toBe(true);
  });

  it('when loaded, then there are programmes, obligations, payments, a reversal and closed months', async () => {
    expect(summary.programmes.map((p) => p.code)).toEqual([
      'DUMISAKE',
      'BUNGO-RENTAN',
      'MUARO-JAMBI-RENTAN',
      'KOTA-JAMBI-RENTAN',
    ]);
    expect(await count(t.db, 'beneficiaries')).toBe(240);
    expect(await count(t.db, 'obligations')).toBe(summary.obligations);
    expect(summary.obligations).toBeGreaterThan(240 * 8);
    expect(await count(t.db, 'payments')).toBe(summary.payments);
    expect(await count(t.db, 'payment_reversals')).toBe(1);
    expect(summary.closed).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
    ]);
    const closing = await t.as('finance_officer').post('/api/v1/billing-runs').send({ period: '2026-08' });
    expect(closing.status).toBe(409);
    expect(closing.body.code).toBe('PERIOD_CLOSED');
  });

  it('when the arrears are read, then Bungo owes October and November and everyone November', async () => {
    const res = await t.as('auditor').get('/api/v1/reports/arrears?asOf=2026-11');
    const unpaid = (res.body.periods as { programCode: string; period: string; paid: string }[]).map(
      (p) => `${p.programCode} ${p.period} ${p.paid}`,
    );
    expect(unpaid).toEqual([
      'DUMISAKE 2026-11 0',
      'BUNGO-RENTAN 2026-10 0',
      'BUNGO-RENTAN 2026-11 0',
      'MUARO-JAMBI-RENTAN 2026-11 0',
      'KOTA-JAMBI-RENTAN 2026-11 0',
    ]);
    expect(res.body.beneficiaries.length).toBeGreaterThan(0);
  });

  it('when Bungo’s books are read, then its APBD-P amends the line and a death reported late left one claim and two cancelled months', async () => {
    const bungo = summary.fundingSourceIds['APBD-KAB-BUNGO']!;
    const lines = await t.as('auditor').get(`/api/v1/budget-lines?fiscalYear=2026&fundingSourceId=${bungo}`);
    const line = (lines.body.data as { original: string; amended: string }[])[0]!;
    // The amendment is a month of Bungo's 10 workers at Rp 16,800.
    expect(summary.programmes.find((p) => p.code === 'BUNGO-RENTAN')!.workers).toBe(10);
    expect(summary.amendment).toBe('168000');
    expect(BigInt(line.amended) - BigInt(line.original)).toBe(BigInt(summary.amendment));
    // Died in August, reported in November: September was paid, October and November were not.
    expect(summary.lateDeath).toEqual({ cancelled: 2, overpaid: 1 });
    const claims = await t.as('auditor').get(`/api/v1/overpayments?fundingSourceId=${bungo}&status=open`);
    expect(claims.body.data.map((o: { period: string }) => o.period)).toEqual(['2026-09']);
    // In November Bungo pays for its 10 workers but the one who died: 9 of the 52,000 the insurer counts there.
    const coverage = await t.as('auditor').get('/api/v1/reports/coverage?period=2026-11');
    expect(coverage.body.rows.find((r: { regionCode: string }) => r.regionCode === '15.08')).toMatchObject({
      beneficiaries: 9,
      insured: 52_000,
    });
  });

  it('when the statement is read, then its planted differences are there and all but one still open', async () => {
    const res = await t.as('auditor').get(`/api/v1/statements/${summary.statement.id}/exceptions`);
    const kinds = (res.body.data as { kind: string }[]).map((e) => e.kind).sort();
    expect(kinds).toEqual([
      'amount_mismatch',
      'amount_mismatch',
      'double_coverage',
      'duplicate',
      'not_credited',
      'not_credited',
      'not_credited',
      'unexpected',
      'unexpected',
    ]);
    const open = (res.body.data as { resolution: string | null }[]).filter((e) => e.resolution === null);
    expect(open).toHaveLength(8);
    expect(summary.statement.openExceptions).toBe(8);
  });

  it('when the database already holds programmes, then the demo refuses and writes nothing', async () => {
    const before = await count(t.db, 'audit_events');
    await expect(loadDemo(t.db, { beneficiaries: 10 })).rejects.toMatchObject({
      code: 'DEMO_NEEDS_EMPTY_DATABASE',
    });
    expect(await count(t.db, 'audit_events')).toBe(before);
  });
});
