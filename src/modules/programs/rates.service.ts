import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError, conflict } from '../../shared/errors.js';
import { Decimal, fromDb, roundRupiah, toDb } from '../../shared/money.js';
import { timestamp, type Period } from '../../shared/period.js';
import { recordAudit } from '../audit/audit.service.js';
import { assertOpen } from '../periods/periods.service.js';
import type { Benefit, CreateRateInput, Program, Rate, Sector } from './programs.schemas.js';

/** Open-ended ranges compare as if they ended in the last month representable. */
const OPEN_END = '9999-12';

function toRate(r: Record<string, unknown>): Rate {
  return {
    id: String(r.id),
    benefit: r.benefit as Benefit,
    sector: (r.sector as string | null) ?? null,
    percentOfIncome: (r.percent_of_income as string | null) ?? null,
    flatAmount:
      r.flat_amount === null || r.flat_amount === undefined ? null : fromDb(r.flat_amount).toFixed(0),
    effectiveFrom: r.effective_from as string,
    effectiveTo: (r.effective_to as string | null) ?? null,
    legalBasis: (r.legal_basis as string | null) ?? null,
    createdAt: r.created_at as string,
  };
}

function inForce(q: ReturnType<Conn>, period: Period) {
  return q
    .where('effective_from', '<=', period)
    .andWhere((w) => w.whereNull('effective_to').orWhere('effective_to', '>=', period));
}

export async function createRate(db: Conn, ctx: Ctx, input: CreateRateInput): Promise<Rate> {
  return inTransaction(db, async (trx) => {
    await assertOpen(trx, input.effectiveFrom, input.effectiveTo ?? null);
    const to = input.effectiveTo ?? OPEN_END;
    const overlapping = await trx('contribution_rates')
      .where({ benefit: input.benefit })
      .andWhere((w) => (input.sector ? w.where('sector', input.sector) : w.whereNull('sector')))
      .where('effective_from', '<=', to)
      .andWhere((w) => w.whereNull('effective_to').orWhere('effective_to', '>=', input.effectiveFrom))
      .first();
    if (overlapping) {
      const other = toRate(overlapping);
      throw conflict(
        'RATE_OVERLAP',
        `rate ${other.id} (${other.benefit}, ${other.sector ?? 'all sectors'}, ${other.effectiveFrom}..${other.effectiveTo ?? 'open'}) already covers part of this range`,
        { conflictingRate: other },
      );
    }
    const [row] = await trx('contribution_rates')
      .insert({
        benefit: input.benefit,
        sector: input.sector ?? null,
        percent_of_income:
          input.percentOfIncome === undefined ? null : new Decimal(input.percentOfIncome).toString(),
        flat_amount: input.flatAmount === undefined ? null : toDb(new Decimal(input.flatAmount)),
        effective_from: input.effectiveFrom,
        effective_to: input.effectiveTo ?? null,
        legal_basis: input.legalBasis ?? null,
        created_at: timestamp(ctx.clock),
      })
      .returning('*');
    const rate = toRate(row);
    await recordAudit(trx, ctx, {
      action: 'rate.create',
      entity: 'contribution_rate',
      entityId: rate.id,
      change: input,
    });
    return rate;
  });
}

export interface RateFilter {
  benefit?: Benefit | undefined;
  period?: Period | undefined;
}

export async function listRates(
  db: Conn,
  filter: RateFilter,
  limit: number,
  afterId: number | null,
): Promise<Rate[]> {
  const q = db('contribution_rates')
    .orderBy('id')
    .limit(limit + 1);
  if (filter.benefit) q.where('benefit', filter.benefit);
  if (filter.period) inForce(q, filter.period);
  if (afterId !== null) q.where('id', '>', afterId);
  return (await q).map(toRate);
}

/** Every rate row in force in `period`, general and sector-specific. */
export async function ratesInForce(db: Conn, period: Period): Promise<Rate[]> {
  return (await inForce(db('contribution_rates'), period).orderBy('id')).map(toRate);
}

export interface BenefitPrice {
  benefit: Benefit;
  rateId: string;
  amount: Decimal;
}

export interface WorkerPrice {
  total: Decimal;
  benefits: BenefitPrice[];
}

/**
 * What one worker of `sector` costs a month under `program`, given the rates in force then: a sector's own
 * rate wins over the general one; each benefit is rounded to whole rupiah, half up, before they are added.
 */
export function priceWorker(
  rates: Rate[],
  program: Pick<Program, 'benefits' | 'declaredIncome'>,
  sector: Sector,
  period: Period,
): WorkerPrice {
  const income = new Decimal(program.declaredIncome);
  const benefits = program.benefits.map((benefit): BenefitPrice => {
    const candidates = rates.filter((r) => r.benefit === benefit);
    const rate = candidates.find((r) => r.sector === sector) ?? candidates.find((r) => r.sector === null);
    if (!rate) {
      throw new AppError(422, 'NO_RATE', `no ${benefit} rate is in force for ${period} (sector ${sector})`, [
        { path: 'period', message: `no ${benefit} contribution rate covers ${period}` },
      ]);
    }
    const amount =
      rate.percentOfIncome !== null
        ? roundRupiah(income.times(rate.percentOfIncome).dividedBy(100))
        : new Decimal(rate.flatAmount ?? 0);
    return { benefit, rateId: rate.id, amount };
  });
  return { total: benefits.reduce((acc, b) => acc.plus(b.amount), new Decimal(0)), benefits };
}
