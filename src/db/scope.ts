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

/** A condition and its bindings, for the raw SQL of set-based reports. */
export interface SqlCondition {
  sql: string;
  bindings: (string | number)[];
}

/** `column` within the scope's funding sources, as a raw SQL condition (`1 = 1` when unrestricted). */
export function sourceInScopeSql(column: string, scope: Scope | undefined): SqlCondition {
  const ids = scope?.fundingSourceIds;
  if (!ids) return { sql: '1 = 1', bindings: [] };
  if (ids.length === 0) return { sql: '1 = 0', bindings: [] };
  return { sql: `${column} IN (${ids.map(() => '?').join(', ')})`, bindings: ids };
}

/** `column` within the scope's regions or below them, as a raw SQL condition (`1 = 1` when unrestricted). */
export function regionInScopeSql(column: string, scope: Scope | undefined): SqlCondition {
  const regions = scope?.regionCodes;
  if (!regions) return { sql: '1 = 1', bindings: [] };
  if (regions.length === 0) return { sql: '1 = 0', bindings: [] };
  return {
    sql: `(${regions.map(() => `${column} = ? OR ${column} LIKE ?`).join(' OR ')})`,
    bindings: regions.flatMap((r) => [r, `${r}.%`]),
  };
}
