import type { Knex } from 'knex';
import { exactSum, type Conn } from '../../db/knex.js';
import { whereRegionInScope, whereSourceInScope } from '../../db/scope.js';
import { Decimal, fromDb, toDb } from '../../shared/money.js';
import type { Period } from '../../shared/period.js';
import { isProvinceWide, type Scope } from '../../shared/scope.js';
import { creditOf } from './billing.reads.js';
import type { BillingRun } from './billing.schemas.js';

/** The SQL of billing runs and their cancellations. */

export type RunKind = 'billing' | 'repricing';

export async function insertRun(
  trx: Conn,
  row: { kind: RunKind; period: Period; programId: number | null; createdBy: string; createdAt: string },
): Promise<number> {
  const [run] = await trx('billing_runs')
    .insert({
      kind: row.kind,
      period: row.period,
      program_id: row.programId,
      obligation_count: 0,
      total_amount: 0,
      status: 'posted',
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .returning('id');
  return Number(run.id ?? run);
}

export async function setRunTotals(trx: Conn, runId: number, count: number, total: Decimal): Promise<void> {
  await trx('billing_runs')
    .where({ id: runId })
    .update({ obligation_count: count, total_amount: toDb(total) });
}

export interface RunFilter {
  ids?: number[];
  period?: Period | undefined;
  programId?: number | undefined;
  scope?: Scope | undefined;
}

/** A run's per-source totals (`t`, billing_run_totals) within the scope: its sources and its regions. */
function totalsInScope(q: Knex.QueryBuilder, scope: Scope | undefined): Knex.QueryBuilder {
  whereSourceInScope(q, 't.funding_source_id', scope);
  return whereRegionInScope(q, 't.region_code', scope);
}

/**
 * Runs by id with their cancellation and per-source totals: two queries for any number of runs. Within a
 * scope, only the runs that billed something in it, with their counts and totals over the scope alone. */
export async function selectRuns(
  db: Conn,
  filter: RunFilter,
  page: { limit: number; afterId: number | null } = { limit: 1000, afterId: null },
): Promise<BillingRun[]> {
  const q = db('billing_runs as r')
    .leftJoin('billing_run_cancellations as c', 'c.run_id', 'r.id')
    .orderBy('r.id')
    .limit(page.limit + 1)
    .select('r.*', {
      c_reason: 'c.reason',
      c_by: 'c.created_by',
      c_at: 'c.created_at',
      c_entry: 'c.journal_entry_id',
    });
  if (filter.ids) q.whereIn('r.id', filter.ids);
  if (filter.period) q.where('r.period', filter.period);
  if (filter.programId !== undefined) q.where('r.program_id', filter.programId);
  if (page.afterId !== null) q.where('r.id', '>', page.afterId);
  const scoped = !isProvinceWide(filter.scope);
  if (scoped)
    q.whereExists(
      totalsInScope(
        db('billing_run_totals as t').select('t.run_id').whereRaw('t.run_id = r.id'),
        filter.scope,
      ),
    );
  const rows = (await q) as Record<string, unknown>[];
  if (rows.length === 0) return [];
  const totals = (await totalsInScope(
    db('billing_run_totals as t').whereIn(
      't.run_id',
      rows.map((r) => Number(r.id)),
    ),
    filter.scope,
  )
    .groupBy('t.run_id', 't.funding_source_id')
    .select('t.run_id', 't.funding_source_id', exactSum(db, 't.amount', 'amount'))
    .sum({ obligations: 't.obligations' })
    .orderBy(['t.run_id', 't.funding_source_id'])) as Record<string, unknown>[];
  const totalsOf = (row: Record<string, unknown>) =>
    totals.filter((t) => Number(t.run_id) === Number(row.id));
  const inScope = (row: Record<string, unknown>) => ({
    obligationCount: totalsOf(row).reduce((n, t) => n + Number(t.obligations), 0),
    totalAmount: totalsOf(row)
      .reduce((sum, t) => sum.plus(fromDb(t.amount)), new Decimal(0))
      .toFixed(0),
  });
  return rows.map((row) => ({
    id: String(row.id),
    kind: row.kind as RunKind,
    period: row.period as Period,
    programId: row.program_id === null ? null : String(row.program_id),
    status: row.c_reason ? 'cancelled' : 'posted',
    ...(scoped
      ? inScope(row)
      : { obligationCount: Number(row.obligation_count), totalAmount: fromDb(row.total_amount).toFixed(0) }),
    byFundingSource: totalsOf(row).map((t) => ({
      fundingSourceId: String(t.funding_source_id),
      amount: fromDb(t.amount).toFixed(0),
    })),
    createdBy: row.created_by as string,
    createdAt: row.created_at as string,
    cancellation: row.c_reason
      ? {
          reason: row.c_reason as string,
          by: row.c_by as string,
          at: row.c_at as string,
          journalEntryId: row.c_entry === null ? null : String(row.c_entry),
        }
      : null,
  }));
}

export async function findRun(db: Conn, id: number, scope?: Scope): Promise<BillingRun | null> {
  return (await selectRuns(db, { ids: [id], scope }))[0] ?? null;
}

/** Whether the insurer has credited any of the run's obligations. */
export async function hasCreditedObligations(db: Conn, runId: number): Promise<boolean> {
  return Boolean(
    await db('obligations as o').where('o.run_id', runId).whereExists(creditOf(db, 'o')).first('o.id'),
  );
}

/** A later repricing run of the same month that adjusts it and is not cancelled, if any. */
export async function laterRepricing(db: Conn, runId: number, period: Period): Promise<string | null> {
  const later = await db('billing_runs as r')
    .leftJoin('billing_run_cancellations as c', 'c.run_id', 'r.id')
    .where({ 'r.kind': 'repricing', 'r.period': period })
    .where('r.id', '>', runId)
    .whereNull('c.run_id')
    .where('r.obligation_count', '>', 0)
    .first('r.id');
  return later ? String(later.id) : null;
}

/**
 * Records a run's cancellation and marks its obligations cancelled: the one status written on an
 * obligation after it is created (credited is derived, see billing.reads.ts).
 */
export async function insertCancellation(
  trx: Conn,
  row: { runId: number; reason: string; journalEntryId: number | null; by: string; at: string },
): Promise<void> {
  await trx('billing_run_cancellations').insert({
    run_id: row.runId,
    reason: row.reason,
    journal_entry_id: row.journalEntryId,
    created_by: row.by,
    created_at: row.at,
  });
  await trx('obligations').where({ run_id: row.runId }).update({ status: 'cancelled' });
}
