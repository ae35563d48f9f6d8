import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedReferenceData } from '../seeds/reference.js';
import { createApp } from '../src/app.js';
import { createDb, migrate, type Db } from '../src/db/knex.js';
import { systemClock, timestamp } from '../src/shared/period.js';
import { ADMIN_TOKEN, makeNik } from './support/harness.js';
import { runCli } from './support/cli-process.js';

/**
 * The CLI's long commands run as a cron job or a redirected shell would run them: without a terminal, their
 * progress is plain lines on stderr (a bar redrawn in place would be a stream of control characters).
 * The CLI reads a SQLite file, so this runs on SQLite only.
 */
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const WORKERS = 3000;
let dir: string;
let database: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iuran-cli-'));
  if (onPostgres) return;
  database = path.join(dir, 'cli.sqlite');
  const db: Db = createDb(`sqlite:${database}`);
  try {
    await migrate(db);
    await seedReferenceData(db, timestamp(systemClock));
    const app = createApp({
      db,
      logger: pino({ level: 'silent' }),
      clock: systemClock,
      adminToken: ADMIN_TOKEN,
    });
    const admin = (method: 'get' | 'post', url: string) =>
      supertest(app)[method](`/api/v1${url}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    const sources = (await admin('get', '/funding-sources')).body.data as { id: string; code: string }[];
    const bungo = sources.find((s) => s.code === 'APBD-KAB-BUNGO')!.id;
    const program = await admin('post', '/programs').send({
      code: 'CLI-PROGRESS',
      name: 'CLI progress',
      benefits: ['JKK', 'JKM'],
      declaredIncome: '1000000',
      startPeriod: '2026-01',
      fundingShares: [{ fundingSourceId: bungo, share: '1' }],
    });
    expect(program.status, program.text).toBe(201);
    const officer = await admin('post', '/users').send({ name: 'Finance', role: 'finance_officer' });
    const allocated = await supertest(app)
      .post('/api/v1/budget-allocations')
      .set('Authorization', `Bearer ${officer.body.token as string}`)
      .send({
        programId: program.body.id,
        fundingSourceId: bungo,
        fiscalYear: 2026,
        amount: '100000000',
        documentRef: 'DPA',
      });
    expect(allocated.status, allocated.text).toBe(201);
  } finally {
    await db.destroy();
  }
  const niks = Array.from({ length: WORKERS }, (_, i) => makeNik('08', 1 + i));
  fs.writeFileSync(
    path.join(dir, 'workers.csv'),
    `NIK;Nama;Kabupaten/Kota;Sektor\n${niks.map((nik, i) => `${nik};Pekerja ${i + 1};Bungo;pertanian`).join('\n')}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'statement.csv'),
    `NIK;No KPJ;Nama;Iuran\n${niks.map((nik, i) => `${nik};${9000 + i};Pekerja ${i + 1};16.800`).join('\n')}\n`,
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The lines of a run's output that report progress of `label`. */
const progressLines = (output: string, label: string) =>
  output.split('\n').filter((line) => line.startsWith(`${label}: `));

describe.skipIf(onPostgres)('CLI progress without a terminal', () => {
  it('when import, bill and reconcile run, then each prints its progress as plain lines and then its result', async () => {
    const imported = await runCli(
      ['import', path.join(dir, 'workers.csv'), '--program', 'CLI-PROGRESS', '--start', '2026-01'],
      { database },
    );
    expect(imported.code, imported.output).toBe(0);
    // No escape sequence: nothing is redrawn in place.
    expect(imported.output.includes('\u001b[')).toBe(false);
    const reading = progressLines(imported.output, 'reading workers.csv');
    // The file (about 150 KB) arrives in several chunks: more than one line, the last one whole.
    expect(reading.length, imported.output).toBeGreaterThan(1);
    expect(reading.at(-1)).toMatch(/^reading workers\.csv: 100% \(0\.1 MB of 0\.1 MB\)$/);
    expect(imported.output).toContain(`created ${WORKERS}, enrolled ${WORKERS}, rejected 0`);

    const billed = await runCli(['bill', '--period', '2026-03', '--program', 'CLI-PROGRESS'], { database });
    expect(billed.code, billed.output).toBe(0);
    expect(progressLines(billed.output, 'billing 2026-03 CLI-PROGRESS')).toEqual([
      'billing 2026-03 CLI-PROGRESS: 16% (1 of 6) prices',
      'billing 2026-03 CLI-PROGRESS: 33% (2 of 6) obligations',
      'billing 2026-03 CLI-PROGRESS: 50% (3 of 6) totals',
      'billing 2026-03 CLI-PROGRESS: 66% (4 of 6) budget check',
      'billing 2026-03 CLI-PROGRESS: 83% (5 of 6) summaries',
      'billing 2026-03 CLI-PROGRESS: 100% (6 of 6) journal',
    ]);
    // 3,000 workers at Rp 16,800 (JKK 10,000 + JKM 6,800 in March 2026).
    expect(billed.output).toMatch(/obligations, Rp 50\.400\.000 in/);

    const reconciled = await runCli(
      ['reconcile', '--program', 'CLI-PROGRESS', '--period', '2026-03', path.join(dir, 'statement.csv')],
      { database },
    );
    expect(reconciled.code, reconciled.output).toBe(0);
    expect(progressLines(reconciled.output, 'reading statement.csv').at(-1)).toMatch(/: 100% /);
    expect(reconciled.output).toContain(
      `lines ${WORKERS}, matched ${WORKERS}, amount mismatch 0, not credited 0`,
    );
  });
});
