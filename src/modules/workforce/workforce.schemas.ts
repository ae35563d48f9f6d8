import { z } from 'zod';
import { listQuery } from '../../http/validation.js';

/** More people than live in Indonesia is a typing error, not a workforce. */
const MAX_WORKERS = 1_000_000_000;

export const YEAR_PATTERN = /^20[0-9]{2}$/;

export const putWorkforceBody = z.strictObject({
  workers: z
    .int({ error: 'must be a whole number of workers (a JSON integer)' })
    .min(0, 'must not be negative')
    .max(MAX_WORKERS, `must be at most ${MAX_WORKERS}`)
    .meta({
      description: 'Workers in the region that year (a count, so a JSON integer)',
      examples: [1300000],
    }),
  targetRate: z
    .string({ error: 'must be a decimal fraction string such as "0.55"' })
    .regex(
      /^(0(\.[0-9]{1,6})?|1(\.0{1,6})?)$/,
      'must be a decimal fraction from 0 to 1 with at most 6 decimals, e.g. "0.55"',
    )
    .meta({ description: 'Share of the workforce the region aims to cover', examples: ['0.55'] }),
});
export type PutWorkforceInput = z.output<typeof putWorkforceBody>;

export const workforceQuery = listQuery.extend({
  year: z.string().regex(YEAR_PATTERN, 'must be a year from 2000 to 2099').transform(Number).optional(),
});

export const workforceOut = z.object({
  regionCode: z.string(),
  year: z.number(),
  workers: z.number(),
  targetRate: z.string(),
  isDemo: z.boolean().meta({ description: 'Loaded as demonstration data, not entered by a user' }),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type Workforce = z.infer<typeof workforceOut>;
