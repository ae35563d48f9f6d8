import type { Conn } from '../../db/knex.js';
import { fromDb, type Decimal } from '../../shared/money.js';
import type { Period } from '../../shared/period.js';
import type { Benefit } from '../programs/index.js';
import { priceBenefits } from './benefit-split.js';
import { liveObligations } from './billing.reads.js';

/** One price a month was billed at: the worker's total and what each of the programme's benefits costs. */
export interface BenefitPrice {
  priceId: number;
  workerTotal: Decimal;
  benefits: Partial<Record<Benefit, Decimal>>;
}

/**
 * What each benefit costs at every price the live obligations of a programme's month were billed at, from
 * the rates each price recorded (`priceBenefits`): rates are never edited (a correction supersedes one) and
 * a programme's declared income never changes, so each benefit's amount is exactly as billed. A handful of
 * prices per month (sectors by runs), whatever the workers.
 */
export async function benefitPrices(db: Conn, programId: number, period: Period): Promise<BenefitPrice[]> {
  const used = liveObligations(db, programId, period).clearSelect().distinct('price_id');
  const prices = (await db('billing_prices').whereIn('id', used).select('id', 'worker_total')) as Record<
    string,
    unknown
  >[];
  const split = await priceBenefits(
    db,
    prices.map((p) => Number(p.id)),
  );
  return prices.map((p) => {
    const price = split.get(Number(p.id))!;
    return {
      priceId: Number(p.id),
      workerTotal: fromDb(p.worker_total),
      benefits: Object.fromEntries(price.benefits.map((b, i) => [b, price.amounts[i]!])),
    };
  });
}
