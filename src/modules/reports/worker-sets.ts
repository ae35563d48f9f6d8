import type { Conn } from '../../db/knex.js';
import { whereRegionInScope } from '../../db/scope.js';
import { periodRange, periodYear, yearEnd, yearStart, type Period } from '../../shared/period.js';
import type { Scope } from '../../shared/scope.js';
import { monthBit } from '../billing/index.js';
import { COLUMN, type TotalsDimension } from './totals.dimensions.js';

/** A worker's months of one year in one programme and source, as bits (January = bit 0). */
export interface Share {
  programId: string;
  fundingSourceId: string;
  months: number;
}

/** How many workers of a region share the same sets of months in a year (`worker_set_counts`). */
export interface WorkerSet {
  fiscalYear: number;
  regionCode: string;
  shares: Share[];
  workers: number;
}

/** Distinct workers of one group: its dimensions' columns (`program_id`, `period`, …) and the count. */
export interface GroupCount {
  row: Record<string, unknown>;
  n: number;
}

/** `programme/source/months` per programme and source, joined by spaces: the `sets` key, parsed. */
function sharesOf(sets: string): Share[] {
  return sets.split(' ').map((share) => {
    const [programId, fundingSourceId, months] = share.split('/');
    return { programId: programId!, fundingSourceId: fundingSourceId!, months: Number(months) };
  });
}

/** The counts of workers per sets of months of the years from `first` to `last`, in the scope's regions. */
export async function workerSets(
  db: Conn,
  first: number,
  last: number,
  scope: Scope | undefined,
): Promise<WorkerSet[]> {
  const rows = (await whereRegionInScope(
    db('worker_set_counts as o').whereBetween('o.fiscal_year', [first, last]).where('o.workers', '>', 0),
    'o.region_code',
    scope,
  ).select('o.fiscal_year', 'o.region_code', 'o.sets', 'o.workers')) as Record<string, unknown>[];
  // Many regions share the same sets: each distinct key is parsed once.
  const parsed = new Map<string, Share[]>();
  return rows.map((r) => {
    const sets = r.sets as string;
    const shares = parsed.get(sets) ?? sharesOf(sets);
    parsed.set(sets, shares);
    return {
      fiscalYear: Number(r.fiscal_year),
      regionCode: r.region_code as string,
      shares,
      workers: Number(r.workers),
    };
  });
}

/** The first and last months of [from, to] within one fiscal year. */
const yearPart = (year: number, from: Period, to: Period): [Period, Period] => [
  from > yearStart(year) ? from : yearStart(year),
  to < yearEnd(year) ? to : yearEnd(year),
];

/** Months of [from, to] within one fiscal year, as bits. */
export function yearMask(year: number, from: Period, to: Period): number {
  const [first, last] = yearPart(year, from, to);
  // Every bit from the first month's to the last month's: twice the last bit, less one, less the bits below.
  return monthBit(last) * 2 - monthBit(first);
}

/**
 * Distinct workers per group of `dims` over the months from `from` to `to`, within the scope, from the
 * counts of workers per sets of months: a worker is in a group's month when the union of its sets of the
 * group's programmes and sources (those of the scope) holds the month, and in the group over the range when
 * that union holds any month of it. Each worker is one count of its year, so the answer is exact within a
 * year, and per month when grouped by period. Over several years, not by period, a worker of two of them
 * would be counted twice: null is answered when any group has workers in more than one year, and the
 * caller counts those row by row.
 */
export async function countedFromSets(
  db: Conn,
  from: Period,
  to: Period,
  dims: readonly TotalsDimension[],
  scope: Scope | undefined,
): Promise<GroupCount[] | null> {
  const sets = await workerSets(db, periodYear(from), periodYear(to), scope);
  const sources = scope?.fundingSourceIds ? new Set(scope.fundingSourceIds.map(String)) : null;
  const byPeriod = dims.includes('period');
  const groups = new Map<string, GroupCount & { year: number }>();
  let manyYears = false;
  const add = (values: Record<string, unknown>, year: number, n: number) => {
    const id = JSON.stringify(dims.map((d) => String(values[COLUMN[d]])));
    const group = groups.get(id) ?? {
      row: Object.fromEntries(dims.map((d) => [COLUMN[d], values[COLUMN[d]]])),
      n: 0,
      year,
    };
    if (group.year !== year) manyYears = true;
    group.n += n;
    groups.set(id, group);
  };
  for (const set of sets) {
    const mask = yearMask(set.fiscalYear, from, to);
    const months = byPeriod ? periodRange(...yearPart(set.fiscalYear, from, to)) : [];
    // The union of the worker's sets per group: a programme's over its sources, a source's over programmes.
    const unions = new Map<string, { values: Record<string, unknown>; months: number }>();
    for (const share of set.shares) {
      if (sources && !sources.has(share.fundingSourceId)) continue;
      const values = {
        program_id: share.programId,
        funding_source_id: share.fundingSourceId,
        region_code: set.regionCode,
      };
      const key = `${dims.includes('program') ? share.programId : ''}/${dims.includes('fundingSource') ? share.fundingSourceId : ''}`;
      const union = unions.get(key) ?? { values, months: 0 };
      union.months |= share.months;
      unions.set(key, union);
    }
    for (const { values, months: held } of unions.values()) {
      if (byPeriod) {
        for (const p of months)
          if ((held & monthBit(p)) !== 0) add({ ...values, period: p }, set.fiscalYear, set.workers);
      } else if ((held & mask) !== 0) add(values, set.fiscalYear, set.workers);
    }
  }
  return manyYears ? null : [...groups.values()].map(({ row, n }) => ({ row, n }));
}
