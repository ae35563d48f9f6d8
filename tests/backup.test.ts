import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { backupSqlite, replaceSqliteFile } from '../src/db/backup.js';
import { createDb, type Db } from '../src/db/knex.js';
import { verifyAll } from '../src/modules/integrity/index.js';
import { systemClock } from '../src/shared/period.js';
import { ADMIN_TOKEN, createTestContext, type TestContext } from './support/harness.js';
import { allocate, createProgram, enrolWorker, fundingSourceIds } from './support/fixtures.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
let t: TestContext;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iuran-backup-'));
  if (onPostgres) return;
  t = await createTestContext();
  const bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
  await allocate(t, program.id, bungo, '1000000');
  for (let i = 0; i < 3; i += 1) await enrolWorker(t, program.id, { startPeriod: '2026-01' });
  await t
    .as('finance_officer')
    .post('/api/v1/billing-runs')
    .send({ period: '2026-02', programId: program.id });
});
afterAll(async () => {
  if (t) await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function budgetLinesOf(db: Db) {
  const app = createApp({
    db,
    logger: pino({ level: 'silent' }),
    clock: systemClock,
    adminToken: ADMIN_TOKEN,
  });
  const res = await supertest(app).get('/api/v1/budget-lines').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  return res.body.data as unknown[];
}

describe.skipIf(onPostgres)('SQLite backup and restore', () => {
  it('when a live database is backed up, then the copy verifies and reports the same figures', async () => {
    const file = path.join(dir, 'copy.sqlite');
    await backupSqlite(t.db, file);
    await expect(backupSqlite(t.db, file)).rejects.toThrow(/already exists/);
    const copy = createDb(`sqlite:${file}`);
    try {
      expect((await verifyAll(copy)).ok).toBe(true);
      expect(await budgetLinesOf(copy)).toEqual(await budgetLinesOf(t.db));
    } finally {
      await copy.destroy();
    }
  });

  it('when a backup was tampered with, then verification fails', async () => {
    const file = path.join(dir, 'tampered.sqlite');
    await backupSqlite(t.db, file);
    const copy = createDb(`sqlite:${file}`);
    try {
      await copy('postings').where('id', 1).update({ amount: 1 });
      const result = await verifyAll(copy);
      expect(result.ok).toBe(false);
      expect(result.ledger.balanced).toBe(false);
    } finally {
      await copy.destroy();
    }
  });

  it('when a backup is restored, then it replaces the file and the previous one is kept', async () => {
    const backup = path.join(dir, 'restore-me.sqlite');
    await backupSqlite(t.db, backup);
    const target = path.join(dir, 'live.sqlite');
    fs.writeFileSync(target, 'old');
    const kept = replaceSqliteFile(backup, target, '20261120');
    expect(fs.readFileSync(kept, 'utf8')).toBe('old');
    const restored = createDb(`sqlite:${target}`);
    try {
      expect((await verifyAll(restored)).ok).toBe(true);
    } finally {
      await restored.destroy();
    }
  });
});
