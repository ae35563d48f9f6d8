import type { Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { toDb, type Decimal } from '../../shared/money.js';
import { timestamp, today } from '../../shared/period.js';
import { billedPeriodsOf } from '../billing/index.js';
import { assertOpen, closedPeriods } from '../periods/index.js';
import type { Payment } from './payments.schemas.js';
import { bookPayment } from './payments.service.js';
import * as repo from './payments.repository.js';

/**
 * Pays a programme's and source's open billed months, oldest first, with money the insurer already holds
 * (an overpayment settled by offset). It is a payment like an SP2D's, numbered `number` instead, so every
 * report, the journal and what the next SP2D may still cover all count it; more than the open months owe is
 * a 422 OVERPAYMENT, as for an SP2D. It needs no second officer: no money leaves the treasury.
 */
export async function recordOffsetPayment(
  trx: Conn,
  ctx: Ctx,
  input: { programId: number; fundingSourceId: number; amount: Decimal; number: string; reference: string },
): Promise<Payment> {
  const billed = await billedPeriodsOf(trx, input.programId, input.fundingSourceId);
  const closed = new Set(billed.length > 0 ? await closedPeriods(trx, billed[0]!, null) : []);
  const open = billed.filter((p) => !closed.has(p));
  const [from, to] = [open[0], open[open.length - 1]];
  if (from === undefined || to === undefined) {
    throw new AppError('OVERPAYMENT', DETAILS.nothingToOffset(input.amount.toFixed(0)), [
      { path: 'method', message: FIELD.notExceedOutstanding({ outstanding: '0' }) },
    ]);
  }
  await assertOpen(trx, from, to);
  const id = await repo.insertPayment(trx, {
    program_id: input.programId,
    funding_source_id: input.fundingSourceId,
    period: from,
    period_to: to,
    amount: toDb(input.amount),
    paid_on: today(ctx.clock),
    sp2d_number: input.number,
    reference: input.reference,
    requires_approval: false,
    recorded_by: ctx.actor.id,
    created_at: timestamp(ctx.clock),
  });
  await bookPayment(trx, ctx, (await repo.getPayment(trx, id))!);
  return (await repo.getPayment(trx, id))!;
}
