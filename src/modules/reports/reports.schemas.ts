import { z } from 'zod';
import { exportQueryFields, period, periodOut, rule } from '../../shared/fields.js';
import { periodYear } from '../../shared/period.js';
import { TOTALS_DIMENSIONS } from './totals.dimensions.js';

/** The queries and answers of the reports (monthly report apart), as the API validates and documents them. */

export const arrearsOut = z.object({
  asOf: z.string(),
  periods: z.array(
    z.object({
      programId: z.string(),
      programCode: z.string(),
      fundingSourceId: z.string(),
      fundingSourceCode: z.string(),
      period: z.string(),
      billed: z.string(),
      paid: z.string(),
      outstanding: z.string(),
    }),
  ),
  beneficiaries: z.array(
    z.object({
      beneficiaryId: z.string(),
      programId: z.string(),
      nik: z.string(),
      name: z.string(),
      regionCode: z.string(),
      unpaidMonths: z.number(),
      oldestUnpaidPeriod: z.string(),
      amount: z.string(),
      deactivationRisk: z
        .boolean()
        .meta({ description: 'BPJS deactivates a member after 3 months of arrears' }),
      atRisk: z.boolean().meta({
        description:
          'Exactly 2 months unpaid (billed up to asOf and not fully paid): one more and BPJS deactivates the member',
      }),
      lapsed: z.boolean().meta({ description: '3 or more months unpaid: BPJS has deactivated the member' }),
    }),
  ),
});

const totalsFigures = {
  budget: z.string().nullable().meta({
    description:
      'Allocations of every fiscal year the range touches (whole years, never prorated); null when grouped by period or region',
  }),
  billed: z.string().meta({ description: 'Obligations of the months, not cancelled (adjustments included)' }),
  paid: z.string().nullable().meta({
    description:
      'Payments allocated to the months, net of reversals; null when grouped by region (payments are per programme, source and month, not per worker)',
  }),
  credited: z.string().meta({ description: 'Obligations of the months the insurer credited on a statement' }),
  outstanding: z.string().nullable().meta({ description: 'billed − paid; null where paid is' }),
  remainingBudget: z.string().nullable().meta({
    description: 'budget − everything billed (not cancelled) in those fiscal years; null where budget is',
  }),
  obligations: z.number().meta({ description: 'Count of non-cancelled obligations' }),
  beneficiaries: z.number().meta({ description: 'Distinct people with a non-cancelled obligation' }),
};

export const totalsOut = z.object({
  from: periodOut(),
  to: periodOut(),
  groupBy: z.array(z.enum(TOTALS_DIMENSIONS)),
  rows: z.array(
    z.object({
      programId: z.string().optional(),
      programCode: z.string().optional(),
      fundingSourceId: z.string().optional(),
      fundingSourceCode: z.string().optional(),
      period: z.string().optional(),
      regionCode: z.string().optional(),
      regionName: z.string().optional(),
      ...totalsFigures,
    }),
  ),
  total: z.object(totalsFigures),
});

export const totalsQuery = z
  .object({
    from: period(),
    to: period(),
    groupBy: z
      .string()
      .meta({
        description:
          'Comma-separated: program, fundingSource, period, region (default program,fundingSource)',
        examples: ['program,fundingSource'],
      })
      .default('program,fundingSource')
      .transform((s) => s.split(',').map((d) => d.trim()))
      .pipe(z.array(z.enum(TOTALS_DIMENSIONS, { error: rule('oneOf') })).min(1))
      .transform((asked) => TOTALS_DIMENSIONS.filter((d) => asked.includes(d))),
    ...exportQueryFields,
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: rule('notBefore'), params: { other: 'from' } });

export const budgetBurnOut = z.object({
  fiscalYear: z.number(),
  asOf: z.string(),
  rows: z.array(
    z.object({
      programId: z.string(),
      programCode: z.string(),
      fundingSourceId: z.string(),
      fundingSourceCode: z.string(),
      ceiling: z.string().meta({ description: 'Allocations of the fiscal year (pagu)' }),
      committed: z.string().meta({ description: 'Billed in the fiscal year, not cancelled' }),
      paid: z.string().meta({ description: 'Paid for months of the fiscal year, net of reversals' }),
      remaining: z.string().meta({ description: 'ceiling − committed' }),
      enrolments: z.number().meta({ description: 'Enrolments of the programme in force in asOf' }),
      runRate: z.string().meta({ description: "This source's share of a month of those enrolments" }),
      costPerWorker: z.string().meta({
        description: "This source's share of a month of one more worker (sector other)",
      }),
      forecastMonths: z.array(z.string()).meta({
        description: 'Months after asOf to December the programme runs in and not yet billed for this source',
      }),
      projectedSpend: z.string().meta({ description: 'runRate × forecast months' }),
      projectedBalance: z
        .string()
        .meta({ description: 'remaining − projectedSpend (negative: a shortfall)' }),
      runsOutIn: z.string().nullable().meta({
        description:
          'First forecast month whose cumulative run-rate exceeds remaining; null if none or no run-rate',
      }),
      workersCoverable: z.number().nullable().meta({
        description: 'floor(remaining / (costPerWorker × forecast months)); null without forecast months',
      }),
      additionalWorkers: z.number().nullable().meta({
        description:
          'Workers the remainder could add on top of the current ones: floor(max(0, projectedBalance) / (costPerWorker × forecast months))',
      }),
    }),
  ),
});

export const budgetBurnQuery = z
  .object({
    fiscalYear: z
      .string({ error: rule('yearType') })
      .regex(/^20[0-9]{2}$/, rule('year'))
      .transform(Number),
    asOf: period()
      .optional()
      .meta({ description: 'Default: the current month, clamped into the fiscal year' }),
    ...exportQueryFields,
  })
  .refine((q) => q.asOf === undefined || periodYear(q.asOf) === q.fiscalYear, {
    path: ['asOf'],
    message: rule('monthOfFiscalYear'),
  });

const coverageFigures = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  workers: z
    .number()
    .nullable()
    .meta({ description: "The region's workforce that year; null if not recorded" }),
  beneficiaries: z.number().meta({ description: 'Distinct people enrolled in the month, any programme' }),
  rate: z.string().nullable().meta({ description: 'beneficiaries / workers, 4 decimals' }),
  targetRate: z.string().nullable(),
  gap: z.number().nullable().meta({ description: 'max(0, ceil(targetRate × workers) − beneficiaries)' }),
  insured: z.number().nullable().meta({
    description:
      "The insurer's count of all active members (wage and non-wage) living in the region that month (PUT /insured-counts); null if not recorded",
  }),
  coverage: z
    .string()
    .nullable()
    .meta({ description: 'insured / workers, 4 decimals, as the province counts coverage' }),
  gapWorkers: z.number().nullable().meta({
    description: 'max(0, ceil(targetRate × workers) − insured), exact decimal arithmetic; null without both',
  }),
  monthlyCostToTarget: z.string().nullable().meta({
    description: 'gapWorkers (gap where no insured count is recorded) × pricePerWorker, the standing rate',
  }),
  yearlyCostToTarget: z.string().nullable().meta({ description: '12 × monthlyCostToTarget' }),
  isDemo: z
    .boolean()
    .meta({ description: 'The workforce figure or the insured count is demonstration data' }),
});

export const coverageOut = z.object({
  period: z.string(),
  pricePerWorker: z.string().meta({
    description:
      'One worker of no particular sector at the lowest declared income (1000000), JKK + JKM, at the standing (open-ended) rates, never a temporary relief: 16800 under the schedule of docs/domain.md',
  }),
  rows: z.array(coverageFigures),
  province: coverageFigures,
});

export const arrearsQuery = z.object({
  asOf: period(),
  minMonths: z
    .string()
    .regex(/^[1-9][0-9]?$/, rule('wholeNumber1to99'))
    .transform(Number)
    .optional(),
  limit: z
    .string()
    .regex(/^[0-9]{1,6}$/, rule('wholeNumber'))
    .transform((n) => Math.min(Math.max(Number(n), 1), 10000))
    .optional(),
  ...exportQueryFields,
});

export const coverageQuery = z.object({ period: period(), ...exportQueryFields });
