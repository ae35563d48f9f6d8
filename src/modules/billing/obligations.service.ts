import { whereRegionInScope, whereSourceInScope } from '../../db/scope.js';
import type { Scope } from '../../shared/scope.js';
import type { Knex } from 'knex';
import type { Conn } from '../../db/knex.js';
import { fromDb } from '../../shared/money.js';
import type { Period } from '../../shared/period.js';
import { creditOf } from './billing.reads.js';
import type { Obligation, ObligationFilter } from './billing.schemas.js';

function toObligation(r: Record<string, unknown>): Obligation {
  return {
    id: String(r.id),
    runId: String(r.run_id),
    beneficiaryId: String(r.beneficiary_id),
    programId: String(r.program_id),
    fundingSourceId: String(r.funding_source_id),
    period: r.period as Period,
    amount: fromDb(r.amount).toFixed(0),
    kind: r.kind as Obligation['kind'],
    status: r.status as Obligation['status'],
    rateIds: r.rate_ids as string,
  };
}

/**
 * The obligation's status as clients see it: `cancelled` is written on the row when its run is cancelled;
 * `credited` is read from the active statement of its programme and month.
 */
function withStatus(db: Conn, q: Knex.QueryBuilder): Knex.QueryBuilder {
  const { sql, bindings } = creditOf(db, 'o').toSQL();
  return q.select(
    'o.id',
    'o.run_id',
    'o.beneficiary_id',
    'o.program_id',
    'o.funding_source_id',
    'o.period',
    'o.amount',
    'o.kind',
    'p.rate_ids',
    db.raw(
      `CASE WHEN o.status = 'cancelled' THEN 'cancelled' WHEN EXISTS (${sql}) THEN 'credited' ELSE 'billed' END AS status`,
      bindings as Knex.RawBinding[],
    ),
  );
}

/**
 * Narrows to one worker's obligations. The per-worker index leads with the month (so that billing appends
 * to it), so the months are named, from the runs, for the index to be searched once per billed month.
 */
function ofBeneficiary(db: Conn, q: Knex.QueryBuilder, beneficiaryId: number): Knex.QueryBuilder {
  return q
    .where('o.beneficiary_id', beneficiaryId)
    .whereIn('o.period', db('billing_runs').distinct('period'));
}

export async function listObligations(
  db: Conn,
  filter: ObligationFilter,
  limit: number,
  afterId: number | null,
  scope?: Scope,
): Promise<Obligation[]> {
  const q = withStatus(db, db('obligations as o').join('billing_prices as p', 'p.id', 'o.price_id'))
    .orderBy('o.id')
    .limit(limit + 1);
  if (filter.period) q.where('o.period', filter.period);
  if (filter.programId) q.where('o.program_id', Number(filter.programId));
  if (filter.fundingSourceId) q.where('o.funding_source_id', Number(filter.fundingSourceId));
  if (filter.beneficiaryId) ofBeneficiary(db, q, Number(filter.beneficiaryId));
  if (filter.runId) q.where('o.run_id', Number(filter.runId));
  if (filter.status === 'cancelled') q.where('o.status', 'cancelled');
  if (filter.status === 'credited') q.whereExists(creditOf(db, 'o'));
  if (filter.status === 'billed') q.where('o.status', 'billed').whereNotExists(creditOf(db, 'o'));
  whereSourceInScope(q, 'o.funding_source_id', scope);
  if (scope?.regionCodes)
    q.whereIn(
      'o.beneficiary_id',
      whereRegionInScope(db('beneficiaries as b').select('b.id'), 'b.region_code', scope),
    );
  if (afterId !== null) q.where('o.id', '>', afterId);
  return (await q).map(toObligation);
}

/** A worker's obligations grouped by month: what each programme billed each source (within a scope, each of its sources), and its state. */
export async function obligationsByPeriod(db: Conn, beneficiaryId: number, scope?: Scope) {
  const rows = await ofBeneficiary(
    db,
    whereSourceInScope(
      withStatus(db, db('obligations as o').join('billing_prices as p', 'p.id', 'o.price_id')),
      'o.funding_source_id',
      scope,
    ),
    beneficiaryId,
  ).orderBy(['o.period', 'o.id']);
  const periods = new Map<string, Obligation[]>();
  for (const r of rows) {
    const o = toObligation(r);
    periods.set(o.period, [...(periods.get(o.period) ?? []), o]);
  }
  return [...periods.entries()].map(([period, obligations]) => ({
    period,
    total: obligations
      .filter((o) => o.status !== 'cancelled')
      .reduce((acc, o) => acc.plus(o.amount), fromDb(0))
      .toFixed(0),
    obligations,
  }));
}
