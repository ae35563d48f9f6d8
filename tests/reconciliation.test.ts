import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endEnrolment } from '../src/modules/beneficiaries/index.js';
import { asPeriod } from '../src/shared/period.js';
import { count, createTestContext, makeNik, type TestContext } from './support/harness.js';
import {
  allocate,
  bill,
  createCoFundedProgram,
  createProgram,
  enrolWorker,
  expectLedgerClean,
  expectRegionsCopied,
  fundingSourceIds,
} from './support/fixtures.js';

let t: TestContext;
let prov: string;
let bungo: string;

beforeAll(async () => {
  t = await createTestContext();
  const fs = await fundingSourceIds(t);
  prov = fs['APBD-PROV-JAMBI']!;
  bungo = fs['APBD-KAB-BUNGO']!;
});
afterAll(async () => t.close());

interface Exception {
  id: string;
  kind: string;
  nik: string;
  expectedAmount: string | null;
  statementAmount: string | null;
  resolution: string | null;
}

let scenarios = 0;

/**
 * Each test's own province-and-Bungo programme (0.6/0.4) with workers w1–w5 and w7 billed for March 2026;
 * w6 registered but never enrolled; w8 billed for March by a Bungo-only programme, then moved to this one
 * from March (the regency enrolment ended retroactively, as a database written before life events holds it:
 * its March bill left standing), so March is billed twice (double coverage).
 * 7 workers × 2 shares = 14 obligations of the programme in March.
 */
async function scenario() {
  scenarios += 1;
  const program = await createCoFundedProgram(t, `DUMISAKE-${scenarios}`, prov, bungo);
  const other = await createProgram(t, {
    code: `BUNGO-OWN-${scenarios}`,
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
  });
  await allocate(t, program.id, prov, '10000000');
  await allocate(t, program.id, bungo, '10000000');
  await allocate(t, other.id, bungo, '10000000');
  const nik: Record<string, string> = {};
  const id: Record<string, string> = {};
  const serial = (n: number) => makeNik('08', 500 + scenarios * 10 + n);
  for (const [n, w] of ['w1', 'w2', 'w3', 'w4', 'w5', 'w7'].entries()) {
    nik[w] = serial(n);
    id[w] = await enrolWorker(t, program.id, { nik: nik[w], startPeriod: '2026-01' });
  }
  nik.w6 = serial(6);
  const w6 = await t
    .as('program_manager')
    .post('/api/v1/beneficiaries')
    .send({ nik: nik.w6, name: 'Not enrolled', regionCode: '15.08' });
  expect(w6.status, w6.text).toBe(201);
  id.w6 = w6.body.id;
  nik.w8 = serial(8);
  id.w8 = await enrolWorker(t, other.id, { nik: nik.w8, startPeriod: '2026-01' });
  await bill(t, other.id, '2026-03');
  const enrolments = await t.as('auditor').get(`/api/v1/beneficiaries/${id.w8}`);
  // Today's end would cancel the March bill (docs/domain.md, "Life events"); the enrolment's own end, alone, is what
  // ending did before.
  const before = {
    actor: { id: 'migrated', name: 'data before life events', role: 'admin' as const },
    clock: () => DateTime.fromISO('2026-11-20T10:00:00', { zone: 'Asia/Jakarta' }),
    requestId: null,
  };
  await endEnrolment(t.db, before, Number(enrolments.body.enrolments[0].id), {
    endPeriod: asPeriod('2026-02'),
    reason: 'moved',
  });
  const enrolled = await t
    .as('program_manager')
    .post('/api/v1/enrolments')
    .send({ beneficiaryId: id.w8, programId: program.id, startPeriod: '2026-03' });
  expect(enrolled.status, enrolled.text).toBe(201);
  const run = await bill(t, program.id, '2026-03');
  expect(run).toMatchObject({ obligationCount: 14 });

  const upload = (csv: string, period = '2026-03', role: 'finance_officer' | 'auditor' = 'finance_officer') =>
    t
      .as(role)
      .post(`/api/v1/statements?programId=${program.id}&period=${period}`)
      .set('Content-Type', 'text/csv')
      .send(csv);

  /** Planted: 5 matched (w5 twice), a short payment, a missing worker, 2 strangers, 2 malformed lines, double coverage. */
  const firstStatement = () =>
    [
      'nik,kpj,name,amount',
      `${nik.w1},11,Satu,16800`,
      `${nik.w2},12,Dua,16800.00`,
      `${nik.w3},13,Tiga,15000`,
      `${nik.w5},15,Lima,16800`,
      `3171010101900001,99,Stranger,16800`,
      `${nik.w6},16,Enam,16800`,
      `not-a-nik,1,Bad,16800`,
      `${nik.w1!.slice(0, 15)}9,17,Bad amount,12.5`,
      `${nik.w5},15,Lima again,16800`,
      `${nik.w7},17,Tujuh,16800`,
      `${nik.w8},18,Delapan,16800`,
    ].join('\n');

  /** Uploads the planted statement; returns its id. */
  const importFirst = async () => {
    const res = await upload(firstStatement());
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };

  /** The worker of each of the programme's March obligations in `status`, as the obligations list gives them. */
  const obligationsOfWorkers = async (status: 'billed' | 'credited') => {
    const res = await t
      .as('auditor')
      .get(`/api/v1/obligations?programId=${program.id}&period=2026-03&status=${status}`);
    expect(res.status).toBe(200);
    return (res.body.data as { beneficiaryId: string; status: string }[]).map((o) => {
      expect(o.status).toBe(status);
      return o.beneficiaryId;
    });
  };

  return { program, nik, id, upload, firstStatement, importFirst, obligationsOfWorkers };
}

async function exceptions(statementId: string, kind?: string) {
  const res = await t
    .as('finance_officer')
    .get(`/api/v1/statements/${statementId}/exceptions${kind ? `?kind=${kind}` : ''}`);
  expect(res.status).toBe(200);
  return res.body.data as Exception[];
}

describe('statements', () => {
  it('when a statement with every kind of difference is reconciled, then the counts, statuses and journal are exact', async () => {
    const { nik, id, upload, firstStatement, obligationsOfWorkers } = await scenario();
    const res = await upload(firstStatement());
    expect(res.status, res.text).toBe(201);
    const first = res.body.id as string;
    expect(res.body.summary).toEqual({
      lines: 11,
      matched: 5,
      amountMismatch: 1,
      notCredited: 1,
      unexpected: 2,
      duplicate: 1,
      doubleCoverage: 1,
      malformed: 2,
      creditedAmount: String(5 * 16800),
    });
    expect(res.body.malformedLines.map((m: { line: number }) => m.line)).toEqual([8, 9]);
    const mismatch = await exceptions(first, 'amount_mismatch');
    expect(mismatch).toEqual([
      expect.objectContaining({
        nik: nik.w3,
        expectedAmount: '16800',
        statementAmount: '15000',
        resolution: null,
      }),
    ]);
    const missing = await exceptions(first, 'not_credited');
    expect(missing).toEqual([
      expect.objectContaining({ nik: nik.w4, expectedAmount: '16800', statementAmount: null }),
    ]);
    expect((await exceptions(first, 'unexpected')).map((e) => e.nik).sort()).toEqual(
      ['3171010101900001', nik.w6].sort(),
    );
    expect(await exceptions(first, 'duplicate')).toEqual([
      expect.objectContaining({ nik: nik.w5, statementAmount: '16800' }),
    ]);
    expect(await exceptions(first, 'double_coverage')).toEqual([expect.objectContaining({ nik: nik.w8 })]);
    expect(await exceptions(first)).toHaveLength(6);
    const credited = await obligationsOfWorkers('credited');
    expect([...new Set(credited)].sort()).toEqual([id.w1, id.w2, id.w5, id.w7, id.w8].sort());
    expect(credited).toHaveLength(10);
    expect(await obligationsOfWorkers('billed')).toHaveLength(14 - 10);
    expect(await count(t.db, 'obligations', { status: 'credited' })).toBe(0);
    const entries = await t.db('journal_entries').where({ source_type: 'statement', source_id: first });
    expect(entries).toHaveLength(1);
    await expectLedgerClean(t);
  });

  it('when the same file is uploaded again, then the first statement answers and nothing is added', async () => {
    const { upload, firstStatement, importFirst } = await scenario();
    const first = await importFirst();
    const before = await Promise.all(
      ['statements', 'statement_lines', 'journal_entries'].map((tb) => count(t.db, tb)),
    );
    expect(await count(t.db, 'statement_lines', { statement_id: Number(first) })).toBe(9);
    const res = await upload(firstStatement());
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(first);
    expect(
      await Promise.all(['statements', 'statement_lines', 'journal_entries'].map((tb) => count(t.db, tb))),
    ).toEqual(before);
  });

  it('when exceptions are resolved, then each once, audited, and rebill bills the worker in the next run', async () => {
    const { program, id, importFirst } = await scenario();
    const first = await importFirst();
    const [mismatch] = await exceptions(first, 'amount_mismatch');
    const ok = await t
      .as('finance_officer')
      .post(`/api/v1/reconciliation-exceptions/${mismatch!.id}/resolve`)
      .send({ resolution: 'accepted', note: 'insurer rounding' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ resolution: 'accepted', note: 'insurer rounding' });
    const twice = await t
      .as('finance_officer')
      .post(`/api/v1/reconciliation-exceptions/${mismatch!.id}/resolve`)
      .send({ resolution: 'rebill', note: 'again' });
    expect(twice.status).toBe(409);
    const auditor = await t
      .as('auditor')
      .post(`/api/v1/reconciliation-exceptions/${mismatch!.id}/resolve`)
      .send({ resolution: 'accepted', note: 'x' });
    expect(auditor.status).toBe(403);
    const events = await t
      .as('auditor')
      .get(`/api/v1/audit-events?entity=reconciliation_exception&entityId=${mismatch!.id}`);
    expect(events.body.data).toEqual([
      expect.objectContaining({
        action: 'exception.resolve',
        role: 'finance_officer',
        change: { resolution: 'accepted', note: 'insurer rounding' },
      }),
    ]);
    const [stranger] = (await exceptions(first, 'unexpected')).filter((e) => e.nik === '3171010101900001');
    const cannot = await t
      .as('finance_officer')
      .post(`/api/v1/reconciliation-exceptions/${stranger!.id}/resolve`)
      .send({ resolution: 'rebill', note: 'x' });
    expect(cannot.status).toBe(422);
    const [missing] = await exceptions(first, 'not_credited');
    const rebill = await t
      .as('finance_officer')
      .post(`/api/v1/reconciliation-exceptions/${missing!.id}/resolve`)
      .send({ resolution: 'rebill', note: 'member not credited' });
    expect(rebill.status).toBe(200);
    const april = await bill(t, program.id, '2026-04');
    const w4 = await t.as('auditor').get(`/api/v1/obligations?period=2026-04&beneficiaryId=${id.w4}`);
    expect(w4.body.data.map((o: { kind: string }) => o.kind).sort()).toEqual([
      'rebill',
      'rebill',
      'regular',
      'regular',
    ]);
    const cancelled = await t
      .as('finance_officer')
      .post(`/api/v1/billing-runs/${april.id}/cancel`)
      .send({ reason: 'wrong month for the rebill' });
    expect(cancelled.status).toBe(200);
    const rebilled = await bill(t, program.id, '2026-04');
    const w4Again = await t
      .as('auditor')
      .get(`/api/v1/obligations?runId=${rebilled.id}&beneficiaryId=${id.w4}`);
    expect(w4Again.body.data.map((o: { kind: string }) => o.kind).sort()).toEqual([
      'rebill',
      'rebill',
      'regular',
      'regular',
    ]);
    await expectRegionsCopied(t);
    const may = await bill(t, program.id, '2026-05');
    const w4May = await t.as('auditor').get(`/api/v1/obligations?runId=${may.id}&beneficiaryId=${id.w4}`);
    expect(w4May.body.data.map((o: { kind: string }) => o.kind)).toEqual(['regular', 'regular']);
    await expectLedgerClean(t);
  });

  it('when a corrected statement arrives, then it supersedes the first: earlier credits are reversed, new ones booked', async () => {
    const { nik, id, upload, importFirst, obligationsOfWorkers } = await scenario();
    const first = await importFirst();
    const csv = [
      '\uFEFFnik;kpj;name;amount',
      `${nik.w1};11;Satu;16800`,
      `${nik.w3};13;Tiga;16800`,
      `${nik.w4};14;Empat;16800`,
    ].join('\r\n');
    const res = await upload(csv);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      supersedesId: first,
      summary: { lines: 3, matched: 3, notCredited: 4, unexpected: 0, duplicate: 0 },
    });
    const old = await t.as('auditor').get(`/api/v1/statements/${first}`);
    expect(old.body.supersededById).toBe(res.body.id);
    expect([...new Set(await obligationsOfWorkers('credited'))].sort()).toEqual([id.w1, id.w3, id.w4].sort());
    const reversal = await t.db('journal_entries').where({ kind: 'credit_reversal', source_id: first });
    expect(reversal).toHaveLength(1);
    await expectLedgerClean(t);
  });

  it('when the upload is refused, then 400/409/415/403/422 and nothing is written', async () => {
    const { program, nik, upload } = await scenario();
    const tables = ['statements', 'statement_lines', 'reconciliation_exceptions', 'journal_entries'];
    const before = await Promise.all(tables.map((tb) => count(t.db, tb)));
    expect((await upload('nik,name,amount\n1508010101850001,x,1')).status).toBe(400);
    const none = await upload('nik,kpj,name,amount\nabc,1,x,1\n');
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('NO_VALID_LINES');
    expect((await upload(`nik,kpj,name,amount\n${nik.w1},1,x,16800`, '2026-03', 'auditor')).status).toBe(403);
    const json = await t
      .as('finance_officer')
      .post(`/api/v1/statements?programId=${program.id}&period=2026-03`)
      .send({ nik: nik.w1 });
    expect(json.status).toBe(415);
    const unknown = await t
      .as('finance_officer')
      .post('/api/v1/statements?programId=999999&period=2026-03')
      .set('Content-Type', 'text/csv')
      .send('nik,kpj,name,amount\n');
    expect(unknown.status).toBe(422);
    expect(
      (await t.as('auditor').post('/api/v1/periods/2026-06/close').send({ note: 'closed' })).status,
    ).toBe(200);
    try {
      const closed = await upload(`nik,kpj,name,amount\n${nik.w1},1,x,16800`, '2026-06');
      expect(closed.status).toBe(409);
      expect(closed.body.code).toBe('PERIOD_CLOSED');
    } finally {
      await t.as('auditor').post('/api/v1/periods/2026-06/reopen').send({ note: 'reopened' });
    }
    expect(await Promise.all(tables.map((tb) => count(t.db, tb)))).toEqual(before);
  });

  it('when the file turns unreadable part-way, then 400, nothing is written, and the next upload imports', async () => {
    const { nik, upload } = await scenario();
    const tables = ['statements', 'statement_lines', 'reconciliation_exceptions', 'journal_entries'];
    const before = await Promise.all(tables.map((tb) => count(t.db, tb)));
    const lines = Array.from({ length: 3000 }, (_, i) => `${makeNik('08', 2000 + i)},1,x,16800`);
    const broken = await upload(
      ['nik,kpj,name,amount', ...lines, `${nik.w1},1,"unclosed,16800`].join('\n'),
      '2026-08',
    );
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('MALFORMED_CSV');
    expect(await Promise.all(tables.map((tb) => count(t.db, tb)))).toEqual(before);
    const next = await upload(['nik,kpj,name,amount', ...lines].join('\n'), '2026-08');
    expect(next.status, next.text).toBe(201);
    expect(next.body.summary).toMatchObject({ lines: 3000, unexpected: 3000 });
  });

  it('when a credited run is cancelled, then 409', async () => {
    const { program, importFirst } = await scenario();
    await importFirst();
    const runs = await t.as('auditor').get(`/api/v1/billing-runs?period=2026-03&programId=${program.id}`);
    expect(runs.body.data).toHaveLength(1);
    const res = await t
      .as('finance_officer')
      .post(`/api/v1/billing-runs/${runs.body.data[0].id}/cancel`)
      .send({ reason: 'x' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('RUN_CREDITED');
  });

  it('when the same Idempotency-Key comes with another file, then 409', async () => {
    const { program, nik, upload } = await scenario();
    const a = await upload(`nik,kpj,name,amount\n${nik.w1},1,x,16800`, '2026-04');
    expect(a.status).toBe(201);
    const keyed = (csv: string) =>
      t
        .as('finance_officer')
        .post(`/api/v1/statements?programId=${program.id}&period=2026-05`)
        .set('Content-Type', 'text/csv')
        .set('Idempotency-Key', `stmt-may-${program.id}`)
        .send(csv);
    const first = await keyed(`nik,kpj,name,amount\n${nik.w1},1,x,8400`);
    expect(first.status).toBe(201);
    const replay = await keyed(`nik,kpj,name,amount\n${nik.w1},1,x,8400`);
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    const other = await keyed(`nik,kpj,name,amount\n${nik.w2},1,x,8400`);
    expect(other.status).toBe(409);
  });
});

describe('personal data for auditors', () => {
  it('when an auditor lists exceptions, then NIKs are masked', async () => {
    const { importFirst } = await scenario();
    const first = await importFirst();
    const res = await t.as('auditor').get(`/api/v1/statements/${first}/exceptions`);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(6);
    expect(res.body.data.every((e: { nik: string }) => /^\d{4}\*{10}\d{2}$/.test(e.nik))).toBe(true);
  });
});
