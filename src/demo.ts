import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from './config.js';
import { createDb, migrate } from './db/knex.js';
import { AppError } from './shared/errors.js';
import { Decimal, formatRupiah } from './shared/money.js';
import { seedReferenceData } from '../seeds/reference.js';
import { DEMO_NOW, loadDemo, type DemoSummary } from './demo/load.js';

/** `npm run demo`: loads the deterministic demo year into DATABASE_URL and says how to look at it. */
function count(value: string): number {
  if (!/^[1-9][0-9]{0,6}$/.test(value)) throw new InvalidArgumentError('must be a whole number from 1');
  return Number(value);
}

const thousands = (n: number) => n.toLocaleString('id-ID');

function report(summary: DemoSummary, seconds: string, url: string, port: number): string {
  const s = summary.statement;
  const base = `http://localhost:${port}/api/v1`;
  const auth = '-H "Authorization: Bearer $ADMIN_TOKEN"';
  const province = summary.fundingSourceIds['APBD-PROV-JAMBI'];
  const bungo = summary.programmes.find((p) => p.code === 'BUNGO-RENTAN')!;
  return [
    `Demo loaded into ${url} in ${seconds} s (clock ${DEMO_NOW} Asia/Jakarta):`,
    ...summary.programmes.map(
      (p) =>
        `  programme ${p.code} (id ${p.id}): ${thousands(p.workers)} workers, funded by ${p.sources.join(' + ')}`,
    ),
    `  ${thousands(summary.beneficiaries)} beneficiaries across Jambi's 11 regencies and cities; ${summary.endedEnrolments} enrolments ended`,
    `  billing ${summary.months[0]}..${summary.months[summary.months.length - 1]}: ${thousands(summary.obligations)} obligations, ${formatRupiah(summary.billed)}`,
    `  ${summary.payments} SP2D payments (${summary.reversals} reversed and issued again), ${formatRupiah(summary.paid)} paid; BUNGO-RENTAN 2026-10 and every programme's 2026-11 unpaid`,
    `  statement ${s.id}: ${s.programCode} ${s.period}, ${thousands(s.lines)} lines, ${thousands(s.matched)} matched, ${s.exceptions} exceptions (${s.openExceptions} open)`,
    `  periods ${summary.closed[0]}..${summary.closed[summary.closed.length - 1]} closed; demo workforce figures for coverage`,
    `  BUNGO-RENTAN: APBD-P of ${formatRupiah(new Decimal(summary.amendment))}; a death in August reported in November: ${summary.lateDeath.overpaid} month overpaid (a claim on the insurer), ${summary.lateDeath.cancelled} cancelled`,
    '',
    'Start the server (ADMIN_TOKEN of 32+ characters: ADMIN_TOKEN=... npm start), then for instance:',
    `  curl ${auth} "${base}/reports/arrears?asOf=2026-11"`,
    `  curl ${auth} "${base}/reports/totals?from=2026-01&to=2026-11&groupBy=program,fundingSource"`,
    `  curl ${auth} -o laporan-bulanan.pdf "${base}/reports/monthly-statement?fundingSourceId=${province}&period=2026-09"`,
    `  curl ${auth} -o peserta-bungo.xlsx "${base}/beneficiaries?programId=${bungo.id}&format=xlsx"`,
    `  curl ${auth} "${base}/statements/${s.id}/exceptions"`,
    `  curl ${auth} "${base}/overpayments"`,
    `  curl ${auth} "${base}/reports/budget-plan?fiscalYear=2027"`,
  ].join('\n');
}

const program = new Command('demo')
  .description('load the deterministic demo data set into an empty database')
  .option('--beneficiaries <n>', 'how many workers to generate', count, 3000)
  .action(async (opts: { beneficiaries: number }) => {
    const config = loadConfig();
    const db = createDb(config.DATABASE_URL);
    try {
      await migrate(db);
      await seedReferenceData(db, `${DEMO_NOW}.000+07:00`);
      const started = Date.now();
      const summary = await loadDemo(db, { beneficiaries: opts.beneficiaries });
      console.log(
        report(summary, ((Date.now() - started) / 1000).toFixed(1), config.DATABASE_URL, config.PORT),
      );
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      console.error(`demo not loaded: ${err.message}`);
      process.exitCode = 1;
    } finally {
      await db.destroy();
    }
  });

await program.parseAsync();
