import { expect } from 'vitest';
import { monthlyReport } from '../../src/modules/reports/index.js';
import type { Period } from '../../src/shared/period.js';
import type { TestContext } from './harness.js';

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] =>
  Array.isArray(result) ? (result as Row[]) : ((result as { rows: Row[] }).rows ?? []);

/**
 * Each funding source's monthly statement of `period` holds, per programme, the workers, billed and
 * credited amounts counted obligation by obligation: live obligations of the source and month, credited
 * when the statement in force for their programme and month credits them.
 */
export async function expectStatementsMatchObligations(t: TestContext, period: string): Promise<void> {
  const expected = rowsOf(
    await t.db.raw(
      `SELECT o.funding_source_id, o.program_id, COUNT(DISTINCT o.beneficiary_id) AS workers,
              CAST(SUM(o.amount) AS VARCHAR(40)) AS billed,
              CAST(SUM(CASE WHEN c.obligation_id IS NULL THEN 0 ELSE o.amount END) AS VARCHAR(40)) AS credited
       FROM obligations o
       LEFT JOIN (
         SELECT sc.obligation_id FROM statement_credits sc
         JOIN statements s ON s.id = sc.statement_id
         WHERE NOT EXISTS (SELECT 1 FROM statements later WHERE later.supersedes_id = s.id)
       ) c ON c.obligation_id = o.id
       WHERE o.period = ? AND o.status <> 'cancelled'
       GROUP BY o.funding_source_id, o.program_id`,
      [period],
    ),
  );
  const sources = [...new Set(expected.map((r) => Number(r.funding_source_id)))];
  for (const source of sources) {
    const report = await monthlyReport(t.db, source, period as Period);
    const lines = report!.lines
      .filter((l) => !l.billed.isZero() || l.workers > 0)
      .map((l) => `${l.programId}:${l.workers}:${l.billed.toFixed(0)}:${l.credited.toFixed(0)}`)
      .sort();
    const rows = expected
      .filter((r) => Number(r.funding_source_id) === source)
      .map((r) => `${r.program_id}:${r.workers}:${r.billed}:${r.credited}`)
      .sort();
    expect(lines, `monthly statement of source ${source}, ${period}`).toEqual(rows);
    const [everyone] = rowsOf(
      await t.db.raw(
        `SELECT COUNT(DISTINCT beneficiary_id) AS n FROM obligations
         WHERE funding_source_id = ? AND period = ? AND status <> 'cancelled'`,
        [source, period],
      ),
    );
    expect(report!.totals.workers, `workers of source ${source}, ${period}`).toBe(Number(everyone!.n));
  }
}
