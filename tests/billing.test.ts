import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAll } from '../src/modules/integrity/index.js';
import { count, createTestContext, type TestContext } from './support/harness.js';
import {
  allocate,
  bill,
  createProgram,
  enrolWorker,
  expectLedgerClean,
  expectRegionsCopied,
  fundingSourceIds,
} from './support/fixtures.js';

let t: TestContext;
let fs: Record<string, string>;
beforeAll(async () => {
  t = await createTestContext();
  fs = await fundingSourceIds(t);
});
afterAll(async () => t.close());

async function journalSum(runId: string): Promise<{ entries: number; net: number }> {
  const entries = await t.db('journal_entries').where({ source_type: 'billing_run', source_id: runId });
  const postings = await t.db('postings').whereIn(
    'entry_id',
    entries.map((e) => e.id),
  );
  return { entries: entries.length, net: postings.reduce((acc, p) => acc + Number(p.amount), 0) };
}

/** A programme of its own, wholly funded by Bungo, with one worker billed for January 2026; its id. */
async function billedProgram(): Promise<number> {
  const bungo = fs['APBD-KAB-BUNGO']!;
  const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
  await allocate(t, program.id, bungo, '100000');
  await enrolWorker(t, program.id, { startPeriod: '2026-01' });
  await bill(t, program.id, '2026-01');
  return Number(program.id);
}

async function obligationsOf(query: string) {
  const res = await t.as('auditor').get(`/api/v1/obligations?${query}`);
  expect(res.status).toBe(200);
  return res.body.data as {
    beneficiaryId: string;
    fundingSourceId: string;
    amount: string;
    status: string;
    kind: string;
    rateIds: string;
  }[];
}

describe('billing runs', () => {
  it('when a farmer and a transport worker are billed in a normal, a relief and a discount month, then the amounts are exact', async () => {
    const bungo = fs['APBD-KAB-BUNGO']!;
    const program = await createProgram(t, {
      startPeriod: '2020-01',
      fundingShares: [{ fundingSourceId: bungo, share: '1' }],
    });
    await allocate(t, program.id, bungo, '1000000', 2020);
    await allocate(t, program.id, bungo, '1000000', 2026);
    const farmer = await enrolWorker(t, program.id, { sector: 'agriculture' });
    const driver = await enrolWorker(t, program.id, { sector: 'transport' });
    const expected: [string, string, string][] = [
      ['2026-03', '16800', '8400'],
      ['2020-09', '168', '168'],
      ['2026-06', '8400', '8400'],
    ];
    for (const [period, farmerAmount, driverAmount] of expected) {
      const res = await t
        .as('finance_officer')
        .post('/api/v1/billing-runs')
        .send({ period, programId: program.id });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ period, obligationCount: 2 });
      expect(res.body.totalAmount).toBe(String(Number(farmerAmount) + Number(driverAmount)));
      expect(res.body.byFundingSource).toEqual([{ fundingSourceId: bungo, amount: res.body.totalAmount }]);
      const rows = await obligationsOf(`period=${period}&programId=${program.id}`);
      expect(rows.find((o) => o.beneficiaryId === farmer)!.amount).toBe(farmerAmount);
      expect(rows.find((o) => o.beneficiaryId === driver)!.amount).toBe(driverAmount);
      expect(
        rows.every(
          (o) => o.status === 'billed' && o.kind === 'regular' && /^JKK:\d+,JKM:\d+$/.test(o.rateIds),
        ),
      ).toBe(true);
    }
    await expectLedgerClean(t);
  });

  it('when a programme is co-funded 0.333 / 0.667, then each worker is split 5594 / 11206 and per-source totals add up', async () => {
    const prov = fs['APBD-PROV-JAMBI']!;
    const kota = fs['APBD-KOTA-JAMBI']!;
    const program = await createProgram(t, {
      fundingShares: [
        { fundingSourceId: prov, share: '0.333' },
        { fundingSourceId: kota, share: '0.667' },
      ],
    });
    await allocate(t, program.id, prov, '100000');
    await allocate(t, program.id, kota, '100000');
    const workers = [];
    for (let i = 0; i < 3; i += 1)
      workers.push(await enrolWorker(t, program.id, { regionCode: '15.71', startPeriod: '2026-01' }));
    const res = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2026-02', programId: program.id });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      obligationCount: 6,
      totalAmount: '50400',
      byFundingSource: [
        { fundingSourceId: prov, amount: '16782' },
        { fundingSourceId: kota, amount: '33618' },
      ],
    });
    const rows = await obligationsOf(`period=2026-02&programId=${program.id}`);
    for (const w of workers) {
      // Which share a run writes first is the database's choice of join order, not part of the contract.
      const mine = rows.filter((o) => o.beneficiaryId === w).map((o) => [o.fundingSourceId, o.amount]);
      expect(mine).toHaveLength(2);
      expect(mine).toEqual(
        expect.arrayContaining([
          [prov, '5594'],
          [kota, '11206'],
        ]),
      );
    }
    const lines = await t.as('auditor').get(`/api/v1/budget-lines?programId=${program.id}`);
    expect(
      lines.body.data.map((l: { billed: string; remaining: string }) => [l.billed, l.remaining]),
    ).toEqual([
      ['16782', '83218'],
      ['33618', '66382'],
    ]);
    await expectLedgerClean(t);
  });

  it('when the same programme and period are billed again, then nothing new is created; a new enrolment is added alone', async () => {
    const bungo = fs['APBD-KAB-BUNGO']!;
    const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
    await allocate(t, program.id, bungo, '100000');
    await enrolWorker(t, program.id, { startPeriod: '2026-01' });
    const first = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2026-01', programId: program.id });
    expect(first.status).toBe(201);
    const entriesBefore = await count(t.db, 'journal_entries');
    const again = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2026-01', programId: program.id });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ obligationCount: 0, totalAmount: '0', byFundingSource: [] });
    expect(await count(t.db, 'journal_entries')).toBe(entriesBefore);
    await enrolWorker(t, program.id, { startPeriod: '2026-01' });
    const third = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2026-01', programId: program.id });
    expect(third.status).toBe(201);
    expect(third.body).toMatchObject({ obligationCount: 1, totalAmount: '16800' });
    expect(await count(t.db, 'obligations', { program_id: Number(program.id), period: '2026-01' })).toBe(2);
    await expectLedgerClean(t);
  });

  it('when the database is asked to insert a second obligation for the same share, then the unique index refuses it', async () => {
    const programId = await billedProgram();
    const existing = await t.db('obligations').where({ program_id: programId, kind: 'regular' }).first();
    const { id: _id, ...copy } = existing;
    await expect(t.db('obligations').insert(copy)).rejects.toThrow();
  });

  it("when a run would exceed a source's remaining budget, then 422 names the shortfall and nothing is written", async () => {
    const prov = fs['APBD-PROV-JAMBI']!;
    const bungo = fs['APBD-KAB-BUNGO']!;
    const program = await createProgram(t, {
      fundingShares: [
        { fundingSourceId: prov, share: '0.5' },
        { fundingSourceId: bungo, share: '0.5' },
      ],
    });
    await allocate(t, program.id, prov, '8400');
    await allocate(t, program.id, bungo, '10000');
    await enrolWorker(t, program.id, { startPeriod: '2026-01' });
    await enrolWorker(t, program.id, { startPeriod: '2026-01' });
    const tables = [
      'billing_runs',
      'billing_prices',
      'obligations',
      'journal_entries',
      'postings',
      'audit_events',
    ];
    const before = await Promise.all(tables.map((tb) => count(t.db, tb)));
    const res = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2026-03', programId: program.id });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('OVER_BUDGET');
    expect(res.body.shortfalls).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          fundingSourceId: prov,
          required: '16800',
          remainingBudget: '8400',
          shortfall: '8400',
        }),
        expect.objectContaining({
          fundingSourceId: bungo,
          required: '16800',
          remainingBudget: '10000',
          shortfall: '6800',
        }),
      ]),
    );
    expect(await Promise.all(tables.map((tb) => count(t.db, tb)))).toEqual(before);
    await expectLedgerClean(t);
  });

  it('when a run is cancelled, then its journal nets to zero, obligations are cancelled, and the period can be billed again', async () => {
    const bungo = fs['APBD-KAB-BUNGO']!;
    const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
    await allocate(t, program.id, bungo, '33600');
    await enrolWorker(t, program.id, { startPeriod: '2026-01' });
    const run = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2026-02', programId: program.id });
    expect(run.status).toBe(201);
    const noReason = await t
      .as('finance_officer')
      .post(`/api/v1/billing-runs/${run.body.id}/cancel`)
      .send({});
    expect(noReason.status).toBe(400);
    const cancelled = await t
      .as('finance_officer')
      .post(`/api/v1/billing-runs/${run.body.id}/cancel`)
      .send({ reason: 'wrong list' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'wrong list' } });
    expect(await journalSum(run.body.id)).toEqual({ entries: 2, net: 0 });
    expect((await obligationsOf(`runId=${run.body.id}`)).every((o) => o.status === 'cancelled')).toBe(true);
    const twice = await t
      .as('finance_officer')
      .post(`/api/v1/billing-runs/${run.body.id}/cancel`)
      .send({ reason: 'again' });
    expect(twice.status).toBe(409);
    const rebill = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2026-02', programId: program.id });
    expect(rebill.status).toBe(201);
    expect(rebill.body.obligationCount).toBe(1);
    const lines = await t.as('auditor').get(`/api/v1/budget-lines?programId=${program.id}`);
    expect(lines.body.data[0]).toMatchObject({ billed: '16800', remaining: '16800' });
    expect(await count(t.db, 'audit_events', { action: 'billing.cancel', entity_id: run.body.id })).toBe(1);
    await expectLedgerClean(t);
  });

  it('when a period is closed, then billing and cancelling in it are 409 PERIOD_CLOSED', async () => {
    const bungo = fs['APBD-KAB-BUNGO']!;
    const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
    await allocate(t, program.id, bungo, '100000');
    await enrolWorker(t, program.id, { startPeriod: '2026-01' });
    const run = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2026-04', programId: program.id });
    expect(run.status).toBe(201);
    await t.as('auditor').post('/api/v1/periods/2026-04/close').send({ note: 'month end' });
    const bill = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2026-04', programId: program.id });
    expect(bill.status).toBe(409);
    expect(bill.body.code).toBe('PERIOD_CLOSED');
    const cancel = await t
      .as('finance_officer')
      .post(`/api/v1/billing-runs/${run.body.id}/cancel`)
      .send({ reason: 'x' });
    expect(cancel.status).toBe(409);
    expect(cancel.body.code).toBe('PERIOD_CLOSED');
    await t.as('auditor').post('/api/v1/periods/2026-04/reopen').send({ note: 'fix' });
  });

  it('when a rate is added for an already billed month, then repricing books only the differences', async () => {
    const bungo = fs['APBD-KAB-BUNGO']!;
    const program = await createProgram(t, {
      startPeriod: '2028-01',
      fundingShares: [{ fundingSourceId: bungo, share: '1' }],
    });
    await allocate(t, program.id, bungo, '1000000', 2028);
    const fisher = await enrolWorker(t, program.id, { sector: 'fisheries', startPeriod: '2028-01' });
    const farmer = await enrolWorker(t, program.id, { sector: 'agriculture', startPeriod: '2028-01' });
    const run = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2028-02', programId: program.id });
    expect(run.body.totalAmount).toBe('33600');
    const rate = await t.as('admin').post('/api/v1/contribution-rates').send({
      benefit: 'JKK',
      percentOfIncome: '0.3',
      sector: 'fisheries',
      effectiveFrom: '2028-02',
      effectiveTo: '2028-02',
    });
    expect(rate.status).toBe(201);
    const reprice = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs/reprice')
      .send({ period: '2028-02', programId: program.id });
    expect(reprice.status).toBe(201);
    expect(reprice.body).toMatchObject({ kind: 'repricing', obligationCount: 1, totalAmount: '-7000' });
    const rows = await obligationsOf(`period=2028-02&programId=${program.id}`);
    expect(rows.filter((o) => o.beneficiaryId === fisher).map((o) => [o.kind, o.amount])).toEqual([
      ['regular', '16800'],
      ['adjustment', '-7000'],
    ]);
    expect(rows.filter((o) => o.beneficiaryId === farmer)).toHaveLength(1);
    await expectRegionsCopied(t);
    const again = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs/reprice')
      .send({ period: '2028-02', programId: program.id });
    expect(again.status).toBe(200);
    expect(again.body.obligationCount).toBe(0);
    const blocked = await t
      .as('finance_officer')
      .post(`/api/v1/billing-runs/${run.body.id}/cancel`)
      .send({ reason: 'x' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('RUN_REPRICED');
    const lines = await t.as('auditor').get(`/api/v1/budget-lines?programId=${program.id}`);
    expect(lines.body.data[0]).toMatchObject({ billed: '26600', remaining: '973400' });
    await expectLedgerClean(t);
  });

  it('when the request is wrong, then 400/422/403 and nothing is written', async () => {
    const before = await count(t.db, 'billing_runs');
    expect(
      (await t.as('finance_officer').post('/api/v1/billing-runs').send({ period: '2026-13' })).status,
    ).toBe(400);
    expect(
      (
        await t
          .as('finance_officer')
          .post('/api/v1/billing-runs')
          .send({ period: '2026-03', programId: '9999' })
      ).status,
    ).toBe(422);
    expect(
      (await t.as('program_manager').post('/api/v1/billing-runs').send({ period: '2026-03' })).status,
    ).toBe(403);
    expect((await t.as('auditor').post('/api/v1/billing-runs/999/cancel').send({ reason: 'x' })).status).toBe(
      403,
    );
    expect(
      (await t.as('finance_officer').post('/api/v1/billing-runs/999/cancel').send({ reason: 'x' })).status,
    ).toBe(404);
    expect(await count(t.db, 'billing_runs')).toBe(before);
  });

  it('when a posting is edited directly in the database, then ledger/verify reports it', async () => {
    await billedProgram();
    await expectLedgerClean(t);
    const posting = await t.db('postings').orderBy('id', 'desc').first();
    await t
      .db('postings')
      .where({ id: posting.id })
      .update({ amount: Number(posting.amount) + 1 });
    const res = await t.as('auditor').get('/api/v1/ledger/verify');
    expect(res.body.balanced).toBe(false);
    expect(res.body.matchesOperations).toBe(false);
    expect(res.body.problems.map((p: { kind: string }) => p.kind)).toEqual(
      expect.arrayContaining(['unbalanced_entry', 'mismatch']),
    );
    await t.db('postings').where({ id: posting.id }).update({ amount: posting.amount });
    await expectLedgerClean(t);
  });

  it('when a report summary drifts from the obligations, then ledger/verify names it while the journal still balances', async () => {
    const programId = await billedProgram();
    const cell = await t.db('obligation_totals').where({ program_id: programId }).first();
    const key = {
      program_id: cell.program_id,
      funding_source_id: cell.funding_source_id,
      period: cell.period,
      region_code: cell.region_code,
    };
    await t.db('obligation_totals').where(key).increment('credited', 1);
    const res = await t.as('auditor').get('/api/v1/ledger/verify');
    expect(res.body.balanced).toBe(true);
    expect(res.body.matchesOperations).toBe(false);
    expect(res.body.problems).toEqual([
      expect.objectContaining({
        kind: 'mismatch',
        detail: expect.stringMatching(
          /^report summary .* credited: obligations give \d+, obligation_totals holds \d+$/,
        ),
      }),
    ]);
    await t.db('obligation_totals').where(key).decrement('credited', 1);
    await expectLedgerClean(t);
  });

  it("when a run's recorded totals are edited directly, then ledger/verify holds the journal and the summaries against them", async () => {
    // One run of one worker: one row of totals.
    const line = { program_id: await billedProgram() };
    expect(await t.db('billing_run_totals').where(line).increment('amount', 1)).toBe(1);
    const res = await t.as('auditor').get('/api/v1/ledger/verify');
    expect(res.body.balanced).toBe(true);
    expect(res.body.matchesOperations).toBe(false);
    const details = res.body.problems.map((p: { detail: string }) => p.detail);
    // The committed and available accounts of the line, and the summary of its year.
    expect(details).toHaveLength(3);
    expect(details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^account committed:\d+:\d+:2026: postings give \d+, obligations give \d+$/),
        expect.stringMatching(
          /^report summary .* billed: obligations give \d+, obligation_totals holds \d+$/,
        ),
      ]),
    );
    await t.db('billing_run_totals').where(line).decrement('amount', 1);
    await expectLedgerClean(t);
  });

  it("when an obligation is edited directly, then the restore check recounts the runs' totals from the obligations and names the line", async () => {
    const programId = await billedProgram();
    const obligation = await t.db('obligations').where({ program_id: programId }).first();
    expect((await verifyAll(t.db)).ok).toBe(true);
    await t
      .db('obligations')
      .where({ id: obligation.id })
      .update({ amount: Number(obligation.amount) + 1 });
    const result = await verifyAll(t.db);
    expect(result.ok).toBe(false);
    expect(result.ledger.problems).toEqual([
      expect.objectContaining({
        kind: 'mismatch',
        detail: `recorded totals ${programId}/${obligation.funding_source_id}/2026 billed: obligations give ${Number(obligation.amount) + 1}, billing runs record ${obligation.amount}`,
      }),
    ]);
    await t.db('obligations').where({ id: obligation.id }).update({ amount: obligation.amount });
    expect((await verifyAll(t.db)).ok).toBe(true);
  });
});

describe('beneficiary detail', () => {
  it('when a worker was billed, then the detail shows the obligations by period with their total', async () => {
    const prov = fs['APBD-PROV-JAMBI']!;
    const kota = fs['APBD-KOTA-JAMBI']!;
    const program = await createProgram(t, {
      fundingShares: [
        { fundingSourceId: prov, share: '0.5' },
        { fundingSourceId: kota, share: '0.5' },
      ],
    });
    await allocate(t, program.id, prov, '100000');
    await allocate(t, program.id, kota, '100000');
    const worker = await enrolWorker(t, program.id, { startPeriod: '2026-01', regionCode: '15.71' });
    for (const period of ['2026-02', '2026-05'])
      await t.as('finance_officer').post('/api/v1/billing-runs').send({ period, programId: program.id });
    const res = await t.as('program_manager').get(`/api/v1/beneficiaries/${worker}`);
    expect(res.status).toBe(200);
    expect(res.body.enrolments).toHaveLength(1);
    expect(
      res.body.obligationsByPeriod.map((p: { period: string; total: string; obligations: unknown[] }) => [
        p.period,
        p.total,
        p.obligations.length,
      ]),
    ).toEqual([
      ['2026-02', '16800', 2],
      ['2026-05', '8400', 2],
    ]);
  });
});

describe('rate corrections', () => {
  it('when a billed rate is corrected, then the old row stays for the old bills and repricing books the difference', async () => {
    const bungo = fs['APBD-KAB-BUNGO']!;
    const program = await createProgram(t, {
      startPeriod: '2029-01',
      fundingShares: [{ fundingSourceId: bungo, share: '1' }],
    });
    await allocate(t, program.id, bungo, '1000000', 2029);
    const fisher = await enrolWorker(t, program.id, { sector: 'fisheries', startPeriod: '2029-01' });
    const rate = await t.as('admin').post('/api/v1/contribution-rates').send({
      benefit: 'JKM',
      flatAmount: '5000',
      sector: 'fisheries',
      effectiveFrom: '2029-01',
      effectiveTo: '2029-12',
    });
    expect(rate.status).toBe(201);
    const run = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs')
      .send({ period: '2029-02', programId: program.id });
    expect(run.body.totalAmount).toBe('15000');
    const corrected = await t
      .as('admin')
      .post(`/api/v1/contribution-rates/${rate.body.id}/correct`)
      .send({ flatAmount: '4000', reason: 'typo in the regulation table' });
    expect(corrected.status, corrected.text).toBe(201);
    expect(corrected.body).toMatchObject({
      rate: {
        benefit: 'JKM',
        sector: 'fisheries',
        flatAmount: '4000',
        effectiveFrom: '2029-01',
        effectiveTo: '2029-12',
        supersededById: null,
      },
      superseded: {
        id: rate.body.id,
        supersededById: corrected.body.rate.id,
        correctionReason: 'typo in the regulation table',
      },
      billedPeriodsToReprice: ['2029-02'],
    });
    const inForce = await t.as('auditor').get('/api/v1/contribution-rates?period=2029-02&benefit=JKM');
    expect(inForce.body.data.map((r: { id: string }) => r.id)).toContain(corrected.body.rate.id);
    expect(inForce.body.data.map((r: { id: string }) => r.id)).not.toContain(rate.body.id);
    const reprice = await t
      .as('finance_officer')
      .post('/api/v1/billing-runs/reprice')
      .send({ period: '2029-02', programId: program.id });
    expect(reprice.body).toMatchObject({ obligationCount: 1, totalAmount: '-1000' });
    const rows = (await t.as('auditor').get(`/api/v1/obligations?beneficiaryId=${fisher}&period=2029-02`))
      .body.data as { kind: string; rateIds: string }[];
    expect(rows.map((o) => [o.kind, o.rateIds.split(',')[1]])).toEqual([
      ['regular', `JKM:${rate.body.id}`],
      ['adjustment', `JKM:${corrected.body.rate.id}`],
    ]);
    const twice = await t
      .as('admin')
      .post(`/api/v1/contribution-rates/${rate.body.id}/correct`)
      .send({ flatAmount: '3000', reason: 'again' });
    expect(twice.status).toBe(409);
    await t.as('auditor').post('/api/v1/periods/2029-06/close').send({ note: 'closed' });
    const closed = await t
      .as('admin')
      .post(`/api/v1/contribution-rates/${corrected.body.rate.id}/correct`)
      .send({ flatAmount: '3000', reason: 'x' });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('PERIOD_CLOSED');
    const noReason = await t
      .as('admin')
      .post(`/api/v1/contribution-rates/${corrected.body.rate.id}/correct`)
      .send({ flatAmount: '3000' });
    expect(noReason.status).toBe(400);
    expect(
      (await t.as('admin').post('/api/v1/contribution-rates/99999/correct').send({ reason: 'x' })).status,
    ).toBe(404);
    await expectLedgerClean(t);
  });
});
