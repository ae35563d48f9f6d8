import type { Conn } from '../../db/knex.js';
import { unknownProgramme } from '../../shared/errors.js';
import { fromDb, type Decimal } from '../../shared/money.js';
import type { Period } from '../../shared/period.js';
import { getProgram, priceWorker, ratesById, type Benefit, type Sector } from '../programs/index.js';
import { liveObligations } from './billing.reads.js';

/** One price a month was billed at: the worker's total and what each of the programme's benefits costs. */
export interface BenefitPrice {
  priceId: number;
  workerTotal: Decimal;
  benefits: Partial<Record<Benefit, Decimal>>;
}

/** `JKK:12,JKM:13` (benefit and rate id, as a price records them) as the rate ids. */
const rateIdsOf = (text: string): number[] =>
  text === '' ? [] : text.split(',').map((part) => Number(part.slice(part.indexOf(':') + 1)));

/**
 * What each benefit costs at every price the live obligations of a programme's month were billed at. A
 * price keeps the ids of the rates it was computed from; rates are never edited (a correction supersedes
 * one) and a programme's declared income never changes, so pricing those rates again gives each benefit's
 * amount exactly as billed. A handful of prices per month (sectors by runs), whatever the workers.
 */
export async function benefitPrices(db: Conn, programId: number, period: Period): Promise<BenefitPrice[]> {
  const program = await getProgram(db, programId);
  if (!program) throw unknownProgramme();
  const used = liveObligations(db, programId, period).clearSelect().distinct('price_id');
  const prices = (await db('billing_prices')
    .whereIn('id', used)
    .select('id', 'sector', 'worker_total', 'rate_ids')) as Record<string, unknown>[];
  const rates = await ratesById(db, [...new Set(prices.flatMap((p) => rateIdsOf(p.rate_ids as string)))]);
  return prices.map((p) => {
    const named = new Set(rateIdsOf(p.rate_ids as string).map(String));
    const price = priceWorker(
      rates.filter((r) => named.has(r.id)),
      program,
      p.sector as Sector,
      period,
    );
    return {
      priceId: Number(p.id),
      workerTotal: fromDb(p.worker_total),
      benefits: Object.fromEntries(price.benefits.map((b) => [b.benefit, b.amount])),
    };
  });
}
