import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { pino } from 'pino';
import { createApiDocument } from './app.js';
import { loadConfig } from './config.js';
import { createDb, migrate, type Db } from './db/knex.js';
import type { Ctx, Role } from './shared/context.js';
import { ROLES } from './shared/context.js';
import { AppError, unknownReference } from './shared/errors.js';
import { FIELD } from './shared/messages/index.js';
import { formatRupiah, Decimal } from './shared/money.js';
import { isPeriod, systemClock, timestamp, type Period } from './shared/period.js';
import { seedReferenceData } from '../seeds/reference.js';
import { createUser } from './modules/users/index.js';
import { knownFundingSourceIds } from './modules/funding-sources/index.js';
import { RUN_STEPS, runBilling } from './modules/billing/index.js';
import { verifyAll } from './modules/integrity/index.js';
import { getProgramByCode } from './modules/programs/index.js';
import { importStatement } from './modules/reconciliation/index.js';
import { importBeneficiaries } from './modules/beneficiaries/index.js';
import { backupSqlite, restoreSqlite, sqliteFile } from './db/backup.js';
import { progress, readWithProgress } from './cli/progress.js';

/** Batch work from a shell: the same service functions the HTTP routes call, audited as the CLI user. */
function cliCtx(): Ctx {
  return {
    actor: { id: `cli:${os.userInfo().username}`, name: 'command line', role: 'admin' },
    clock: systemClock,
    requestId: null,
  };
}

function periodArg(value: string): Period {
  if (!isPeriod(value)) throw new InvalidArgumentError('must be YYYY-MM');
  return value;
}

async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(loadConfig().DATABASE_URL);
  try {
    await migrate(db);
    await seedReferenceData(db, timestamp(systemClock));
    return await work(db);
  } finally {
    await db.destroy();
  }
}

async function programIdByCode(db: Db, code: string): Promise<number> {
  const found = await getProgramByCode(db, code);
  if (!found) throw unknownReference('programme', '--program', FIELD.unknownProgramme());
  return Number(found.id);
}

const program = new Command('iuran-ledger').description('iuran-ledger batch commands').showHelpAfterError();

program
  .command('create-user')
  .description('create a user and print its token (shown only once)')
  .requiredOption('--name <name>', 'the person')
  .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
  .action(async (opts: { name: string; role: string }) => {
    if (!(ROLES as readonly string[]).includes(opts.role))
      throw new InvalidArgumentError(`role must be one of ${ROLES.join(', ')}`);
    const user = await withDb((db) =>
      createUser(db, cliCtx(), { name: opts.name, role: opts.role as Role }, knownFundingSourceIds),
    );
    console.log(`user ${user.id} (${user.role}) created; token: ${user.token}`);
  });

program
  .command('bill')
  .description('run billing for a period (every programme running then, or one)')
  .requiredOption('--period <YYYY-MM>', 'contribution month', periodArg)
  .option('--program <CODE>', 'programme code')
  .action(async (opts: { period: Period; program?: string }) => {
    await withDb(async (db) => {
      const programId = opts.program ? await programIdByCode(db, opts.program) : undefined;
      const started = Date.now();
      const bar = progress(
        `billing ${opts.period}${opts.program ? ` ${opts.program}` : ''}`,
        RUN_STEPS.length,
        'steps',
      );
      const run = await runBilling(db, cliCtx(), opts.period, {
        programId,
        onStep: (step) => bar.update(RUN_STEPS.indexOf(step) + 1, step),
      }).finally(() => bar.stop());
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `run ${run.id}: ${run.obligationCount} obligations, ${formatRupiah(new Decimal(run.totalAmount))} in ${seconds}s`,
      );
      for (const s of run.byFundingSource)
        console.log(`  funding source ${s.fundingSourceId}: ${formatRupiah(new Decimal(s.amount))}`);
    });
  });

program
  .command('import')
  .description(
    'import a beneficiary list (CSV or XLSX: NIK, Nama, Kode Wilayah or Kabupaten/Kota, …), optionally enrolling every new person',
  )
  .argument('<file>', 'the list, CSV or XLSX')
  .option('--program <CODE>', 'enrol every created person in this programme')
  .option('--start <YYYY-MM>', 'first month of those enrolments', periodArg)
  .action(async (file: string, opts: { program?: string; start?: Period }) => {
    if ((opts.program === undefined) !== (opts.start === undefined))
      throw new InvalidArgumentError('--program and --start go together');
    await withDb(async (db) => {
      const enrol =
        opts.program && opts.start
          ? { programId: await programIdByCode(db, opts.program), startPeriod: opts.start }
          : null;
      const upload = readWithProgress(file, `reading ${path.basename(file)}`);
      const result = await importBeneficiaries(db, cliCtx(), upload.body, enrol).finally(upload.done);
      console.log(
        `created ${result.created}, enrolled ${result.enrolled}, rejected ${result.rejected.length}`,
      );
      for (const r of result.rejected.slice(0, 20))
        console.log(`  line ${r.line}: ${r.errors.map((e) => `${e.path} ${e.message.en}`).join('; ')}`);
    });
  });

program
  .command('reconcile')
  .description(
    'import an insurer statement (CSV or XLSX: NIK, No KPJ, Nama, Iuran, optionally JKK and JKM) and reconcile it',
  )
  .requiredOption('--program <CODE>', 'programme code')
  .requiredOption('--period <YYYY-MM>', 'contribution month', periodArg)
  .argument('<file>', 'the statement, CSV or XLSX')
  .action(async (file: string, opts: { program: string; period: Period }) => {
    await withDb(async (db) => {
      const programId = await programIdByCode(db, opts.program);
      const upload = readWithProgress(file, `reading ${path.basename(file)}`);
      const { statement, replayed } = await importStatement(
        db,
        cliCtx(),
        programId,
        opts.period,
        upload.body,
      ).finally(upload.done);
      const s = statement.summary;
      console.log(
        `statement ${statement.id}${replayed ? ' (this file was already imported)' : ''}${statement.supersedesId ? `, supersedes ${statement.supersedesId}` : ''}`,
      );
      console.log(
        `  lines ${s.lines}, matched ${s.matched}, amount mismatch ${s.amountMismatch}, not credited ${s.notCredited}`,
      );
      console.log(
        `  unexpected ${s.unexpected}, duplicate ${s.duplicate}, double coverage ${s.doubleCoverage}, malformed ${s.malformed}`,
      );
      console.log(`  credited ${formatRupiah(new Decimal(s.creditedAmount))}`);
      for (const m of statement.malformedLines.slice(0, 20))
        console.log(`  line ${m.line}: ${m.errors.map((e) => `${e.path} ${e.message.en}`).join('; ')}`);
    });
  });

/** Verifies the SQLite file `file`, reporting it as `label` (a restore checks its own copy of the backup). */
async function checkCopy(file: string, label = file): Promise<boolean> {
  const copy = createDb(`sqlite:${file}`);
  try {
    const integrity = (await copy.raw('PRAGMA integrity_check')) as { integrity_check: string }[];
    const result = await verifyAll(copy);
    const fine = integrity[0]?.integrity_check === 'ok' && result.ok;
    console.log(
      `${label}: sqlite ${integrity[0]?.integrity_check}, ledger balanced ${result.ledger.balanced}, matches operations ${result.ledger.matchesOperations}, audit chain ${result.audit.valid ? 'valid' : `broken at ${result.audit.firstBrokenId}`} (${result.audit.count} events)`,
    );
    for (const p of result.ledger.problems.slice(0, 20)) console.log(`  ${p.detail}`);
    return fine;
  } finally {
    await copy.destroy();
  }
}

program
  .command('backup')
  .description('write a consistent copy of the running SQLite database (VACUUM INTO) and verify it')
  .argument('<file>', 'the new backup file')
  .action(async (file: string) => {
    // Resolved once, so that the file written is the file checked (`//x` is `/x` to both).
    const target = path.resolve(file);
    await withDb((db) => backupSqlite(db, target));
    if (!(await checkCopy(target))) throw new Error('the backup does not verify; keep the previous one');
    console.log(`backup written to ${target}`);
  });

program
  .command('restore')
  .description(
    'verify a backup (integrity, ledger, audit chain) and put it in place of the database; refused while the service runs',
  )
  .argument('<file>', 'the backup file')
  .action(async (file: string) => {
    const database = sqliteFile(loadConfig().DATABASE_URL);
    if (database === null) throw new Error('PostgreSQL is restored with pg_restore (see the README)');
    const stamp = timestamp(systemClock)
      .replace(/[^0-9]/g, '')
      .slice(0, 14);
    const { source, target, kept } = await restoreSqlite(file, database, { stamp, verify: checkCopy });
    console.log(
      `restored ${source} to ${target}; ${kept ? `the previous database is kept at ${kept}` : 'there was no previous database'}`,
    );
  });

program
  .command('openapi')
  .description(
    'write the OpenAPI document the service serves at /api/v1/openapi.json (for linting, client generators)',
  )
  .argument('<file>', 'where to write it')
  .action(async (file: string) => {
    // The document is built from the route declarations alone; the in-memory database is never queried.
    const db = createDb('sqlite::memory:');
    try {
      const document = createApiDocument({
        db,
        logger: pino({ level: 'silent' }),
        clock: systemClock,
        adminToken: undefined,
      });
      fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    } finally {
      await db.destroy();
    }
  });

program.parseAsync().catch((err: unknown) => {
  if (err instanceof AppError) {
    console.error(`refused (${err.code}): ${err.message}`);
    if (err.errors) for (const e of err.errors) console.error(`  ${e.path}: ${e.message.en}`);
  } else {
    console.error(err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
