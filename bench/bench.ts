import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { budgetPlan, coverageReport, realisationReport, totalsReport } from '../src/modules/reports/index.js';
import { DateTime } from 'luxon';
import { createDb, migrate, type Db } from '../src/db/knex.js';
import { verifyLedgerAgainstOperations } from '../src/modules/integrity/index.js';
import type { Ctx } from '../src/shared/context.js';
import { ZONE, monthOf, timestamp, type Clock, type Period } from '../src/shared/period.js';
import { endEnrolment, importBeneficiaries, listEnrolments } from '../src/modules/beneficiaries/index.js';
import { runBilling } from '../src/modules/billing/index.js';
import { createAllocation } from '../src/modules/budgets/index.js';
import { listFundingSources } from '../src/modules/funding-sources/index.js';
import { outstandingAmount, recordPayment } from '../src/modules/payments/index.js';
import { createProgram, type Program } from '../src/modules/programs/index.js';
import { importStatement } from '../src/modules/reconciliation/index.js';
import { seedReferenceData } from '../seeds/reference.js';
import { measurePages, printPages, type PagesStep } from './pages.js';
import { measureWorst, printWorst, type WorstTiming } from './worst.js';
import { measureJournal, printJournal, type JournalStep } from './journal.js';
import { CEILING_OF, printMarkdown, type BenchStep } from './markdown.js';
import { withAppApart, type DatabaseAt } from './serve.js';
import { PROGRAM_PLANS, statementAmount, writeBeneficiaryCsv, writeStatementCsv } from './province.js';
import { writeXlsxApart } from './field-files.js';
import { billingCeiling, importCeiling, reconcileCeiling } from './ceilings.js';

type Step = BenchStep;

const clock: Clock = () => DateTime.fromISO('2026-12-20T10:00:00', { zone: ZONE });
const ctx: Ctx = { actor: { id: 'bench', name: 'bench', role: 'admin' }, clock, requestId: null };
const MONTHS = Array.from({ length: 12 }, (_, i) => monthOf(2026, i + 1));

/**
 * Times one step and samples the process's resident memory while it runs. The heap is collected first
 * (`npm run bench` starts node with --expose-gc), so a step's peak is not raised by garbage that earlier
 * steps left for V8 to collect later; what the step itself holds or allocates still counts in full.
 */
async function measure<T>(
  work: () => Promise<T>,
  rows: (result: T) => number,
): Promise<{ step: Step; result: T }> {
  gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = process.hrtime.bigint();
  try {
    const result = await work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      step: {
        seconds: Number(seconds.toFixed(3)),
        rows: rows(result),
        peakRssMb: Math.round(peak / 2 ** 20),
      },
      result,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** The step of median time among several timings of the same step. */
function medianStep(steps: Step[]): Step {
  return [...steps].sort((a, b) => a.seconds - b.seconds)[Math.floor(steps.length / 2)]!;
}

/** A fresh database: a new schema on PostgreSQL, or a SQLite file (`url`'s, or under `dir`) ending in `suffix`. */
async function openDatabase(
  url: string | undefined,
  workers: number,
  dir: string,
  suffix = '',
): Promise<{ db: Db; at: DatabaseAt; label: string; drop: () => Promise<void> }> {
  if (url && url.startsWith('postgres')) {
    const schema = `bench_${crypto.randomBytes(4).toString('hex')}`;
    const admin = createDb(url);
    await admin.raw(`CREATE SCHEMA "${schema}"`);
    await admin.destroy();
    const db = createDb(url, { schema });
    return {
      db,
      at: { url, schema },
      label: 'postgresql',
      drop: async () => void (await db.raw(`DROP SCHEMA "${schema}" CASCADE`)),
    };
  }
  const file = url
    ? `${url.replace(/^sqlite:/, '')}${suffix}`
    : path.join(dir, `bench-${workers}${suffix}.sqlite`);
  for (const part of ['', '-wal', '-shm']) fs.rmSync(`${file}${part}`, { force: true });
  const at = { url: `sqlite:${file}` };
  return { db: createDb(at.url), at, label: 'sqlite', drop: async () => undefined };
}

async function main(): Promise<void> {
  const cli = new Command('bench')
    .option('--workers <n>', 'synthetic workers', (v) => Number(v), 540_000)
    .option('--database <url>', 'postgres://… or sqlite:FILE (default a fresh SQLite file under .bench/)')
    .option('--json', 'print one JSON object instead of a table')
    .option('--markdown', 'print the tables docs/performance.md holds, with date, machine and commit')
    .parse();
  const opts = cli.opts<{ workers: number; database?: string; json?: boolean; markdown?: boolean }>();
  const startedAt = new Date();
  const dir = path.resolve('.bench');
  fs.mkdirSync(dir, { recursive: true });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (!gc) log('without node --expose-gc, peak RSS includes garbage left by earlier steps');
  const { db, at, label, drop } = await openDatabase(opts.database, opts.workers, dir);
  const steps: Record<string, Step> = {};
  const ceilings: Record<string, Step> = {};
  let pages: PagesStep | undefined;
  let worst: WorstTiming[] | undefined;
  let journal: JournalStep | undefined;
  try {
    const programs = await setUp(db);

    log(`generating ${opts.workers} workers…`);
    const files: { file: string; rows: number }[] = [];
    for (const { plan } of programs) {
      const file = path.join(dir, `beneficiaries-${plan.code}.csv`);
      files.push({ file, rows: await writeBeneficiaryCsv(file, opts.workers, plan) });
    }
    log('importing beneficiaries…');
    const lists = (files: string[]) => programs.map(({ program }, i) => ({ file: files[i]!, program }));
    steps.beneficiaryImport = (
      await measure(
        () => importLists(db, lists(files.map((f) => f.file))),
        (n) => n,
      )
    ).step;
    log('the same lists loaded plainly, into a database of their own…');
    ceilings.import = await inFreshDatabase(opts, dir, '-ceiling', async (fresh, freshPrograms) => {
      const plain = freshPrograms.map(({ program }, i) => ({
        file: files[i]!.file,
        programId: Number(program.id),
      }));
      return (
        await measure(
          () => importCeiling(fresh, plain, timestamp(clock)),
          (n) => n,
        )
      ).step;
    });

    log('the same beneficiaries as XLSX, into a database of their own…');
    steps.beneficiaryImportXlsx = await inFreshDatabase(opts, dir, '-xlsx', async (fresh, freshPrograms) => {
      const xlsx: string[] = [];
      for (const { plan } of freshPrograms) {
        const file = path.join(dir, `beneficiaries-${plan.code}.xlsx`);
        await writeXlsxApart('beneficiaries', file, opts.workers, plan.code);
        xlsx.push(file);
      }
      const freshLists = freshPrograms.map(({ program }, i) => ({ file: xlsx[i]!, program }));
      return (
        await measure(
          () => importLists(fresh, freshLists),
          (n) => n,
        )
      ).step;
    });

    await vacuumAsAutovacuumWould(db);
    const exits = await listEnrolments(db, { programId: programs[0]!.program.id }, 200, null);
    for (const e of exits.slice(0, 200))
      await endEnrolment(db, ctx, Number(e.id), { endPeriod: '2026-06' as Period, reason: 'moved' });

    log('billing 12 months, each followed by its ceiling…');
    const billing: Step[] = [];
    const plain: Step[] = [];
    for (const period of MONTHS) {
      const { step } = await measure(
        () => runBilling(db, ctx, period),
        (run) => run.obligationCount,
      );
      billing.push(step);
      await vacuumAsAutovacuumWould(db);
      // Each month's ceiling right after its run: a run and its ceiling share the machine's state of the
      // moment, and the medians of twelve of each are what a noisy machine can compare.
      const ceiling = (
        await measure(
          () => billingCeiling(db, period),
          (n) => n,
        )
      ).step;
      plain.push(ceiling);
      log(`  ${period}: ${step.rows} obligations in ${step.seconds}s (ceiling ${ceiling.seconds}s)`);
    }
    steps.billingRun = medianStep(billing);
    ceilings.billing = medianStep(plain);

    const dumisake = programs[0]!.program;
    steps.payment = (
      await measure(
        () =>
          recordPayment(db, ctx, {
            programId: dumisake.id,
            fundingSourceId: dumisake.fundingShares[0]!.fundingSourceId,
            period: '2026-01' as Period,
            amount: '1000000',
            paidOn: '2026-01-14',
            sp2dNumber: 'SP2D-BENCH-1',
          }),
        () => 1,
      )
    ).step;

    // The largest payment there is: one source's share of every worker of Dumisake for a whole month.
    const largest = { programId: dumisake.id, fundingSourceId: dumisake.fundingShares[0]!.fundingSourceId };
    const february = await outstandingAmount(db, { ...largest, period: '2026-02' as Period });
    const { step: largestStep, result: largestPayment } = await measure(
      () =>
        recordPayment(db, ctx, {
          ...largest,
          period: '2026-02' as Period,
          amount: february.outstanding,
          paidOn: '2026-02-14',
          sp2dNumber: 'SP2D-BENCH-LARGEST',
        }),
      () => 1,
    );
    steps.largestPayment = largestStep;

    log('statement import and reconciliation…');
    const statementFile = path.join(dir, 'statement-DUMISAKE-2026-01.csv');
    const lines = await writeStatementCsv(statementFile, opts.workers, PROGRAM_PLANS[0]!, statementAmount);
    steps.statementImport = (
      await measure(
        () =>
          importStatement(
            db,
            ctx,
            Number(dumisake.id),
            '2026-01' as Period,
            fs.createReadStream(statementFile),
          ),
        () => lines,
      )
    ).step;
    log('the same statement as XLSX, for February…');
    const statementXlsx = path.join(dir, 'statement-DUMISAKE-2026-02.xlsx');
    await writeXlsxApart('statement', statementXlsx, opts.workers, PROGRAM_PLANS[0]!.code);
    steps.statementImportXlsx = (
      await measure(
        () =>
          importStatement(
            db,
            ctx,
            Number(dumisake.id),
            '2026-02' as Period,
            fs.createReadStream(statementXlsx),
          ),
        () => lines,
      )
    ).step;
    ceilings.reconcile = (
      await measure(
        () => reconcileCeiling(db, statementFile, Number(dumisake.id)),
        () => lines,
      )
    ).step;

    await vacuumAsAutovacuumWould(db);
    log('reports…');
    steps.totalsReport12Months = (
      await measure(
        () => totalsReport(db, '2026-01' as Period, '2026-12' as Period, ['program', 'fundingSource']),
        (r) => r.rows.length,
      )
    ).step;
    steps.coverageReport = (
      await measure(
        () => coverageReport(db, '2026-06' as Period),
        (r) => r.rows.length,
      )
    ).step;
    steps.realisationReport = (
      await measure(
        () =>
          realisationReport(
            db,
            { fundingSourceId: Number(largest.fundingSourceId), fiscalYear: 2026, asOf: '2026-12-20' },
            undefined,
          ),
        (r) => r.rows.length,
      )
    ).step;
    steps.budgetPlan2027 = (
      await measure(
        () => budgetPlan(db, 2027),
        (r) => r.rows.length,
      )
    ).step;
    log('daftar nominatif of the largest payment over HTTP…');
    const nominative = `/api/v1/payments/${largestPayment.id}/nominative`;
    steps.nominativeCsv = await downloadApart(at, `${nominative}?format=csv`, (d) => d.lines);
    steps.nominativeCsvHeap64 = await downloadApart(at, `${nominative}?format=csv`, (d) => d.lines, 64);
    steps.nominativeXlsx = await downloadApart(at, `${nominative}?format=xlsx`, (d) =>
      Math.round(d.bytes / 2 ** 20),
    );
    steps.nominativePdf = await downloadApart(at, `${nominative}?format=pdf`, (d) =>
      Math.round(d.bytes / 2 ** 20),
    );
    log('worst requests…');
    worst = await measureWorst(db, clock, dumisake.fundingShares[0]!.fundingSourceId);
    log('console pages…');
    pages = await measurePages(db, clock);
    log('beneficiary CSV export over HTTP…');
    steps.beneficiaryCsvExport = await downloadApart(
      at,
      '/api/v1/beneficiaries?format=csv',
      (d) => d.lines - 4,
    );

    log('journal of December as a ledger file…');
    journal = await measureJournal(db, clock, dir, '2026-12');

    log('ledger verify…');
    steps.ledgerVerify = (
      await measure(
        () => verifyLedgerAgainstOperations(db),
        (r) => r.problems.length,
      )
    ).step;
  } finally {
    await drop();
    await db.destroy();
  }
  const report = {
    workers: opts.workers,
    database: label,
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    steps,
    ceilings,
    pages,
    worst,
    journal,
  };
  if (opts.json) console.log(JSON.stringify(report));
  else if (opts.markdown) printMarkdown(report, startedAt);
  else {
    printTable(report.steps, report.ceilings);
    if (pages) printPages(pages);
    if (worst) printWorst(worst);
    if (journal) printJournal(journal);
  }
}

type Plan = (typeof PROGRAM_PLANS)[number];

/** The reference data, the four programmes and a 2026 budget for each of their shares. */
async function setUp(db: Db): Promise<{ plan: Plan; program: Program }[]> {
  await migrate(db);
  await seedReferenceData(db, timestamp(clock));
  const sources = new Map((await listFundingSources(db, 100, null)).map((s) => [s.code, s.id]));
  const programs: { plan: Plan; program: Program }[] = [];
  for (const plan of PROGRAM_PLANS) {
    const program = await createProgram(db, ctx, {
      code: plan.code,
      name: plan.name,
      benefits: ['JKK', 'JKM'],
      declaredIncome: '1000000',
      fundingShares: plan.shares.map((s) => ({ fundingSourceId: sources.get(s.source)!, share: s.share })),
      startPeriod: '2026-01' as Period,
    });
    for (const s of program.fundingShares) {
      await createAllocation(db, ctx, {
        programId: program.id,
        fundingSourceId: s.fundingSourceId,
        fiscalYear: 2026,
        amount: '999999999999',
        documentRef: 'DPA 2026',
      });
    }
    programs.push({ plan, program });
  }
  return programs;
}

/**
 * Between steps, untimed: on a PostgreSQL whose autovacuum is off (this workplace's is), what autovacuum
 * would have done meanwhile on a server as PostgreSQL ships, so that no step pays for the dead rows the
 * steps before left (docs/performance.md, "PostgreSQL"). Every table of the bench's schema with dead rows
 * is vacuumed and analysed.
 */
async function vacuumAsAutovacuumWould(db: Db): Promise<void> {
  if (db.client.config.client !== 'pg') return;
  const setting = (await db.raw('SHOW autovacuum')) as { rows: { autovacuum: string }[] };
  if (setting.rows[0]?.autovacuum === 'on') return;
  const dead = (await db.raw(
    `SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND (n_dead_tup > 0 OR n_mod_since_analyze > 0)`,
  )) as { rows: { relname: string }[] };
  for (const { relname } of dead.rows) await db.raw(`VACUUM (ANALYZE) "${relname}"`);
}

/** Imports each programme's list and enrols it from 2026-01, as a finance officer would; answers the rows created. */
async function importLists(db: Db, lists: { file: string; program: Program }[]): Promise<number> {
  let created = 0;
  for (const { file, program } of lists) {
    const result = await importBeneficiaries(db, ctx, fs.createReadStream(file), {
      programId: Number(program.id),
      startPeriod: '2026-01' as Period,
    });
    created += result.created;
  }
  return created;
}

/**
 * A fresh database set up as the first (which already holds every NIK), for a step that must compare with
 * `beneficiaryImport` row for row; dropped once `use` is done.
 */
async function inFreshDatabase<T>(
  opts: { database?: string | undefined; workers: number },
  dir: string,
  suffix: string,
  use: (db: Db, programs: { plan: Plan; program: Program }[]) => Promise<T>,
): Promise<T> {
  const { db, drop } = await openDatabase(opts.database, opts.workers, dir, suffix);
  try {
    return await use(db, await setUp(db));
  } finally {
    await drop();
    await db.destroy();
  }
}

/**
 * A download from a server in a process of its own (withAppApart, its old generation capped at `heapMb`
 * when given), read as it arrives: the time from request to last byte, the rows `rows` counts in it (lines
 * and bytes), and the server's peak memory.
 */
async function downloadApart(
  at: DatabaseAt,
  url: string,
  rows: (download: { lines: number; bytes: number }) => number,
  heapMb?: number,
): Promise<Step> {
  const { result, peakRssMb } = await withAppApart(
    at,
    { now: clock().toISO()!, heapMb },
    async (base, token) => {
      const started = process.hrtime.bigint();
      const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok || !res.body) throw new Error(`download of ${url} failed: ${res.status}`);
      let lines = 0;
      let bytes = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        for (const byte of chunk) if (byte === 10) lines += 1;
      }
      return { lines, bytes, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    },
  );
  return { seconds: Number(result.seconds.toFixed(3)), rows: rows(result), peakRssMb };
}

function printTable(steps: Record<string, Step>, ceilings: Record<string, Step>): void {
  const rows = [
    ...Object.entries(steps).map(([k, v]) => [k, v] as const),
    ...Object.entries(ceilings).map(([k, v]) => [`ceiling: ${k}`, v] as const),
  ];
  console.log(
    `${'step'.padEnd(24)}${'seconds'.padStart(10)}${'rows'.padStart(12)}${'peak RSS MB'.padStart(14)}`,
  );
  for (const [name, s] of rows) {
    const ceiling = ceilings[CEILING_OF[name] ?? ''];
    const ratio = ceiling ? `${(s.seconds / ceiling.seconds).toFixed(2)} × ceiling` : '';
    console.log(
      `${name.padEnd(24)}${s.seconds.toFixed(3).padStart(10)}${String(s.rows).padStart(12)}${String(s.peakRssMb).padStart(14)}  ${ratio}`,
    );
  }
  // The same rows from a workbook and from a CSV: the bound is 2.5 times the CSV's time, under 300 MB.
  for (const name of ['beneficiaryImport', 'statementImport']) {
    const csv = steps[name];
    const xlsx = steps[`${name}Xlsx`];
    if (csv && xlsx)
      console.log(
        `${name}: XLSX ${(xlsx.seconds / csv.seconds).toFixed(2)} × the CSV's time, peak ${xlsx.peakRssMb} MB (CSV ${csv.peakRssMb} MB)`,
      );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
