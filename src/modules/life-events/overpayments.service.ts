import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError, notFound } from '../../shared/errors.js';
import { DETAILS } from '../../shared/messages/index.js';
import { Decimal } from '../../shared/money.js';
import { timestamp } from '../../shared/period.js';
import { assertSourcesInScope, type Scope } from '../../shared/scope.js';
import { recordAudit } from '../audit/index.js';
import { move, postEntry } from '../ledger/index.js';
import { recordOffsetPayment } from '../payments/index.js';
import type { Overpayment, OverpaymentsQuery, SettleInput } from './life-events.schemas.js';
import * as repo from './overpayments.repository.js';

export const getOverpayment = repo.findOverpayment;
export const openClaimTotals = repo.openClaimTotals;

export function listOverpayments(
  db: Conn,
  filter: OverpaymentsQuery,
  limit: number,
  afterId: number | null,
  scope?: Scope,
): Promise<Overpayment[]> {
  return repo.selectOverpayments(db, { ...filter, scope }, limit, afterId);
}

/**
 * Settles an overpayment once. By offset the insurer keeps the money as payment of the programme's and
 * source's open months (a payment of its own, so what the next SP2D must cover is that much less); by
 * refund the money came back. Either way the claim is closed and the budget it held is released.
 */
export async function settleOverpayment(
  db: Conn,
  ctx: Ctx,
  id: number,
  input: SettleInput,
): Promise<Overpayment> {
  return inTransaction(db, async (trx) => {
    const op = await repo.findOverpayment(trx, id);
    if (!op) throw notFound('overpayment');
    assertSourcesInScope(ctx.actor.scope, [Number(op.fundingSourceId)]);
    if (op.settlement)
      throw new AppError('ALREADY_SETTLED', DETAILS.alreadySettled(id, op.settlement.method));
    const key = {
      programId: Number(op.programId),
      fundingSourceId: Number(op.fundingSourceId),
      fiscalYear: Number(op.period.slice(0, 4)),
    };
    const amount = new Decimal(op.amount);
    const payment =
      input.method === 'offset'
        ? await recordOffsetPayment(trx, ctx, {
            programId: key.programId,
            fundingSourceId: key.fundingSourceId,
            amount,
            number: `KOMPENSASI/${id}`,
            reference: input.documentRef,
          })
        : null;
    const entryId = await postEntry(trx, ctx, {
      kind: 'overpayment_settle',
      memo: `overpayment ${id} settled by ${input.method}: ${input.documentRef}`,
      sourceType: 'overpayment',
      sourceId: id,
      lines: move({ stage: 'available', ...key }, { stage: 'claim', ...key }, amount),
    });
    await repo.insertSettlement(trx, {
      overpaymentId: id,
      method: input.method,
      documentRef: input.documentRef,
      paymentId: payment ? Number(payment.id) : null,
      journalEntryId: entryId,
      by: ctx.actor.id,
      at: timestamp(ctx.clock),
    });
    await recordAudit(trx, ctx, {
      action: 'overpayment.settle',
      entity: 'overpayment',
      entityId: id,
      change: { ...input, paymentId: payment?.id ?? null },
    });
    return (await repo.findOverpayment(trx, id))!;
  });
}
