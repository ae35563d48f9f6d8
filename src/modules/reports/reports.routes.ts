import type { Api } from '../../http/api.js';
import { DOWNLOADS } from '../../shared/fields.js';
import { currentPeriod, timestamp, yearEnd, yearStart } from '../../shared/period.js';
import { arrearsTables } from './arrears.export.js';
import { arrearsReport } from './arrears.service.js';
import { budgetBurnTable, coverageTable, totalsTable } from './reports.export.js';
import { budgetBurnReport } from './budget-burn.service.js';
import { coverageReport } from './coverage.service.js';
import {
  arrearsOut,
  arrearsQuery,
  budgetBurnOut,
  budgetBurnQuery,
  coverageOut,
  coverageQuery,
  totalsOut,
  totalsQuery,
} from './reports.schemas.js';
import { describeFilters, writeDownload } from '../tables/index.js';
import { totalsReport } from './totals.service.js';

export function registerReportRoutes(api: Api): void {
  api.route({
    operationId: 'arrearsReport',
    method: 'get',
    path: '/reports/arrears',
    tag: 'reports',
    summary: 'Arrears',
    description:
      'Billed months up to asOf not fully paid, per programme and funding source; and the beneficiaries with 2 or more unpaid months (BPJS deactivates a member after 3), so a program manager can act before coverage lapses. format=xlsx (or Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) downloads both tables as two sheets, "Bulan tertunggak" and "Peserta menunggak" (English names with lang=en); format=csv (or Accept: text/csv) downloads them as two sections of one file, each under its own title, filter and produced-at lines, separated by an empty line. Money cells are whole rupiah: numbers formatted "Rp " in the workbook, plain digits in the CSV.',
    access: 'anyRole',
    query: arrearsQuery,
    responses: {
      200: {
        description: 'The arrears (JSON), or the CSV or XLSX download the format asks for',
        schema: arrearsOut,
        downloads: DOWNLOADS,
      },
    },
    handler: async ({ query, ctx, db, download, res, recordDownload }) => {
      const report = await arrearsReport(db, query.asOf, {
        minMonths: query.minMonths ?? 2,
        limit: query.limit ?? 1000,
        maskNiks: ctx.actor.role === 'auditor',
        scope: ctx.actor.scope,
      });
      if (!download.format) return { status: 200, body: report };
      const tables = arrearsTables(report, describeFilters(query), timestamp(ctx.clock));
      return writeDownload(res, download.format, download.lang, tables, {
        fileName: `arrears-${query.asOf}`,
        audit: recordDownload,
      });
    },
  });
  api.route({
    operationId: 'totalsReport',
    method: 'get',
    path: '/reports/totals',
    tag: 'reports',
    summary: 'Totals',
    description:
      "For the months from..to, per group (groupBy: any of program, fundingSource, period, region, the beneficiary's registered regency or city): billed, paid, credited, outstanding, obligations and distinct beneficiaries; with budget (allocations of every fiscal year the range touches, whole years) and remainingBudget (budget − everything billed in those fiscal years). A grouping by period or region splits a budget line, so budget and remainingBudget are null, in the rows and in the total. Payments are made per programme, source and month for the collective account, not per worker, so a grouping by region shows paid and outstanding as null too (a partly paid month is never prorated). Within the caller's scope every figure is summed over its funding sources and regions; a scope of regions splits budget lines and payments as a grouping by region does, so budget, remainingBudget, paid and outstanding are null for it. Rows are ordered by programme id, funding source id, period, region code; the total counts each person once. A range covers at most 120 months; a wider one is a 400 RANGE_TOO_LARGE naming the limit.",
    access: 'anyRole',
    query: totalsQuery,
    errors: ['RANGE_TOO_LARGE'],
    responses: {
      200: {
        description: 'The totals (JSON), or the CSV or XLSX download the format asks for',
        schema: totalsOut,
        downloads: DOWNLOADS,
      },
    },
    handler: async ({ query, ctx, db, download, res, recordDownload }) => {
      const report = await totalsReport(db, query.from, query.to, query.groupBy, ctx.actor.scope);
      if (!download.format) return { status: 200, body: report };
      const table = totalsTable(report, describeFilters(query), timestamp(ctx.clock));
      return writeDownload(res, download.format, download.lang, table, {
        fileName: `totals-${query.from}-${query.to}`,
        audit: recordDownload,
      });
    },
  });
  api.route({
    operationId: 'budgetBurnReport',
    method: 'get',
    path: '/reports/budget-burn',
    tag: 'reports',
    summary: 'Budget burn and forecast',
    description:
      "Per programme and funding source of a fiscal year: the ceiling, what is billed (committed) and paid, what remains, and a forecast. The run-rate is the enrolments in force in asOf (default: the current month, clamped into the fiscal year) priced per sector at asOf's rates, this source's share. The forecast months are those after asOf to December that the programme runs in and that are not billed yet for the source (billed months are already in committed), each billed at the run-rate; runsOutIn is the first of them whose cumulative spend exceeds the remaining ceiling (null if none does or the run-rate is 0). workersCoverable = floor(remaining / (costPerWorker × forecast months)), costPerWorker being the source's share of one worker of sector other at asOf's rates; additionalWorkers counts the same on what is left after the current enrolments' projected spend. A caller limited to funding sources sees their lines whole; one limited to regions alone sees no line (a budget line is never split by region).",
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
    handler: async ({ query, ctx, db, download, res, recordDownload }) => {
      const first = yearStart(query.fiscalYear);
      const last = yearEnd(query.fiscalYear);
      const now = currentPeriod(ctx.clock);
      const asOf = query.asOf ?? (now < first ? first : now > last ? last : now);
      const report = await budgetBurnReport(db, query.fiscalYear, asOf, ctx.actor.scope);
      if (!download.format) return { status: 200, body: report };
      // The filter line names the month the forecast starts from, also when it was left to the default.
      const table = budgetBurnTable(report, describeFilters({ ...query, asOf }), timestamp(ctx.clock));
      return writeDownload(res, download.format, download.lang, table, {
        fileName: `budget-burn-${query.fiscalYear}-${asOf}`,
        audit: recordDownload,
      });
    },
  });
  api.route({
    operationId: 'coverageReport',
    method: 'get',
    path: '/reports/coverage',
    tag: 'reports',
    summary: 'Coverage',
    description:
      "Per regency and city, and for the province: the people enrolled in the month (any programme, by their registered region; the province counts everyone once) against the workforce recorded for the month's year (PUT /workforce), the coverage rate, the gap to the target rate and what closing it would cost a month. Without a recorded workforce, workers, rate, targetRate, gap and monthlyCostToTarget are null. A user limited to regions sees only their rows, and a province row counting the people of the scope without a workforce.",
    access: 'anyRole',
    query: coverageQuery,
    responses: {
      200: {
        description: 'Coverage by region (JSON), or the CSV or XLSX download the format asks for',
        schema: coverageOut,
        downloads: DOWNLOADS,
      },
    },
    handler: async ({ query, ctx, db, download, res, recordDownload }) => {
      const report = await coverageReport(db, query.period, ctx.actor.scope);
      if (!download.format) return { status: 200, body: report };
      const table = coverageTable(report, describeFilters(query), timestamp(ctx.clock));
      return writeDownload(res, download.format, download.lang, table, {
        fileName: `coverage-${query.period}`,
        audit: recordDownload,
      });
    },
  });
}
