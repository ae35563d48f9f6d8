import type { Conn } from '../../db/knex.js';
import { AppError } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { Decimal } from '../../shared/money.js';
import { lineBudgets } from '../budgets/index.js';
import { benefitBalances, move, remainingBudget, type PostingLine } from '../ledger/index.js';
import type { Benefit } from '../programs/index.js';
import { lineKey } from './benefit-split.js';
import type { SourceTotal } from './billing.repository.js';

interface Shortfall {
  programId: string;
  fundingSourceId: string;
  fiscalYear: number;
  /** The benefit line (kode rekening) that is short, where the budget is kept per benefit. */
  benefit?: Benefit;
  required: string;
  remainingBudget: string;
  shortfall: string;
}

const shortfallOf = (
  t: SourceTotal,
  fiscalYear: number,
  required: Decimal,
  remaining: Decimal,
  benefit?: Benefit,
): Shortfall => ({
  programId: String(t.programId),
  fundingSourceId: String(t.fundingSourceId),
  fiscalYear,
  ...(benefit ? { benefit } : {}),
  required: required.toFixed(0),
  remainingBudget: remaining.toFixed(0),
  shortfall: required.minus(remaining).toFixed(0),
});

/** What a programme and source would go short by: the pooled line, or each benefit's own line. */
async function shortfallsOf(
  trx: Conn,
  t: SourceTotal,
  benefits: Map<Benefit, Decimal> | undefined,
  fiscalYear: number,
): Promise<Shortfall[]> {
  const key = { programId: t.programId, fundingSourceId: t.fundingSourceId, fiscalYear };
  const perBenefit = (await lineBudgets(trx, key)).some((l) => l.benefit !== null);
  if (!perBenefit || !benefits) {
    const remaining = await remainingBudget(trx, t.programId, t.fundingSourceId, fiscalYear);
    return t.amount.gt(remaining) ? [shortfallOf(t, fiscalYear, t.amount, remaining)] : [];
  }
  const available = new Map(
    (
      await benefitBalances(trx, {
        programId: t.programId,
        fundingSourceId: t.fundingSourceId,
        fiscalYears: [fiscalYear],
        stages: ['available'],
      })
    ).map((b) => [b.benefit, b.balance]),
  );
  return [...benefits]
    .filter(([b, required]) => required.gt(available.get(b) ?? new Decimal(0)))
    .map(([b, required]) => shortfallOf(t, fiscalYear, required, available.get(b) ?? new Decimal(0), b));
}

/**
 * Refuses (422, naming each shortfall) when any source would go over what remains of its ceiling: of the
 * programme's pooled line, or, where the budget is kept per benefit (kode rekening), of each benefit's line.
 */
export async function assertWithinBudget(
  trx: Conn,
  totals: SourceTotal[],
  benefits: Map<string, Map<Benefit, Decimal>>,
  fiscalYear: number,
): Promise<void> {
  const shortfalls: Shortfall[] = [];
  for (const t of totals) {
    if (t.amount.lte(0)) continue;
    shortfalls.push(
      ...(await shortfallsOf(trx, t, benefits.get(lineKey(t.programId, t.fundingSourceId)), fiscalYear)),
    );
  }
  if (shortfalls.length === 0) return;
  const line = (s: Shortfall) => `${s.fundingSourceId}${s.benefit ? ` ${s.benefit}` : ''}`;
  throw new AppError(
    'OVER_BUDGET',
    DETAILS.overBudget(
      shortfalls.length,
      shortfalls.map((s) => `source ${line(s)} short by ${s.shortfall}`).join('; '),
    ),
    shortfalls.map((s) => ({
      path: `fundingSource.${s.fundingSourceId}${s.benefit ? `.${s.benefit}` : ''}`,
      message: FIELD.shortBy({ shortfall: s.shortfall, remaining: s.remainingBudget, required: s.required }),
    })),
    { shortfalls },
  );
}

/**
 * Dr committed / Cr available per programme and source, split over benefits as the run's obligations are,
 * with the benefit on each posting: a budget kept per benefit then reads each line's remaining budget
 * from the `available` postings of its benefit.
 */
export function ledgerLines(
  totals: SourceTotal[],
  benefits: Map<string, Map<Benefit, Decimal>>,
  fiscalYear: number,
): PostingLine[] {
  return totals.flatMap((t) => {
    const key = { programId: t.programId, fundingSourceId: t.fundingSourceId, fiscalYear };
    const split = [...(benefits.get(lineKey(t.programId, t.fundingSourceId)) ?? [])];
    const sum = split.reduce((acc, [, v]) => acc.plus(v), new Decimal(0));
    if (split.length === 0 || !sum.eq(t.amount))
      return move({ stage: 'committed', ...key }, { stage: 'available', ...key }, t.amount);
    return split.flatMap(([benefit, amount]) =>
      move({ stage: 'committed', ...key }, { stage: 'available', ...key }, amount).map((l) => ({
        ...l,
        benefit,
      })),
    );
  });
}
