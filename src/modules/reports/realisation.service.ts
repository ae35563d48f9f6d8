import { exactSum, exactText, type Conn } from '../../db/knex.js';
import { coversSource, type Scope } from '../../shared/scope.js';
import { notFound } from '../../shared/errors.js';
import { Decimal, fromDb } from '../../shared/money.js';
import { lineBudgets, type LineBudget } from '../budgets/index.js';
import { getFundingSource, type AccountBenefit, type FundingSource } from '../funding-sources/index.js';
import type { RealisationReport, RealisationRow } from './realisation.schemas.js';

/**
 * The Laporan Realisasi Anggaran of one funding source and fiscal year, cash-based: a payment is realisation
 * of the year and month of its SP2D date (`paidOn`), whatever months it pays, and counts unless reversed by
 * `asOf` (docs/domain.md, "Cash and accrual"). Each payment's journal entry already splits it over benefits
 * (its postings carry the benefit), so the report sums a year's payment postings: a few rows per payment,
 * never the obligations.
 */
interface Realised {
  programId: number;
  benefit: string | null;
  toDate: Decimal;
  thisMonth: Decimal;
}

async function realised(db: Conn, fundingSourceId: number, fiscalYear: number, asOf: string) {
  const monthStart = `${asOf.slice(0, 7)}-01`;
  const rows = (await db('payments as pay')
    .join('journal_entries as e', function () {
      this.on('e.source_id', '=', db.raw('CAST(pay.id AS VARCHAR(64))'))
        .andOn('e.source_type', '=', db.raw("'payment'"))
        .andOn('e.kind', '=', db.raw("'payment'"));
    })
    .join('postings as p', 'p.entry_id', 'e.id')
    .join('ledger_accounts as a', 'a.id', 'p.account_id')
    .leftJoin('payment_reversals as r', 'r.payment_id', 'pay.id')
    .where('pay.funding_source_id', fundingSourceId)
    .where('a.stage', 'paid')
    .whereBetween('pay.paid_on', [`${fiscalYear}-01-01`, asOf])
    .where((w) => w.whereNull('r.id').orWhere(db.raw('SUBSTR(r.created_at, 1, 10)'), '>', asOf))
    .groupBy('pay.program_id', 'p.benefit')
    .select('pay.program_id', 'p.benefit')
    .select(
      exactSum(db, 'p.amount', 'to_date'),
      db.raw(`${exactText(db, 'SUM(CASE WHEN pay.paid_on >= ? THEN p.amount ELSE 0 END)')} AS this_month`, [
        monthStart,
      ]),
    )) as Record<string, unknown>[];
  return rows.map((r): Realised => ({
    programId: Number(r.program_id),
    benefit: (r.benefit as string | null) ?? null,
    toDate: fromDb(r.to_date),
    thisMonth: fromDb(r.this_month),
  }));
}

const percentOf = (part: Decimal, whole: Decimal | null): string | null =>
  whole === null || whole.isZero()
    ? null
    : part.times(100).dividedBy(whole).toFixed(2, Decimal.ROUND_HALF_UP);

function figures(
  budget: { original: Decimal; amended: Decimal } | null,
  real: { toDate: Decimal; thisMonth: Decimal },
) {
  return {
    original: budget ? budget.original.toFixed(0) : null,
    amended: budget ? budget.amended.toFixed(0) : null,
    realisedThisMonth: real.thisMonth.toFixed(0),
    realisedToDate: real.toDate.toFixed(0),
    remaining: budget ? budget.amended.minus(real.toDate).toFixed(0) : null,
    percent: budget ? percentOf(real.toDate, budget.amended) : null,
  };
}

const BENEFIT_ORDER = ['JKK', 'JKM', 'JHT'] as const;
const zero = () => ({ toDate: new Decimal(0), thisMonth: new Decimal(0) });
const plus = (a: { toDate: Decimal; thisMonth: Decimal }, b: { toDate: Decimal; thisMonth: Decimal }) => ({
  toDate: a.toDate.plus(b.toDate),
  thisMonth: a.thisMonth.plus(b.thisMonth),
});
/** A benefit paid for without a line of its own in a budget kept per benefit: a ceiling of zero. */
const NO_BUDGET = { original: new Decimal(0), amended: new Decimal(0) };

/**
 * One programme's rows. A pooled line (or none) puts its budget on a first row with `benefit: null` that
 * carries the whole realisation, and its benefit rows carry only realisation; a budget kept per benefit
 * puts each benefit's budget on its own row.
 */
function programRows(
  program: { id: number; code: string; name: string },
  source: FundingSource,
  budgets: LineBudget[],
  real: Realised[],
): RealisationRow[] {
  const base = { programId: String(program.id), programCode: program.code, programName: program.name };
  const pooled = budgets.length === 0 || budgets.some((b) => b.benefit === null);
  const rows: RealisationRow[] = [];
  // Payments booked before the journal split them by benefit carry none.
  const unsplit = real.filter((r) => r.benefit === null).reduce(plus, zero());
  if (pooled) {
    const line = budgets.find((b) => b.benefit === null) ?? null;
    rows.push({ ...base, benefit: null, accountCode: null, ...figures(line, real.reduce(plus, zero())) });
  } else if (!unsplit.toDate.isZero() || !unsplit.thisMonth.isZero()) {
    rows.push({ ...base, benefit: null, accountCode: null, ...figures(null, unsplit) });
  }
  for (const benefit of BENEFIT_ORDER) {
    const budget = budgets.find((b) => b.benefit === benefit);
    const paid = real.filter((r) => r.benefit === benefit);
    if (!budget && paid.length === 0) continue;
    rows.push({
      ...base,
      benefit,
      accountCode: source.accounts[benefit satisfies AccountBenefit],
      ...figures(pooled ? null : (budget ?? NO_BUDGET), paid.reduce(plus, zero())),
    });
  }
  return rows;
}

export async function realisationReport(
  db: Conn,
  query: { fundingSourceId: number; fiscalYear: number; asOf: string },
  scope: Scope | undefined,
): Promise<RealisationReport> {
  // A funding source outside the caller's scope is answered as one that does not exist.
  const source = coversSource(scope, query.fundingSourceId)
    ? await getFundingSource(db, query.fundingSourceId)
    : null;
  if (!source) throw notFound('fundingSource');
  const budgets = await lineBudgets(db, {
    fundingSourceId: query.fundingSourceId,
    fiscalYear: query.fiscalYear,
  });
  const real = await realised(db, query.fundingSourceId, query.fiscalYear, query.asOf);
  const programIds = [...new Set([...budgets.map((b) => b.programId), ...real.map((r) => r.programId)])];
  const programs = (
    await db('programs').whereIn('id', programIds).orderBy('code').select('id', 'code', 'name')
  ).map((p) => ({ id: Number(p.id), code: p.code as string, name: p.name as string }));
  const rows = programs.flatMap((p) =>
    programRows(
      p,
      source,
      budgets.filter((b) => b.programId === p.id),
      real.filter((r) => r.programId === p.id),
    ),
  );
  const original = budgets.reduce((acc, b) => acc.plus(b.original), new Decimal(0));
  const amended = budgets.reduce((acc, b) => acc.plus(b.amended), new Decimal(0));
  return {
    fundingSourceId: source.id,
    fundingSourceCode: source.code,
    fundingSourceName: source.name,
    fiscalYear: query.fiscalYear,
    asOf: query.asOf,
    rows,
    total: figures(budgets.length === 0 ? null : { original, amended }, real.reduce(plus, zero())),
  };
}
