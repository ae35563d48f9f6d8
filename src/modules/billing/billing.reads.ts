import type { Knex } from 'knex';
import { exactSum, type Conn } from '../../db/knex.js';
import { fromDb, sumByKey, type Decimal } from '../../shared/money.js';
import { periodYear, type Period } from '../../shared/period.js';

/**
 * What other modules may read of the obligations, each read named and documented once. Two words are
 * defined here and nowhere else:
 * - a **live** obligation is one whose run is not cancelled (`status <> 'cancelled'`);
 * - an obligation is **credited** while the active statement of its programme and month (the one no later
 *   statement supersedes) credits it (docs/architecture.md, "Credited").
 * Reads that feed set-based SQL elsewhere (reconciliation joins a month's obligations with a statement's
 * lines) return query builders; the rest return plain values.
 */

type Row = Record<string, unknown>;

export interface YearTotal {
  programId: number;
  fundingSourceId: number;
  fiscalYear: number;
  amount: Decimal;
}

/** A programme, source and fiscal year as one string, for matching totals of the same budget line. */
export const yearKey = (t: { programId: number; fundingSourceId: number; fiscalYear: number }): string =>
  `${t.programId}/${t.fundingSourceId}/${t.fiscalYear}`;

/**
 * Obligations per programme, source and fiscal year, filtered by status: one side of ledger/verify. SQLite
 * sums them per programme, month and source in the order of that index, without sorting the whole table
 * (the whole province's year), and the months are added up here: every obligation of a month
 * carries that month's fiscal year, stamped from its run.
 */
async function yearTotals(
  db: Conn,
  status: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
): Promise<YearTotal[]> {
  const rows = (await status(db('obligations'))
    .groupBy('program_id', 'period', 'funding_source_id')
    .select('program_id', 'period', 'funding_source_id')
    .min({ fiscal_year: 'fiscal_year' })
    .select(exactSum(db, 'amount', 'total'))) as Record<string, unknown>[];
  return sumByKey(
    rows.map((r) => ({
      programId: Number(r.program_id),
      fundingSourceId: Number(r.funding_source_id),
      fiscalYear: Number(r.fiscal_year),
      amount: fromDb(r.total),
    })),
    yearKey,
  );
}

/** Billed and not cancelled, counted from the obligations themselves: what the runs' own totals must add up to. */
export const billedTotals = (db: Conn) => yearTotals(db, (q) => q.whereNot('status', 'cancelled'));

/**
 * Billed and not cancelled per programme, source and fiscal year as the runs record it, without reading
 * the obligations of a year: each run's totals (`billing_run_totals`, written once with it from its
 * obligations) of the runs not cancelled, less those of their obligations that an ended enrolment cancelled
 * one by one, read run by run from the index of cancelled obligations (which holds exactly the columns
 * summed, in this grouping's order). What the committed and paid accounts must add up to.
 */
export async function runBilledTotals(db: Conn): Promise<YearTotal[]> {
  // The run ids as values, not a subquery: each is then a lookup in the index. With a subquery PostgreSQL,
  // its statistics taken before a run was cancelled, read every obligation of that run (1.8 s at 540,000).
  const live = (await db('billing_runs as r')
    .whereNotExists(db('billing_run_cancellations as c').whereRaw('c.run_id = r.id').select(db.raw('1')))
    .pluck('r.id')) as number[];
  const runs = (await db('billing_run_totals as t')
    .join('billing_runs as r', 'r.id', 't.run_id')
    .whereIn('r.id', live)
    .groupBy('t.program_id', 't.funding_source_id', 'r.period')
    .select('t.program_id', 't.funding_source_id', 'r.period', exactSum(db, 't.amount', 'total'))) as Row[];
  const cancelled = (await db('obligations')
    .where('status', 'cancelled')
    .whereIn('run_id', live)
    .groupBy('run_id', 'program_id', 'funding_source_id', 'period')
    .select('program_id', 'funding_source_id', 'period', exactSum(db, 'amount', 'total'))) as Row[];
  const toTotal = (sign: 1 | -1) => (r: Row) => ({
    programId: Number(r.program_id),
    fundingSourceId: Number(r.funding_source_id),
    fiscalYear: periodYear(r.period as Period),
    amount: fromDb(r.total).times(sign),
  });
  return sumByKey([...runs.map(toTotal(1)), ...cancelled.map(toTotal(-1))], yearKey);
}

/** Billed (not cancelled) per month of one programme and source, for the months asked. */
export async function billedByPeriod(
  db: Conn,
  programId: number,
  fundingSourceId: number,
  periods: Period[],
): Promise<Map<Period, Decimal>> {
  const rows = (await db('obligations')
    .where({ program_id: programId, funding_source_id: fundingSourceId })
    .whereIn('period', periods)
    .whereNot('status', 'cancelled')
    .groupBy('period')
    .select('period', exactSum(db, 'amount', 'total'))) as Record<string, unknown>[];
  return new Map(rows.map((r) => [r.period as Period, fromDb(r.total)]));
}

/** Obligations of one programme and month that are not cancelled, as a subquery for reconciliation. */
export function liveObligations(db: Conn, programId: number, period: Period): Knex.QueryBuilder {
  return db('obligations')
    .where({ program_id: programId, period })
    .whereNot('status', 'cancelled')
    .select('id', 'beneficiary_id', 'funding_source_id', 'fiscal_year', 'amount', 'status');
}

/**
 * Each worker's billed total for one programme and month, all shares and adjustments together, and the
 * price they were last billed at (`price_id`: prices are written run after run, so the highest is the
 * latest, the one a repricing brought the total to).
 */
export function workerTotals(db: Conn, programId: number, period: Period): Knex.QueryBuilder {
  return liveObligations(db, programId, period)
    .clearSelect()
    .groupBy('beneficiary_id')
    .select('beneficiary_id')
    .sum({ total: 'amount' })
    .max({ price_id: 'price_id' });
}

/** Live obligations of `period` of every programme other than `programId`: beneficiary_id, program_id. */
export function otherProgramObligations(db: Conn, programId: number, period: Period): Knex.QueryBuilder {
  return db('obligations')
    .where({ period })
    .whereNot('program_id', programId)
    .whereNot('status', 'cancelled')
    .select('beneficiary_id', 'program_id');
}

/**
 * The obligations the insurer has credited: those that the active statement of their programme and month
 * (the one no later statement supersedes) credits. Nothing is written to the obligation itself, so a
 * corrected statement changes what is credited by superseding, not by editing rows.
 */
export function creditedObligations(db: Conn): Knex.QueryBuilder {
  return db('statement_credits as c')
    .whereNotExists(supersededBy(db, 'c.statement_id'))
    .select('c.obligation_id');
}

/** A later statement superseding the one in `column` of the outer query: for NOT EXISTS, the active ones. */
const supersededBy = (db: Conn, column: string): Knex.QueryBuilder =>
  db('statements as later').whereRaw(`later.supersedes_id = ${column}`).select(db.raw('1'));

/** The active credit of the obligation aliased `alias` in the outer query: for EXISTS. */
export const creditOf = (db: Conn, alias: string): Knex.QueryBuilder =>
  creditedObligations(db).whereRaw(`c.obligation_id = ${alias}.id`);

/** Credited by the insurer, counted from the credits and obligations themselves. */
export const creditedTotals = (db: Conn) => yearTotals(db, (q) => q.whereIn('id', creditedObligations(db)));

/**
 * Credited by the insurer per programme, source and fiscal year as the statements record it: what each
 * active statement credited (`statement_credit_totals`, written once with it). What the `credited` memo
 * accounts must hold.
 */
export async function statementCreditedTotals(db: Conn): Promise<YearTotal[]> {
  const rows = (await db('statement_credit_totals as t')
    .whereNotExists(supersededBy(db, 't.statement_id'))
    .groupBy('t.program_id', 't.funding_source_id', 't.fiscal_year')
    .select(
      't.program_id',
      't.funding_source_id',
      't.fiscal_year',
      exactSum(db, 't.amount', 'total'),
    )) as Record<string, unknown>[];
  return rows.map((r) => ({
    programId: Number(r.program_id),
    fundingSourceId: Number(r.funding_source_id),
    fiscalYear: Number(r.fiscal_year),
    amount: fromDb(r.total),
  }));
}

/** Months from `from` to `to` (open-ended when null) that have live obligations: what a rate change touches. */
export async function billedPeriodsBetween(db: Conn, from: Period, to: Period | null): Promise<Period[]> {
  const q = db('obligations')
    .whereNot('status', 'cancelled')
    .where('period', '>=', from)
    .distinct('period')
    .orderBy('period');
  if (to !== null) q.where('period', '<=', to);
  return (await q).map((r) => r.period as Period);
}

/** One live obligation of a worker: a share of a month (regular or adjustment). */
export interface LiveShare {
  obligationId: number;
  period: Period;
  fundingSourceId: number;
  fiscalYear: number;
  amount: Decimal;
}

/** A worker's live obligations in a programme for the months after `after`, oldest first. */
export async function liveSharesAfter(
  db: Conn,
  beneficiaryId: number,
  programId: number,
  after: Period,
): Promise<LiveShare[]> {
  const rows = (await db('obligations')
    .where({ beneficiary_id: beneficiaryId, program_id: programId })
    .where('period', '>', after)
    .whereNot('status', 'cancelled')
    .orderBy(['period', 'funding_source_id', 'id'])
    .select('id', 'period', 'funding_source_id', 'fiscal_year', 'amount')) as Record<string, unknown>[];
  return rows.map((r) => ({
    obligationId: Number(r.id),
    period: r.period as Period,
    fundingSourceId: Number(r.funding_source_id),
    fiscalYear: Number(r.fiscal_year),
    amount: fromDb(r.amount),
  }));
}

/** The months with live obligations of a programme and source, oldest first. */
export async function billedPeriodsOf(
  db: Conn,
  programId: number,
  fundingSourceId: number,
): Promise<Period[]> {
  const rows = await db('obligations')
    .where({ program_id: programId, funding_source_id: fundingSourceId })
    .whereNot('status', 'cancelled')
    .distinct('period')
    .orderBy('period');
  return rows.map((r) => r.period as Period);
}
