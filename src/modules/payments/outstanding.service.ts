import type { Conn } from '../../db/knex.js';
import { unknownProgramme, unknownReference } from '../../shared/errors.js';
import { FIELD } from '../../shared/messages/index.js';
import { Decimal } from '../../shared/money.js';
import { periodRange, type Period } from '../../shared/period.js';
import { billedByPeriod } from '../billing/index.js';
import { getFundingSource } from '../funding-sources/index.js';
import { getProgram } from '../programs/index.js';
import type { Outstanding, OutstandingQuery } from './payments.schemas.js';
import * as repo from './payments.repository.js';

export interface MonthFigures {
  period: Period;
  billed: Decimal;
  paid: Decimal;
  /** billed − paid, never below zero: what a payment of this month may still cover. */
  outstanding: Decimal;
}

/** Billed, paid and outstanding per month, oldest first: the figures a payment is checked and allocated against. */
export async function monthFigures(
  trx: Conn,
  programId: number,
  fundingSourceId: number,
  periods: Period[],
): Promise<MonthFigures[]> {
  const billed = await billedByPeriod(trx, programId, fundingSourceId, periods);
  const paid = await repo.paidByPeriod(trx, programId, fundingSourceId, periods);
  return periods.map((p) => {
    const b = billed.get(p) ?? new Decimal(0);
    const pd = paid.get(p) ?? new Decimal(0);
    return { period: p, billed: b, paid: pd, outstanding: Decimal.max(0, b.minus(pd)) };
  });
}

/** The programme and source a payment names, or the 422 that recordPayment answers for an unknown one. */
export async function programAndSource(trx: Conn, programId: number, fundingSourceId: number) {
  const program = await getProgram(trx, programId);
  if (!program) throw unknownProgramme();
  const source = await getFundingSource(trx, fundingSourceId);
  if (!source) throw unknownReference('fundingSource', 'fundingSourceId', FIELD.unknownFundingSource());
  return { program, source };
}

/**
 * What a payment of a programme, source and months may cover now: the same figures recordPayment checks
 * and allocates against, so a form can tell the finance officer before they submit.
 */
export async function outstandingAmount(db: Conn, input: OutstandingQuery): Promise<Outstanding> {
  const programId = Number(input.programId);
  const fundingSourceId = Number(input.fundingSourceId);
  await programAndSource(db, programId, fundingSourceId);
  const periodTo = input.periodTo ?? input.period;
  const months = await monthFigures(db, programId, fundingSourceId, periodRange(input.period, periodTo));
  const sum = (key: 'billed' | 'paid' | 'outstanding') =>
    months.reduce((acc, m) => acc.plus(m[key]), new Decimal(0)).toFixed(0);
  return {
    programId: input.programId,
    fundingSourceId: input.fundingSourceId,
    period: input.period,
    periodTo,
    billed: sum('billed'),
    paid: sum('paid'),
    outstanding: sum('outstanding'),
    byPeriod: months.map((m) => ({
      period: m.period,
      billed: m.billed.toFixed(0),
      paid: m.paid.toFixed(0),
      outstanding: m.outstanding.toFixed(0),
    })),
  };
}
