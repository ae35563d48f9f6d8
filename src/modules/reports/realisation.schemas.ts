import { z } from 'zod';
import { exportQueryFields, id, isoDate, rule } from '../../shared/fields.js';

export const realisationQuery = z
  .object({
    fundingSourceId: id(),
    fiscalYear: z
      .string({ error: rule('yearType') })
      .regex(/^20[0-9]{2}$/, rule('year'))
      .transform(Number),
    asOf: isoDate()
      .optional()
      .meta({ description: 'The last SP2D date counted; default today, clamped into the fiscal year' }),
    ...exportQueryFields,
  })
  .refine((q) => q.asOf === undefined || Number(q.asOf.slice(0, 4)) === q.fiscalYear, {
    path: ['asOf'],
    message: rule('dateOfFiscalYear'),
  });

const figures = {
  original: z.string().nullable().meta({ description: 'Original allocations (APBD murni)' }),
  amended: z.string().nullable().meta({ description: 'original + amendments (APBD-P)' }),
  realisedThisMonth: z.string().meta({ description: 'Paid by SP2D dated in the month of asOf' }),
  realisedToDate: z.string().meta({ description: 'Paid by SP2D dated from 1 January to asOf' }),
  remaining: z.string().nullable().meta({ description: 'Sisa pagu: amended − realisedToDate' }),
  percent: z
    .string()
    .nullable()
    .meta({ description: '100 × realisedToDate / amended, half-up to two decimals; null without a budget' }),
};

export const realisationRowOut = z.object({
  programId: z.string(),
  programCode: z.string(),
  programName: z.string(),
  benefit: z
    .enum(['JKK', 'JKM', 'JHT'])
    .nullable()
    .meta({ description: "null: a pooled line's budget with the programme's whole realisation" }),
  accountCode: z.string().nullable(),
  ...figures,
});

export const realisationOut = z.object({
  fundingSourceId: z.string(),
  fundingSourceCode: z.string(),
  fundingSourceName: z.string(),
  fiscalYear: z.number(),
  asOf: z.string(),
  rows: z.array(realisationRowOut),
  total: z.object(figures),
});
export type RealisationReport = z.infer<typeof realisationOut>;
export type RealisationRow = z.infer<typeof realisationRowOut>;
