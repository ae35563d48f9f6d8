import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrate, type Db } from '../../src/db/knex.js';
import { systemClock, timestamp } from '../../src/shared/period.js';
import { seedReferenceData } from '../../seeds/reference.js';
import { count } from '../support/harness.js';
import { uniqueNik } from '../support/reliability.js';
import { freePort, ServerProcess } from '../support/server-process.js';

/**
 * Three real server processes on one database (one SQLite file, or one PostgreSQL schema), each with its
 * own connections, so their write transactions really overlap. What keeps them apart is the write lock
 * that every transaction takes first (BEGIN IMMEDIATE on SQLite, the schema's advisory lock on
 * PostgreSQL, see `src/db/`): without it these tests see SQLITE_BUSY 500s or double bookings.
 */

const SERVERS = 3;
const ADMIN_TOKEN = crypto.randomBytes(24).toString('hex');
const pgUrl = process.env.TEST_DATABASE_URL;
const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
const appName = `iuran_race_${crypto.randomBytes(4).toString('hex')}`;
let dir = '';
let db: Db;
const servers: ServerProcess[] = [];
const tokens = { program_manager: '', finance_officer: '', auditor: '' };
let bungo = '';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** A JSON request to server `on` (any number: it picks one of the three in turn). */
async function api(on: number, method: 'GET' | 'POST', url: string, token: string, body?: unknown) {
  const res = await fetch(`${servers[on % SERVERS]!.base}/api/v1${url}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function expectStatus(answer: Answer, status: number): Answer {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(status);
  return answer;
}

/** Sends `n` requests at once, spread over the servers, and waits for every answer. */
function race(n: number, request: (i: number) => Promise<Answer>): Promise<Answer[]> {
  return Promise.all(Array.from({ length: n }, (_v, i) => request(i)));
}

/** Answers by status, with the problem code of each refusal: { '201': 7, '422 OVERPAYMENT': 23 }. */
function outcomes(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = a.status < 300 ? String(a.status) : `${a.status} ${String(a.body.code)}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function expectVerified(): Promise<void> {
  const ledger = expectStatus(await api(0, 'GET', '/ledger/verify', tokens.auditor), 200);
  expect(ledger.body, JSON.stringify(ledger.body.problems)).toMatchObject({
    balanced: true,
    matchesOperations: true,
    problems: [],
  });
  expect(expectStatus(await api(1, 'GET', '/audit-events/verify', tokens.auditor), 200).body).toMatchObject({
    valid: true,
  });
}

let programs = 0;

/** A programme of its own wholly funded by Bungo (2026 ceiling 100,000,000), with `workers` enrolled from January. */
async function programWithWorkers(workers: number): Promise<string> {
  programs += 1;
  const program = expectStatus(
    await api(0, 'POST', '/programs', ADMIN_TOKEN, {
      code: `RACE-${programs}`,
      name: `Racing programme ${programs}`,
      benefits: ['JKK', 'JKM'],
      declaredIncome: '1000000',
      fundingShares: [{ fundingSourceId: bungo, share: '1' }],
      startPeriod: '2026-01',
    }),
    201,
  ).body.id as string;
  expectStatus(
    await api(1, 'POST', '/budget-allocations', tokens.finance_officer, {
      programId: program,
      fundingSourceId: bungo,
      fiscalYear: 2026,
      amount: '100000000',
      documentRef: `DPA 2026/RACE-${programs}`,
    }),
    201,
  );
  for (let i = 0; i < workers; i += 1) await register(programs * 100 + i, program);
  return program;
}

/** Registers a Bungo worker; enrols them in `programId` from January 2026 when given. Returns the id. */
async function register(n: number, programId?: string): Promise<string> {
  const person = expectStatus(
    await api(2, 'POST', '/beneficiaries', tokens.program_manager, {
      nik: uniqueNik(n),
      name: `Pekerja ${n}`,
      regionCode: '15.08',
    }),
    201,
  ).body.id as string;
  if (programId) {
    const body = { beneficiaryId: person, programId, startPeriod: '2026-01' };
    expectStatus(await api(0, 'POST', '/enrolments', tokens.program_manager, body), 201);
  }
  return person;
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
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iuran-race-'));
    serverUrl = `sqlite:${path.join(dir, 'race.sqlite')}`;
    db = createDb(serverUrl);
  }
  // Migrated once here, so the three servers start on a ready database.
  await migrate(db);
  await seedReferenceData(db, timestamp(systemClock));
  for (let i = 0; i < SERVERS; i += 1)
    servers.push(new ServerProcess({ DATABASE_URL: serverUrl, PORT: await freePort(), ADMIN_TOKEN }));
  await Promise.all(servers.map((s) => s.start()));
  for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) {
    const user = expectStatus(
      await api(0, 'POST', '/users', ADMIN_TOKEN, { name: `Race ${role}`, role }),
      201,
    );
    tokens[role] = user.body.token as string;
  }
  const sources = expectStatus(await api(0, 'GET', '/funding-sources', tokens.auditor), 200);
  bungo = (sources.body.data as { id: string; code: string }[]).find((s) => s.code === 'APBD-KAB-BUNGO')!.id;
});

afterAll(async () => {
  await Promise.all(servers.filter((s) => s.running).map((s) => s.stop('SIGTERM')));
  if (pgUrl) await db.raw(`DROP SCHEMA "${schema}" CASCADE`);
  await db?.destroy();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('three server processes on one database', () => {
  it('when 30 payments race for one outstanding amount and only k fit, then exactly k are booked and the rest are 422 OVERPAYMENT', async () => {
    const programId = await programWithWorkers(5);
    const run = expectStatus(
      await api(0, 'POST', '/billing-runs', tokens.finance_officer, { period: '2026-03', programId }),
      201,
    );
    // 5 workers at 16,800: 84,000 outstanding, so 7 payments of 11,000 fit (77,000) and an eighth does not.
    expect(run.body.totalAmount).toBe('84000');
    const answers = await race(30, (i) =>
      api(i, 'POST', '/payments', tokens.finance_officer, {
        programId,
        fundingSourceId: bungo,
        period: '2026-03',
        amount: '11000',
        paidOn: '2026-03-14',
        sp2dNumber: `SP2D-RACE-${programId}-${i}`,
      }),
    );
    expect(outcomes(answers)).toEqual({ 201: 7, '422 OVERPAYMENT': 23 });
    expect(await count(db, 'payments', { program_id: programId })).toBe(7);
    const paid = await db('payment_allocations')
      .where({ program_id: programId })
      .sum({ s: 'amount' })
      .first();
    expect(String(paid?.s)).toBe('77000');
    await expectVerified();
  });

  it('when the same billing run is asked of every process at once, then its obligations are created once', async () => {
    const programId = await programWithWorkers(4);
    const answers = await race(9, (i) =>
      api(i, 'POST', '/billing-runs', tokens.finance_officer, { period: '2026-04', programId }),
    );
    expect(outcomes(answers)).toEqual({ 200: 8, 201: 1 });
    // 4 workers at 8,400 in April 2026 (PP 50/2025).
    expect(answers.find((a) => a.status === 201)!.body).toMatchObject({
      obligationCount: 4,
      totalAmount: '33600',
    });
    for (const a of answers.filter((x) => x.status === 200)) expect(a.body.obligationCount).toBe(0);
    expect(await count(db, 'obligations', { program_id: programId, period: '2026-04' })).toBe(4);
    await expectVerified();
  });

  it('when 20 enrolments of one person into overlapping months race, then exactly one is created and the rest are 409 ENROLMENT_OVERLAP', async () => {
    const first = await programWithWorkers(0);
    const second = await programWithWorkers(0);
    // Five people at once, so that the one enrolment each of them gets also races the other people's.
    const people: string[] = [];
    for (let n = 0; n < 5; n += 1) people.push(await register(9_000 + n));
    // Alternating programmes, open-ended from January to June: every pair of one person's enrolments overlaps.
    const answers = await race(20 * people.length, (i) =>
      api(i, 'POST', '/enrolments', tokens.program_manager, {
        beneficiaryId: people[i % people.length],
        programId: Math.floor(i / people.length) % 2 === 0 ? first : second,
        startPeriod: `2026-0${(Math.floor(i / people.length) % 6) + 1}`,
      }),
    );
    expect(outcomes(answers)).toEqual({ 201: people.length, '409 ENROLMENT_OVERLAP': 19 * people.length });
    for (const person of people) expect(await count(db, 'enrolments', { beneficiary_id: person })).toBe(1);
    await expectVerified();
  });
});
