import { expect } from 'vitest';
import type { TestContext } from './harness.js';

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] =>
  Array.isArray(result) ? (result as Row[]) : ((result as { rows: Row[] }).rows ?? []);

/**
 * The arrears as of `asOf` counted from first principles, obligation by obligation: an account month
 * (programme, source, month) is unpaid when its live obligations sum to more than its payments; a worker's
 * unpaid months in a programme are the distinct months of their live obligations in unpaid account months.
 */
async function fromObligations(t: TestContext, asOf: string, minMonths: number) {
  const unpaid = `
    SELECT b.program_id, b.funding_source_id, b.period FROM (
      SELECT program_id, funding_source_id, period, SUM(amount) AS billed FROM obligations
      WHERE status <> 'cancelled' AND period <= ? GROUP BY program_id, funding_source_id, period
    ) b LEFT JOIN (
      SELECT program_id, funding_source_id, period, SUM(amount) AS paid FROM payment_allocations
      WHERE period <= ? GROUP BY program_id, funding_source_id, period
    ) p ON p.program_id = b.program_id AND p.funding_source_id = b.funding_source_id AND p.period = b.period
    WHERE b.billed > COALESCE(p.paid, 0)`;
  const periods = rowsOf(await t.db.raw(`${unpaid} ORDER BY 1, 2, 3`, [asOf, asOf])).map(
    (r) => `${r.program_id}:${r.funding_source_id}:${r.period}`,
  );
  const workers = rowsOf(
    await t.db.raw(
      `SELECT o.beneficiary_id, o.program_id, COUNT(DISTINCT o.period) AS n, MIN(o.period) AS oldest,
              CAST(SUM(o.amount) AS VARCHAR(40)) AS amount
       FROM obligations o
       JOIN (${unpaid}) u ON u.program_id = o.program_id AND u.funding_source_id = o.funding_source_id
                        AND u.period = o.period
       WHERE o.status <> 'cancelled'
       GROUP BY o.beneficiary_id, o.program_id
       HAVING COUNT(DISTINCT o.period) >= ?
       ORDER BY COUNT(DISTINCT o.period) DESC, o.beneficiary_id, o.program_id`,
      [asOf, asOf, minMonths],
    ),
  ).map((r) => `${r.beneficiary_id}:${r.program_id}:${r.n}:${r.oldest}:${r.amount}`);
  return { periods, workers };
}

interface Report {
  periods: { programId: string; fundingSourceId: string; period: string }[];
  beneficiaries: {
    beneficiaryId: string;
    programId: string;
    unpaidMonths: number;
    oldestUnpaidPeriod: string;
    amount: string;
  }[];
}

async function arrears(t: TestContext, query: string): Promise<Report> {
  const res = await t.as('admin').get(`/api/v1/reports/arrears?${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body as Report;
}

const workersOf = (report: Report) =>
  report.beneficiaries.map(
    (b) => `${b.beneficiaryId}:${b.programId}:${b.unpaidMonths}:${b.oldestUnpaidPeriod}:${b.amount}`,
  );

/**
 * The arrears report of the API, as of `asOf`, equals the arrears counted obligation by obligation: the
 * whole ranking, and its first three workers of two unpaid months or more (the ranking stops early).
 */
export async function expectArrearsMatchObligations(t: TestContext, asOf: string): Promise<void> {
  const report = await arrears(t, `asOf=${asOf}&minMonths=1&limit=10000`);
  const expected = await fromObligations(t, asOf, 1);
  expect(
    report.periods.map((p) => `${p.programId}:${p.fundingSourceId}:${p.period}`),
    `arrears periods as of ${asOf}`,
  ).toEqual(expected.periods);
  expect(workersOf(report), `arrears workers as of ${asOf}`).toEqual(expected.workers);
  const page = await arrears(t, `asOf=${asOf}&minMonths=2&limit=3`);
  expect(workersOf(page), `first arrears of two months or more as of ${asOf}`).toEqual(
    (await fromObligations(t, asOf, 2)).workers.slice(0, 3),
  );
}
