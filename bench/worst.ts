import http from 'node:http';
import type { Db } from '../src/db/knex.js';
import type { Clock } from '../src/shared/period.js';
import { withApp } from './serve.js';

/**
 * The largest thing a user may ask of each report, list and export on the bench's data (the months are
 * those of 2026, so the widest allowed range of 120 months ends there), and one request beyond the limits,
 * which must be refused at once.
 */
export function worstRequests(
  fundingSourceId: string,
): readonly { name: string; path: string; status: number }[] {
  const widest = 'from=2017-01&to=2026-12&groupBy=program,fundingSource,period,region';
  const twelve = '/api/v1/reports/totals?from=2026-01&to=2026-12';
  return [
    { name: 'totals, 120 months, every groupBy', path: `/api/v1/reports/totals?${widest}`, status: 200 },
    { name: 'totals, same, XLSX', path: `/api/v1/reports/totals?${widest}&format=xlsx`, status: 200 },
    // A programme's workers over its sources, and a source's over its programmes, are unions of sets.
    { name: 'totals, 12 months, by programme', path: `${twelve}&groupBy=program`, status: 200 },
    { name: 'totals, 12 months, by source', path: `${twelve}&groupBy=fundingSource`, status: 200 },
    {
      name: 'totals, by programme, month, region',
      path: `/api/v1/reports/totals?from=2017-01&to=2026-12&groupBy=program,period,region`,
      status: 200,
    },
    {
      name: 'totals, by source, month, region',
      path: `/api/v1/reports/totals?from=2017-01&to=2026-12&groupBy=fundingSource,period,region`,
      status: 200,
    },
    {
      name: 'totals, a century (refused)',
      path: '/api/v1/reports/totals?from=2000-01&to=2099-12',
      status: 400,
    },
    {
      name: 'arrears, largest limit',
      path: '/api/v1/reports/arrears?asOf=2026-12&minMonths=1&limit=10000',
      status: 200,
    },
    { name: 'coverage', path: '/api/v1/reports/coverage?period=2026-12', status: 200 },
    { name: 'budget burn', path: '/api/v1/reports/budget-burn?fiscalYear=2026&asOf=2026-01', status: 200 },
    {
      name: 'monthly statement, PDF',
      path: `/api/v1/reports/monthly-statement?fundingSourceId=${fundingSourceId}&period=2026-01`,
      status: 200,
    },
    { name: 'beneficiaries, limit 1000', path: '/api/v1/beneficiaries?limit=1000', status: 200 },
    { name: 'beneficiaries, CSV (all)', path: '/api/v1/beneficiaries?format=csv', status: 200 },
    {
      name: 'audit events, widest, 1000',
      path: '/api/v1/audit-events?from=2000-01-01&to=2099-12-31&limit=1000',
      status: 200,
    },
    { name: 'journal entries, limit 1000', path: '/api/v1/journal-entries?limit=1000', status: 200 },
    { name: 'payments, limit 1000', path: '/api/v1/payments?limit=1000', status: 200 },
    { name: 'obligations, limit 1000', path: '/api/v1/obligations?limit=1000', status: 200 },
    { name: 'statements, limit 1000', path: '/api/v1/statements?limit=1000', status: 200 },
  ];
}

/**
 * The bounds the step reports against (it never fails on them), for the full province: a worst request
 * answers within BOUND_MS, a request beyond the limits is refused within REFUSAL_BOUND_MS at any size, and
 * `/health` answers within HEALTH_BOUND_MS while either runs. On SQLite the one connection makes `/health`
 * wait for the longest single query of the request in flight, so its bound is that query's, not a tick's.
 */
export const BOUND_MS = 10_000;
export const HEALTH_BOUND_MS = 2_000;
export const REFUSAL_BOUND_MS = 100;

/** How often the concurrent probe asks for `/health`. */
const HEALTH_EVERY_MS = 50;

export interface WorstTiming {
  name: string;
  path: string;
  status: number;
  ms: number;
  bytes: number;
  healthWorstMs: number;
  boundMs: number;
}

/** One GET over loopback, read to its last byte. */
function get(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * Asks for `/health` every HEALTH_EVERY_MS, one request at a time, and keeps how long it was kept waiting
 * since the last `take()`: a probe sent earlier counts from that moment, and one still waiting counts for
 * the time it has waited so far, so each request is charged only with the waiting it overlapped.
 */
function healthProbe(base: string): { take: () => number; stop: () => Promise<void> } {
  let worst = 0;
  let windowStart = process.hrtime.bigint();
  let pendingSince: bigint | null = null;
  let running = true;
  const waited = (sent: bigint) =>
    Number(process.hrtime.bigint() - (sent > windowStart ? sent : windowStart)) / 1e6;
  const loop = (async () => {
    while (running) {
      pendingSince = process.hrtime.bigint();
      await get(base, '/health', {});
      worst = Math.max(worst, waited(pendingSince));
      pendingSince = null;
      await new Promise((resolve) => setTimeout(resolve, HEALTH_EVERY_MS));
    }
  })();
  return {
    take: () => {
      const result = Math.max(worst, pendingSince === null ? 0 : waited(pendingSince));
      worst = 0;
      windowStart = process.hrtime.bigint();
      return result;
    },
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/**
 * Each worst request once, in turn, as the administrator (who sees everything), through a real server on
 * loopback, while the probe keeps asking for `/health`; a status other than the expected one stops the
 * bench, since the timing of a wrong answer means nothing.
 */
export async function measureWorst(db: Db, clock: Clock, fundingSourceId: string): Promise<WorstTiming[]> {
  return withApp(db, clock, async (base, token) => {
    const probe = healthProbe(base);
    try {
      const timings: WorstTiming[] = [];
      for (const { name, path, status } of worstRequests(fundingSourceId)) {
        probe.take();
        const started = process.hrtime.bigint();
        const reply = await get(base, path, { authorization: `Bearer ${token}` });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (reply.status !== status) throw new Error(`${path} answered ${reply.status}, not ${status}`);
        timings.push({
          name,
          path,
          status: reply.status,
          ms: Number(ms.toFixed(1)),
          bytes: reply.bytes,
          healthWorstMs: Number(probe.take().toFixed(1)),
          boundMs: status === 200 ? BOUND_MS : REFUSAL_BOUND_MS,
        });
      }
      return timings;
    } finally {
      await probe.stop();
    }
  });
}

export function printWorst(timings: WorstTiming[]): void {
  console.log(
    `\n${'worst request'.padEnd(36)}${'status'.padStart(7)}${'ms'.padStart(10)}${'KB'.padStart(10)}${'/health worst ms'.padStart(18)}${'bound ms'.padStart(10)}`,
  );
  for (const t of timings) {
    const over = t.ms > t.boundMs || t.healthWorstMs > HEALTH_BOUND_MS ? '  over' : '';
    console.log(
      `${t.name.padEnd(36)}${String(t.status).padStart(7)}${t.ms.toFixed(1).padStart(10)}${(t.bytes / 1024).toFixed(1).padStart(10)}${t.healthWorstMs.toFixed(1).padStart(18)}${String(t.boundMs).padStart(10)}${over}`,
    );
  }
  console.log(
    `bounds (at 540,000 workers; reported, not asserted): each request under ${BOUND_MS} ms, a refusal under ${REFUSAL_BOUND_MS} ms, /health under ${HEALTH_BOUND_MS} ms`,
  );
}
