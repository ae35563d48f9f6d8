import type { Knex } from 'knex';
import { whereSourceInScope } from '../../db/scope.js';
import type { Scope } from '../../shared/scope.js';
import { exactSum, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { Decimal, fromDb, toDb } from '../../shared/money.js';
import { timestamp } from '../../shared/period.js';

/**
 * The chart of accounts follows a government's budget stages, one account per stage, programme, funding
 * source and fiscal year. Postings are signed (debit +, credit −), so the balances read as:
 *   pagu        credit balance = the ceiling allocated (DPA, amendments included)
 *   available   debit balance  = ceiling not yet committed (remaining budget)
 *   committed   debit balance  = billed and not yet paid (outstanding)
 *   paid        debit balance  = paid to the insurer (realisasi)
 *   credited / credit_confirmed: a memo pair; `credited` = obligations the insurer confirmed
 *   claim       debit balance  = overpaid, owed back by the insurer, until settled; it holds its budget
 * Allocation: Dr available / Cr pagu. Billing: Dr committed / Cr available. Payment: Dr paid / Cr committed.
 * Credit: Dr credited / Cr credit_confirmed. A month found overpaid: Dr claim / Cr committed; settled:
 * Dr available / Cr claim. Corrections are reversing entries, never edits.
 */
export const STAGES = [
  'pagu',
  'available',
  'committed',
  'paid',
  'credited',
  'credit_confirmed',
  'claim',
] as const;
export type Stage = (typeof STAGES)[number];

export interface AccountKey {
  stage: Stage;
  programId: number;
  fundingSourceId: number;
  fiscalYear: number;
}

export interface PostingLine {
  account: AccountKey;
  amount: Decimal;
  /** The benefit (kode rekening) this part of the amount is spent on, where the operation splits it. */
  benefit?: string | undefined;
}

export interface EntryInput {
  kind: string;
  memo: string;
  sourceType: string;
  sourceId: string | number;
  lines: PostingLine[];
}

export function accountCode(k: AccountKey): string {
  return `${k.stage}:${k.programId}:${k.fundingSourceId}:${k.fiscalYear}`;
}

/** Ids of the accounts, creating the ones that do not exist yet. */
async function accountIds(trx: Conn, keys: AccountKey[]): Promise<Map<string, number>> {
  const codes = [...new Set(keys.map(accountCode))];
  const ids = new Map<string, number>();
  const existing = await trx('ledger_accounts').whereIn('code', codes).select('id', 'code');
  for (const row of existing) ids.set(row.code as string, Number(row.id));
  const missing = keys.filter(
    (k, i, all) => !ids.has(accountCode(k)) && all.findIndex((o) => accountCode(o) === accountCode(k)) === i,
  );
  if (missing.length > 0) {
    const inserted = await trx('ledger_accounts')
      .insert(
        missing.map((k) => ({
          code: accountCode(k),
          stage: k.stage,
          program_id: k.programId,
          funding_source_id: k.fundingSourceId,
          fiscal_year: k.fiscalYear,
        })),
      )
      .returning(['id', 'code']);
    for (const row of inserted) ids.set(row.code as string, Number(row.id));
  }
  return ids;
}

/** Books one balanced entry; an unbalanced one is a programming error and aborts the transaction. */
export async function postEntry(
  trx: Conn,
  ctx: Ctx,
  input: EntryInput,
  reversesEntryId: number | null = null,
): Promise<number> {
  const lines = input.lines.filter((l) => !l.amount.isZero());
  const sum = lines.reduce((acc, l) => acc.plus(l.amount), new Decimal(0));
  if (!sum.isZero())
    throw new Error(`unbalanced journal entry ${input.kind}: postings sum to ${sum.toFixed(0)}`);
  const ids = await accountIds(
    trx,
    lines.map((l) => l.account),
  );
  const [entry] = await trx('journal_entries')
    .insert({
      at: timestamp(ctx.clock),
      kind: input.kind,
      memo: input.memo.slice(0, 500),
      source_type: input.sourceType,
      source_id: String(input.sourceId),
      reverses_entry_id: reversesEntryId,
      actor: ctx.actor.id,
    })
    .returning('id');
  const entryId = Number(entry.id ?? entry);
  if (lines.length > 0) {
    await trx('postings').insert(
      lines.map((l) => ({
        entry_id: entryId,
        account_id: ids.get(accountCode(l.account))!,
        amount: toDb(l.amount),
        benefit: l.benefit ?? null,
      })),
    );
  }
  return entryId;
}

/** A debit of `amount` on `debit` against a credit on `credit`: the shape of every stage move. */
export function move(debit: AccountKey, credit: AccountKey, amount: Decimal): PostingLine[] {
  return [
    { account: debit, amount },
    { account: credit, amount: amount.negated() },
  ];
}

/**
 * The entry an operation booked (its source and kind), not a reversal of it: how other modules find what to
 * reverse without reading the journal's tables themselves.
 */
export async function entryOf(
  db: Conn,
  source: { type: string; id: string | number; kind?: string },
): Promise<number | null> {
  const q = db('journal_entries')
    .where({ source_type: source.type, source_id: String(source.id) })
    .whereNull('reverses_entry_id')
    .orderBy('id');
  if (source.kind !== undefined) q.where('kind', source.kind);
  const row = await q.first('id');
  return row ? Number(row.id) : null;
}

/** Books the mirror image of an entry, pointing to it; an entry can be reversed only once (unique). */
export async function reverseEntry(
  trx: Conn,
  ctx: Ctx,
  entryId: number,
  kind: string,
  memo: string,
): Promise<number> {
  const entry = await trx('journal_entries').where({ id: entryId }).first();
  if (!entry) throw new Error(`journal entry ${entryId} does not exist`);
  const postings = await trx('postings')
    .where({ entry_id: entryId })
    .select('account_id', 'amount', 'benefit');
  const [reversal] = await trx('journal_entries')
    .insert({
      at: timestamp(ctx.clock),
      kind,
      memo: memo.slice(0, 500),
      source_type: entry.source_type,
      source_id: entry.source_id,
      reverses_entry_id: entryId,
      actor: ctx.actor.id,
    })
    .returning('id');
  const reversalId = Number(reversal.id ?? reversal);
  if (postings.length > 0) {
    await trx('postings').insert(
      postings.map((p) => ({
        entry_id: reversalId,
        account_id: p.account_id,
        amount: toDb(fromDb(p.amount).negated()),
        benefit: p.benefit,
      })),
    );
  }
  return reversalId;
}

export interface BalanceRow extends AccountKey {
  balance: Decimal;
}

export interface BalanceFilter {
  programId?: number;
  fundingSourceId?: number;
  fiscalYears?: number[];
  stages?: Stage[];
  /** Only the accounts of the scope's funding sources. */
  scope?: Scope | undefined;
}

/** Balances per account, recomputed from the postings. */
export async function balances(db: Conn, filter: BalanceFilter = {}): Promise<BalanceRow[]> {
  const q = db('ledger_accounts as a')
    .leftJoin('postings as p', 'p.account_id', 'a.id')
    .groupBy('a.id', 'a.stage', 'a.program_id', 'a.funding_source_id', 'a.fiscal_year')
    .select(
      'a.stage',
      'a.program_id',
      'a.funding_source_id',
      'a.fiscal_year',
      exactSum(db, 'p.amount', 'balance'),
    );
  narrowed(q, filter);
  const rows = (await q) as Record<string, unknown>[];
  return rows.map((r) => ({
    stage: r.stage as Stage,
    programId: Number(r.program_id),
    fundingSourceId: Number(r.funding_source_id),
    fiscalYear: Number(r.fiscal_year),
    balance: fromDb(r.balance),
  }));
}

/** The accounts of `a` the filter names, within its scope. */
function narrowed(q: Knex.QueryBuilder, filter: BalanceFilter): void {
  if (filter.programId !== undefined) q.where('a.program_id', filter.programId);
  if (filter.fundingSourceId !== undefined) q.where('a.funding_source_id', filter.fundingSourceId);
  if (filter.fiscalYears) q.whereIn('a.fiscal_year', filter.fiscalYears);
  if (filter.stages) q.whereIn('a.stage', filter.stages);
  whereSourceInScope(q, 'a.funding_source_id', filter.scope);
}

export interface BenefitBalanceRow extends BalanceRow {
  benefit: string | null;
}

/** Balances per account and benefit: how the postings that split by benefit (payments) spread over them. */
export async function benefitBalances(db: Conn, filter: BalanceFilter = {}): Promise<BenefitBalanceRow[]> {
  const q = db('ledger_accounts as a')
    .join('postings as p', 'p.account_id', 'a.id')
    .groupBy('a.stage', 'a.program_id', 'a.funding_source_id', 'a.fiscal_year', 'p.benefit')
    .select('a.stage', 'a.program_id', 'a.funding_source_id', 'a.fiscal_year', 'p.benefit')
    .select(exactSum(db, 'p.amount', 'balance'));
  narrowed(q, filter);
  const rows = (await q) as Record<string, unknown>[];
  return rows.map((r) => ({
    stage: r.stage as Stage,
    programId: Number(r.program_id),
    fundingSourceId: Number(r.funding_source_id),
    fiscalYear: Number(r.fiscal_year),
    benefit: (r.benefit as string | null) ?? null,
    balance: fromDb(r.balance),
  }));
}

/** The ceiling not yet committed for one programme, source and fiscal year (the `available` balance). */
export async function remainingBudget(
  db: Conn,
  programId: number,
  fundingSourceId: number,
  fiscalYear: number,
): Promise<Decimal> {
  const rows = await balances(db, {
    programId,
    fundingSourceId,
    fiscalYears: [fiscalYear],
    stages: ['available'],
  });
  return rows[0]?.balance ?? new Decimal(0);
}

/** Entries whose postings do not sum to zero, found in SQL. */
export async function unbalancedEntries(db: Conn): Promise<{ entryId: string; sum: string }[]> {
  const rows = (await db('postings')
    .select('entry_id', exactSum(db, 'amount', 'total'))
    .groupBy('entry_id')
    .havingRaw('SUM(amount) <> 0')) as Record<string, unknown>[];
  return rows.map((r) => ({ entryId: String(r.entry_id), sum: fromDb(r.total).toFixed(0) }));
}

export interface OperationTotal extends AccountKey {
  expected: Decimal;
  source: string;
}

export interface LedgerProblem {
  kind: 'unbalanced_entry' | 'mismatch';
  detail: string;
  account?: string;
  expected?: string;
  actual?: string;
  entryId?: string;
}

/**
 * Compares the balances the postings give with the totals the operational tables give. Each expectation
 * names the signed balance one stage account must have; accounts absent from the expectations of a
 * stage that was checked must be zero.
 */
export async function verifyLedger(db: Conn, expectations: OperationTotal[], checkedStages: Stage[]) {
  const problems: LedgerProblem[] = [];
  for (const u of await unbalancedEntries(db)) {
    problems.push({
      kind: 'unbalanced_entry',
      detail: `entry ${u.entryId} postings sum to ${u.sum}`,
      entryId: u.entryId,
    });
  }
  const balanced = problems.length === 0;
  const actual = new Map(
    (await balances(db, { stages: checkedStages })).map((b) => [accountCode(b), b.balance]),
  );
  const expected = new Map<string, { value: Decimal; source: string }>();
  for (const e of expectations) {
    const code = accountCode(e);
    const prior = expected.get(code);
    expected.set(code, { value: (prior?.value ?? new Decimal(0)).plus(e.expected), source: e.source });
  }
  for (const code of new Set([...actual.keys(), ...expected.keys()])) {
    const a = actual.get(code) ?? new Decimal(0);
    const e = expected.get(code);
    const ev = e?.value ?? new Decimal(0);
    if (!a.eq(ev)) {
      problems.push({
        kind: 'mismatch',
        detail: `account ${code}: postings give ${a.toFixed(0)}, ${e?.source ?? 'operations'} give ${ev.toFixed(0)}`,
        account: code,
        expected: ev.toFixed(0),
        actual: a.toFixed(0),
      });
    }
  }
  return { balanced, matchesOperations: problems.every((p) => p.kind !== 'mismatch'), problems };
}

export interface EntryFilter {
  sourceType?: string | undefined;
  sourceId?: string | undefined;
  kind?: string | undefined;
}

/** Journal entries with their postings, oldest first. */
export async function listEntries(db: Conn, filter: EntryFilter, limit: number, afterId: number | null) {
  const q = db('journal_entries')
    .orderBy('id')
    .limit(limit + 1);
  if (filter.sourceType) q.where('source_type', filter.sourceType);
  if (filter.sourceId) q.where('source_id', filter.sourceId);
  if (filter.kind) q.where('kind', filter.kind);
  if (afterId !== null) q.where('id', '>', afterId);
  const entries = await q;
  const postings = entries.length
    ? await db('postings as p')
        .join('ledger_accounts as a', 'a.id', 'p.account_id')
        .whereIn(
          'p.entry_id',
          entries.map((e) => e.id),
        )
        .orderBy('p.id')
        .select('p.entry_id', 'a.code', 'p.amount', 'p.benefit')
    : [];
  return entries.map((e) => ({
    id: String(e.id),
    at: e.at as string,
    kind: e.kind as string,
    memo: e.memo as string,
    sourceType: e.source_type as string,
    sourceId: e.source_id as string,
    reversesEntryId: e.reverses_entry_id === null ? null : String(e.reverses_entry_id),
    actor: e.actor as string,
    postings: postings
      .filter((p) => String(p.entry_id) === String(e.id))
      .map((p) => ({
        account: p.code as string,
        amount: fromDb(p.amount).toFixed(0),
        benefit: (p.benefit as string | null) ?? null,
      })),
  }));
}
