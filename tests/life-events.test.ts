import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestContext, type TestContext } from './support/harness.js';
import {
  allocate,
  bill,
  createProgram,
  enrolWorker,
  expectLedgerClean,
  fundingSourceIds,
  pay,
} from './support/fixtures.js';

/**
 * A death reported late (docs/domain.md, "Life events"). Each case builds its own programme, paid by the province
 * alone, with two farmers enrolled from August 2026: under PP 50/2025 each costs JKK 0.5% of 1,000,000 =
 * 5,000 plus JKM 3,400 = 8,400 a month, so a month bills 16,800. August and September are billed and paid,
 * October billed and unpaid. Then one worker's death in August is reported: their September (paid) becomes an
 * overpayment of 8,400, a claim on the insurer, and their October (unpaid) is cancelled, releasing 8,400.
 */
let t: TestContext;
let province: string;

beforeAll(async () => {
  t = await createTestContext();
  province = (await fundingSourceIds(t))['APBD-PROV-JAMBI']!;
});
afterAll(async () => t.close());

interface Case {
  programId: string;
  deceased: string;
  survivor: string;
  enrolmentId: string;
}

async function twoWorkersThreeMonths(): Promise<Case> {
  const { id: programId } = await createProgram(t, {
    fundingShares: [{ fundingSourceId: province, share: '1' }],
  });
  await allocate(t, programId, province, '1000000');
  const deceased = await enrolWorker(t, programId, { startPeriod: '2026-08' });
  const survivor = await enrolWorker(t, programId, { startPeriod: '2026-08' });
  for (const month of ['2026-08', '2026-09', '2026-10']) {
    expect((await bill(t, programId, month)).totalAmount).toBe('16800');
  }
  for (const period of ['2026-08', '2026-09']) {
    await pay(t, { programId, fundingSourceId: province, period, amount: '16800' });
  }
  const enrolments = await t.as('auditor').get(`/api/v1/enrolments?beneficiaryId=${deceased}`);
  return { programId, deceased, survivor, enrolmentId: enrolments.body.data[0].id };
}

const end = (c: Case) =>
  t
    .as('program_manager')
    .post(`/api/v1/enrolments/${c.enrolmentId}/end`)
    .send({ endPeriod: '2026-08', reason: 'deceased' });

/** Signed balances of the programme's accounts, by stage, for 2026. */
async function balances(programId: string): Promise<Record<string, string>> {
  const rows = (await t
    .db('ledger_accounts as a')
    .join('postings as p', 'p.account_id', 'a.id')
    .where({ 'a.program_id': programId, 'a.fiscal_year': 2026 })
    .groupBy('a.stage')
    .select('a.stage')
    .sum({ balance: 'p.amount' })) as { stage: string; balance: string | number }[];
  return Object.fromEntries(rows.map((r) => [r.stage, String(r.balance)]));
}

const outstanding = async (programId: string, period: string) =>
  (
    await t
      .as('finance_officer')
      .get(`/api/v1/payments/outstanding?programId=${programId}&fundingSourceId=${province}&period=${period}`)
  ).body.outstanding;

describe('a retroactive death', () => {
  it('when reported after a paid and an unpaid month, then the unpaid one is cancelled and the paid one is a claim on the insurer', async () => {
    const c = await twoWorkersThreeMonths();
    // Before: 3 × 16,800 = 50,400 billed, 33,600 paid, 16,800 committed (October).
    expect(await balances(c.programId)).toMatchObject({ committed: '16800', paid: '33600' });

    const res = await end(c);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: c.enrolmentId, endPeriod: '2026-08', endReason: 'deceased' });
    expect(
      res.body.affected.map((a: Record<string, string>) => [
        a.period,
        a.fundingSourceId,
        a.amount,
        a.outcome,
      ]),
    ).toEqual([
      ['2026-09', province, '8400', 'overpaid'],
      ['2026-10', province, '8400', 'cancelled'],
    ]);

    const obligations = await t.as('auditor').get(`/api/v1/obligations?beneficiaryId=${c.deceased}`);
    expect(
      obligations.body.data.map((o: { period: string; status: string }) => [o.period, o.status]),
    ).toEqual([
      ['2026-08', 'billed'],
      ['2026-09', 'cancelled'],
      ['2026-10', 'cancelled'],
    ]);

    // The journal: Dr available / Cr committed 8,400 (October released); Dr claim / Cr committed 8,400
    // (September overpaid). Committed 16,800 − 16,800 = 0; available 1,000,000 − 50,400 + 8,400 = 958,000.
    const entries = await t
      .as('auditor')
      .get(`/api/v1/journal-entries?sourceType=enrolment&sourceId=${c.enrolmentId}`);
    expect(entries.body.data).toHaveLength(1);
    expect(entries.body.data[0].kind).toBe('enrolment_end');
    const postings = entries.body.data[0].postings as { account: string; amount: string }[];
    expect(postings.map((p) => [p.account.split(':')[0], p.amount]).sort()).toEqual(
      [
        ['available', '8400'],
        ['claim', '8400'],
        ['committed', '-8400'],
        ['committed', '-8400'],
      ].sort(),
    );
    expect(await balances(c.programId)).toMatchObject({
      pagu: '-1000000',
      available: '958000',
      committed: '0',
      paid: '33600',
      claim: '8400',
    });

    const open = await t.as('auditor').get(`/api/v1/overpayments?status=open&fundingSourceId=${province}`);
    const mine = open.body.data.filter((o: { enrolmentId: string }) => o.enrolmentId === c.enrolmentId);
    expect(mine).toEqual([
      expect.objectContaining({
        beneficiaryId: c.deceased,
        programId: c.programId,
        fundingSourceId: province,
        period: '2026-09',
        amount: '8400',
        status: 'open',
        settlement: null,
      }),
    ]);
    // The person's own overpayments, as their page in the console reads them: this one, and no one else's.
    const theirs = await t.as('auditor').get(`/api/v1/overpayments?beneficiaryId=${c.deceased}`);
    expect(theirs.body.data).toEqual(mine);
    const survivor = await t.as('auditor').get(`/api/v1/overpayments?beneficiaryId=${c.survivor}`);
    expect(survivor.body.data).toEqual([]);
    // October now owes only the surviving worker's 8,400.
    expect(await outstanding(c.programId, '2026-10')).toBe('8400');
    const audit = await t.as('auditor').get('/api/v1/audit-events?entity=obligation&limit=1000');
    const event = audit.body.data.find(
      (e: { change: { enrolmentId?: string } }) => e.change.enrolmentId === c.enrolmentId,
    );
    expect(event).toMatchObject({ action: 'enrolment.end_billed', role: 'program_manager' });
    expect(event.change.affected).toEqual(res.body.affected);
    await expectLedgerClean(t);
    await expectSetCountsFresh();
  });

  it('when the overpayment is offset, then the next month is paid by it, the claim closes, and a second settlement is refused', async () => {
    const c = await twoWorkersThreeMonths();
    await end(c);
    const [op] = (await t.as('auditor').get('/api/v1/overpayments?status=open')).body.data.filter(
      (o: { enrolmentId: string }) => o.enrolmentId === c.enrolmentId,
    );
    const settle = (body: unknown) =>
      t
        .as('finance_officer')
        .post(`/api/v1/overpayments/${op.id}/settle`)
        .send(body as object);
    const res = await settle({ method: 'offset', documentRef: 'BPJS-TK 45/2026' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'settled', settlement: { method: 'offset' } });
    // The 8,400 pays October, the only open month owing: the next SP2D has nothing left to cover.
    const payment = await t.as('auditor').get(`/api/v1/payments?programId=${c.programId}&period=2026-10`);
    expect(payment.body.data).toEqual([
      expect.objectContaining({
        sp2dNumber: `KOMPENSASI/${op.id}`,
        amount: '8400',
        status: 'paid',
        allocations: [{ period: '2026-10', amount: '8400' }],
      }),
    ]);
    expect(res.body.settlement.paymentId).toBe(payment.body.data[0].id);
    expect(await outstanding(c.programId, '2026-10')).toBe('0');
    // Claim closed (Dr available / Cr claim 8,400); October paid (Dr paid / Cr committed 8,400).
    expect(await balances(c.programId)).toMatchObject({
      available: '966400',
      committed: '-8400',
      paid: '42000',
      claim: '0',
    });
    await expectLedgerClean(t);

    const again = await settle({ method: 'refund', documentRef: 'x' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_SETTLED');
  });

  it('when the overpayment is refunded, then the claim closes and its budget is released; refusals write nothing', async () => {
    const c = await twoWorkersThreeMonths();
    await end(c);
    const [op] = (await t.as('auditor').get('/api/v1/overpayments?status=open')).body.data.filter(
      (o: { enrolmentId: string }) => o.enrolmentId === c.enrolmentId,
    );
    const before = await count(t.db, 'overpayment_settlements');
    const refused = [
      await t
        .as('program_manager')
        .post(`/api/v1/overpayments/${op.id}/settle`)
        .send({ method: 'refund', documentRef: 'x' }),
      await t
        .as('finance_officer')
        .post(`/api/v1/overpayments/${op.id}/settle`)
        .send({ method: 'cash', documentRef: 'x' }),
      await t
        .as('finance_officer')
        .post('/api/v1/overpayments/999999/settle')
        .send({ method: 'refund', documentRef: 'x' }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 400, 404]);
    expect(await count(t.db, 'overpayment_settlements')).toBe(before);

    const res = await t
      .as('finance_officer')
      .post(`/api/v1/overpayments/${op.id}/settle`)
      .send({ method: 'refund', documentRef: 'STS 12/2026' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.settlement).toMatchObject({
      method: 'refund',
      documentRef: 'STS 12/2026',
      paymentId: null,
    });
    // 958,000 + 8,400 released; October still owes the surviving worker's 8,400.
    expect(await balances(c.programId)).toMatchObject({ available: '966400', committed: '0', claim: '0' });
    expect(await outstanding(c.programId, '2026-10')).toBe('8400');
    await expectLedgerClean(t);
  });

  it('when an enrolment ends after its last billed month, then nothing is affected and no entry is booked', async () => {
    const c = await twoWorkersThreeMonths();
    const res = await t
      .as('program_manager')
      .post(`/api/v1/enrolments/${c.enrolmentId}/end`)
      .send({ endPeriod: '2026-10', reason: 'moved' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.affected).toEqual([]);
    const entries = await t
      .as('auditor')
      .get(`/api/v1/journal-entries?sourceType=enrolment&sourceId=${c.enrolmentId}`);
    expect(entries.body.data).toEqual([]);
  });
});

/**
 * The counts of workers per sets of months, moved worker by worker when an enrolment ends, equal the same
 * counts made anew: each worker's sets of each year gathered here from its rows of `beneficiary_months`.
 */
async function expectSetCountsFresh(): Promise<void> {
  const key = (year: unknown, region: unknown, sets: string, workers: number) =>
    `${year}:${region}:${sets}=${workers}`;
  const kept = (await t.db('worker_set_counts').where('workers', '<>', 0))
    .map((r) => key(r.fiscal_year, r.region_code, r.sets, Number(r.workers)))
    .sort();
  const rows = (await t
    .db('beneficiary_months')
    .whereNot('months', 0)
    .orderBy(['fiscal_year', 'beneficiary_id', 'program_id', 'funding_source_id'])) as Record<
    string,
    unknown
  >[];
  const perWorker = new Map<string, { year: unknown; region: unknown; shares: string[] }>();
  for (const r of rows) {
    const id = `${r.fiscal_year}:${r.beneficiary_id}`;
    const worker = perWorker.get(id) ?? { year: r.fiscal_year, region: r.region_code, shares: [] };
    worker.shares.push(`${r.program_id}/${r.funding_source_id}/${r.months}`);
    perWorker.set(id, worker);
  }
  const counts = new Map<string, number>();
  for (const w of perWorker.values()) {
    const id = `${w.year}:${w.region}:${w.shares.join(' ')}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const fresh = [...counts].map(([id, n]) => `${id}=${n}`).sort();
  expect(kept).toEqual(fresh);
}
