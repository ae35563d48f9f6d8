import { exactText, type Conn } from '../../db/knex.js';
import { regionInScopeSql, sourceInScopeSql } from '../../db/scope.js';
import { fromDb } from '../../shared/money.js';
import { maskNik } from '../../shared/nik.js';
import type { Period } from '../../shared/period.js';
import type { Scope } from '../../shared/scope.js';

/**
 * Months billed up to `asOf` whose (programme, funding source, month) is not fully paid. BPJS bills a
 * collective account, so a worker's month counts as unpaid when that account month is not fully paid.
 */
const UNPAID_MONTHS = `
  WITH billed AS (
    SELECT program_id, funding_source_id, period, SUM(amount) AS billed
    FROM obligations WHERE status <> 'cancelled' AND period <= ? AND {sources}
    GROUP BY program_id, funding_source_id, period
  ), paid AS (
    SELECT program_id, funding_source_id, period, SUM(amount) AS paid
    FROM payment_allocations WHERE period <= ? AND {sources}
    GROUP BY program_id, funding_source_id, period
  )
  SELECT b.program_id, b.funding_source_id, b.period, b.billed, COALESCE(p.paid, 0) AS paid
  FROM billed b
  LEFT JOIN paid p ON p.program_id = b.program_id AND p.funding_source_id = b.funding_source_id AND p.period = b.period
  WHERE b.billed > COALESCE(p.paid, 0)`;

/**
 * Within a scope: the accounts of its funding sources and, for a scope of regions, the account months in
 * which a worker of its regions is billed (an account month is paid as a whole, so its figures stay whole)
 * and only the workers of its regions.
 */
export async function arrearsReport(
  db: Conn,
  asOf: Period,
  options: { minMonths: number; limit: number; maskNiks: boolean; scope?: Scope | undefined },
) {
  const sources = sourceInScopeSql('funding_source_id', options.scope);
  const unpaid = UNPAID_MONTHS.replaceAll('{sources}', sources.sql);
  const unpaidBindings = [asOf, ...sources.bindings, asOf, ...sources.bindings];
  const regions = regionInScopeSql('b.region_code', options.scope);
  const months = (await db.raw(
    `SELECT u.program_id, u.funding_source_id, u.period, ${exactText(db, 'u.billed')} AS billed,
            ${exactText(db, 'u.paid')} AS paid, pr.code AS program_code, fs.code AS source_code
      FROM (${unpaid}) u
      JOIN programs pr ON pr.id = u.program_id JOIN funding_sources fs ON fs.id = u.funding_source_id
      WHERE ${
        options.scope?.regionCodes
          ? `EXISTS (SELECT 1 FROM obligations o JOIN beneficiaries b ON b.id = o.beneficiary_id
               WHERE o.program_id = u.program_id AND o.funding_source_id = u.funding_source_id
                 AND o.period = u.period AND o.status <> 'cancelled' AND ${regions.sql})`
          : '1 = 1'
      }
      ORDER BY u.program_id, u.funding_source_id, u.period`,
    [...unpaidBindings, ...(options.scope?.regionCodes ? regions.bindings : [])],
  )) as unknown;
  const periods = rowsOf(months).map((r) => {
    const billed = fromDb(r.billed);
    const paid = fromDb(r.paid);
    return {
      programId: String(r.program_id),
      programCode: r.program_code as string,
      fundingSourceId: String(r.funding_source_id),
      fundingSourceCode: r.source_code as string,
      period: r.period as string,
      billed: billed.toFixed(0),
      paid: paid.toFixed(0),
      outstanding: billed.minus(paid).toFixed(0),
    };
  });
  const workers = (await db.raw(
    `SELECT o.beneficiary_id, o.program_id, b.nik, b.name, b.region_code,
            COUNT(DISTINCT o.period) AS unpaid_months, MIN(o.period) AS oldest,
            ${exactText(db, 'SUM(o.amount)')} AS amount
     FROM obligations o
     JOIN (${unpaid}) u ON u.program_id = o.program_id AND u.funding_source_id = o.funding_source_id AND u.period = o.period
     JOIN beneficiaries b ON b.id = o.beneficiary_id
     WHERE o.status <> 'cancelled' AND ${regions.sql}
     GROUP BY o.beneficiary_id, o.program_id, b.nik, b.name, b.region_code
     HAVING COUNT(DISTINCT o.period) >= ?
     ORDER BY COUNT(DISTINCT o.period) DESC, o.beneficiary_id
     LIMIT ?`,
    [...unpaidBindings, ...regions.bindings, options.minMonths, options.limit],
  )) as unknown;
  return {
    asOf,
    periods,
    beneficiaries: rowsOf(workers).map((r) => ({
      beneficiaryId: String(r.beneficiary_id),
      programId: String(r.program_id),
      nik: options.maskNiks ? maskNik(r.nik as string) : (r.nik as string),
      name: r.name as string,
      regionCode: r.region_code as string,
      unpaidMonths: Number(r.unpaid_months),
      oldestUnpaidPeriod: r.oldest as string,
      amount: fromDb(r.amount).toFixed(0),
      deactivationRisk: Number(r.unpaid_months) >= 3,
    })),
  };
}

/** knex.raw answers with an array on SQLite and `{ rows }` on PostgreSQL. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  return ((result as { rows?: Record<string, unknown>[] }).rows ?? []) as Record<string, unknown>[];
}
