import type { Knex } from 'knex';
import { exactSum, type Conn } from '../../db/knex.js';
import { Decimal, fromDb } from '../../shared/money.js';
import type { Period } from '../../shared/period.js';
import { getFundingSource, type FundingSource } from '../funding-sources/index.js';
import { activeStatements } from '../reconciliation/index.js';
import { holdsDemoData } from './demo-data.js';
import { countedFromSets } from './worker-sets.js';

/**
 * The monthly report (laporan bulanan) a finance office files with its SP2D: for one funding source and contribution
 * month, what each programme billed, paid, had credited by the insurer and still owes, how many
 * reconciliation exceptions are open, and whether the month has been signed off. Read side only.
 */
export interface ReportLine {
  programId: string;
  programCode: string;
  programName: string;
  /** Distinct beneficiaries with a live obligation of this source in the month. */
  workers: number;
  billed: Decimal;
  /** Payment allocations to this programme, source and month, net of reversals. */
  paid: Decimal;
  credited: Decimal;
  outstanding: Decimal;
  /** Exceptions of the programme's active statement of the month without a resolution. */
  openExceptions: number;
}

export type ReportTotals = Omit<ReportLine, 'programId' | 'programCode' | 'programName'>;

export interface ReportPayment {
  sp2dNumber: string;
  paidOn: string;
  programCode: string;
  /** What the payment allocated to this month (before any reversal). */
  amount: Decimal;
  reversed: boolean;
}

export interface MonthlyReport {
  fundingSource: {
    id: string;
    code: string;
    name: string;
    regionCode: string;
    regionName: string;
    budgetLine: string | null;
    accounts: FundingSource['accounts'];
    place: string | null;
    signatories: FundingSource['signatories'];
  };
  /** The database holds the demo: the printed statement says so. */
  demo: boolean;
  period: Period;
  lines: ReportLine[];
  totals: ReportTotals;
  payments: ReportPayment[];
  signOff: { closed: boolean; by: string | null; at: string | null; note: string | null };
}

type Row = Record<string, unknown>;

function programmesOf(db: Conn, sourceId: number, period: Period): Knex.QueryBuilder {
  const funded = db('program_funding_shares').where({ funding_source_id: sourceId }).select('program_id');
  const billed = db('obligation_totals').where({ funding_source_id: sourceId, period }).select('program_id');
  const paid = db('payment_allocations').where({ funding_source_id: sourceId, period }).select('program_id');
  return db('programs')
    .where((w) =>
      w
        .whereIn('id', funded)
        .where('start_period', '<=', period)
        .where((e) => e.whereNull('end_period').orWhere('end_period', '>=', period)),
    )
    .orWhereIn('id', billed)
    .orWhereIn('id', paid)
    .orderBy('code')
    .select('id', 'code', 'name');
}

/**
 * Per programme: billed and credited from `obligation_totals`, and the workers with a live obligation from
 * the counts of workers per sets of months (`worker_set_counts`), those whose set of this source holds the
 * month. Both are kept with the obligations, so the statement reads a few rows per programme, never the
 * month's obligations.
 */
async function obligationFigures(db: Conn, sourceId: number, period: Period): Promise<Map<string, Row>> {
  const rows: Row[] = await db('obligation_totals')
    .where({ funding_source_id: sourceId, period })
    .groupBy('program_id')
    .havingRaw('SUM(obligations) > 0')
    .select('program_id', exactSum(db, 'billed', 'billed'), exactSum(db, 'credited', 'credited'));
  // One month is within one year, where the counts always answer.
  const workers = await countedFromSets(db, period, period, ['program'], {
    fundingSourceIds: [sourceId],
    regionCodes: null,
  });
  const counted = new Map(workers!.map((w) => [String(w.row.program_id), w.n]));
  return new Map(
    rows.map((r) => [String(r.program_id), { ...r, workers: counted.get(String(r.program_id)) ?? 0 }]),
  );
}

async function paidFigures(db: Conn, sourceId: number, period: Period): Promise<Map<string, Decimal>> {
  const rows: Row[] = await db('payment_allocations')
    .where({ funding_source_id: sourceId, period })
    .groupBy('program_id')
    .select('program_id', exactSum(db, 'amount', 'paid'));
  return new Map(rows.map((r) => [String(r.program_id), fromDb(r.paid)]));
}

async function openExceptionCounts(
  db: Conn,
  programIds: string[],
  period: Period,
): Promise<Map<string, number>> {
  if (programIds.length === 0) return new Map();
  const rows: Row[] = await activeStatements(db)
    .join('reconciliation_exceptions as e', 'e.statement_id', 's.id')
    .where('s.period', period)
    .whereIn('s.program_id', programIds.map(Number))
    .whereNotExists(db('exception_resolutions as r').whereRaw('r.exception_id = e.id').select(db.raw('1')))
    .groupBy('s.program_id')
    .select('s.program_id')
    .count({ open: '*' });
  return new Map(rows.map((r) => [String(r.program_id), Number(r.open)]));
}

async function paymentsOf(db: Conn, sourceId: number, period: Period): Promise<ReportPayment[]> {
  const rows: Row[] = await db('payment_allocations as a')
    .join('payments as p', 'p.id', 'a.payment_id')
    .join('programs as pr', 'pr.id', 'a.program_id')
    .leftJoin('payment_reversals as rev', 'rev.payment_id', 'p.id')
    .where({ 'a.funding_source_id': sourceId, 'a.period': period })
    .where('a.amount', '>', 0)
    .groupBy('p.id', 'p.sp2d_number', 'p.paid_on', 'pr.code', 'rev.id')
    .orderBy([{ column: 'p.paid_on' }, { column: 'p.id' }])
    .select('p.sp2d_number', 'p.paid_on', 'pr.code', { reversal_id: 'rev.id' })
    .select(exactSum(db, 'a.amount', 'amount'));
  return rows.map((r) => ({
    sp2dNumber: r.sp2d_number as string,
    paidOn: r.paid_on as string,
    programCode: r.code as string,
    amount: fromDb(r.amount),
    reversed: r.reversal_id !== null && r.reversal_id !== undefined,
  }));
}

/** Who closed the month: a user's name where the actor is a user, the actor id otherwise (CLI, bootstrap). */
async function signOff(db: Conn, period: Period): Promise<MonthlyReport['signOff']> {
  const lock: Row | undefined = await db('period_locks').where({ period }).first();
  if (!lock || !lock.closed) return { closed: false, by: null, at: null, note: null };
  const actor = lock.changed_by as string;
  const user: Row | undefined = /^[0-9]{1,15}$/.test(actor)
    ? await db('users')
        .where({ id: Number(actor) })
        .first('name')
    : undefined;
  return {
    closed: true,
    by: (user?.name as string | undefined) ?? actor,
    at: lock.changed_at as string,
    note: lock.note as string,
  };
}

/** The monthly report of `sourceId` for `period`; null when the funding source does not exist. */
export async function monthlyReport(
  db: Conn,
  sourceId: number,
  period: Period,
): Promise<MonthlyReport | null> {
  const source: Row | undefined = await db('funding_sources as f')
    .join('regions as r', 'r.code', 'f.region_code')
    .where('f.id', sourceId)
    .first('f.id', 'f.code', 'f.name', 'f.region_code', 'f.budget_line', { region_name: 'r.name' });
  const settings = await getFundingSource(db, sourceId);
  if (!source || !settings) return null;
  const programmes: Row[] = await programmesOf(db, sourceId, period);
  const billed = await obligationFigures(db, sourceId, period);
  const paid = await paidFigures(db, sourceId, period);
  const exceptions = await openExceptionCounts(
    db,
    programmes.map((p) => String(p.id)),
    period,
  );
  const lines = programmes.map((p): ReportLine => {
    const id = String(p.id);
    const figures = billed.get(id);
    const lineBilled = fromDb(figures?.billed);
    const linePaid = paid.get(id) ?? new Decimal(0);
    return {
      programId: id,
      programCode: p.code as string,
      programName: p.name as string,
      workers: Number(figures?.workers ?? 0),
      billed: lineBilled,
      paid: linePaid,
      credited: fromDb(figures?.credited),
      outstanding: lineBilled.minus(linePaid),
      openExceptions: exceptions.get(id) ?? 0,
    };
  });
  const sum = (pick: (l: ReportLine) => Decimal) =>
    lines.reduce((acc, l) => acc.plus(pick(l)), new Decimal(0));
  return {
    fundingSource: {
      id: String(source.id),
      code: source.code as string,
      name: source.name as string,
      regionCode: source.region_code as string,
      regionName: source.region_name as string,
      budgetLine: (source.budget_line as string | null) ?? null,
      accounts: settings.accounts,
      place: settings.place,
      signatories: settings.signatories,
    },
    demo: await holdsDemoData(db),
    period,
    lines,
    totals: {
      // No two enrolments of one person share a month, so the source's workers of the month are the sum of
      // its programmes' workers.
      workers: lines.reduce((acc, l) => acc + l.workers, 0),
      billed: sum((l) => l.billed),
      paid: sum((l) => l.paid),
      credited: sum((l) => l.credited),
      outstanding: sum((l) => l.outstanding),
      openExceptions: lines.reduce((acc, l) => acc + l.openExceptions, 0),
    },
    payments: await paymentsOf(db, sourceId, period),
    signOff: await signOff(db, period),
  };
}
