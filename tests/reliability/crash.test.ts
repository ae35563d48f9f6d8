import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/knex.js';
import { count, countCredited } from '../support/harness.js';
import { freePort, pausedUpload, ServerProcess } from '../support/server-process.js';
import { statementCsv, workersCsv } from '../support/reliability.js';

/**
 * The real server as a child process, killed with SIGKILL in the middle of the three big writes (a
 * beneficiary import, a billing run, a statement import) and stopped with SIGTERM during a request. After
 * each restart on the same database nothing is half-written, the journal and the audit chain verify, and
 * doing the operation again completes it exactly once.
 */

const WORKERS = 100_000;
/**
 * On PostgreSQL reconciling a statement takes time proportional to its lines times the obligations billed
 * that month (about 130 s for 10,000 workers, while holding the write lock; see the bug report), so there
 * the statement crash uses a programme of its own with this many workers, in a month nothing else is
 * billed. Use WORKERS and 2026-03 on both engines once reconciliation is fixed.
 */
const STATEMENT_WORKERS_ON_POSTGRES = 1_000;
const STATEMENT_PERIOD_ON_POSTGRES = '2026-02';
const ADMIN_TOKEN = crypto.randomBytes(24).toString('hex');

const pgUrl = process.env.TEST_DATABASE_URL;
const engine = pgUrl ? 'postgres' : 'sqlite';
const appName = `iuran_crash_${crypto.randomBytes(4).toString('hex')}`;
const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
let dir = '';
let db: Db;
let server: ServerProcess;
const tokens: Record<'program_manager' | 'finance_officer' | 'auditor', string> = {
  program_manager: '',
  finance_officer: '',
  auditor: '',
};
let bungo = '';
let programId = '';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function api(
  method: 'GET' | 'POST',
  url: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${server.base}/api/v1${url}`, {
    method,
    headers: {
      ...headers,
      Authorization: `Bearer ${token}`,
      ...(typeof body === 'string' ? { 'Content-Type': 'text/csv' } : {}),
      ...(body !== undefined && typeof body !== 'string' ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Fails the test at the call site when the answer is not the expected status. */
function expectStatus(answer: Answer, status: number): Answer {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(status);
  return answer;
}

/**
 * Whether the server is inside a write transaction now. SQLite: another writer cannot take the write lock
 * (BEGIN IMMEDIATE, without waiting, is SQLITE_BUSY). PostgreSQL: one of the server's sessions (known by
 * their application_name) holds an advisory lock, which every write transaction takes first.
 */
async function insideWriteTransaction(): Promise<boolean> {
  if (engine === 'postgres') {
    const result = (await db.raw(
      `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = ?`,
      [appName],
    )) as { rows: unknown[] };
    return result.rows.length > 0;
  }
  await db.raw('PRAGMA busy_timeout = 0');
  try {
    await db.raw('BEGIN IMMEDIATE');
    await db.raw('ROLLBACK');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw err;
  } finally {
    await db.raw('PRAGMA busy_timeout = 10000');
  }
}

/** Polls until the server is inside a write transaction, or the request has already been answered. */
async function waitForWriteTransaction(settled: () => boolean): Promise<'in transaction' | 'answered'> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (settled()) return 'answered';
    if (await insideWriteTransaction()) return 'in transaction';
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the server never started the write transaction');
}

/** Waits until the server holds its write transaction; an early answer fails the test and says what it was. */
async function expectInTransaction(request: ReturnType<typeof track<Response>>): Promise<void> {
  if ((await waitForWriteTransaction(request.settled)) === 'in transaction') return;
  const answer = await request.tracked;
  const what = answer.ok ? `${answer.value.status} ${await answer.value.text()}` : String(answer.error);
  throw new Error(`the request was answered before its write transaction began: ${what}`);
}

/** A programme funded wholly by Bungo from 2026-01, with a 2026 ceiling of `amount`; its id. */
async function fundedProgram(code: string, name: string, amount: string): Promise<string> {
  const program = await api('POST', '/programs', ADMIN_TOKEN, {
    code,
    name,
    benefits: ['JKK', 'JKM'],
    declaredIncome: '1000000',
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
    startPeriod: '2026-01',
  });
  const id = expectStatus(program, 201).body.id as string;
  expectStatus(
    await api('POST', '/budget-allocations', tokens.finance_officer, {
      programId: id,
      fundingSourceId: bungo,
      fiscalYear: 2026,
      amount,
      documentRef: `DPA 2026/${code}`,
    }),
    201,
  );
  return id;
}

/**
 * Uploads `csv` to `path`, pausing half-way; once the server holds its write transaction it is killed and
 * restarted, and the upload must have failed.
 */
async function killMidUpload(path: string, token: string, csv: string): Promise<void> {
  const upload = pausedUpload(csv, 0.5);
  const request = track(
    fetch(`${server.base}/api/v1${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
      body: upload.body,
      duplex: 'half',
      signal: upload.signal,
    } as RequestInit),
  );
  await upload.reachedPause;
  await expectInTransaction(request);
  await killAndRestart();
  upload.abort();
  expect((await request.tracked).ok).toBe(false);
}

function track<T>(promise: Promise<T>) {
  const state = { settled: false };
  const tracked = promise.then(
    (value) => {
      state.settled = true;
      return { ok: true as const, value };
    },
    (error: unknown) => {
      state.settled = true;
      return { ok: false as const, error };
    },
  );
  return { tracked, settled: () => state.settled };
}

async function expectVerified(): Promise<void> {
  const ledger = expectStatus(await api('GET', '/ledger/verify', tokens.auditor), 200);
  expect(ledger.body, JSON.stringify(ledger.body.problems)).toMatchObject({
    balanced: true,
    matchesOperations: true,
    problems: [],
  });
  const audit = expectStatus(await api('GET', '/audit-events/verify', tokens.auditor), 200);
  expect(audit.body).toMatchObject({ valid: true });
}

async function killAndRestart(): Promise<void> {
  const exit = await server.stop('SIGKILL');
  expect(exit.signal).toBe('SIGKILL');
  await server.start();
}

async function importWorkers(from: number, count: number, programme: string, startPeriod = '2026-01') {
  return api(
    'POST',
    `/beneficiaries/import?programId=${programme}&startPeriod=${startPeriod}`,
    tokens.program_manager,
    workersCsv(from, count),
  );
}

beforeAll(async () => {
  let serverUrl: string;
  if (pgUrl) {
    const admin = createDb(pgUrl);
    await admin.raw(`CREATE SCHEMA "${schema}"`);
    await admin.destroy();
    db = createDb(pgUrl, { schema });
    const search = encodeURIComponent(`-c search_path=${schema}`);
    serverUrl = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}options=${search}&application_name=${appName}`;
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iuran-crash-'));
    serverUrl = `sqlite:${path.join(dir, 'crash.sqlite')}`;
    db = createDb(serverUrl);
  }
  server = new ServerProcess({ DATABASE_URL: serverUrl, PORT: await freePort(), ADMIN_TOKEN });
  await server.start();
  for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) {
    const user = expectStatus(await api('POST', '/users', ADMIN_TOKEN, { name: `Crash ${role}`, role }), 201);
    tokens[role] = user.body.token as string;
  }
  const sources = expectStatus(await api('GET', '/funding-sources', tokens.auditor), 200);
  bungo = (sources.body.data as { id: string; code: string }[]).find((s) => s.code === 'APBD-KAB-BUNGO')!.id;
  programId = await fundedProgram('CRASH-BUNGO', 'Crash test programme', '100000000000');
});

afterAll(async () => {
  if (server?.running) await server.stop('SIGKILL');
  if (pgUrl) {
    // A killed server's session may still be running its statement; end those sessions, ours only.
    await db.raw('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?', [
      appName,
    ]);
    await db.raw(`DROP SCHEMA "${schema}" CASCADE`);
  }
  await db?.destroy();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('SIGKILL in the middle of the big writes', () => {
  it('when the server is killed during a 100,000-row import upload, then nothing of it remains and the import runs again once', async () => {
    await killMidUpload(
      `/beneficiaries/import?programId=${programId}&startPeriod=2026-01`,
      tokens.program_manager,
      workersCsv(0, WORKERS),
    );

    expect(await count(db, 'beneficiaries')).toBe(0);
    expect(await count(db, 'enrolments')).toBe(0);
    expect(await count(db, 'audit_events', { action: 'beneficiary.import' })).toBe(0);
    await expectVerified();

    const again = expectStatus(await importWorkers(0, WORKERS, programId), 200);
    expect(again.body).toMatchObject({ created: WORKERS, enrolled: WORKERS, rejected: [] });
    expect(await count(db, 'beneficiaries')).toBe(WORKERS);
    expect(await count(db, 'enrolments', { program_id: programId })).toBe(WORKERS);
    expect(await count(db, 'audit_events', { action: 'beneficiary.import' })).toBe(1);
    await expectVerified();
  });

  it('when the server is killed during a 100,000-obligation billing run, then the run is all or nothing and billing again completes it once', async () => {
    const request = track(
      api('POST', '/billing-runs', tokens.finance_officer, { period: '2026-03', programId }),
    );
    const when = await waitForWriteTransaction(request.settled);
    await killAndRestart();
    const answer = await request.tracked;

    const obligations = await count(db, 'obligations', { program_id: programId, period: '2026-03' });
    const carrying = await db('billing_runs')
      .where({ program_id: programId, period: '2026-03' })
      .where('obligation_count', '>', 0);
    if (answer.ok && answer.value.status === 201) expect(obligations).toBe(WORKERS);
    expect([0, WORKERS], `killed ${when}`).toContain(obligations);
    expect(carrying).toHaveLength(obligations === 0 ? 0 : 1);
    expect(await count(db, 'journal_entries', { source_type: 'billing_run' })).toBe(carrying.length);
    await expectVerified();

    const again = await api('POST', '/billing-runs', tokens.finance_officer, {
      period: '2026-03',
      programId,
    });
    expectStatus(again, obligations === 0 ? 201 : 200);
    expect(again.body.obligationCount).toBe(obligations === 0 ? WORKERS : 0);
    const perWorker = (await db('obligations')
      .where({ program_id: programId, period: '2026-03' })
      .groupBy('beneficiary_id')
      .select('beneficiary_id')
      .count({ n: '*' })) as { n: number | string }[];
    expect(perWorker).toHaveLength(WORKERS);
    expect(perWorker.every((r) => Number(r.n) === 1)).toBe(true);
    await expectVerified();
  });

  it('when the server is killed during a large statement upload, then no statement remains and importing it again reconciles it once', async () => {
    let statementProgram = programId;
    let from = 0;
    let lines = WORKERS;
    let period = '2026-03';
    if (engine === 'postgres') {
      statementProgram = await fundedProgram(
        'CRASH-STATEMENT',
        'Crash test statement programme',
        '1000000000',
      );
      from = WORKERS;
      lines = STATEMENT_WORKERS_ON_POSTGRES;
      period = STATEMENT_PERIOD_ON_POSTGRES;
      expectStatus(await importWorkers(from, lines, statementProgram), 200);
      expectStatus(
        await api('POST', '/billing-runs', tokens.finance_officer, { period, programId: statementProgram }),
        201,
      );
    }
    const billed = await db('obligations')
      .where({ program_id: statementProgram, period })
      .sum({ s: 'amount' })
      .first();
    const perWorker = (BigInt(String(billed?.s ?? 0)) / BigInt(lines)).toString();
    const file = statementCsv(from, lines, perWorker);
    const url = `/statements?programId=${statementProgram}&period=${period}`;

    await killMidUpload(url, tokens.finance_officer, file);

    expect(await count(db, 'statements')).toBe(0);
    expect(await count(db, 'statement_lines')).toBe(0);
    expect(await countCredited(db)).toBe(0);
    await expectVerified();

    const imported = expectStatus(await api('POST', url, tokens.finance_officer, file), 201);
    expect(imported.body.summary).toMatchObject({ lines, matched: lines, notCredited: 0, unexpected: 0 });
    const again = expectStatus(await api('POST', url, tokens.finance_officer, file), 200);
    expect(again.body.id).toBe(imported.body.id);
    expect(await count(db, 'statements')).toBe(1);
    expect(await count(db, 'statement_lines')).toBe(lines);
    expect(await countCredited(db, { program_id: statementProgram })).toBe(lines);
    await expectVerified();
  });
});

describe('SIGTERM during a request', () => {
  it('when SIGTERM arrives during a billing run, then the run completes or rolls back and the process exits 0', async () => {
    // Connection: close, else the server's close() waits out the keep-alive timeout (5 s) after answering.
    const request = track(
      api(
        'POST',
        '/billing-runs',
        tokens.finance_officer,
        { period: '2026-04', programId },
        { Connection: 'close' },
      ),
    );
    await waitForWriteTransaction(request.settled);
    server.signal('SIGTERM');
    const answer = await request.tracked;
    const exit = await server.exit();
    expect(exit).toEqual({ code: 0, signal: null });

    await server.start();
    const obligations = await count(db, 'obligations', { program_id: programId, period: '2026-04' });
    if (answer.ok) {
      expect(answer.value.status).toBe(201);
      expect(answer.value.body.obligationCount).toBe(WORKERS);
      expect(obligations).toBe(WORKERS);
    } else {
      expect(obligations).toBe(0);
    }
    await expectVerified();
  });

  it('when SIGTERM arrives half-way through an upload, then the upload is still read to its end and imported, and the process exits 0', async () => {
    const extra = 20_000;
    const from = WORKERS + STATEMENT_WORKERS_ON_POSTGRES;
    const upload = pausedUpload(workersCsv(from, extra), 0.5);
    const request = track(
      fetch(`${server.base}/api/v1/beneficiaries/import?programId=${programId}&startPeriod=2026-05`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${tokens.program_manager}`,
          'Content-Type': 'text/csv',
          Connection: 'close',
        },
        body: upload.body,
        duplex: 'half',
        signal: upload.signal,
      } as RequestInit),
    );
    await upload.reachedPause;
    await expectInTransaction(request);
    const before = await count(db, 'beneficiaries');
    server.signal('SIGTERM');
    upload.resume();
    const answer = await request.tracked;
    expect(answer.ok).toBe(true);
    if (answer.ok) {
      expect(answer.value.status).toBe(200);
      expect(await answer.value.json()).toMatchObject({ created: extra, rejected: [] });
    }
    expect(await server.exit()).toEqual({ code: 0, signal: null });

    await server.start();
    expect(await count(db, 'beneficiaries')).toBe(before + extra);
    await expectVerified();
  });
});
