import type { Knex } from 'knex';
import type { Scope } from '../shared/scope.js';

/**
 * A query narrowed to a scope, in SQL, so that totals are computed over the scope and never filtered after
 * the fact. `column` is the qualified column holding a funding source id or a region code.
 */
export function whereSourceInScope<Q extends Knex.QueryBuilder>(
  q: Q,
  column: string,
  scope: Scope | undefined,
): Q {
  if (scope?.fundingSourceIds) q.whereIn(column, scope.fundingSourceIds);
  return q;
}

export function whereRegionInScope<Q extends Knex.QueryBuilder>(
  q: Q,
  column: string,
  scope: Scope | undefined,
): Q {
  const regions = scope?.regionCodes;
  if (regions) {
    q.where((w) => {
      for (const r of regions) w.orWhere(column, r).orWhere(column, 'like', `${r}.%`);
      if (regions.length === 0) w.whereRaw('1 = 0');
    });
  }
  return q;
}
