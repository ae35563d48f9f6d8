import type { Knex } from 'knex';
import type { Conn } from '../../db/knex.js';
import { Decimal, fromDb } from '../../shared/money.js';
import { periodYear, type Period } from '../../shared/period.js';

export const TOTALS_DIMENSIONS = ['program', 'fundingSource', 'period', 'region'] as const;
export type TotalsDimension = (typeof TOTALS_DIMENSIONS)[number];

/** Each dimension as a column of the obligations (`o`) or, for region, of their beneficiary (`b`). */
const SOURCE_COLUMN: Record<TotalsDimension, string> = {
  program: 'o.program_id',
  fundingSource: 'o.funding_source_id',
  period: 'o.period',
  region: 'b.region_code',
};
const ALIAS: Record<TotalsDimension, string> = {
  program: 'program_id',
  fundingSource: 'funding_source_id',
  period: 'period',
  region: 'region_code',
};

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

function grouped(q: Knex.QueryBuilder, dims: readonly TotalsDimension[]): Knex.QueryBuilder {
  return q
    .select(Object.fromEntries(dims.map((d) => [ALIAS[d], SOURCE_COLUMN[d]])))
    .groupBy(dims.map((d) => SOURCE_COLUMN[d]));
}

function liveObligations(db: Conn, from: Period, to: Period, withRegion: boolean): Knex.QueryBuilder {
  const q = db('obligations as o')
    .where('o.period', '>=', from)
    .where('o.period', '<=', to)
    .whereNot('o.status', 'cancelled');
  if (withRegion) q.join('beneficiaries as b', 'b.id', 'o.beneficiary_id');
  return q;
}

function keyOf(dims: readonly TotalsDimension[], r: Record<string, unknown>) {
  return Object.fromEntries(dims.map((d) => [d, String(r[ALIAS[d]])])) as Group['key'];
}

/**
 * Billed, paid, credited and budget figures per group, each read with one grouped query per table so
 * that a year of millions of obligations is scanned, not loaded: the obligations once for the range
 * (sums and distinct people together), once more only for the whole fiscal years when a budget is shown
 * and the range is not itself whole years, and once for the distinct people of the whole report.
 */
export async function totalsReport(
  db: Conn,
  from: Period,
  to: Period,
  dims: readonly TotalsDimension[],
): Promise<TotalsReport> {
  const withRegion = dims.includes('region');
  const withBudget = !splitsBudget(dims);
  const withPaid = !splitsPayments(dims);
  const groups = new Map<string, Group>();
  const groupOf = (r: Record<string, unknown>): Group => {
    const key = keyOf(dims, r);
    const id = JSON.stringify(dims.map((d) => key[d]));
    let g = groups.get(id);
    if (!g) {
      g = {
        key,
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

  const billed = (await grouped(liveObligations(db, from, to, withRegion), dims)
    .sum({ billed: 'o.amount' })
    .select(db.raw(`SUM(CASE WHEN o.status = 'credited' THEN o.amount ELSE 0 END) AS credited`))
    .count({ obligations: '*' })
    .countDistinct({ beneficiaries: 'o.beneficiary_id' })) as Record<string, unknown>[];
  for (const r of billed) {
    const g = groupOf(r);
    g.billed = fromDb(r.billed);
    g.credited = fromDb(r.credited);
    g.obligations = Number(r.obligations);
    g.beneficiaries = Number(r.beneficiaries);
  }

  if (withPaid) {
    const paid = (await grouped(
      db('payment_allocations as o').where('o.period', '>=', from).where('o.period', '<=', to),
      dims,
    ).sum({ paid: 'o.amount' })) as Record<string, unknown>[];
    for (const r of paid) groupOf(r).paid = fromDb(r.paid);
  }

  if (withBudget) {
    const firstYear = periodYear(from);
    const lastYear = periodYear(to);
    const budget = (await grouped(
      db('budget_allocations as o').whereBetween('o.fiscal_year', [firstYear, lastYear]),
      dims,
    ).sum({ budget: 'o.amount' })) as Record<string, unknown>[];
    for (const r of budget) groupOf(r).budget = fromDb(r.budget);
    const yearFrom = `${firstYear}-01`;
    const yearTo = `${lastYear}-12`;
    if (from === yearFrom && to === yearTo) {
      for (const g of groups.values()) g.billedInYears = g.billed;
    } else {
      const inYears = (await grouped(liveObligations(db, yearFrom, yearTo, false), dims).sum({
        billed: 'o.amount',
      })) as Record<string, unknown>[];
      for (const r of inYears) groupOf(r).billedInYears = fromDb(r.billed);
    }
  }

  const people = (await liveObligations(db, from, to, false)
    .countDistinct({ n: 'o.beneficiary_id' })
    .first()) as Record<string, unknown> | undefined;

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
      beneficiaries: Number(people?.n ?? 0),
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
