import { z } from 'zod';
import { text } from '../../http/validation.js';

export const LEVELS = ['province', 'regency', 'city', 'village', 'other'] as const;

export const createFundingSourceBody = z.strictObject({
  code: z
    .string({ error: 'must be a string' })
    .regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/, 'must be 1 to 64 upper-case letters, digits and . _ -'),
  name: text(200),
  level: z.enum(LEVELS, { error: `must be one of ${LEVELS.join(', ')}` }),
  regionCode: z
    .string({ error: 'must be a region code such as "15" or "15.08"' })
    .regex(/^[0-9]{2}(\.[0-9]{2})?$/, 'must be a region code such as "15" or "15.08"'),
  budgetLine: z
    .string()
    .trim()
    .max(64)
    .optional()
    .meta({ description: 'Spending line, e.g. 5.1.02.02.02.0006' }),
  fourEyes: z
    .boolean({ error: 'must be true or false' })
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
