import { z } from 'zod';
import { id, period, periodOut, rule, text } from '../../shared/fields.js';

export const billingRunBody = z.strictObject({
  period: period(),
  programId: id()
    .optional()
    .meta({ description: 'Bill one programme; without it every programme running in the period' }),
  dryRun: z
    .boolean({ error: rule('booleanType') })
    .optional()
    .meta({
      description:
        'true: the same computation and refusals, and the same answer with "dryRun": true and no id, but nothing is written (no obligation, journal entry, audit event or Idempotency-Key)',
    }),
});
export type BillingRunInput = z.output<typeof billingRunBody>;

export const cancelBody = z.strictObject({ reason: text(500) });

export const sourceAmountOut = z.object({ fundingSourceId: z.string(), amount: z.string() });

export const billingRunOut = z.object({
  id: z.string(),
  kind: z.enum(['billing', 'repricing']),
  period: periodOut(),
  programId: z.string().nullable(),
  status: z.enum(['posted', 'cancelled']),
  obligationCount: z.number(),
  totalAmount: z.string(),
  byFundingSource: z.array(sourceAmountOut),
  createdBy: z.string(),
  createdAt: z.string(),
  cancellation: z
    .object({ reason: z.string(), by: z.string(), at: z.string(), journalEntryId: z.string().nullable() })
    .nullable(),
});
export type BillingRun = z.infer<typeof billingRunOut>;

export const runAnswerOut = billingRunOut.extend({
  id: z.string().nullable().meta({ description: 'null for a dry run, which keeps nothing' }),
  dryRun: z.literal(true).optional(),
});

export const OBLIGATION_STATUSES = ['billed', 'credited', 'cancelled'] as const;

export const obligationOut = z.object({
  id: z.string(),
  runId: z.string(),
  beneficiaryId: z.string(),
  programId: z.string(),
  fundingSourceId: z.string(),
  period: periodOut(),
  amount: z.string(),
  kind: z.enum(['regular', 'adjustment', 'rebill']),
  status: z.enum(OBLIGATION_STATUSES),
  rateIds: z.string().meta({ description: 'The rate rows the amount was priced with, e.g. "JKK:4,JKM:10"' }),
});
export type Obligation = z.infer<typeof obligationOut>;

export const obligationQuery = z.object({
  period: period().optional(),
  programId: id().optional(),
  fundingSourceId: id().optional(),
  beneficiaryId: id().optional(),
  runId: id().optional(),
  status: z.enum(OBLIGATION_STATUSES).optional(),
});
export type ObligationFilter = z.output<typeof obligationQuery>;

export const obligationsByPeriodOut = z.array(
  z.object({
    period: periodOut(),
    total: z
      .string()
      .meta({ description: "The worker's contribution that month: every live share and adjustment" }),
    obligations: z.array(obligationOut),
  }),
);
