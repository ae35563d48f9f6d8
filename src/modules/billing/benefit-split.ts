import type { Conn } from '../../db/knex.js';
import { Decimal, fromDb, splitByWeights } from '../../shared/money.js';
import type { Period } from '../../shared/period.js';
import type { RunGroup } from './summaries.repository.js';
import { benefitAmount, getProgram, ratesById, type Benefit } from '../programs/index.js';

/**
 * How billed money splits over benefits (kode rekening). A price row records the rate ids it was priced
 * with ("JKK:4,JKM:10"), so each obligation's amount is split in proportion to the worker's benefit
 * amounts under those rates, by largest remainder: a co-funded worker's share of 5,594 at JKK 10,000 and
 * JKM 6,800 is 3,330 JKK and 2,264 JKM, and the shares of one worker add up, benefit by benefit, to no more
 * than a rupiah away from the worker's own JKK and JKM. An adjustment of a repricing run is split the same
 * way, by the price it adjusts to.
 */
export interface PriceBenefits {
  benefits: Benefit[];
  /** The worker's monthly amount of each benefit under the price's rates. */
  amounts: Decimal[];
}

/** The benefit amounts of each price row asked for. */
export async function priceBenefits(db: Conn, priceIds: number[]): Promise<Map<number, PriceBenefits>> {
  const prices = priceIds.length
    ? ((await db('billing_prices').whereIn('id', priceIds).select('id', 'program_id', 'rate_ids')) as {
        id: number;
        program_id: number;
        rate_ids: string;
      }[])
    : [];
  const parsed = prices.map((p) => ({
    id: Number(p.id),
    programId: Number(p.program_id),
    rates: p.rate_ids.split(',').map((part) => {
      const [benefit, rateId] = part.split(':');
      return { benefit: benefit as Benefit, rateId: rateId! };
    }),
  }));
  const rates = new Map(
    (await ratesById(db, [...new Set(parsed.flatMap((p) => p.rates.map((r) => Number(r.rateId))))])).map(
      (r) => [r.id, r],
    ),
  );
  const incomes = new Map<number, string>();
  for (const programId of new Set(parsed.map((p) => p.programId)))
    incomes.set(programId, (await getProgram(db, programId))!.declaredIncome);
  return new Map(
    parsed.map((p) => [
      p.id,
      {
        benefits: p.rates.map((r) => r.benefit),
        amounts: p.rates.map((r) => benefitAmount(rates.get(r.rateId)!, incomes.get(p.programId)!)),
      },
    ]),
  );
}

/** One amount billed under a price, split over its benefits. */
export function splitOverBenefits(amount: Decimal, price: PriceBenefits): Map<Benefit, Decimal> {
  const weights = price.amounts.some((a) => a.gt(0))
    ? price.amounts
    : price.amounts.map(() => new Decimal(1));
  const parts = splitByWeights(amount, weights);
  return new Map(price.benefits.map((b, i) => [b, parts[i]!]));
}

/** Adds `more` into `into`, benefit by benefit. */
export function addBenefits(into: Map<Benefit, Decimal>, more: Map<Benefit, Decimal>, times = 1): void {
  for (const [b, v] of more) into.set(b, (into.get(b) ?? new Decimal(0)).plus(v.times(times)));
}

/**
 * What a month of one programme and source bills per benefit: its live obligations grouped by price and
 * amount (one group per sector and share for regular bills), each group's split times its count.
 */
export async function monthBenefits(
  db: Conn,
  programId: number,
  fundingSourceId: number,
  period: Period,
): Promise<Map<Benefit, Decimal>> {
  const groups = (await db('obligations')
    .where({ program_id: programId, funding_source_id: fundingSourceId, period })
    .whereNot('status', 'cancelled')
    .groupBy('price_id', 'amount')
    .select('price_id', 'amount')
    .count({ n: '*' })) as { price_id: number; amount: unknown; n: unknown }[];
  const prices = await priceBenefits(db, [...new Set(groups.map((g) => Number(g.price_id)))]);
  const totals = new Map<Benefit, Decimal>();
  for (const g of groups) {
    addBenefits(totals, splitOverBenefits(fromDb(g.amount), prices.get(Number(g.price_id))!), Number(g.n));
  }
  return totals;
}

/** A programme and source as one key, for the per-benefit amounts of a run. */
export const lineKey = (programId: number, fundingSourceId: number): string =>
  `${programId}:${fundingSourceId}`;

/**
 * What a run bills per programme, source and benefit, from its obligations grouped by price and amount
 * (one group per sector, share and region for a regular run): each group's split times its count. The
 * benefits of a programme and source add up exactly to the run's total for them.
 */
export async function runBenefits(db: Conn, groups: RunGroup[]): Promise<Map<string, Map<Benefit, Decimal>>> {
  const prices = await priceBenefits(db, [...new Set(groups.map((g) => g.priceId))]);
  const lines = new Map<string, Map<Benefit, Decimal>>();
  for (const g of groups) {
    const key = lineKey(g.programId, g.fundingSourceId);
    const line = lines.get(key) ?? new Map<Benefit, Decimal>();
    addBenefits(line, splitOverBenefits(g.amount, prices.get(g.priceId)!), g.count);
    lines.set(key, line);
  }
  return lines;
}
