import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { DateTime } from 'luxon';
import { pino, type Logger } from 'pino';
import { signInThrottle, type SignInThrottle } from '../../src/http/rate-limit.js';
import supertest from 'supertest';
import type { Express } from 'express';
import { createDb, migrate, type Db } from '../../src/db/knex.js';
import { createApp } from '../../src/app.js';
import { creditedObligations } from '../../src/modules/billing/index.js';
import { ZONE, timestamp, type Clock } from '../../src/shared/period.js';
import type { Role } from '../../src/shared/context.js';
import { seedReferenceData } from '../../seeds/reference.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';

export interface TestContext {
  db: Db;
  app: Express;
  engine: 'sqlite' | 'postgres';
  /** A token per role, created through the API. */
  tokens: Record<Role, string>;
  /** supertest agent with the role's bearer token set. */
  as: (role: Role | 'bootstrap') => AuthedAgent;
  anon: supertest.Agent;
  setNow: (iso: string) => void;
  close: () => Promise<void>;
}

type Method = 'get' | 'post' | 'put' | 'patch';
export type AuthedAgent = Record<Method, (url: string) => supertest.Test>;

/**
 * A fresh database per test file: an SQLite file in a temporary folder, or, when TEST_DATABASE_URL names
 * a PostgreSQL database, a schema of its own in it. Both are migrated and carry the reference data.
 */
export async function createTestContext(
  options: { now?: string; logger?: Logger; authLimiter?: SignInThrottle } = {},
): Promise<TestContext> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  let db: Db;
  let cleanup: () => Promise<void>;
  if (pgUrl) {
    const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
    const admin = createDb(pgUrl);
    await admin.raw(`CREATE SCHEMA "${schema}"`);
    await admin.destroy();
    db = createDb(pgUrl, { schema });
    cleanup = async () => {
      await db.raw(`DROP SCHEMA "${schema}" CASCADE`);
      await db.destroy();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iuran-test-'));
    db = createDb(`sqlite:${path.join(dir, 'test.sqlite')}`);
    cleanup = async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  let now = DateTime.fromISO(options.now ?? '2026-11-20T10:00:00', { zone: ZONE });
  const clock: Clock = () => now;
  await migrate(db);
  await seedReferenceData(db, timestamp(clock));
  const app = createApp({
    db,
    logger: options.logger ?? pino({ level: 'silent' }),
    clock,
    adminToken: ADMIN_TOKEN,
    authLimiter: options.authLimiter ?? signInThrottle({ limit: 100_000 }),
  });
  const anon = supertest.agent(app);
  const agentFor = (token: string): AuthedAgent => ({
    get: (url) => supertest(app).get(url).set('Authorization', `Bearer ${token}`),
    post: (url) => supertest(app).post(url).set('Authorization', `Bearer ${token}`),
    put: (url) => supertest(app).put(url).set('Authorization', `Bearer ${token}`),
    patch: (url) => supertest(app).patch(url).set('Authorization', `Bearer ${token}`),
  });
  const tokens = {} as Record<Role, string>;
  for (const role of ['admin', 'program_manager', 'finance_officer', 'auditor'] as const) {
    const res = await agentFor(ADMIN_TOKEN)
      .post('/api/v1/users')
      .send({ name: `Test ${role}`, role });
    if (res.status !== 201) throw new Error(`could not create ${role}: ${res.status} ${res.text}`);
    tokens[role] = res.body.token as string;
  }
  return {
    db,
    app,
    engine: pgUrl ? 'postgres' : 'sqlite',
    tokens,
    as: (role) => agentFor(role === 'bootstrap' ? ADMIN_TOKEN : tokens[role]),
    anon,
    setNow: (iso) => {
      now = DateTime.fromISO(iso, { zone: ZONE });
    },
    close: cleanup,
  };
}

/** Counts rows, as a number on both engines. */
export async function count(db: Db, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const row = await db(table).where(where).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Counts the obligations matching `where` that the active statement of their programme and month credits. */
export async function countCredited(db: Db, where: Record<string, unknown> = {}): Promise<number> {
  const row = await db('obligations')
    .where(where)
    .whereIn('id', creditedObligations(db))
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

/** Valid synthetic NIKs: province 15, regency `rr`, district 01, a real birth date, serial `n`. */
export function makeNik(regency: string, n: number, female = false): string {
  const day = (n % 28) + 1 + (female ? 40 : 0);
  const month = (Math.floor(n / 28) % 12) + 1;
  const serial = (n % 9999) + 1;
  return `15${regency}01${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}85${String(serial).padStart(4, '0')}`;
}
