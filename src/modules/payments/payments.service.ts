import { assertSourcesInScope } from '../../shared/scope.js';
import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError, invalid, notFound } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { Decimal, splitByWeights, toDb } from '../../shared/money.js';
import { periodRange, periodYear, timestamp, today, type Period } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';
import { entryOf, move, postEntry, reverseEntry, type PostingLine } from '../ledger/index.js';
import { monthBenefits } from '../billing/index.js';
import { assertOpen } from '../periods/index.js';
import { monthFigures, programAndSource } from './outstanding.service.js';
import type { CreatePaymentInput, Payment, Reversal } from './payments.schemas.js';
import * as repo from './payments.repository.js';

interface Allocation {
  period: Period;
  amount: Decimal;
}

/** Outstanding per month (billed − paid), oldest first; the payment fills the oldest month first. */
async function allocate(
  trx: Conn,
  programId: number,
  fundingSourceId: number,
  periods: Period[],
  amount: Decimal,
): Promise<Allocation[]> {
  const outstanding = (await monthFigures(trx, programId, fundingSourceId, periods)).map((m) => ({
    period: m.period,
    amount: m.outstanding,
  }));
  const total = outstanding.reduce((acc, o) => acc.plus(o.amount), new Decimal(0));
  if (amount.gt(total)) {
    const range = periods.length > 1 ? `${periods[0]}..${periods[periods.length - 1]}` : periods[0];
    throw new AppError(
      'OVERPAYMENT',
      DETAILS.overpayment(amount.toFixed(0), total.toFixed(0), range ?? ''),
      [{ path: 'amount', message: FIELD.notExceedOutstanding({ outstanding: total.toFixed(0) }) }],
      {
        outstanding: total.toFixed(0),
        outstandingByPeriod: outstanding.map((o) => ({ period: o.period, amount: o.amount.toFixed(0) })),
      },
    );
  }
  const out: Allocation[] = [];
  let left = amount;
  for (const o of outstanding) {
    if (left.isZero()) break;
    const take = Decimal.min(left, o.amount);
    if (take.gt(0)) out.push({ period: o.period, amount: take });
    left = left.minus(take);
  }
  return out;
}

/**
 * Dr paid / Cr committed per month paid, each month's amount split over benefits (kode rekening) in
 * proportion to what the month bills per benefit, by largest remainder: the postings of a benefit say how
 * much of the payment is spent on its account, and a payment's benefits always add up to the payment.
 */
async function paidLines(
  trx: Conn,
  programId: number,
  fundingSourceId: number,
  allocations: Allocation[],
): Promise<PostingLine[]> {
  const lines: PostingLine[] = [];
  for (const a of allocations) {
    const key = { programId, fundingSourceId, fiscalYear: periodYear(a.period) };
    const billed = [...(await monthBenefits(trx, programId, fundingSourceId, a.period))].filter(([, v]) =>
      v.gt(0),
    );
    const parts =
      billed.length > 0
        ? splitByWeights(
            a.amount,
            billed.map(([, v]) => v),
          )
        : [a.amount];
    parts.forEach((part, i) => {
      const benefit = billed[i]?.[0];
      for (const line of move({ stage: 'paid', ...key }, { stage: 'committed', ...key }, part))
        lines.push({ ...line, benefit });
    });
  }
  return lines;
}

/** Allocates and books a payment that counts now (recorded without four eyes, or just approved). */
export async function bookPayment(trx: Conn, ctx: Ctx, payment: Payment): Promise<void> {
  const programId = Number(payment.programId);
  const fundingSourceId = Number(payment.fundingSourceId);
  const allocations = await allocate(
    trx,
    programId,
    fundingSourceId,
    periodRange(payment.period, payment.periodTo),
    new Decimal(payment.amount),
  );
  await repo.insertAllocations(trx, Number(payment.id), programId, fundingSourceId, allocations);
  await postEntry(trx, ctx, {
    kind: 'payment',
    memo: `SP2D ${payment.sp2dNumber} ${payment.period}${payment.periodTo !== payment.period ? `..${payment.periodTo}` : ''}`,
    sourceType: 'payment',
    sourceId: payment.id,
    lines: await paidLines(trx, programId, fundingSourceId, allocations),
  });
}

export async function recordPayment(db: Conn, ctx: Ctx, input: CreatePaymentInput): Promise<Payment> {
  return inTransaction(db, async (trx) => {
    const periodTo = input.periodTo ?? input.period;
    assertSourcesInScope(ctx.actor.scope, [Number(input.fundingSourceId)]);
    await assertOpen(trx, input.period, periodTo);
    const { program, source } = await programAndSource(
      trx,
      Number(input.programId),
      Number(input.fundingSourceId),
    );
    if (input.paidOn > today(ctx.clock)) {
      throw invalid([{ path: 'paidOn', message: FIELD.notInFuture() }]);
    }
    if (Number(input.paidOn.slice(0, 4)) < periodYear(input.period)) {
      throw invalid([
        { path: 'paidOn', message: FIELD.notBeforePeriodYear({ year: periodYear(input.period) }) },
      ]);
    }
    if (await repo.sp2dExists(trx, input.sp2dNumber)) {
      throw new AppError('DUPLICATE_SP2D', DETAILS.duplicateSp2d(input.sp2dNumber));
    }
    const id = await repo.insertPayment(trx, {
      program_id: Number(program.id),
      funding_source_id: Number(source.id),
      period: input.period,
      period_to: periodTo,
      amount: toDb(new Decimal(input.amount)),
      paid_on: input.paidOn,
      sp2d_number: input.sp2dNumber,
      reference: input.reference ?? null,
      spm_number: input.spmNumber ?? null,
      spm_date: input.spmDate ?? null,
      invoice_ref: input.invoiceRef ?? null,
      requires_approval: source.fourEyes,
      recorded_by: ctx.actor.id,
      created_at: timestamp(ctx.clock),
    });
    let payment = (await repo.getPayment(trx, id))!;
    if (source.fourEyes) {
      // Checked now so a finance officer hears at once; checked again, and booked, at approval.
      await allocate(
        trx,
        Number(program.id),
        Number(source.id),
        periodRange(input.period, periodTo),
        new Decimal(input.amount),
      );
    } else {
      await bookPayment(trx, ctx, payment);
      payment = (await repo.getPayment(trx, id))!;
    }
    await recordAudit(trx, ctx, { action: 'payment.record', entity: 'payment', entityId: id, change: input });
    return payment;
  });
}

/** A payment awaiting four-eyes approval, checked for the second person: the approver or the rejecter. */
async function awaitingSecondPerson(trx: Conn, ctx: Ctx, id: number): Promise<Payment> {
  const payment = await repo.getPayment(trx, id);
  if (!payment) throw notFound('payment');
  assertSourcesInScope(ctx.actor.scope, [Number(payment.fundingSourceId)]);
  if (!payment.requiresApproval) throw new AppError('APPROVAL_NOT_REQUIRED', DETAILS.approvalNotRequired);
  if (payment.status !== 'pending_approval')
    throw new AppError('NOT_PENDING', DETAILS.notPending(payment.status));
  if (payment.recordedBy === ctx.actor.id) throw new AppError('SAME_PERSON', DETAILS.samePerson);
  return payment;
}

export async function approvePayment(db: Conn, ctx: Ctx, id: number): Promise<Payment> {
  return inTransaction(db, async (trx) => {
    const payment = await awaitingSecondPerson(trx, ctx, id);
    await assertOpen(trx, payment.period, payment.periodTo);
    await repo.insertApproval(trx, id, ctx.actor.id, timestamp(ctx.clock));
    await bookPayment(trx, ctx, payment);
    await recordAudit(trx, ctx, {
      action: 'payment.approve',
      entity: 'payment',
      entityId: id,
      change: { sp2dNumber: payment.sp2dNumber },
    });
    return (await repo.getPayment(trx, id))!;
  });
}

/** The second person refuses a payment awaiting approval: it never counts, and no money moves. */
export async function rejectPayment(db: Conn, ctx: Ctx, id: number, reason: string): Promise<Payment> {
  return inTransaction(db, async (trx) => {
    const payment = await awaitingSecondPerson(trx, ctx, id);
    await repo.insertRejection(trx, { paymentId: id, reason, by: ctx.actor.id, at: timestamp(ctx.clock) });
    await recordAudit(trx, ctx, {
      action: 'payment.reject',
      entity: 'payment',
      entityId: id,
      change: { sp2dNumber: payment.sp2dNumber, reason },
    });
    return (await repo.getPayment(trx, id))!;
  });
}

export async function reversePayment(db: Conn, ctx: Ctx, id: number, reason: string): Promise<Reversal> {
  return inTransaction(db, async (trx) => {
    const payment = await repo.getPayment(trx, id);
    if (!payment) throw notFound('payment');
    assertSourcesInScope(ctx.actor.scope, [Number(payment.fundingSourceId)]);
    if (payment.status === 'reversed') throw new AppError('ALREADY_REVERSED', DETAILS.alreadyReversed(id));
    if (payment.status === 'pending_approval')
      throw new AppError('AWAITING_APPROVAL', DETAILS.awaitingApproval);
    if (payment.status === 'rejected') throw new AppError('NOT_PENDING', DETAILS.notPending(payment.status));
    await assertOpen(trx, payment.period, payment.periodTo);
    const entry = await entryOf(trx, { type: 'payment', id, kind: 'payment' });
    const entryId = entry
      ? await reverseEntry(
          trx,
          ctx,
          entry,
          'payment_reversal',
          `reverse SP2D ${payment.sp2dNumber}: ${reason}`,
        )
      : null;
    await repo.insertAllocations(
      trx,
      id,
      Number(payment.programId),
      Number(payment.fundingSourceId),
      payment.allocations.map((a) => ({ period: a.period, amount: new Decimal(a.amount).negated() })),
    );
    const reversal = await repo.insertReversal(trx, {
      payment_id: id,
      reason,
      journal_entry_id: entryId,
      created_by: ctx.actor.id,
      created_at: timestamp(ctx.clock),
    });
    await recordAudit(trx, ctx, {
      action: 'payment.reverse',
      entity: 'payment',
      entityId: id,
      change: { reason },
    });
    return { ...reversal, amount: payment.amount };
  });
}

/** For billing: a run cannot be cancelled while any month and source it billed has money paid. */
export async function paidGuard(
  trx: Conn,
  keys: { programId: number; fundingSourceId: number }[],
  period: Period,
): Promise<string | null> {
  for (const k of keys) {
    const paid =
      (await repo.paidByPeriod(trx, k.programId, k.fundingSourceId, [period])).get(period) ?? new Decimal(0);
    if (paid.gt(0))
      return `${paid.toFixed(0)} paid for programme ${k.programId}, source ${k.fundingSourceId}, ${period}`;
  }
  return null;
}

export { getPayment, listPayments, paidTotals } from './payments.repository.js';
export { outstandingAmount } from './outstanding.service.js';
