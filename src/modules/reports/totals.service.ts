import type { Knex } from 'knex';
import { exactSum, type Conn } from '../../db/knex.js';
import { whereRegionInScope, whereSourceInScope } from '../../db/scope.js';
import { Decimal, fromDb } from '../../shared/money.js';
import { assertRangeWithin, periodYear, yearEnd, yearStart, type Period } from '../../shared/period.js';
import type { Scope } from '../../shared/scope.js';
import { COLUMN, type TotalsDimension } from './totals.dimensions.js';
import { countedFromSets, yearMask, type GroupCount } from './worker-sets.js';

export interface TotalsFigures {
  budget: string | null;
  billed: string;
  paid: string | null;
  credited: string;
  outstanding: string | null;
  remainingBudget: string | null;
  obligations: number;
  beneficiaries: number;
}

export interface TotalsRow extends TotalsFigures {
  programId?: string;
  programCode?: string;
  fundingSourceId?: string;
  fundingSourceCode?: string;
  period?: string;
  regionCode?: string;
  regionName?: string;
}

export interface TotalsReport {
  from: Period;
  to: Period;
  groupBy: TotalsDimension[];
  rows: TotalsRow[];
  total: TotalsFigures;
}

interface Group {
  key: Partial<Record<TotalsDimension, string>>;
  billed: Decimal;
  credited: Decimal;
  paid: Decimal;
  budget: Decimal;
  billedInYears: Decimal;
  obligations: number;
  beneficiaries: number;
}

/** A budget line is one programme and funding source for whole fiscal years: months and regions split it. */
const splitsBudget = (dims: readonly TotalsDimension[]) => dims.includes('period') || dims.includes('region');

/**
 * Payments are made per programme, source and month for a collective account, not per worker, so a
 * partly paid month cannot be attributed to regions without prorating, which this report never does.
 */
const splitsPayments = (dims: readonly TotalsDimension[]) => dims.includes('region');

/**
 * The rows of `o` within the scope, in SQL, so that every sum is a sum over the scope: by funding source,
 * and by region where the rows carry one (the summaries do; payments and budgets do not).
 */
function inScope(q: Knex.QueryBuilder, scope: Scope | undefined, byRegion = true): Knex.QueryBuilder {
  whereSourceInScope(q, 'o.funding_source_id', scope);
  return byRegion ? whereRegionInScope(q, 'o.region_code', scope) : q;
}

/** Selects and groups by the dimensions' columns of the table aliased `o`; no dimension, one row. */
function grouped(q: Knex.QueryBuilder, dims: readonly TotalsDimension[]): Knex.QueryBuilder {
  if (dims.length === 0) return q;
  return q
    .select(Object.fromEntries(dims.map((d) => [COLUMN[d], `o.${COLUMN[d]}`])))
    .groupBy(dims.map((d) => `o.${COLUMN[d]}`));
}

/** Live obligations of the months, summed per group from `obligation_totals` (a group is live while it counts any). */
function liveTotals(
  db: Conn,
  from: Period,
  to: Period,
  dims: readonly TotalsDimension[],
  scope: Scope | undefined,
): Knex.QueryBuilder {
  return grouped(
    inScope(db('obligation_totals as o').whereBetween('o.period', [from, to]), scope),
    dims,
  ).havingRaw('SUM(o.obligations) > 0');
}

/**
 * Distinct workers per group: from the counts of workers per sets of months, or row by row where those
 * cannot answer (a range over several years, not by month, with workers of one group in more than one).
 */
async function distinctWorkers(
  db: Conn,
  from: Period,
  to: Period,
  dims: readonly TotalsDimension[],
  scope: Scope | undefined,
): Promise<GroupCount[]> {
  return (await countedFromSets(db, from, to, dims, scope)) ?? scannedWorkers(db, from, to, dims, scope);
}

/**
 * Distinct workers per group over the whole range, counted row by row from `beneficiary_months`, aliased `o`
 * (one row per worker, programme, source and year), for what the counts per sets of months cannot answer:
 * a group's workers over several years, where one worker has a row in each. Distinct ids are counted.
 */
async function scannedWorkers(
  db: Conn,
  from: Period,
  to: Period,
  dims: readonly TotalsDimension[],
  scope: Scope | undefined,
): Promise<GroupCount[]> {
  const years = Array.from({ length: periodYear(to) - periodYear(from) + 1 }, (_, i) => periodYear(from) + i);
  const range = years.map(() => '(o.fiscal_year = ? AND o.months & ? <> 0)').join(' OR ');
  const rows = (await grouped(
    inScope(
      db('beneficiary_months as o').whereRaw(
        `(${range})`,
        years.flatMap((y) => [y, yearMask(y, from, to)]),
      ),
      scope,
    ),
    dims,
  ).select(db.raw('COUNT(DISTINCT o.beneficiary_id) AS n'))) as Record<string, unknown>[];
  return rows.map((r) => ({ row: r, n: Number(r.n) }));
}

/**
 * Billed, paid, credited and budget figures per group, read from the summaries kept with the obligations
 * (a few rows per programme, source, month and region) and from the payments and budgets; distinct workers
 * from the counts of workers per sets of months. Nothing scans the year's obligations. Everything is summed over
 * the scope; a scope of regions splits budget lines and payments just as a grouping by region does.
 */
export async function totalsReport(
  db: Conn,
  from: Period,
  to: Period,
  dims: readonly TotalsDimension[],
  scope?: Scope,
): Promise<TotalsReport> {
  assertRangeWithin(from, to);
  const byRegions = Boolean(scope?.regionCodes);
  const withBudget = !splitsBudget(dims) && !byRegions;
  const withPaid = !splitsPayments(dims) && !byRegions;
  const groups = new Map<string, Group>();
  const idOf = (r: Record<string, unknown>) => JSON.stringify(dims.map((d) => String(r[COLUMN[d]])));
  const groupOf = (r: Record<string, unknown>): Group => {
    const id = idOf(r);
    let g = groups.get(id);
    if (!g) {
      g = {
        key: Object.fromEntries(dims.map((d) => [d, String(r[COLUMN[d]])])) as Group['key'],
        billed: new Decimal(0),
        credited: new Decimal(0),
        paid: new Decimal(0),
        budget: new Decimal(0),
        billedInYears: new Decimal(0),
        obligations: 0,
        beneficiaries: 0,
      };
      groups.set(id, g);
    }
    return g;
  };

  const billed = (await liveTotals(db, from, to, dims, scope)
    .select(exactSum(db, 'o.billed', 'billed'), exactSum(db, 'o.credited', 'credited'))
    .sum({ obligations: 'o.obligations' })) as Record<string, unknown>[];
  for (const r of billed) {
    const g = groupOf(r);
    g.billed = fromDb(r.billed);
    g.credited = fromDb(r.credited);
    g.obligations = Number(r.obligations);
  }
  for (const { row, n } of await distinctWorkers(db, from, to, dims, scope)) {
    const g = groups.get(idOf(row));
    if (g) g.beneficiaries = n;
  }

  if (withPaid) {
    const paid = (await grouped(
      inScope(
        db('payment_allocations as o').where('o.period', '>=', from).where('o.period', '<=', to),
        scope,
        false,
      ),
      dims,
    ).select(exactSum(db, 'o.amount', 'paid'))) as Record<string, unknown>[];
    for (const r of paid) groupOf(r).paid = fromDb(r.paid);
  }

  if (withBudget) {
    const firstYear = periodYear(from);
    const lastYear = periodYear(to);
    const budget = (await grouped(
      inScope(
        db('budget_allocations as o').whereBetween('o.fiscal_year', [firstYear, lastYear]),
        scope,
        false,
      ),
      dims,
    ).select(exactSum(db, 'o.amount', 'budget'))) as Record<string, unknown>[];
    for (const r of budget) groupOf(r).budget = fromDb(r.budget);
    const inYears = (await liveTotals(db, yearStart(firstYear), yearEnd(lastYear), dims, scope).select(
      exactSum(db, 'o.billed', 'billed'),
    )) as Record<string, unknown>[];
    for (const r of inYears) groupOf(r).billedInYears = fromDb(r.billed);
  }

  const [everyone] = await distinctWorkers(db, from, to, [], scope);

  const ordered = [...groups.values()].sort((a, b) => compareKeys(dims, a.key, b.key));
  const labels = await labelsFor(db, ordered);
  const figures = (g: Omit<Group, 'key'>): TotalsFigures => ({
    budget: withBudget ? g.budget.toFixed(0) : null,
    billed: g.billed.toFixed(0),
    paid: withPaid ? g.paid.toFixed(0) : null,
    credited: g.credited.toFixed(0),
    outstanding: withPaid ? g.billed.minus(g.paid).toFixed(0) : null,
    remainingBudget: withBudget ? g.budget.minus(g.billedInYears).toFixed(0) : null,
    obligations: g.obligations,
    beneficiaries: g.beneficiaries,
  });
  const sum = (pick: (g: Group) => Decimal) => ordered.reduce((acc, g) => acc.plus(pick(g)), new Decimal(0));
  return {
    from,
    to,
    groupBy: [...dims],
    rows: ordered.map((g) => ({ ...labelled(g.key, labels), ...figures(g) })),
    total: figures({
      billed: sum((g) => g.billed),
      credited: sum((g) => g.credited),
      paid: sum((g) => g.paid),
      budget: sum((g) => g.budget),
      billedInYears: sum((g) => g.billedInYears),
      obligations: ordered.reduce((acc, g) => acc + g.obligations, 0),
      beneficiaries: everyone?.n ?? 0,
    }),
  };
}

function compareKeys(dims: readonly TotalsDimension[], a: Group['key'], b: Group['key']): number {
  for (const d of dims) {
    const x = a[d] ?? '';
    const y = b[d] ?? '';
    const order =
      d === 'program' || d === 'fundingSource' ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
    if (order !== 0) return order;
  }
  return 0;
}

interface Labels {
  programs: Map<string, string>;
  sources: Map<string, string>;
  regions: Map<string, string>;
}

async function labelsFor(db: Conn, groups: Group[]): Promise<Labels> {
  const ids = (d: TotalsDimension) => [...new Set(groups.flatMap((g) => (g.key[d] ? [g.key[d]] : [])))];
  const lookup = async (table: string, column: string, label: string, values: string[]) =>
    values.length === 0
      ? new Map<string, string>()
      : new Map(
          ((await db(table).whereIn(column, values).select(column, label)) as Record<string, unknown>[]).map(
            (r) => [String(r[column]), r[label] as string],
          ),
        );
  return {
    programs: await lookup('programs', 'id', 'code', ids('program')),
    sources: await lookup('funding_sources', 'id', 'code', ids('fundingSource')),
    regions: await lookup('regions', 'code', 'name', ids('region')),
  };
}

function labelled(key: Group['key'], labels: Labels): Omit<TotalsRow, keyof TotalsFigures> {
  return {
    ...(key.program !== undefined
      ? { programId: key.program, programCode: labels.programs.get(key.program) ?? '' }
      : {}),
    ...(key.fundingSource !== undefined
      ? {
          fundingSourceId: key.fundingSource,
          fundingSourceCode: labels.sources.get(key.fundingSource) ?? '',
        }
      : {}),
    ...(key.period !== undefined ? { period: key.period } : {}),
    ...(key.region !== undefined
      ? { regionCode: key.region, regionName: labels.regions.get(key.region) ?? '' }
      : {}),
  };
}
