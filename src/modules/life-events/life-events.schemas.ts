import { z } from 'zod';
import { id, listQuery, periodOut, rule, text } from '../../shared/fields.js';
import { enrolmentOut } from '../beneficiaries/index.js';

export const OUTCOMES = ['cancelled', 'overpaid'] as const;
export const SETTLEMENT_METHODS = ['offset', 'refund'] as const;
export type SettlementMethod = (typeof SETTLEMENT_METHODS)[number];

export const affectedOut = z.object({
  obligationId: z.string(),
  period: periodOut(),
  fundingSourceId: z.string(),
  amount: z.string().meta({ description: 'The obligation amount, whole rupiah' }),
  outcome: z.enum(OUTCOMES).meta({
    description:
      'cancelled: it was not paid, so it is reversed and its budget released; overpaid: its month was paid, so what was paid for it is a claim on the insurer (GET /overpayments)',
  }),
});
export type Affected = z.infer<typeof affectedOut>;

export const endedEnrolmentOut = enrolmentOut.extend({
  affected: z.array(affectedOut).meta({
    description: 'The obligations of the months after endPeriod that were already billed, oldest first',
  }),
});

export const overpaymentOut = z.object({
  id: z.string(),
  obligationId: z.string(),
  enrolmentId: z.string(),
  beneficiaryId: z.string(),
  programId: z.string(),
  fundingSourceId: z.string(),
  period: periodOut(),
  amount: z.string().meta({ description: 'What was paid for a month no longer owed, whole rupiah' }),
  status: z.enum(['open', 'settled']),
  settlement: z
    .object({
      method: z.enum(SETTLEMENT_METHODS),
      documentRef: z.string(),
      paymentId: z
        .string()
        .nullable()
        .meta({ description: 'For an offset: the payment that applied it to the open months' }),
      settledBy: z.string(),
      settledAt: z.string(),
    })
    .nullable(),
  createdAt: z.string(),
});
export type Overpayment = z.infer<typeof overpaymentOut>;

export const overpaymentsQuery = listQuery.extend({
  fundingSourceId: id().optional(),
  beneficiaryId: id().optional().meta({ description: 'Only the overpayments of this person' }),
  status: z.enum(['open', 'settled'], { error: rule('oneOf') }).optional(),
});
export type OverpaymentsQuery = z.output<typeof overpaymentsQuery>;

export const settleBody = z.strictObject({
  method: z.enum(SETTLEMENT_METHODS, { error: rule('oneOf') }).meta({
    description:
      "offset: the insurer keeps the money as payment of the programme's and source's open months, oldest first (recorded as a payment numbered KOMPENSASI/{id}); refund: the insurer returned it",
  }),
  documentRef: text(200).meta({ description: 'The insurer letter or the receipt of the refund' }),
});
export type SettleInput = z.output<typeof settleBody>;
