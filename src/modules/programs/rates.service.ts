import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError, invalid, notFound } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { Decimal, fromDb, roundRupiah, splitByShares, toDb } from '../../shared/money.js';
import { timestamp, type Period } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';
import { assertOpen } from '../periods/index.js';
import type {
  Benefit,
  CorrectRateInput,
  CreateRateInput,
  Program,
  Rate,
  Sector,
} from './programs.schemas.js';

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
    effectiveFrom: r.effective_from as Period,
    effectiveTo: (r.effective_to as Period | null) ?? null,
    legalBasis: (r.legal_basis as string | null) ?? null,
    createdAt: r.created_at as string,
    supersededById:
      r.superseded_by_id === null || r.superseded_by_id === undefined ? null : String(r.superseded_by_id),
    correctionReason: (r.correction_reason as string | null) ?? null,
  };
}

function inForce(q: ReturnType<Conn>, period: Period) {
  return q
    .whereNull('superseded_by_id')
    .where('effective_from', '<=', period)
    .andWhere((w) => w.whereNull('effective_to').orWhere('effective_to', '>=', period));
}

/** The live row of the same benefit and sector whose range meets `from`..`to`, other than `exceptId`. */
async function overlappingRate(
  trx: Conn,
  benefit: Benefit,
  sector: string | null,
  from: Period,
  to: Period | null,
  exceptId?: number,
) {
  const q = trx('contribution_rates')
    .where({ benefit })
    .whereNull('superseded_by_id')
    .andWhere((w) => (sector ? w.where('sector', sector) : w.whereNull('sector')))
    .where('effective_from', '<=', to ?? OPEN_END)
    .andWhere((w) => w.whereNull('effective_to').orWhere('effective_to', '>=', from));
  if (exceptId !== undefined) q.whereNot('id', exceptId);
  const row = await q.first();
  if (row) {
    const other = toRate(row);
    throw new AppError(
      'RATE_OVERLAP',
      DETAILS.rateOverlap(
        other.id,
        `${other.benefit}, ${other.sector ?? 'all sectors'}`,
        other.effectiveFrom,
        other.effectiveTo,
      ),
      undefined,
      { conflictingRate: other },
    );
  }
}

function rateRow(
  input: Omit<CreateRateInput, 'benefit' | 'sector'> & { benefit: Benefit; sector: string | null },
  createdAt: string,
) {
  return {
    benefit: input.benefit,
    sector: input.sector,
    percent_of_income:
      input.percentOfIncome === undefined ? null : new Decimal(input.percentOfIncome).toString(),
    flat_amount: input.flatAmount === undefined ? null : toDb(new Decimal(input.flatAmount)),
    effective_from: input.effectiveFrom,
    effective_to: input.effectiveTo ?? null,
    legal_basis: input.legalBasis ?? null,
    created_at: createdAt,
  };
}

/** The amount a rate carries: exactly one of the two, as given. */
function amountOf(r: {
  percentOfIncome?: string | null | undefined;
  flatAmount?: string | null | undefined;
}) {
  if (r.percentOfIncome !== undefined && r.percentOfIncome !== null)
    return { percentOfIncome: r.percentOfIncome };
  return r.flatAmount !== undefined && r.flatAmount !== null ? { flatAmount: r.flatAmount } : {};
}

export async function createRate(db: Conn, ctx: Ctx, input: CreateRateInput): Promise<Rate> {
  return inTransaction(db, async (trx) => {
    await assertOpen(trx, input.effectiveFrom, input.effectiveTo ?? null);
    await overlappingRate(
      trx,
      input.benefit,
      input.sector ?? null,
      input.effectiveFrom,
      input.effectiveTo ?? null,
    );
    const [row] = await trx('contribution_rates')
      .insert(rateRow({ ...input, sector: input.sector ?? null }, timestamp(ctx.clock)))
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

/**
 * Corrects a rate: a new row replaces it for the (possibly changed) range; the old row stays, marked as
 * superseded, so bills already priced with it remain reproducible. Touching a closed month is refused.
 * Billed months are then repriced by a repricing run, which books only the differences.
 */
export async function correctRate(
  db: Conn,
  ctx: Ctx,
  id: number,
  input: CorrectRateInput,
): Promise<{ rate: Rate; superseded: Rate }> {
  return inTransaction(db, async (trx) => {
    const row = await trx('contribution_rates').where({ id }).first();
    if (!row) throw notFound('contributionRate');
    const old = toRate(row);
    if (old.supersededById)
      throw new AppError('RATE_SUPERSEDED', DETAILS.rateSuperseded(id, old.supersededById));
    const from = input.effectiveFrom ?? old.effectiveFrom;
    const to = input.effectiveTo === undefined ? old.effectiveTo : input.effectiveTo;
    if (to !== null && to < from) {
      throw invalid([{ path: 'effectiveTo', message: FIELD.notBefore({ other: 'effectiveFrom' }) }]);
    }
    await assertOpen(
      trx,
      from < old.effectiveFrom ? from : old.effectiveFrom,
      to === null || old.effectiveTo === null ? null : to > old.effectiveTo ? to : old.effectiveTo,
    );
    await overlappingRate(trx, old.benefit, old.sector, from, to, id);
    const [created] = await trx('contribution_rates')
      .insert(
        rateRow(
          {
            benefit: old.benefit,
            sector: old.sector,
            ...amountOf(input.percentOfIncome === undefined && input.flatAmount === undefined ? old : input),
            effectiveFrom: from,
            ...(to !== null ? { effectiveTo: to } : {}),
            ...((input.legalBasis ?? old.legalBasis)
              ? { legalBasis: input.legalBasis ?? old.legalBasis! }
              : {}),
          },
          timestamp(ctx.clock),
        ),
      )
      .returning('*');
    const rate = toRate(created);
    await trx('contribution_rates')
      .where({ id })
      .update({ superseded_by_id: Number(rate.id), correction_reason: input.reason });
    await recordAudit(trx, ctx, {
      action: 'rate.correct',
      entity: 'contribution_rate',
      entityId: id,
      change: { ...input, replacedBy: rate.id },
    });
    return { rate, superseded: toRate(await trx('contribution_rates').where({ id }).first()) };
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

/**
 * The standing rates: each benefit's general row that is open-ended. A relief (PP 49/2020, PP 50/2025) is a
 * row with an end, so these are what a worker costs when no temporary discount applies; where a benefit has
 * no open-ended row, its rate in force in `period` stands in.
 */
export async function standingRates(db: Conn, period: Period): Promise<Rate[]> {
  const open = (
    await db('contribution_rates').whereNull('superseded_by_id').whereNull('sector').whereNull('effective_to')
  ).map(toRate);
  const current = (await ratesInForce(db, period)).filter(
    (r) => r.sector === null && !open.some((o) => o.benefit === r.benefit),
  );
  return [...open, ...current];
}

/** The rate rows of these ids, superseded or not: what a price recorded as its rate_ids was computed from. */
export async function ratesById(db: Conn, ids: readonly number[]): Promise<Rate[]> {
  if (ids.length === 0) return [];
  return (await db('contribution_rates').whereIn('id', ids).orderBy('id')).map(toRate);
}

/** One benefit's monthly amount for a worker of this declared income, rounded to whole rupiah, half up. */
export function benefitAmount(rate: Rate, declaredIncome: string): Decimal {
  return rate.percentOfIncome !== null
    ? roundRupiah(new Decimal(declaredIncome).times(rate.percentOfIncome).dividedBy(100))
    : new Decimal(rate.flatAmount ?? 0);
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
  const benefits = program.benefits.map((benefit): BenefitPrice => {
    const candidates = rates.filter((r) => r.benefit === benefit);
    const rate = candidates.find((r) => r.sector === sector) ?? candidates.find((r) => r.sector === null);
    if (!rate) {
      throw new AppError('NO_RATE', DETAILS.noRate(benefit, period, sector), [
        { path: 'period', message: FIELD.noRateCovers({ benefit, period }) },
      ]);
    }
    return { benefit, rateId: rate.id, amount: benefitAmount(rate, program.declaredIncome) };
  });
  return { total: benefits.reduce((acc, b) => acc.plus(b.amount), new Decimal(0)), benefits };
}

/**
 * A worker's price and each funding share's part of it, in the programme's share order, split by largest
 * remainder so the parts always add up to the worker's contribution.
 */
export function priceShares(
  rates: Rate[],
  program: Pick<Program, 'benefits' | 'declaredIncome' | 'fundingShares'>,
  sector: Sector,
  period: Period,
): WorkerPrice & { shares: Decimal[] } {
  const price = priceWorker(rates, program, sector, period);
  const shares = splitByShares(
    price.total,
    program.fundingShares.map((s) => new Decimal(s.share)),
  );
  return { ...price, shares };
}
