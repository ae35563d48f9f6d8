import type { Conn } from '../../db/knex.js';
import { whereRegionInScope } from '../../db/scope.js';
import { Decimal } from '../../shared/money.js';
import { periodYear, type Period } from '../../shared/period.js';
import type { Scope } from '../../shared/scope.js';
import { enrolledInForce } from '../beneficiaries/index.js';
import { MIN_DECLARED_INCOME, priceWorker, ratesInForce } from '../programs/index.js';

export interface CoverageFigures {
  regionCode: string;
  regionName: string;
  workers: number | null;
  beneficiaries: number;
  rate: string | null;
  targetRate: string | null;
  gap: number | null;
  monthlyCostToTarget: string | null;
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

function figures(
  region: { code: string; name: string },
  beneficiaries: number,
  workforce: Workforce | undefined,
  price: Decimal,
): CoverageFigures {
  if (!workforce) {
    return {
      regionCode: region.code,
      regionName: region.name,
      workers: null,
      beneficiaries,
      rate: null,
      targetRate: null,
      gap: null,
      monthlyCostToTarget: null,
      isDemo: false,
    };
  }
  const { workers, targetRate } = workforce;
  const gap = Decimal.max(0, new Decimal(targetRate).times(workers).ceil().minus(beneficiaries));
  return {
    regionCode: region.code,
    regionName: region.name,
    workers,
    beneficiaries,
    rate: workers === 0 ? null : new Decimal(beneficiaries).dividedBy(workers).toFixed(4),
    targetRate,
    gap: gap.toNumber(),
    monthlyCostToTarget: gap.times(price).toFixed(0),
    isDemo: workforce.isDemo,
  };
}

/**
 * Coverage of each regency and city and of the province in `period`: people enrolled (by their registered
 * region) against the workforce recorded for the period's year, the gap to the target rate, and what
 * closing it would cost a month at the statutory minimum (a worker of no particular sector declaring the
 * lowest income, JKK and JKM at that month's rates). Coverage is about people, so a scope of regions
 * narrows it: only its regions' rows, and a province row that counts the people of the scope against no
 * workforce (the province's workforce is not the scope's).
 */
export async function coverageReport(db: Conn, period: Period, scope?: Scope): Promise<CoverageReport> {
  const price = priceWorker(
    await ratesInForce(db, period),
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
  const byRegion = await coveredByRegion(db, period, scope);
  const all = [...byRegion.values()].reduce((a, b) => a + b, 0);
  return {
    period,
    pricePerWorker: price.toFixed(0),
    rows: regions
      .filter((r) => r.level !== 'province' && inScope.has(r.code))
      .map((r) => figures(r, byRegion.get(r.code) ?? 0, workforce.get(r.code), price)),
    province: figures(province, all, scope?.regionCodes ? undefined : workforce.get(province.code), price),
  };
}
