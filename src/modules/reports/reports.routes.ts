import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { sendTable } from '../../http/export.js';
import { DOWNLOADS, describeFilters, downloadFormat, exportQueryFields } from '../../http/export-format.js';
import { period } from '../../http/validation.js';
import { currentPeriod, periodYear, timestamp } from '../../shared/period.js';
import { arrearsTables } from './arrears.export.js';
import { arrearsReport } from './arrears.service.js';
import { budgetBurnTable, coverageTable, totalsTable } from './reports.export.js';
import { budgetBurnReport } from './budget-burn.service.js';
import { coverageReport } from './coverage.service.js';
import { TOTALS_DIMENSIONS, totalsReport } from './totals.service.js';

const arrearsOut = z.object({
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

const totalsOut = z.object({
  from: z.string(),
  to: z.string(),
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

const totalsQuery = z
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
      .pipe(
        z
          .array(z.enum(TOTALS_DIMENSIONS, { error: 'must be program, fundingSource, period or region' }))
          .min(1),
      )
      .transform((asked) => TOTALS_DIMENSIONS.filter((d) => asked.includes(d))),
    ...exportQueryFields,
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' });

const budgetBurnOut = z.object({
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

const budgetBurnQuery = z
  .object({
    fiscalYear: z
      .string({ error: 'must be a fiscal year such as 2026' })
      .regex(/^20[0-9]{2}$/, 'must be a fiscal year from 2000 to 2099')
      .transform(Number),
    asOf: period()
      .optional()
      .meta({ description: 'Default: the current month, clamped into the fiscal year' }),
    ...exportQueryFields,
  })
  .refine((q) => q.asOf === undefined || periodYear(q.asOf) === q.fiscalYear, {
    path: ['asOf'],
    message: 'must be a month of the fiscal year',
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
  monthlyCostToTarget: z.string().nullable().meta({ description: 'gap × pricePerWorker' }),
  isDemo: z.boolean().meta({ description: 'The workforce figure is demonstration data' }),
});

const coverageOut = z.object({
  period: z.string(),
  pricePerWorker: z.string().meta({
    description:
      'One worker of no particular sector at the lowest declared income (1000000), JKK + JKM, that month',
  }),
  rows: z.array(coverageFigures),
  province: coverageFigures,
});

export function registerReportRoutes(api: Api): void {
  api.route({
    method: 'get',
    path: '/reports/arrears',
    tag: 'reports',
    summary: 'Arrears',
    description:
      'Billed months up to asOf not fully paid, per programme and funding source; and the beneficiaries with 2 or more unpaid months (BPJS deactivates a member after 3), so a program manager can act before coverage lapses. format=xlsx (or Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) downloads both tables as two sheets, "Bulan tertunggak" and "Peserta menunggak" (English names with lang=en); format=csv (or Accept: text/csv) downloads them as two sections of one file, each under its own title, filter and produced-at lines, separated by an empty line. Money cells are whole rupiah: numbers formatted "Rp " in the workbook, plain digits in the CSV.',
    access: 'anyRole',
    query: z.object({
      asOf: period(),
      minMonths: z
        .string()
        .regex(/^[1-9][0-9]?$/, 'must be a whole number from 1 to 99')
        .transform(Number)
        .optional(),
      limit: z
        .string()
        .regex(/^[0-9]{1,6}$/, 'must be a whole number')
        .transform((n) => Math.min(Math.max(Number(n), 1), 10000))
        .optional(),
      ...exportQueryFields,
    }),
    responses: {
      200: {
        description: 'The arrears (JSON), or the CSV or XLSX download the format asks for',
        schema: arrearsOut,
        downloads: DOWNLOADS,
      },
    },
    handler: async ({ query, ctx, db, req, res, recordDownload }) => {
      const report = await arrearsReport(db, query.asOf, {
        minMonths: query.minMonths ?? 2,
        limit: query.limit ?? 1000,
        maskNiks: ctx.actor.role === 'auditor',
      });
      if (!downloadFormat(req)) return { status: 200, body: report };
      const tables = arrearsTables(report, describeFilters(query), timestamp(ctx.clock));
      return sendTable(req, res, tables, { fileName: `arrears-${query.asOf}`, audit: recordDownload });
    },
  });
  api.route({
    method: 'get',
    path: '/reports/totals',
    tag: 'reports',
    summary: 'Totals',
    description:
      "For the months from..to, per group (groupBy: any of program, fundingSource, period, region, the beneficiary's registered regency or city): billed, paid, credited, outstanding, obligations and distinct beneficiaries; with budget (allocations of every fiscal year the range touches, whole years) and remainingBudget (budget − everything billed in those fiscal years). A grouping by period or region splits a budget line, so budget and remainingBudget are null, in the rows and in the total. Payments are made per programme, source and month for the collective account, not per worker, so a grouping by region shows paid and outstanding as null too (a partly paid month is never prorated). Rows are ordered by programme id, funding source id, period, region code; the total counts each person once.",
    access: 'anyRole',
    query: totalsQuery,
    responses: {
      200: {
        description: 'The totals (JSON), or the CSV or XLSX download the format asks for',
        schema: totalsOut,
        downloads: DOWNLOADS,
      },
    },
    handler: async ({ query, ctx, db, req, res, recordDownload }) => {
      const report = await totalsReport(db, query.from, query.to, query.groupBy);
      if (!downloadFormat(req)) return { status: 200, body: report };
      const table = totalsTable(report, describeFilters(query), timestamp(ctx.clock));
      return sendTable(req, res, table, {
        fileName: `totals-${query.from}-${query.to}`,
        audit: recordDownload,
      });
    },
  });
  api.route({
    method: 'get',
    path: '/reports/budget-burn',
    tag: 'reports',
    summary: 'Budget burn and forecast',
    description:
      "Per programme and funding source of a fiscal year: the ceiling, what is billed (committed) and paid, what remains, and a forecast. The run-rate is the enrolments in force in asOf (default: the current month, clamped into the fiscal year) priced per sector at asOf's rates, this source's share. The forecast months are those after asOf to December that the programme runs in and that are not billed yet for the source (billed months are already in committed), each billed at the run-rate; runsOutIn is the first of them whose cumulative spend exceeds the remaining ceiling (null if none does or the run-rate is 0). workersCoverable = floor(remaining / (costPerWorker × forecast months)), costPerWorker being the source's share of one worker of sector other at asOf's rates; additionalWorkers counts the same on what is left after the current enrolments' projected spend.",
    access: 'anyRole',
    query: budgetBurnQuery,
    responses: {
      200: {
        description:
          'The budget burn per programme and source (JSON), or the CSV or XLSX download the format asks for',
        schema: budgetBurnOut,
        downloads: DOWNLOADS,
      },
    },
    handler: async ({ query, ctx, db, req, res, recordDownload }) => {
      const first = `${query.fiscalYear}-01`;
      const last = `${query.fiscalYear}-12`;
      const now = currentPeriod(ctx.clock);
      const asOf = query.asOf ?? (now < first ? first : now > last ? last : now);
      const report = await budgetBurnReport(db, query.fiscalYear, asOf);
      if (!downloadFormat(req)) return { status: 200, body: report };
      // The filter line names the month the forecast starts from, also when it was left to the default.
      const table = budgetBurnTable(report, describeFilters({ ...query, asOf }), timestamp(ctx.clock));
      return sendTable(req, res, table, {
        fileName: `budget-burn-${query.fiscalYear}-${asOf}`,
        audit: recordDownload,
      });
    },
  });
  api.route({
    method: 'get',
    path: '/reports/coverage',
    tag: 'reports',
    summary: 'Coverage',
    description:
      "Per regency and city, and for the province: the people enrolled in the month (any programme, by their registered region; the province counts everyone once) against the workforce recorded for the month's year (PUT /workforce), the coverage rate, the gap to the target rate and what closing it would cost a month. Without a recorded workforce, workers, rate, targetRate, gap and monthlyCostToTarget are null.",
    access: 'anyRole',
    query: z.object({ period: period(), ...exportQueryFields }),
    responses: {
      200: {
        description: 'Coverage by region (JSON), or the CSV or XLSX download the format asks for',
        schema: coverageOut,
        downloads: DOWNLOADS,
      },
    },
    handler: async ({ query, ctx, db, req, res, recordDownload }) => {
      const report = await coverageReport(db, query.period);
      if (!downloadFormat(req)) return { status: 200, body: report };
      const table = coverageTable(report, describeFilters(query), timestamp(ctx.clock));
      return sendTable(req, res, table, { fileName: `coverage-${query.period}`, audit: recordDownload });
    },
  });
}
