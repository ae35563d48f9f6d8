import type { Conn } from '../../db/knex.js';
import { whereRegionInScope } from '../../db/scope.js';
import { Decimal } from '../../shared/money.js';
import { periodYear, type Period } from '../../shared/period.js';
import type { Scope } from '../../shared/scope.js';
import { enrolledInForce } from '../beneficiaries/index.js';
import { MIN_DECLARED_INCOME, priceWorker, standingRates } from '../programs/index.js';

export interface CoverageFigures {
  regionCode: string;
  regionName: string;
  workers: number | null;
  beneficiaries: number;
  rate: string | null;
  targetRate: string | null;
  gap: number | null;
  insured: number | null;
  coverage: string | null;
  gapWorkers: number | null;
  monthlyCostToTarget: string | null;
  yearlyCostToTarget: string | null;
  isDemo: boolean;
}

export interface CoverageReport {
  period: Period;
  pricePerWorker: string;
  rows: CoverageFigures[];
  province: CoverageFigures;
}

interface Workforce {
  workers: number;
  targetRate: string;
  isDemo: boolean;
}

interface InsuredCount {
  insured: number;
  isDemo: boolean;
}

/**
 * People covered in `period` by any programme, per region within the scope. No two enrolments of one person
 * share a month, so the enrolments in force are the people: one person is never counted twice.
 */
async function coveredByRegion(
  db: Conn,
  period: Period,
  scope: Scope | undefined,
): Promise<Map<string, number>> {
  const rows = (await whereRegionInScope(db.from(enrolledInForce(db, period).as('a')), 'a.region_code', scope)
    .groupBy('a.region_code')
    .select('a.region_code')
    .sum({ n: 'a.n' })) as Record<string, unknown>[];
  return new Map(rows.map((r) => [r.region_code as string, Number(r.n)]));
}

const ratio = (part: number, whole: number) =>
  whole === 0 ? null : new Decimal(part).dividedBy(whole).toFixed(4);

/**
 * One region's figures. The gap to the target counts from the insurer's count of every active member when
 * there is one (as the province counts coverage), else from the people the budgets pay for; either way it is
 * priced at the standing rate, since the target is a lasting commitment, not a month under a relief.
 */
function figures(
  region: { code: string; name: string },
  beneficiaries: number,
  workforce: Workforce | undefined,
  count: InsuredCount | undefined,
  price: Decimal,
): CoverageFigures {
  const insured = count?.insured ?? null;
  const base = {
    regionCode: region.code,
    regionName: region.name,
    beneficiaries,
    insured,
    isDemo: Boolean(workforce?.isDemo || count?.isDemo),
  };
  if (!workforce) {
    return {
      ...base,
      workers: null,
      rate: null,
      targetRate: null,
      gap: null,
      coverage: null,
      gapWorkers: null,
      monthlyCostToTarget: null,
      yearlyCostToTarget: null,
    };
  }
  const { workers, targetRate } = workforce;
  const target = new Decimal(targetRate).times(workers).ceil();
  const gap = Decimal.max(0, target.minus(beneficiaries));
  const gapWorkers = insured === null ? null : Decimal.max(0, target.minus(insured));
  const monthly = (gapWorkers ?? gap).times(price);
  return {
    ...base,
    workers,
    rate: ratio(beneficiaries, workers),
    targetRate,
    gap: gap.toNumber(),
    coverage: insured === null ? null : ratio(insured, workers),
    gapWorkers: gapWorkers === null ? null : gapWorkers.toNumber(),
    monthlyCostToTarget: monthly.toFixed(0),
    yearlyCostToTarget: monthly.times(12).toFixed(0),
  };
}

/**
 * Coverage of each regency and city and of the province in `period`: people enrolled (by their registered
 * region) and the insurer's count of insured members against the workforce recorded for the period's year,
 * the gap to the target rate, and what closing it would cost a month and a year at the statutory minimum (a
 * worker of no particular sector declaring the lowest income, JKK and JKM at the standing rates). Coverage
 * is about people, so a scope of regions narrows it: only its regions' rows, and a province row that counts
 * the people of the scope against no workforce and no insured count (the province's are not the scope's).
 */
export async function coverageReport(db: Conn, period: Period, scope?: Scope): Promise<CoverageReport> {
  const price = priceWorker(
    await standingRates(db, period),
    { benefits: ['JKK', 'JKM'], declaredIncome: MIN_DECLARED_INCOME.toFixed(0) },
    'other',
    period,
  ).total;
  const regions = (await db('regions')
    .whereIn('level', ['province', 'regency', 'city'])
    .orderBy('code')
    .select('code', 'name', 'level')) as { code: string; name: string; level: string }[];
  const inScope = new Set(
    (await whereRegionInScope(db('regions').select('code'), 'code', scope)).map((r) => r.code as string),
  );
  const province = regions.find((r) => r.level === 'province');
  if (!province) throw new Error('the reference data has no province region');
  const workforce = new Map(
    ((await db('workforce').where('year', periodYear(period))) as Record<string, unknown>[]).map((w) => [
      w.region_code as string,
      { workers: Number(w.workers), targetRate: w.target_rate as string, isDemo: Boolean(w.is_demo) },
    ]),
  );
  const insured = new Map(
    ((await db('insured_counts').where('period', period)) as Record<string, unknown>[]).map((c) => [
      c.region_code as string,
      { insured: Number(c.insured), isDemo: Boolean(c.is_demo) },
    ]),
  );
  const byRegion = await coveredByRegion(db, period, scope);
  const all = [...byRegion.values()].reduce((a, b) => a + b, 0);
  return {
    period,
    pricePerWorker: price.toFixed(0),
    rows: regions
      .filter((r) => r.level !== 'province' && inScope.has(r.code))
      .map((r) => figures(r, byRegion.get(r.code) ?? 0, workforce.get(r.code), insured.get(r.code), price)),
    province: figures(
      province,
      all,
      scope?.regionCodes ? undefined : workforce.get(province.code),
      scope?.regionCodes ? undefined : insured.get(province.code),
      price,
    ),
  };
}
