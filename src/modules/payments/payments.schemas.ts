import { z } from 'zod';
import { id, isoDate, money, period, text } from '../../http/validation.js';
import { monthsBetween } from '../../shared/period.js';

export const createPaymentBody = z
  .strictObject({
    programId: id(),
    fundingSourceId: id(),
    period: period(),
    periodTo: period().optional().meta({
      description:
        'Advance or multi-month payment: covers period..periodTo, allocated to the oldest outstanding month first',
    }),
    amount: money('positive'),
    paidOn: isoDate().meta({ description: 'Date of the SP2D disbursement (Asia/Jakarta)' }),
    sp2dNumber: z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .regex(/^[A-Za-z0-9./_ -]+$/, 'may contain letters, digits, spaces and . / _ -'),
    reference: z.string().trim().max(200).optional(),
  })
  .refine((p) => !p.periodTo || p.periodTo >= p.period, {
    message: 'must not be before period',
    path: ['periodTo'],
  })
  .refine((p) => !p.periodTo || monthsBetween(p.period, p.periodTo) < 12, {
    message: 'must cover at most 12 months (BPJS accepts payment up to 12 months ahead)',
    path: ['periodTo'],
  });
export type CreatePaymentInput = z.output<typeof createPaymentBody>;

export const reasonBody = z.strictObject({ reason: text(500) });

export const PAYMENT_STATUSES = ['pending_approval', 'paid', 'reversed'] as const;

export const paymentOut = z.object({
  id: z.string(),
  programId: z.string(),
  fundingSourceId: z.string(),
  period: z.string(),
  periodTo: z.string(),
  amount: z.string(),
  paidOn: z.string(),
  sp2dNumber: z.string(),
  reference: z.string().nullable(),
  status: z.enum(PAYMENT_STATUSES),
  requiresApproval: z.boolean(),
  allocations: z.array(z.object({ period: z.string(), amount: z.string() })),
  recordedBy: z.string(),
  approvedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type Payment = z.infer<typeof paymentOut>;

export const reversalOut = z.object({
  id: z.string(),
  paymentId: z.string(),
  reason: z.string(),
  amount: z.string(),
  journalEntryId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Reversal = z.infer<typeof reversalOut>;

export const paymentQuery = z.object({
  period: period().optional().meta({ description: 'Payments allocated to, or covering, this month' }),
  programId: id().optional(),
  fundingSourceId: id().optional(),
  status: z.enum(PAYMENT_STATUSES).optional(),
});
