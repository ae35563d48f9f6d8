import type { Knex } from 'knex';
import { exactSum, type Conn } from '../../db/knex.js';
import { fromDb, type Decimal } from '../../shared/money.js';
import type { Period } from '../../shared/period.js';
import { activeEnrolments, beneficiarySectors } from '../beneficiaries/index.js';

/**
 * The SQL that writes obligations, prices and rebills; runs are in runs.repository.ts, the reads other
 * modules use in billing.reads.ts, the report summaries in summaries.repository.ts. Every bulk step is one
 * set-based statement.
 */

export interface SourceTotal {
  programId: number;
  fundingSourceId: number;
  count: number;
  amount: Decimal;
}

export interface PriceRow {
  run_id: number;
  program_id: number;
  sector: string;
  funding_source_id: number;
  amount: string;
  worker_total: string;
  rate_ids: string;
}

export async function insertPrices(trx: Conn, rows: PriceRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) await trx('billing_prices').insert(rows.slice(i, i + 400));
}

/**
 * Enrolments in force whose share of this period is not yet billed, priced with the run's prices. The
 * per-row "already billed?" probe is skipped when the period has no live obligation of these programmes
 * at all, which is the case for every first run of a month.
 */
async function missingShares(
  trx: Conn,
  runId: number,
  period: Period,
  programIds: number[],
): Promise<{ query: Knex.QueryBuilder }> {
  const query = trx
    .from(activeEnrolments(trx, period, programIds).as('a'))
    .join('billing_prices as p', (j) => {
      j.on('p.program_id', 'a.program_id').andOn('p.sector', 'a.sector').andOnVal('p.run_id', runId);
    });
  const anyBilled = await trx('obligations')
    .where('period', period)
    .whereIn('program_id', programIds)
    .first('id');
  // Wrapped: a query builder is thenable, so returning it bare from an async function would run it.
  if (!anyBilled) return { query };
  return {
    query: query.whereNotExists(
      trx('obligations as o')
        .select(trx.raw('1'))
        .whereRaw('o.beneficiary_id = a.beneficiary_id')
        .whereRaw('o.program_id = a.program_id')
        .whereRaw('o.funding_source_id = p.funding_source_id')
        .where('o.period', period)
        // Literals, not bindings: SQLite uses the partial unique index only when it can see the query
        // implies the index's WHERE clause; with a bound value it falls back to a far worse index.
        .whereRaw(`o.kind = 'regular'`)
        .whereRaw(`o.status <> 'cancelled'`),
    ),
  };
}

function toTotals(rows: Record<string, unknown>[]): SourceTotal[] {
  return rows.map((r) => ({
    programId: Number(r.program_id),
    fundingSourceId: Number(r.funding_source_id),
    count: Number(r.n),
    amount: fromDb(r.total),
  }));
}

const OBLIGATION_COLUMNS =
  '(run_id, beneficiary_id, enrolment_id, program_id, funding_source_id, period, fiscal_year, amount, price_id, kind, status, region_code)';

/** Runs `INSERT INTO obligations … SELECT`, written once for both engines (`?` bindings, casts for PostgreSQL). */
export interface RunStamp {
  runId: number;
  period: Period;
  fiscalYear: number;
}

interface SourceColumns {
  beneficiary: string;
  enrolment: string | null;
  program: string;
  source: string;
  amount: string;
  /** The worker's region, copied onto the obligation. */
  region: string;
}

async function insertObligations(
  trx: Conn,
  from: Knex.QueryBuilder,
  run: RunStamp,
  kind: 'regular' | 'adjustment' | 'rebill',
  c: SourceColumns,
): Promise<void> {
  const { sql, bindings } = from
    .select(
      trx.raw('CAST(? AS INTEGER)', [run.runId]),
      c.beneficiary,
      c.enrolment ?? trx.raw('CAST(NULL AS INTEGER)'),
      c.program,
      c.source,
      trx.raw('CAST(? AS VARCHAR(7))', [run.period]),
      trx.raw('CAST(? AS INTEGER)', [run.fiscalYear]),
      trx.raw(c.amount),
      'p.id',
      trx.raw('CAST(? AS VARCHAR(16))', [kind]),
      trx.raw(`'billed'`),
      c.region,
    )
    .toSQL();
  await trx.raw(`INSERT INTO obligations ${OBLIGATION_COLUMNS} ${sql}`, bindings as Knex.RawBinding[]);
}

export async function insertMissingObligations(
  trx: Conn,
  run: RunStamp,
  programIds: number[],
): Promise<void> {
  await insertObligations(
    trx,
    (await missingShares(trx, run.runId, run.period, programIds)).query,
    run,
    'regular',
    {
      beneficiary: 'a.beneficiary_id',
      enrolment: 'a.enrolment_id',
      program: 'a.program_id',
      source: 'p.funding_source_id',
      amount: 'p.amount',
      region: 'a.region_code',
    },
  );
}

/**
 * Per beneficiary, programme and share of `period`: what is billed now (regular plus adjustments, not
 * cancelled) against what the run's prices say, where the two differ.
 */
function repricedShares(trx: Conn, runId: number, period: Period, programIds: number[]): Knex.QueryBuilder {
  const current = trx('obligations as o')
    .where('o.period', period)
    .whereIn('o.program_id', programIds)
    .whereNot('o.status', 'cancelled')
    .groupBy('o.beneficiary_id', 'o.program_id', 'o.funding_source_id')
    .select('o.beneficiary_id', 'o.program_id', 'o.funding_source_id')
    .min({ enrolment_id: 'o.enrolment_id' })
    .sum({ billed: 'o.amount' });
  return trx
    .from(current.as('x'))
    .join(beneficiarySectors(trx).as('s'), 's.beneficiary_id', 'x.beneficiary_id')
    .join('billing_prices as p', (j) => {
      j.on('p.program_id', 'x.program_id')
        .andOn('p.sector', 's.sector')
        .andOn('p.funding_source_id', 'x.funding_source_id')
        .andOnVal('p.run_id', runId);
    })
    .whereRaw('p.amount <> x.billed');
}

export async function insertAdjustments(trx: Conn, run: RunStamp, programIds: number[]): Promise<void> {
  await insertObligations(trx, repricedShares(trx, run.runId, run.period, programIds), run, 'adjustment', {
    beneficiary: 'x.beneficiary_id',
    enrolment: 'x.enrolment_id',
    program: 'x.program_id',
    source: 'x.funding_source_id',
    amount: 'p.amount - x.billed',
    region: 's.region_code',
  });
}

/** Totals of one run's obligations per programme and source, from what the run recorded when written. */
export async function runTotals(db: Conn, runId: number): Promise<SourceTotal[]> {
  const rows = await db('billing_run_totals')
    .where({ run_id: runId })
    .groupBy('program_id', 'funding_source_id')
    .select('program_id', 'funding_source_id', exactSum(db, 'amount', 'total'))
    .sum({ n: 'obligations' })
    .orderBy(['program_id', 'funding_source_id']);
  return toTotals(rows as Record<string, unknown>[]);
}

export async function insertRebillRequest(
  db: Conn,
  row: { exception_id: number; beneficiary_id: number; program_id: number; period: Period },
): Promise<void> {
  await db('rebill_requests').insert(row);
}

/** Workers a resolved exception marked for rebilling, not yet billed again, priced with the run's prices. */
function pendingRebills(trx: Conn, runId: number, programIds: number[]): Knex.QueryBuilder {
  return trx('rebill_requests as q')
    .join(beneficiarySectors(trx).as('s'), 's.beneficiary_id', 'q.beneficiary_id')
    .join('billing_prices as p', (j) => {
      j.on('p.program_id', 'q.program_id').andOn('p.sector', 's.sector').andOnVal('p.run_id', runId);
    })
    .whereIn('q.program_id', programIds)
    .whereNull('q.billed_in_run_id');
}

/** Bills each marked worker once more in this run (kind `rebill`) and records that the request is served. */
export async function insertRebills(trx: Conn, run: RunStamp, programIds: number[]): Promise<void> {
  await insertObligations(trx, pendingRebills(trx, run.runId, programIds), run, 'rebill', {
    beneficiary: 'q.beneficiary_id',
    enrolment: null,
    program: 'q.program_id',
    source: 'p.funding_source_id',
    amount: 'p.amount',
    region: 's.region_code',
  });
  await trx('rebill_requests')
    .whereIn('program_id', programIds)
    .whereNull('billed_in_run_id')
    .update({ billed_in_run_id: run.runId });
}

/** A cancelled run no longer served the rebills it billed: they wait for the next run again. */
export async function releaseRebills(trx: Conn, runId: number): Promise<void> {
  await trx('rebill_requests').where({ billed_in_run_id: runId }).update({ billed_in_run_id: null });
}
