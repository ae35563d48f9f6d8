import { z } from 'zod';
import { id, isoDate, money, period, periodOut, rule, text } from '../../shared/fields.js';
import { monthsBetween } from '../../shared/period.js';

/** An SP2D or SPM number as a finance office writes it: `0012/SP2D-LS/DISNAKER/2026`. */
const documentNumber = () =>
  z
    .string({ error: rule('stringType') })
    .trim()
    .min(1, rule('notEmpty'))
    .max(100, rule('tooLong'))
    .regex(/^[A-Za-z0-9./_ -]+$/, rule('sp2dCharacters'));

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
    sp2dNumber: documentNumber(),
    reference: z.string().trim().max(200).optional(),
    spmNumber: documentNumber()
      .optional()
      .meta({ description: 'The SPM (Surat Perintah Membayar) the SP2D was issued on' }),
    spmDate: isoDate().optional().meta({ description: 'Date of the SPM; not after paidOn' }),
    invoiceRef: text(200)
      .optional()
      .meta({ description: "The insurer's invoice (tagihan) the payment settles" }),
  })
  .refine((p) => !p.spmDate || p.spmDate <= p.paidOn, {
    message: rule('notAfter'),
    params: { other: 'paidOn' },
    path: ['spmDate'],
  })
  .refine((p) => !p.periodTo || p.periodTo >= p.period, {
    message: rule('notBefore'),
    params: { other: 'period' },
    path: ['periodTo'],
  })
  .refine((p) => !p.periodTo || monthsBetween(p.period, p.periodTo) < 12, {
    message: rule('atMost12Months'),
    path: ['periodTo'],
  });
export type CreatePaymentInput = z.output<typeof createPaymentBody>;

export const outstandingQuery = z
  .object({
    programId: id(),
    fundingSourceId: id(),
    period: period(),
    periodTo: period().optional().meta({ description: 'The last month of a range; without it, one month' }),
  })
  .refine((q) => !q.periodTo || q.periodTo >= q.period, {
    message: rule('notBefore'),
    params: { other: 'period' },
    path: ['periodTo'],
  })
  .refine((q) => !q.periodTo || monthsBetween(q.period, q.periodTo) < 12, {
    message: rule('atMost12Months'),
    path: ['periodTo'],
  });
export type OutstandingQuery = z.output<typeof outstandingQuery>;

const monthFiguresOut = {
  billed: z.string().meta({ description: 'Obligations of the months, not cancelled' }),
  paid: z.string().meta({
    description: 'Payments allocated to the months, net of reversals (a payment awaiting approval is not)',
  }),
  outstanding: z.string().meta({
    description: 'billed − paid per month, never below zero: the most a payment of these months may be',
  }),
};

export const outstandingOut = z.object({
  programId: z.string(),
  fundingSourceId: z.string(),
  period: periodOut(),
  periodTo: periodOut(),
  ...monthFiguresOut,
  byPeriod: z.array(z.object({ period: periodOut(), ...monthFiguresOut })),
});
export type Outstanding = z.infer<typeof outstandingOut>;

export const reasonBody = z.strictObject({ reason: text(500) });

export const PAYMENT_STATUSES = ['pending_approval', 'paid', 'reversed', 'rejected'] as const;

export const paymentOut = z.object({
  id: z.string(),
  programId: z.string(),
  fundingSourceId: z.string(),
  period: periodOut(),
  periodTo: periodOut(),
  amount: z.string(),
  paidOn: z.string(),
  sp2dNumber: z.string(),
  reference: z.string().nullable(),
  spmNumber: z.string().nullable(),
  spmDate: z.string().nullable(),
  invoiceRef: z.string().nullable(),
  status: z.enum(PAYMENT_STATUSES),
  requiresApproval: z.boolean(),
  allocations: z.array(z.object({ period: periodOut(), amount: z.string() })),
  recordedBy: z.string(),
  approvedBy: z.string().nullable(),
  rejection: z
    .object({ by: z.string(), reason: z.string() })
    .nullable()
    .meta({ description: 'Set when the second finance officer rejected the payment; it never counted' }),
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
