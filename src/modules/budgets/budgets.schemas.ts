import { z } from 'zod';
import { id, isoDate, money, rule, text } from '../../shared/fields.js';

export const ALLOCATION_KINDS = ['original', 'amendment'] as const;
export const LINE_BENEFITS = ['JKK', 'JKM', 'JHT'] as const;

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
  benefit: z
    .enum(LINE_BENEFITS, { error: rule('oneOf') })
    .optional()
    .meta({
      description:
        'Keeps the budget per benefit (kode rekening); all allocations of a programme, source and year name a benefit or none does (409 MIXED_BUDGET_LINES)',
    }),
  kind: z
    .enum(ALLOCATION_KINDS, { error: rule('oneOf') })
    .optional()
    .meta({
      description:
        'original (APBD murni, the DPA) or amendment (APBD-P); by default the first allocation of a line is original and later ones amendments',
    }),
  documentDate: isoDate().optional().meta({ description: 'Date of the DPA or amendment document' }),
});
export type CreateAllocationInput = z.output<typeof createAllocationBody>;

export const allocationOut = z.object({
  id: z.string(),
  programId: z.string(),
  fundingSourceId: z.string(),
  fiscalYear: z.number(),
  amount: z.string(),
  documentRef: z.string(),
  benefit: z.enum(LINE_BENEFITS).nullable(),
  kind: z.enum(ALLOCATION_KINDS),
  documentDate: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Allocation = z.infer<typeof allocationOut>;

export const budgetLineOut = z.object({
  programId: z.string(),
  fundingSourceId: z.string(),
  fiscalYear: z.number(),
  benefit: z.enum(LINE_BENEFITS).nullable().meta({ description: 'null for a pooled line' }),
  accountCode: z
    .string()
    .nullable()
    .meta({ description: "The source's kode rekening of the benefit; null for a pooled line" }),
  original: z.string().meta({ description: 'Original allocations (APBD murni)' }),
  amended: z.string().meta({ description: 'original + amendments (APBD-P)' }),
  allocated: z.string(),
  billed: z.string().meta({ description: "On a benefit line, that benefit's part of the bills" }),
  paid: z.string().meta({ description: "On a benefit line, that benefit's part of the payments" }),
  remaining: z.string(),
});
