import { whereSourceInScope } from '../../db/scope.js';
import type { Scope } from '../../shared/scope.js';
import { exactSum, type Conn } from '../../db/knex.js';
import { Decimal, fromDb, toDb } from '../../shared/money.js';
import type { Period } from '../../shared/period.js';
import type { Payment, Reversal } from './payments.schemas.js';

/** Paid per month of one programme and source: allocations net of reversals (reversals add negative rows). */
export async function paidByPeriod(
  db: Conn,
  programId: number,
  fundingSourceId: number,
  periods: Period[],
): Promise<Map<Period, Decimal>> {
  const rows = (await db('payment_allocations')
    .where({ program_id: programId, funding_source_id: fundingSourceId })
    .whereIn('period', periods)
    .groupBy('period')
    .select('period', exactSum(db, 'amount', 'total'))) as Record<string, unknown>[];
  return new Map(rows.map((r) => [r.period as Period, fromDb(r.total)]));
}

/** Net paid per programme, source and fiscal year: the operational side of the `paid` accounts. */
export async function paidTotals(db: Conn) {
  const rows = (await db('payment_allocations')
    .select('program_id', 'funding_source_id', db.raw('CAST(SUBSTR(period, 1, 4) AS INTEGER) AS fiscal_year'))
    .select(exactSum(db, 'amount', 'total'))
    .groupByRaw('program_id, funding_source_id, CAST(SUBSTR(period, 1, 4) AS INTEGER)')) as Record<
    string,
    unknown
  >[];
  return rows.map((r) => ({
    programId: Number(r.program_id),
    fundingSourceId: Number(r.funding_source_id),
    fiscalYear: Number(r.fiscal_year),
    amount: fromDb(r.total),
  }));
}

export async function sp2dExists(db: Conn, sp2dNumber: string): Promise<boolean> {
  return Boolean(await db('payments').where({ sp2d_number: sp2dNumber }).first('id'));
}

export async function insertPayment(db: Conn, row: Record<string, unknown>): Promise<number> {
  const [inserted] = await db('payments').insert(row).returning('id');
  return Number(inserted.id ?? inserted);
}

export async function insertAllocations(
  db: Conn,
  paymentId: number,
  programId: number,
  fundingSourceId: number,
  allocations: { period: Period; amount: Decimal }[],
): Promise<void> {
  if (allocations.length === 0) return;
  await db('payment_allocations').insert(
    allocations.map((a) => ({
      payment_id: paymentId,
      program_id: programId,
      funding_source_id: fundingSourceId,
      period: a.period,
      amount: toDb(a.amount),
    })),
  );
}

export async function insertApproval(db: Conn, paymentId: number, by: string, at: string): Promise<void> {
  await db('payment_approvals').insert({ payment_id: paymentId, approved_by: by, approved_at: at });
}

export async function insertReversal(
  db: Conn,
  row: Record<string, unknown>,
): Promise<Omit<Reversal, 'amount'>> {
  const [r] = await db('payment_reversals').insert(row).returning('*');
  return {
    id: String(r.id),
    paymentId: String(r.payment_id),
    reason: r.reason,
    journalEntryId: r.journal_entry_id === null ? null : String(r.journal_entry_id),
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export async function insertRejection(
  db: Conn,
  row: { paymentId: number; reason: string; by: string; at: string },
): Promise<void> {
  await db('payment_rejections').insert({
    payment_id: row.paymentId,
    reason: row.reason,
    rejected_by: row.by,
    rejected_at: row.at,
  });
}

function basePaymentQuery(db: Conn) {
  return db('payments as p')
    .leftJoin('payment_approvals as a', 'a.payment_id', 'p.id')
    .leftJoin('payment_reversals as r', 'r.payment_id', 'p.id')
    .leftJoin('payment_rejections as x', 'x.payment_id', 'p.id')
    .select('p.*', {
      approved_by: 'a.approved_by',
      reversal_id: 'r.id',
      rejected_by: 'x.rejected_by',
      rejection_reason: 'x.reason',
    });
}

function statusOf(r: Record<string, unknown>): Payment['status'] {
  if (r.reversal_id !== null && r.reversal_id !== undefined) return 'reversed';
  if (r.rejected_by !== null && r.rejected_by !== undefined) return 'rejected';
  const approved = r.approved_by !== null && r.approved_by !== undefined;
  return Boolean(r.requires_approval) && !approved ? 'pending_approval' : 'paid';
}

async function hydrate(db: Conn, rows: Record<string, unknown>[]): Promise<Payment[]> {
  if (rows.length === 0) return [];
  const allocations = await db('payment_allocations')
    .whereIn(
      'payment_id',
      rows.map((r) => r.id as number),
    )
    .where('amount', '>', 0)
    .orderBy(['payment_id', 'period']);
  return rows.map((r) => {
    return {
      id: String(r.id),
      programId: String(r.program_id),
      fundingSourceId: String(r.funding_source_id),
      period: r.period as Period,
      periodTo: r.period_to as Period,
      amount: fromDb(r.amount).toFixed(0),
      paidOn: r.paid_on as string,
      sp2dNumber: r.sp2d_number as string,
      reference: (r.reference as string | null) ?? null,
      spmNumber: (r.spm_number as string | null) ?? null,
      spmDate: (r.spm_date as string | null) ?? null,
      invoiceRef: (r.invoice_ref as string | null) ?? null,
      status: statusOf(r),
      requiresApproval: Boolean(r.requires_approval),
      allocations: allocations
        .filter((a) => Number(a.payment_id) === Number(r.id))
        .map((a) => ({ period: a.period as Period, amount: fromDb(a.amount).toFixed(0) })),
      recordedBy: r.recorded_by as string,
      approvedBy: (r.approved_by as string | null) ?? null,
      rejection:
        r.rejected_by === null || r.rejected_by === undefined
          ? null
          : { by: r.rejected_by as string, reason: r.rejection_reason as string },
      createdAt: r.created_at as string,
    };
  });
}

export async function getPayment(db: Conn, id: number): Promise<Payment | null> {
  const row = await basePaymentQuery(db).where('p.id', id).first();
  return row ? ((await hydrate(db, [row]))[0] ?? null) : null;
}

export interface PaymentFilter {
  period?: string | undefined;
  programId?: number | undefined;
  fundingSourceId?: number | undefined;
  status?: Payment['status'] | undefined;
  scope?: Scope | undefined;
}

export async function listPayments(
  db: Conn,
  filter: PaymentFilter,
  limit: number,
  afterId: number | null,
): Promise<Payment[]> {
  const q = basePaymentQuery(db)
    .orderBy('p.id')
    .limit(limit + 1);
  if (filter.period) q.where('p.period', '<=', filter.period).where('p.period_to', '>=', filter.period);
  if (filter.programId !== undefined) q.where('p.program_id', filter.programId);
  if (filter.fundingSourceId !== undefined) q.where('p.funding_source_id', filter.fundingSourceId);
  if (filter.status === 'reversed') q.whereNotNull('r.id');
  if (filter.status === 'paid')
    q.whereNull('r.id').where((w) => w.where('p.requires_approval', false).orWhereNotNull('a.payment_id'));
  if (filter.status === 'rejected') q.whereNotNull('x.payment_id');
  if (filter.status === 'pending_approval')
    q.whereNull('r.id')
      .whereNull('x.payment_id')
      .where('p.requires_approval', true)
      .whereNull('a.payment_id');
  whereSourceInScope(q, 'p.funding_source_id', filter.scope);
  if (afterId !== null) q.where('p.id', '>', afterId);
  return hydrate(db, await q);
}
