import { z } from 'zod';
import { listQuery, period, periodOut, rule, text } from '../../shared/fields.js';

/** More people than live in Indonesia is a typing error, not a workforce. */
const MAX_WORKERS = 1_000_000_000;

export const YEAR_PATTERN = /^20[0-9]{2}$/;

export const putWorkforceBody = z.strictObject({
  workers: z
    .int({ error: rule('workersType') })
    .min(0, rule('notNegative'))
    .max(MAX_WORKERS, rule('atMost'))
    .meta({
      description: 'Workers in the region that year (a count, so a JSON integer)',
      examples: [1300000],
    }),
  targetRate: z
    .string({ error: rule('targetRateType') })
    .regex(/^(0(\.[0-9]{1,6})?|1(\.0{1,6})?)$/, rule('targetRate'))
    .meta({ description: 'Share of the workforce the region aims to cover', examples: ['0.55'] }),
});
export type PutWorkforceInput = z.output<typeof putWorkforceBody>;

export const putInsuredCountBody = z.strictObject({
  insured: z
    .int({ error: rule('workersType') })
    .min(0, rule('notNegative'))
    .max(MAX_WORKERS, rule('atMost'))
    .meta({
      description: 'Active members (wage and non-wage) living in the region, as the insurer counts them',
      examples: [539000],
    }),
  documentRef: text(200).meta({
    description: "The insurer's letter or report the count comes from",
    examples: ['BPJS Ketenagakerjaan Kanwil Sumbagteng 123/2026'],
  }),
});
export type PutInsuredCountInput = z.output<typeof putInsuredCountBody>;

export const insuredCountsQuery = listQuery.extend({
  period: period().optional().meta({ description: 'Only the counts of this month' }),
});

export const insuredCountOut = z.object({
  regionCode: z.string(),
  period: periodOut(),
  insured: z.number(),
  documentRef: z.string(),
  isDemo: z.boolean().meta({ description: 'Loaded as demonstration data, not entered by a user' }),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type InsuredCount = z.infer<typeof insuredCountOut>;

export const workforceQuery = listQuery.extend({
  year: z.string().regex(YEAR_PATTERN, rule('year')).transform(Number).optional(),
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
