import type { Conn } from '../../db/knex.js';
import { whereSourceInScope } from '../../db/scope.js';
import { fromDb, sumByKey, type Decimal } from '../../shared/money.js';
import type { Period } from '../../shared/period.js';
import type { Scope } from '../../shared/scope.js';
import type { Overpayment, OverpaymentsQuery, SettlementMethod } from './life-events.schemas.js';

export interface OverpaymentRow {
  obligation_id: number;
  enrolment_id: number;
  beneficiary_id: number;
  program_id: number;
  funding_source_id: number;
  period: Period;
  fiscal_year: number;
  amount: string;
  journal_entry_id: number;
  created_by: string;
  created_at: string;
}

const COLUMNS = [
  'o.*',
  's.method',
  's.document_ref',
  's.payment_id',
  's.created_by as settled_by',
  's.created_at as settled_at',
];

function toOverpayment(r: Record<string, unknown>): Overpayment {
  return {
    id: String(r.id),
    obligationId: String(r.obligation_id),
    enrolmentId: String(r.enrolment_id),
    beneficiaryId: String(r.beneficiary_id),
    programId: String(r.program_id),
    fundingSourceId: String(r.funding_source_id),
    period: r.period as Period,
    amount: fromDb(r.amount).toFixed(0),
    status: r.method ? 'settled' : 'open',
    settlement: r.method
      ? {
          method: r.method as SettlementMethod,
          documentRef: r.document_ref as string,
          paymentId: r.payment_id === null || r.payment_id === undefined ? null : String(r.payment_id),
          settledBy: r.settled_by as string,
          settledAt: r.settled_at as string,
        }
      : null,
    createdAt: r.created_at as string,
  };
}

const withSettlement = (db: Conn) =>
  db('overpayments as o').leftJoin('overpayment_settlements as s', 's.overpayment_id', 'o.id');

export async function insertOverpayment(trx: Conn, row: OverpaymentRow): Promise<number> {
  const [inserted] = await trx('overpayments').insert(row).returning('id');
  return Number(inserted.id ?? inserted);
}

export async function findOverpayment(db: Conn, id: number): Promise<Overpayment | null> {
  const row = await withSettlement(db).where('o.id', id).first(COLUMNS);
  return row ? toOverpayment(row) : null;
}

export async function insertSettlement(
  trx: Conn,
  row: {
    overpaymentId: number;
    method: SettlementMethod;
    documentRef: string;
    paymentId: number | null;
    journalEntryId: number;
    by: string;
    at: string;
  },
): Promise<void> {
  await trx('overpayment_settlements').insert({
    overpayment_id: row.overpaymentId,
    method: row.method,
    document_ref: row.documentRef,
    payment_id: row.paymentId,
    journal_entry_id: row.journalEntryId,
    created_by: row.by,
    created_at: row.at,
  });
}

/** Up to `limit + 1` overpayments after `afterId`, by id, within the scope's funding sources. */
export async function selectOverpayments(
  db: Conn,
  filter: OverpaymentsQuery & { scope?: Scope | undefined },
  limit: number,
  afterId: number | null,
): Promise<Overpayment[]> {
  const q = whereSourceInScope(withSettlement(db), 'o.funding_source_id', filter.scope)
    .orderBy('o.id')
    .limit(limit + 1)
    .select(COLUMNS);
  if (filter.fundingSourceId !== undefined) q.where('o.funding_source_id', Number(filter.fundingSourceId));
  if (filter.beneficiaryId !== undefined) q.where('o.beneficiary_id', Number(filter.beneficiaryId));
  if (filter.status === 'open') q.whereNull('s.overpayment_id');
  if (filter.status === 'settled') q.whereNotNull('s.overpayment_id');
  if (afterId !== null) q.where('o.id', '>', afterId);
  return (await q).map(toOverpayment);
}

/** Open claims per programme, source and fiscal year: what the `claim` accounts must hold. */
export async function openClaimTotals(
  db: Conn,
): Promise<{ programId: number; fundingSourceId: number; fiscalYear: number; amount: Decimal }[]> {
  const rows = (await withSettlement(db)
    .whereNull('s.overpayment_id')
    .select('o.program_id', 'o.funding_source_id', 'o.fiscal_year', 'o.amount')) as Record<string, unknown>[];
  return sumByKey(
    rows.map((r) => ({
      programId: Number(r.program_id),
      fundingSourceId: Number(r.funding_source_id),
      fiscalYear: Number(r.fiscal_year),
      amount: fromDb(r.amount),
    })),
    (t) => `${t.programId}/${t.fundingSourceId}/${t.fiscalYear}`,
  );
}
