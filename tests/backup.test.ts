import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { backupSqlite, restoreSqlite } from '../src/db/backup.js';
import { lockForRestore, lockForService } from '../src/db/instance-lock.js';
import { createDb, type Db } from '../src/db/knex.js';
import { verifyAll } from '../src/modules/integrity/index.js';
import { systemClock } from '../src/shared/period.js';
import { ADMIN_TOKEN, count, createTestContext, type TestContext } from './support/harness.js';
import { allocate, createProgram, enrolWorker, fundingSourceIds } from './support/fixtures.js';
import { runCli } from './support/cli-process.js';
import { freePort, ServerProcess } from './support/server-process.js';

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
    await backupSqlite(t.db, target);
    await t.as('admin').post('/api/v1/users').send({ name: 'Only In The Restored One', role: 'auditor' });
    fs.rmSync(backup);
    await backupSqlite(t.db, backup);
    const checked: string[] = [];
    const verify = async (copy: string) => {
      checked.push(copy);
      const db = createDb(`sqlite:${copy}`);
      try {
        return (await verifyAll(db)).ok;
      } finally {
        await db.destroy();
      }
    };
    const restored = await restoreSqlite(backup, target, { stamp: '20261120', verify });
    expect(restored).toEqual({ source: backup, target, kept: `${target}.before-restore-20261120` });
    expect(checked).toEqual([`${target}.restoring`]);
    expect(await usersNamed(target, 'Only In The Restored One')).toBe(1);
    expect(await usersNamed(restored.kept!, 'Only In The Restored One')).toBe(0);
    expect(await usersNamed(restored.kept!, 'Test admin')).toBe(1);
    expect(fs.existsSync(`${target}.restoring`)).toBe(false);
  });

  it('when the backup does not verify or the current file is no database, then nothing changes', async () => {
    const backup = path.join(dir, 'refused.sqlite');
    await backupSqlite(t.db, backup);
    const target = path.join(dir, 'not-a-database.sqlite');
    fs.writeFileSync(target, 'old');
    const refuse = async () => false;
    await expect(restoreSqlite(backup, target, { stamp: '1', verify: refuse })).rejects.toThrow(
      `${backup} does not verify; nothing was restored`,
    );
    const accept = async () => true;
    await expect(restoreSqlite(backup, target, { stamp: '1', verify: accept })).rejects.toThrow(
      /cannot be read .*; nothing was restored/,
    );
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('not-a-database.sqlite.'))).toEqual([
      'not-a-database.sqlite.lock',
    ]);
  });

  it('when the source is no backup file, then restore says why and changes nothing', async () => {
    const target = path.join(dir, 'kept-as-is.sqlite');
    await backupSqlite(t.db, target);
    const before = fs.readFileSync(target);
    const live = path.join(dir, 'with-wal.sqlite');
    await backupSqlite(t.db, live);
    fs.writeFileSync(`${live}-wal`, '');
    const link = path.join(dir, 'link-to-target.sqlite');
    fs.symlinkSync(target, link);
    const options = { stamp: '1', verify: async () => true };
    await expect(restoreSqlite(dir, target, options)).rejects.toThrow(`${dir} is not a regular file`);
    await expect(restoreSqlite(live, target, options)).rejects.toThrow(`${live} has a -wal file beside it`);
    await expect(restoreSqlite(link, target, options)).rejects.toThrow(
      `${target} is the database being restored`,
    );
    expect(fs.readFileSync(target).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('kept-as-is.sqlite.'))).toEqual([]);
  });

  it('when services hold a database, then a restore cannot take it, and while a restore holds it no service can', async () => {
    const database = path.join(dir, 'locked.sqlite');
    const first = await lockForService(database);
    const second = await lockForService(database);
    await expect(lockForRestore(database)).rejects.toThrow(
      `the service is running on ${database}; stop it before restoring (${database}.lock is locked)`,
    );
    await first.release();
    await expect(lockForRestore(database)).rejects.toThrow(/DATABASE_IN_USE|the service is running/);
    await second.release();
    const restoring = await lockForRestore(database);
    await expect(lockForService(database)).rejects.toThrow(`a restore of ${database} is in progress`);
    await restoring.release();
    await (await lockForService(database)).release();
  });
});

/** Users named `name` in the SQLite file (opening it reads its -wal too, as the service would). */
async function usersNamed(file: string, name: string): Promise<number> {
  const db = createDb(`sqlite:${file}`);
  try {
    return await count(db, 'users', { name });
  } finally {
    await db.destroy();
  }
}

/** A folder of its own under the test's temporary folder, holding a copy of a verified backup as `live.sqlite`. */
async function freshFolder(name: string): Promise<{ folder: string; live: string; backup: string }> {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  const backup = path.join(folder, 'backup.sqlite');
  await backupSqlite(t.db, backup);
  const live = path.join(folder, 'live.sqlite');
  fs.copyFileSync(backup, live);
  return { folder, live, backup };
}

async function createUserOver(server: ServerProcess, name: string): Promise<void> {
  const res = await fetch(`${server.base}/api/v1/users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, role: 'auditor' }),
  });
  expect(res.status).toBe(201);
}

describe.skipIf(onPostgres)('restore from the command line', () => {
  it('when the backup file does not exist, then restore refuses, names it and creates nothing', async () => {
    const { folder, live } = await freshFolder('missing');
    const before = fs.readdirSync(folder).sort();
    const missing = path.join(folder, 'no-such-backup.sqlite');
    const run = await runCli(['restore', missing], { database: live });
    expect(run.code).toBe(1);
    expect(run.output).toContain(`${missing} does not exist`);
    expect(fs.existsSync(missing)).toBe(false);
    expect(fs.readdirSync(folder).sort()).toEqual(before);
  });

  it('when the path starts with two slashes, then restore checks and installs that one file', async () => {
    const { folder, live, backup } = await freshFolder('slashes');
    const liveBytes = fs.readFileSync(live);
    // The same path read relative to the working folder holds a valid backup, the absolute one a text file.
    const cwd = path.join(folder, 'cwd');
    const absolute = path.join(folder, 'x.sqlite');
    fs.mkdirSync(path.join(cwd, folder), { recursive: true });
    fs.copyFileSync(backup, path.join(cwd, absolute));
    fs.writeFileSync(absolute, 'not a database\n');
    const refused = await runCli(['restore', `/${absolute}`], { database: live, cwd });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`${absolute} is not an SQLite database`);
    expect(fs.readFileSync(live).equals(liveBytes)).toBe(true);
    expect(fs.readdirSync(folder).filter((f) => f.startsWith('live.sqlite.'))).toEqual([]);

    // A valid backup at the absolute path, with one more user than the decoy, is the one installed.
    await t.as('admin').post('/api/v1/users').send({ name: 'Only In The Absolute One', role: 'auditor' });
    fs.rmSync(absolute);
    await backupSqlite(t.db, absolute);
    const restored = await runCli(['restore', `/${absolute}`], { database: live, cwd });
    expect(restored.code, restored.output).toBe(0);
    expect(await usersNamed(live, 'Only In The Absolute One')).toBe(1);

    const written = path.join(folder, 'written.sqlite');
    const backedUp = await runCli(['backup', `/${written}`], { database: live, cwd });
    expect(backedUp.code, backedUp.output).toBe(0);
    expect(await usersNamed(written, 'Only In The Absolute One')).toBe(1);
    expect(fs.existsSync(path.join(cwd, written))).toBe(false);
  });

  it('when the service crashed with writes still in its -wal file, then the kept copy has them', async () => {
    const { live, backup } = await freshFolder('crashed');
    const server = new ServerProcess({ DATABASE_URL: `sqlite:${live}`, PORT: await freePort(), ADMIN_TOKEN });
    await server.start();
    await createUserOver(server, 'Written Before The Crash');
    await server.stop('SIGKILL');
    expect(fs.statSync(`${live}-wal`).size).toBeGreaterThan(0);

    const run = await runCli(['restore', backup], { database: live });
    expect(run.code, run.output).toBe(0);
    const kept = /the previous database is kept at (\S+)/.exec(run.output)?.[1];
    expect(kept).toBeDefined();
    expect(await usersNamed(kept!, 'Written Before The Crash')).toBe(1);
    expect(await usersNamed(live, 'Written Before The Crash')).toBe(0);
  });

  it('when the service is running on the database, then restore refuses until it has stopped', async () => {
    const { folder, live, backup } = await freshFolder('running');
    const server = new ServerProcess({ DATABASE_URL: `sqlite:${live}`, PORT: await freePort(), ADMIN_TOKEN });
    await server.start();
    try {
      await createUserOver(server, 'Written While Running');
      const refused = await runCli(['restore', backup], { database: live });
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('refused (DATABASE_IN_USE)');
      expect(fs.readdirSync(folder).filter((f) => f.includes('before-restore'))).toEqual([]);
      const health = await fetch(`${server.base}/health`);
      expect(health.status).toBe(200);
    } finally {
      await server.stop('SIGTERM');
    }
    expect(await usersNamed(live, 'Written While Running')).toBe(1);
    const restored = await runCli(['restore', backup], { database: live });
    expect(restored.code, restored.output).toBe(0);
    expect(await usersNamed(live, 'Written While Running')).toBe(0);
  });
});
