import type { Conn } from '../../db/knex.js';
import { fromDb } from '../../shared/money.js';

/**
 * The journal as a plain-text file that ledger-cli and hledger read, so that an auditor can re-add it with
 * tools the service did not write. Each entry is a transaction dated by its Jakarta date, its postings on
 * accounts named `source:programme:year:stage` (codes, as the finance office knows them), amounts in whole
 * rupiah with the commodity IDR after the number, which both tools accept in either sign.
 */

/** Codes of the programmes and funding sources the accounts name, by id. */
export interface AccountNames {
  programs: Map<number, string>;
  sources: Map<number, string>;
}

/** Entries per query: the file streams a page at a time, never the whole range in memory. */
const ENTRIES_PER_PAGE = 2_000;

/** An account name component: no separator, no run of spaces (which ends a name), no comment mark. */
const component = (value: string) => value.replace(/[:;\s]+/g, '-');

/** A description: one line, without the `;` that would start a comment. */
const description = (value: string) => value.replace(/[;\r\n]+/g, ',').trim();

/** The day after a date (YYYY-MM-DD), for an exclusive bound on timestamps. */
function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The entries dated `from` to `to` (Jakarta dates, both inclusive), as ledger text, a page at a time.
 * Timestamps are stored with the Jakarta offset, so their first ten characters are the Jakarta date.
 */
export async function* ledgerFile(
  db: Conn,
  range: { from: string; to: string },
  names: AccountNames,
): AsyncGenerator<string> {
  yield `; iuran-ledger journal, ${range.from} to ${range.to} (Asia/Jakarta), amounts in whole rupiah (IDR)\n`;
  yield '; accounts: funding source : programme : fiscal year : stage\n\n';
  const end = dayAfter(range.to);
  let after = 0;
  for (;;) {
    const entries = (await db('journal_entries')
      .where('at', '>=', range.from)
      .where('at', '<', end)
      .where('id', '>', after)
      .orderBy('id')
      .limit(ENTRIES_PER_PAGE)
      .select('id', 'at', 'kind', 'memo', 'source_type', 'source_id')) as Record<string, unknown>[];
    if (entries.length === 0) return;
    const first = Number(entries[0]!.id);
    after = Number(entries.at(-1)!.id);
    const postings = (await db('postings as p')
      .join('ledger_accounts as a', 'a.id', 'p.account_id')
      .whereBetween('p.entry_id', [first, after])
      .orderBy('p.id')
      .select(
        'p.entry_id',
        'p.amount',
        'a.stage',
        'a.program_id',
        'a.funding_source_id',
        'a.fiscal_year',
      )) as Record<string, unknown>[];
    const byEntry = new Map<number, Record<string, unknown>[]>();
    for (const p of postings) {
      const id = Number(p.entry_id);
      byEntry.set(id, [...(byEntry.get(id) ?? []), p]);
    }
    const account = (p: Record<string, unknown>) =>
      [
        names.sources.get(Number(p.funding_source_id)) ?? `source-${p.funding_source_id}`,
        names.programs.get(Number(p.program_id)) ?? `programme-${p.program_id}`,
        String(p.fiscal_year),
        p.stage as string,
      ]
        .map(component)
        .join(':');
    let text = '';
    for (const e of entries) {
      const id = Number(e.id);
      text += `${(e.at as string).slice(0, 10)} ${description(`${e.kind}: ${e.memo}`)}  ; entry:${id}, source:${component(`${e.source_type}/${e.source_id}`)}\n`;
      for (const p of byEntry.get(id) ?? [])
        text += `    ${account(p)}  ${fromDb(p.amount).toFixed(0)} IDR\n`;
      text += '\n';
    }
    yield text;
  }
}
