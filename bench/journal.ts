import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../src/db/knex.js';
import type { Clock } from '../src/shared/period.js';
import { withApp } from './serve.js';

/**
 * The journal of one month as a ledger file, exported over HTTP as a user downloads it, then read by
 * hledger and ledger when they are installed (`apt-get install -y hledger ledger`; the bench never installs
 * anything): each tool's balance per account must equal the service's own, summed from its postings.
 */
export interface JournalStep {
  exportSeconds: number;
  entries: number;
  bytes: number;
  readers: { tool: string; seconds: number | null; agrees: boolean | null }[];
}

type Balances = Map<string, bigint>;

/** The service's balance per account over the entries of the days, named as the file names them. */
async function ownBalances(db: Db, from: string, to: string): Promise<Balances> {
  const rows = (await db('postings as p')
    .join('journal_entries as e', 'e.id', 'p.entry_id')
    .join('ledger_accounts as a', 'a.id', 'p.account_id')
    .join('programs as pr', 'pr.id', 'a.program_id')
    .join('funding_sources as fs', 'fs.id', 'a.funding_source_id')
    .where('e.at', '>=', from)
    .where('e.at', '<', `${to}T99`)
    .groupBy('fs.code', 'pr.code', 'a.fiscal_year', 'a.stage')
    .select('fs.code as source', 'pr.code as program', 'a.fiscal_year', 'a.stage')
    .select(db.raw('CAST(SUM(p.amount) AS VARCHAR(40)) AS total'))) as Record<string, unknown>[];
  return new Map(
    rows
      .map(
        (r) => [`${r.source}:${r.program}:${r.fiscal_year}:${r.stage}`, BigInt(r.total as string)] as const,
      )
      .filter(([, total]) => total !== 0n),
  );
}

/** `account<TAB>amount IDR` or `"account","amount IDR"` lines, as the two tools print them. */
function parseBalances(text: string): Balances {
  const balances: Balances = new Map();
  for (const line of text.split('\n')) {
    const m = /^"?([^"\t]+)"?[\t,]"?(-?[0-9]+) IDR"?$/.exec(line.trim());
    if (m && BigInt(m[2]!) !== 0n) balances.set(m[1]!, BigInt(m[2]!));
  }
  return balances;
}

const same = (a: Balances, b: Balances) =>
  a.size === b.size && [...a].every(([account, total]) => b.get(account) === total);

function installed(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const READERS: { tool: string; args: (file: string) => string[] }[] = [
  { tool: 'hledger', args: (file) => ['-f', file, 'balance', '--flat', '-N', '-O', 'csv'] },
  {
    tool: 'ledger',
    args: (file) => [
      '-f',
      file,
      'balance',
      '--flat',
      '--no-total',
      '--balance-format',
      '%(account)\t%(display_total)\n',
    ],
  },
];

export async function measureJournal(db: Db, clock: Clock, dir: string, month: string): Promise<JournalStep> {
  const from = `${month}-01`;
  const to = clock()
    .set({ year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)) })
    .endOf('month')
    .toISODate()!;
  const file = path.join(dir, `journal-${month}.journal`);
  const started = process.hrtime.bigint();
  await withApp(db, clock, async (base, token) => {
    const res = await fetch(`${base}/api/v1/journal-entries?format=ledger&from=${from}&to=${to}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`journal export failed: ${res.status}`);
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  });
  const exportSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const text = fs.readFileSync(file, 'utf8');
  const own = await ownBalances(db, from, to);
  const readers = READERS.map(({ tool, args }) => {
    if (!installed(tool)) return { tool, seconds: null, agrees: null };
    const t0 = process.hrtime.bigint();
    const printed = execFileSync(tool, args(file), { encoding: 'utf8', maxBuffer: 1 << 30 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { tool, seconds, agrees: same(parseBalances(printed), own) };
  });
  return {
    exportSeconds,
    entries: (text.match(/^\d{4}-\d{2}-\d{2} /gm) ?? []).length,
    bytes: Buffer.byteLength(text),
    readers,
  };
}

export function printJournal(j: JournalStep): void {
  console.log(
    `\njournal of one month as a ledger file: ${j.entries} entries, ${(j.bytes / 1024).toFixed(1)} KB, exported in ${j.exportSeconds.toFixed(3)} s`,
  );
  for (const r of j.readers)
    console.log(
      r.seconds === null
        ? `  ${r.tool}: not installed (apt-get install -y ${r.tool})`
        : `  ${r.tool} balance: ${r.seconds.toFixed(3)} s, ${r.agrees ? "every account's balance equals the service's" : 'BALANCES DIFFER from the service'}`,
    );
}
