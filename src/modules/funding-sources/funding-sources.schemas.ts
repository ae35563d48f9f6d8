import { z } from 'zod';
import { rule, text } from '../../shared/fields.js';

export const LEVELS = ['province', 'regency', 'city', 'village', 'other'] as const;

export const createFundingSourceBody = z.strictObject({
  code: z.string({ error: rule('stringType') }).regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/, rule('code')),
  name: text(200),
  level: z.enum(LEVELS, { error: rule('oneOf') }),
  regionCode: z.string({ error: rule('regionCode') }).regex(/^[0-9]{2}(\.[0-9]{2})?$/, rule('regionCode')),
  budgetLine: z
    .string()
    .trim()
    .max(64)
    .optional()
    .meta({ description: 'Spending line, e.g. 5.1.02.02.02.0006' }),
  fourEyes: z
    .boolean({ error: rule('booleanType') })
    .optional()
    .meta({ description: 'Payments need a second finance officer to approve' }),
});
export type CreateFundingSourceInput = z.output<typeof createFundingSourceBody>;

export const fundingSourceOut = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  level: z.enum(LEVELS),
  regionCode: z.string(),
  budgetLine: z.string().nullable(),
  fourEyes: z.boolean(),
  createdAt: z.string(),
});
export type FundingSource = z.infer<typeof fundingSourceOut>;
