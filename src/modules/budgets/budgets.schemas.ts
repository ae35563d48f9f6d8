import { z } from 'zod';
import { id, money, rule, text } from '../../shared/fields.js';

export const fiscalYear = () =>
  z
    .number({ error: rule('yearType') })
    .int(rule('yearType'))
    .min(2000, rule('yearFrom2000'))
    .max(2099, rule('yearTo2099'));

export const createAllocationBody = z.strictObject({
  programId: id(),
  fundingSourceId: id(),
  fiscalYear: fiscalYear(),
  amount: money('nonZero').meta({
    description:
      'Whole rupiah; an amendment (APBD-P) is another allocation and may be negative while the total stays at or above what is billed',
  }),
  documentRef: text(200).meta({ description: 'DPA or amendment document number' }),
});
export type CreateAllocationInput = z.output<typeof createAllocationBody>;

export const allocationOut = z.object({
  id: z.string(),
  programId: z.string(),
  fundingSourceId: z.string(),
  fiscalYear: z.number(),
  amount: z.string(),
  documentRef: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Allocation = z.infer<typeof allocationOut>;

export const budgetLineOut = z.object({
  programId: z.string(),
  fundingSourceId: z.string(),
  fiscalYear: z.number(),
  allocated: z.string(),
  billed: z.string(),
  paid: z.string(),
  remaining: z.string(),
});
