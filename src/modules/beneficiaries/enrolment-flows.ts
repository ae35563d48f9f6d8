import type { Knex } from 'knex';
import type { Conn } from '../../db/knex.js';
import type { Period } from '../../shared/period.js';

/**
 * `enrolment_flows` (see the migration that made it): enrolments starting and ending per programme,
 * region, sector and month, written by the same transaction as the enrolments they count, so that the
 * enrolments in force in a month are read from a few rows per programme rather than from every enrolment.
 */

type Flow = 'starts' | 'ends';

/** Ids per statement: far below the bound on bound values of either database. */
const IDS_PER_STATEMENT = 10_000;

/**
 * Adds `sign` × each row of `from` (a FROM clause, with its bindings, whose rows have region_code and
 * sector) to the flow of a programme's month.
 */
async function addRows(
  db: Conn,
  column: Flow,
  programId: number,
  period: string,
  from: { sql: string; bindings: number[] },
  sign: 1 | -1,
): Promise<void> {
  const [starts, ends] = column === 'starts' ? ['? * COUNT(*)', '0'] : ['0', '? * COUNT(*)'];
  await db.raw(
    `INSERT INTO enrolment_flows (program_id, region_code, sector, period, starts, ends)
     SELECT CAST(? AS INTEGER), region_code, sector, CAST(? AS VARCHAR(7)), ${starts}, ${ends}
     FROM ${from.sql}
     GROUP BY region_code, sector
     ON CONFLICT (program_id, region_code, sector, period) DO UPDATE SET
       starts = enrolment_flows.starts + excluded.starts,
       ends = enrolment_flows.ends + excluded.ends`,
    [programId, period, sign, ...from.bindings],
  );
}

/**
 * Adds `sign` × each beneficiary to the flow of a programme's month, per the beneficiaries' region and
 * sector (a beneficiary's region and sector never change once registered, so they are read here).
 */
async function addFlow(
  db: Conn,
  column: Flow,
  programId: number,
  period: string,
  beneficiaryIds: number[],
  sign: 1 | -1,
): Promise<void> {
  for (let i = 0; i < beneficiaryIds.length; i += IDS_PER_STATEMENT) {
    const ids = beneficiaryIds.slice(i, i + IDS_PER_STATEMENT);
    const sql = `beneficiaries WHERE id IN (${ids.map(() => '?').join(', ')})`;
    await addRows(db, column, programId, period, { sql, bindings: ids }, sign);
  }
}

/**
 * Enrolments of one programme and span made in bulk, one per row of `from` (a FROM clause whose rows have
 * region_code and sector): each starts in its first month and, when it has one, ends in its last.
 */
export async function addFlowsFrom(
  db: Conn,
  enrolment: { programId: number; startPeriod: string; endPeriod: string | null },
  from: string,
): Promise<void> {
  const { programId, startPeriod, endPeriod } = enrolment;
  await addRows(db, 'starts', programId, startPeriod, { sql: from, bindings: [] }, 1);
  if (endPeriod !== null) await addRows(db, 'ends', programId, endPeriod, { sql: from, bindings: [] }, 1);
}

/** New enrolments: each starts in its first month and, when it has one, ends in its last. */
export async function addEnrolmentFlows(
  db: Conn,
  rows: { beneficiary_id: number; program_id: number; start_period: string; end_period: string | null }[],
): Promise<void> {
  const groups = new Map<string, { column: Flow; programId: number; period: string; ids: number[] }>();
  const add = (column: Flow, programId: number, period: string, id: number) => {
    const key = `${column}|${programId}|${period}`;
    const group = groups.get(key) ?? { column, programId, period, ids: [] };
    group.ids.push(id);
    groups.set(key, group);
  };
  for (const r of rows) {
    add('starts', r.program_id, r.start_period, r.beneficiary_id);
    if (r.end_period !== null) add('ends', r.program_id, r.end_period, r.beneficiary_id);
  }
  for (const g of groups.values()) await addFlow(db, g.column, g.programId, g.period, g.ids, 1);
}

/** An enrolment's last month moves from `before` (null: open-ended) to `after`. */
export async function moveEnrolmentEnd(
  db: Conn,
  enrolment: { beneficiaryId: number; programId: number },
  before: string | null,
  after: string,
): Promise<void> {
  if (before !== null) await addFlow(db, 'ends', enrolment.programId, before, [enrolment.beneficiaryId], -1);
  await addFlow(db, 'ends', enrolment.programId, after, [enrolment.beneficiaryId], 1);
}

/**
 * The enrolments in force in `period`, as a subquery other modules can read: columns program_id,
 * region_code, sector and n. No two enrolments of one person share a month, so `n` is also the number of
 * people enrolled.
 */
export function enrolledInForce(db: Conn, period: Period): Knex.QueryBuilder {
  return db('enrolment_flows as f')
    .where('f.period', '<=', period)
    .groupBy('f.program_id', 'f.region_code', 'f.sector')
    .select('f.program_id', 'f.region_code', 'f.sector')
    .select(db.raw('SUM(f.starts) - SUM(CASE WHEN f.period < ? THEN f.ends ELSE 0 END) AS n', [period]));
}
