import { exactSum, exactText, isPostgres, type Conn } from '../../db/knex.js';
import { Decimal, fromDb, toDb } from '../../shared/money.js';
import { periodYear, type Period } from '../../shared/period.js';

/**
 * The report summaries (migration 13) kept in step with the obligations. Each function runs inside the
 * transaction that changes the obligations, so a summary is never ahead of or behind what it sums:
 * - a posted run adds its per-region totals to `obligation_totals`, sets its month's bit in
 *   `beneficiary_months` for every worker, programme and source it billed, and counts the year's workers
 *   per sets of months again (`worker_set_counts`);
 * - a cancelled run subtracts its totals, clears the bits where no other live obligation keeps them, and
 *   counts again;
 * - single obligations cancelled when an enrolment ends after they were billed do the same for their shares;
 * - a statement that becomes active moves its credited amounts into `obligation_totals.credited`, and the
 *   statement it supersedes moves its own out.
 * Regions are the worker's, copied onto each obligation when it is written (migration 20261204_10); nothing
 * changes a worker's region once registered, and a change would have to move the worker's rows between
 * regions here and in those copies too.
 */

/** Bit of a month in `beneficiary_months.months`: January is bit 0. */
export const monthBit = (period: Period): number => 1 << (Number(period.slice(5, 7)) - 1);

/**
 * A run's obligations per programme, source, region, price and amount (a few rows per sector, share and
 * region for a regular run): one pass over the run's own rows, from which both its totals per region and
 * its split over benefits are taken.
 */
export interface RunGroup {
  programId: number;
  fundingSourceId: number;
  regionCode: string;
  priceId: number;
  amount: Decimal;
  count: number;
}

export async function runGroups(trx: Conn, runId: number): Promise<RunGroup[]> {
  const rows = (await trx('obligations')
    .where({ run_id: runId })
    .groupBy('program_id', 'funding_source_id', 'region_code', 'price_id', 'amount')
    .select('program_id', 'funding_source_id', 'region_code', 'price_id', 'amount')
    .count({ n: '*' })) as Record<string, unknown>[];
  return rows.map((r) => ({
    programId: Number(r.program_id),
    fundingSourceId: Number(r.funding_source_id),
    regionCode: r.region_code as string,
    priceId: Number(r.price_id),
    amount: fromDb(r.amount),
    count: Number(r.n),
  }));
}

/** The run's obligations per programme, source and region (`billing_run_totals`), written once with the run. */
export async function recordRunTotals(trx: Conn, runId: number, groups: RunGroup[]): Promise<void> {
  const totals = new Map<string, { group: RunGroup; count: number; amount: Decimal }>();
  for (const g of groups) {
    const key = `${g.programId} ${g.fundingSourceId} ${g.regionCode}`;
    const total = totals.get(key) ?? { group: g, count: 0, amount: new Decimal(0) };
    total.count += g.count;
    total.amount = total.amount.plus(g.amount.times(g.count));
    totals.set(key, total);
  }
  const rows = [...totals.values()].map((t) => ({
    run_id: runId,
    program_id: t.group.programId,
    funding_source_id: t.group.fundingSourceId,
    region_code: t.group.regionCode,
    obligations: t.count,
    amount: toDb(t.amount),
  }));
  for (let i = 0; i < rows.length; i += 400) await trx('billing_run_totals').insert(rows.slice(i, i + 400));
}

/**
 * Adds (sign 1) or removes (sign -1) a run's totals to the live totals of its month. The upsert's
 * SELECT keeps a WHERE clause: SQLite needs one to tell the upsert's ON from a join's.
 */
async function applyRunTotals(trx: Conn, runId: number, period: Period, sign: 1 | -1): Promise<void> {
  await trx.raw(
    `INSERT INTO obligation_totals (program_id, funding_source_id, period, region_code, obligations, billed, credited)
     SELECT program_id, funding_source_id, CAST(? AS VARCHAR(7)), region_code, ? * obligations, ? * amount, 0
     FROM billing_run_totals WHERE run_id = ?
     ON CONFLICT (program_id, funding_source_id, period, region_code) DO UPDATE SET
       obligations = obligation_totals.obligations + excluded.obligations,
       billed = obligation_totals.billed + excluded.billed`,
    [period, sign, sign, runId],
  );
}

/**
 * Sets a month's bit in `beneficiary_months` for every worker, programme and source of a run, adding the
 * rows a worker's first month of the year needs. SQLite does it in one upsert (a worker billed twice for
 * a share in one run, a rebill beside the regular obligation, merely sets the bit again). PostgreSQL
 * refuses to upsert a row twice in one statement, and its upsert is a speculative insert per row: an
 * UPDATE … FROM joined by hash (the run's statistics are fresh, see the run), then an INSERT of the rows
 * still missing, takes 2.3 s where the upsert took 3.9 s at 540,000 workers (docs/performance.md).
 */
async function markMonth(trx: Conn, runId: number, bit: number): Promise<void> {
  const add = (
    distinct: string,
  ) => `INSERT INTO beneficiary_months (fiscal_year, program_id, funding_source_id, beneficiary_id, region_code, months)
     SELECT ${distinct} o.fiscal_year, o.program_id, o.funding_source_id, o.beneficiary_id, o.region_code, CAST(? AS INTEGER)
     FROM obligations o
     WHERE o.run_id = ?`;
  if (!isPostgres(trx)) {
    await trx.raw(
      `${add('')}
       ON CONFLICT (fiscal_year, program_id, funding_source_id, beneficiary_id) DO UPDATE SET
         months = beneficiary_months.months | excluded.months`,
      [bit, runId],
    );
    return;
  }
  await trx.raw(
    `UPDATE beneficiary_months bm SET months = bm.months | ?
     FROM obligations o
     WHERE o.run_id = ? AND bm.fiscal_year = o.fiscal_year AND bm.program_id = o.program_id
       AND bm.funding_source_id = o.funding_source_id AND bm.beneficiary_id = o.beneficiary_id`,
    [bit, runId],
  );
  await trx.raw(
    `${add('DISTINCT')}
       AND NOT EXISTS (SELECT 1 FROM beneficiary_months bm
                       WHERE bm.fiscal_year = o.fiscal_year AND bm.program_id = o.program_id
                         AND bm.funding_source_id = o.funding_source_id AND bm.beneficiary_id = o.beneficiary_id)`,
    [bit, runId],
  );
}

/** A posted run: its totals join the month's, and its workers are present in that month. */
export async function addRun(trx: Conn, runId: number, period: Period): Promise<void> {
  await applyRunTotals(trx, runId, period, 1);
  await markMonth(trx, runId, monthBit(period));
  await countSets(trx, periodYear(period));
}

/**
 * A cancelled run (its obligations already marked `cancelled`): its totals leave the month's, and each of
 * its workers leaves the month unless another live obligation of the same programme and source keeps them.
 */
export async function removeRun(trx: Conn, runId: number, period: Period): Promise<void> {
  await applyRunTotals(trx, runId, period, -1);
  const bit = monthBit(period);
  await trx.raw(
    `UPDATE beneficiary_months SET months = months & ?
     WHERE fiscal_year = ?
       AND (program_id, funding_source_id, beneficiary_id) IN
           (SELECT program_id, funding_source_id, beneficiary_id FROM obligations WHERE run_id = ?)
       AND (program_id, funding_source_id, beneficiary_id) NOT IN
           (SELECT program_id, funding_source_id, beneficiary_id FROM obligations
            WHERE period = ? AND status <> 'cancelled')`,
    [~bit, periodYear(period), runId, period],
  );
  await countSets(trx, periodYear(period));
}

/**
 * Single obligations of one worker and programme cancelled (already marked `cancelled`, every share of each
 * month they were in): their totals leave their months', and the worker leaves those months of the
 * programme and source.
 */
export async function removeShares(
  trx: Conn,
  beneficiaryId: number,
  programId: number,
  shares: readonly { period: Period; fundingSourceId: number; fiscalYear: number; amount: Decimal }[],
): Promise<void> {
  const { region_code: region } = (await trx('beneficiaries')
    .where({ id: beneficiaryId })
    .first('region_code')) as { region_code: string };
  for (const s of shares) {
    await trx('obligation_totals')
      .where({
        program_id: programId,
        funding_source_id: s.fundingSourceId,
        period: s.period,
        region_code: region,
      })
      .update({
        obligations: trx.raw('obligations - 1'),
        billed: trx.raw('billed - CAST(? AS BIGINT)', [toDb(s.amount)]),
      });
  }
  const years = [...new Set(shares.map((x) => x.fiscalYear))];
  await recountWorker(trx, beneficiaryId, years, async () => {
    for (const s of new Map(shares.map((x) => [`${x.fundingSourceId} ${x.period}`, x])).values()) {
      await trx('beneficiary_months')
        .where({
          fiscal_year: s.fiscalYear,
          program_id: programId,
          funding_source_id: s.fundingSourceId,
          beneficiary_id: beneficiaryId,
        })
        .update({ months: trx.raw('months & ?', [~monthBit(s.period)]) });
    }
  });
}

/**
 * Each worker's sets of months of a year, from the rows of `beneficiary_months` that `where` keeps, as the
 * key of `worker_set_counts`: `programme/source/months` per programme and source with any month, in that
 * order, joined by spaces. A worker none of whose sets holds a month has no key, and is counted nowhere.
 */
function setsOfWorkers(trx: Conn, where: string): string {
  const aggregate = isPostgres(trx) ? 'string_agg' : 'group_concat';
  return `SELECT fiscal_year, beneficiary_id, region_code,
            ${aggregate}(program_id || '/' || funding_source_id || '/' || months, ' ' ORDER BY program_id, funding_source_id) AS sets
          FROM beneficiary_months WHERE ${where} AND months <> 0
          GROUP BY fiscal_year, beneficiary_id, region_code`;
}

/**
 * Moves one worker in `worker_set_counts` from the sets of months it had before `change` to those it has
 * after: a worker's change is a few rows, where counting the year anew would read every worker's.
 */
async function recountWorker(
  trx: Conn,
  beneficiaryId: number,
  years: number[],
  change: () => Promise<void>,
): Promise<void> {
  const where = `beneficiary_id = ? AND fiscal_year IN (${years.map(() => '?').join(', ')})`;
  const setsNow = async () =>
    (await trx
      .select('*')
      .from(trx.raw(`(${setsOfWorkers(trx, where)}) w`, [beneficiaryId, ...years]))) as Record<
      string,
      unknown
    >[];
  const before = await setsNow();
  await change();
  const after = await setsNow();
  const moves = [...before.map((r) => ({ r, by: -1 })), ...after.map((r) => ({ r, by: 1 }))];
  if (moves.length === 0) return;
  await trx.raw(
    `INSERT INTO worker_set_counts (fiscal_year, region_code, sets, workers)
     VALUES ${moves.map(() => '(?, ?, ?, ?)').join(', ')}
     ON CONFLICT (fiscal_year, region_code, sets) DO UPDATE SET
       workers = worker_set_counts.workers + excluded.workers`,
    moves.flatMap(({ r, by }) => [Number(r.fiscal_year), r.region_code as string, r.sets as string, by]),
  );
}

/**
 * Counts again, for one fiscal year, how many workers of each region share the same sets of months
 * (`worker_set_counts`). A run changes the months of most workers of its year at once, so counting the year
 * anew (one pass over its rows) costs no more than following each worker's change, and cannot drift.
 */
async function countSets(trx: Conn, fiscalYear: number): Promise<void> {
  await trx('worker_set_counts').where('fiscal_year', fiscalYear).delete();
  await trx.raw(
    `INSERT INTO worker_set_counts (fiscal_year, region_code, sets, workers)
     SELECT fiscal_year, region_code, sets, COUNT(*) FROM (${setsOfWorkers(trx, 'fiscal_year = ?')}) w
     GROUP BY fiscal_year, region_code, sets`,
    [fiscalYear],
  );
}

/** One sum of a statement's credited obligations: per programme, source, month, fiscal year and region. */
export interface CreditSum {
  programId: number;
  fundingSourceId: number;
  period: Period;
  fiscalYear: number;
  regionCode: string;
  amount: Decimal;
}

/**
 * Records what a statement credits, summed per programme, source, month and region, once with the
 * statement (`statement_credit_totals`, never changed): for the credited summary, its journal entry, the
 * statement that later supersedes it and ledger/verify. Answers the sums.
 */
export async function recordCreditSums(trx: Conn, statementId: number): Promise<CreditSum[]> {
  await trx.raw(
    `INSERT INTO statement_credit_totals
       (statement_id, program_id, funding_source_id, period, fiscal_year, region_code, amount)
     SELECT c.statement_id, o.program_id, o.funding_source_id, o.period, o.fiscal_year, o.region_code, SUM(o.amount)
     FROM statement_credits c
     JOIN obligations o ON o.id = c.obligation_id
     WHERE c.statement_id = ?
     GROUP BY c.statement_id, o.program_id, o.funding_source_id, o.period, o.fiscal_year, o.region_code`,
    [statementId],
  );
  return creditSums(trx, statementId);
}

/** What a statement credits, as recorded with it. */
export async function creditSums(trx: Conn, statementId: number): Promise<CreditSum[]> {
  const rows = (await trx('statement_credit_totals')
    .where('statement_id', statementId)
    .orderBy(['program_id', 'funding_source_id', 'period', 'region_code'])
    .select('program_id', 'funding_source_id', 'period', 'fiscal_year', 'region_code')
    .select(trx.raw(`${exactText(trx, 'amount')} AS amount`))) as Record<string, unknown>[];
  return rows.map((r) => ({
    programId: Number(r.program_id),
    fundingSourceId: Number(r.funding_source_id),
    period: r.period as Period,
    fiscalYear: Number(r.fiscal_year),
    regionCode: r.region_code as string,
    amount: fromDb(r.amount),
  }));
}

/** Moves a statement's credit sums into (sign 1, it becomes active) or out of (-1, superseded) the summary. */
export async function applyCredit(trx: Conn, sums: CreditSum[], sign: 1 | -1): Promise<void> {
  if (sums.length === 0) return;
  await trx.raw(
    `INSERT INTO obligation_totals (program_id, funding_source_id, period, region_code, obligations, billed, credited)
     VALUES ${sums.map(() => '(?, ?, ?, ?, 0, 0, ?)').join(', ')}
     ON CONFLICT (program_id, funding_source_id, period, region_code) DO UPDATE SET
       credited = obligation_totals.credited + excluded.credited`,
    sums.flatMap((s) => [s.programId, s.fundingSourceId, s.period, s.regionCode, toDb(s.amount.times(sign))]),
  );
}

export interface SummaryYearTotal {
  programId: number;
  fundingSourceId: number;
  fiscalYear: number;
  billed: Decimal;
  credited: Decimal;
}

/** `obligation_totals` rolled up per programme, source and fiscal year: what ledger/verify holds against the obligations. */
export async function summaryYearTotals(db: Conn): Promise<SummaryYearTotal[]> {
  const rows = (await db('obligation_totals')
    .groupBy('program_id', 'funding_source_id', db.raw('SUBSTR(period, 1, 4)'))
    .select('program_id', 'funding_source_id', db.raw('SUBSTR(period, 1, 4) AS fiscal_year'))
    .select(exactSum(db, 'billed', 'billed'), exactSum(db, 'credited', 'credited'))) as Record<
    string,
    unknown
  >[];
  return rows.map((r) => ({
    programId: Number(r.program_id),
    fundingSourceId: Number(r.funding_source_id),
    fiscalYear: Number(r.fiscal_year),
    billed: fromDb(r.billed),
    credited: fromDb(r.credited),
  }));
}
