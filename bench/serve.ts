import { execFile, fork } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { createDb, type Db } from '../src/db/knex.js';
import { boundHeapGrowth } from '../src/heap.js';
import { ZONE, type Clock } from '../src/shared/period.js';

/** The bootstrap token the bench's app is started with: an administrator may ask for everything. */
const TOKEN = 'bench-admin-token-0123456789abcdef0123456789';

/**
 * The real app on a free loopback port for `use`, given its base address and the bootstrap token; the
 * server closes once `use` is done, however it ends.
 */
export async function withApp<T>(
  db: Db,
  clock: Clock,
  use: (base: string, token: string) => Promise<T>,
): Promise<T> {
  const app = createApp({ db, logger: pino({ level: 'silent' }), clock, adminToken: TOKEN });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, TOKEN);
  } finally {
    server.close();
  }
}

/** Where a server of its own finds the bench's database: its URL and, on PostgreSQL, the bench's schema. */
export interface DatabaseAt {
  url: string;
  schema?: string | undefined;
}

type FromServer = { port: number } | { maxRssMb: number };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let built: Promise<unknown> | undefined;

/**
 * This file compiled as `npm start` compiles the service (`npm run build:server`, which includes it), once
 * per bench: a server apart runs the JavaScript a deployment runs, without tsx's loader (some 60 MB).
 */
async function compiledServe(): Promise<string> {
  built ??= promisify(execFile)('npm', ['run', 'build:server'], { cwd: ROOT });
  await built;
  return path.join(ROOT, 'dist', 'bench', 'serve.js');
}

/**
 * The real app in a process of its own on the bench's database, for `use`; answers what `use` answered and
 * the server process's peak resident memory, start-up included. A download measured this way counts what
 * serving it takes, not what the bench's own process holds from the steps before (docs/performance.md).
 * The process runs the compiled service as `npm start` does, with the heap growth the server sets itself.
 * `heapMb` caps V8's old generation: a download that held its file whole would fail under a small cap.
 */
export async function withAppApart<T>(
  at: DatabaseAt,
  options: { now: string; heapMb?: number | undefined },
  use: (base: string, token: string) => Promise<T>,
): Promise<{ result: T; peakRssMb: number }> {
  const heap = options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : [];
  const child = fork(await compiledServe(), ['serve', at.url, options.now, at.schema ?? ''], {
    execArgv: heap,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<FromServer>((resolve, reject) => {
      child.once('message', (m) => resolve(m as FromServer));
      child.once('exit', (code) => reject(new Error(`the bench's server exited (${code})`)));
    });
  try {
    const started = await next();
    if (!('port' in started)) throw new Error('the bench server did not say its port');
    const result = await use(`http://127.0.0.1:${started.port}`, TOKEN);
    const peak = next();
    child.send('done');
    const ended = await peak;
    if (!('maxRssMb' in ended)) throw new Error('the bench server did not say its peak memory');
    return { result, peakRssMb: ended.maxRssMb };
  } finally {
    child.kill();
  }
}

/** The process withAppApart starts: serves until told `done`, then reports its peak memory and exits. */
async function serveApart(url: string, now: string, schema: string): Promise<void> {
  boundHeapGrowth();
  const db = createDb(url, schema ? { schema } : {});
  const clock: Clock = () => DateTime.fromISO(now, { zone: ZONE });
  await withApp(db, clock, async (base) => {
    process.send!({ port: Number(new URL(base).port) } satisfies FromServer);
    await once(process, 'message');
  });
  await db.destroy();
  // resourceUsage's maxRSS is in kilobytes.
  process.send!({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) } satisfies FromServer, () =>
    process.exit(0),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'serve') {
  const [, , , url, now, schema] = process.argv;
  await serveApart(url!, now!, schema ?? '');
}
