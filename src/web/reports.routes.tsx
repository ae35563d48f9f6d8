import type { Request } from 'express';
import type { FundingSource } from '../modules/funding-sources/index.js';
import {
  TOTALS_DIMENSIONS,
  type BudgetBurnReport,
  type CoverageReport,
  type RealisationReport,
  type TotalsDimension,
  type TotalsReport,
} from '../modules/reports/index.js';
import { AppError } from '../shared/errors.js';
import { currentPeriod, type Period } from '../shared/period.js';
import { ArrearsPage, type ArrearsReport } from './pages/reports/arrears.js';
import { BurnPage } from './pages/reports/burn.js';
import { CoveragePage } from './pages/reports/coverage.js';
import { REPORT_PATHS } from './pages/reports/frame.js';
import { ReportsIndexPage } from './pages/reports/index.js';
import { MonthlyPage } from './pages/reports/monthly.js';
import { RealisationPage } from './pages/reports/realisation.js';
import { TotalsPage } from './pages/reports/totals.js';
import { describeProblem, problemOf, type Refusal } from './problem-text.js';
import { asFormProblem } from './query-problem.js';
import type { PageInput, Pages } from './routing.js';

/** One value of a query parameter as a form sends it (a repeated one, as the checkboxes send, joined). */
function param(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(String).join(',');
  return undefined;
}

/**
 * Runs a report's operation; a refusal of the reader's options (a month out of range, `to` before `from`)
 * comes back as sentences for the options form instead of an error page.
 */
async function attempt<T>(
  { view }: PageInput,
  labels: Record<string, string>,
  run: () => Promise<T>,
): Promise<{ report: T | null; refusal?: Refusal }> {
  try {
    return { report: await run() };
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 400) throw err;
    const problem = asFormProblem(problemOf(err, view.lang));
    return { report: null, refusal: describeProblem(view.t, problem, labels) };
  }
}

type List<T> = { data: T[] };

/** Laporan (docs/console.md): the read-side reports, each at its own address with its options in the query. */
export function registerReportsRoutes(pages: Pages): void {
  const section = { section: 'reports' } as const;

  pages.page('/laporan', section, async ({ view }) => <ReportsIndexPage view={view} />);

  pages.page(REPORT_PATHS.totals, section, async (input) => {
    const { req, view, ctx, call } = input;
    const year = ctx.clock().year;
    const asked = (param(req, 'groupBy') ?? 'program,fundingSource').split(',');
    const query = {
      from: param(req, 'from') || `${year}-01`,
      to: param(req, 'to') || currentPeriod(ctx.clock),
      groupBy: TOTALS_DIMENSIONS.filter((d) => asked.includes(d)) as TotalsDimension[],
    };
    const words = view.t.reports.totals;
    const { report, refusal } = await attempt(
      input,
      { from: words.from, to: words.to, groupBy: words.groupBy },
      () =>
        call<TotalsReport>('totalsReport', {
          query: { ...query, groupBy: query.groupBy.join(',') || undefined },
        }),
    );
    return <TotalsPage view={view} query={query} report={report} refusal={refusal} />;
  });

  pages.page(REPORT_PATHS.arrears, section, async (input) => {
    const { req, view, ctx, call } = input;
    const query = {
      asOf: param(req, 'asOf') || currentPeriod(ctx.clock),
      minMonths: param(req, 'minMonths') || '2',
    };
    const words = view.t.reports.arrears;
    const { report, refusal } = await attempt(input, { asOf: words.asOf, minMonths: words.minMonths }, () =>
      call<ArrearsReport>('arrearsReport', { query }),
    );
    return <ArrearsPage view={view} query={query} report={report} refusal={refusal} />;
  });

  pages.page(REPORT_PATHS.coverage, section, async (input) => {
    const { req, view, ctx, call } = input;
    const period = param(req, 'period') || currentPeriod(ctx.clock);
    const { report, refusal } = await attempt(input, { period: view.t.reports.coverage.period }, () =>
      call<CoverageReport>('coverageReport', { query: { period } }),
    );
    return <CoveragePage view={view} period={period} report={report} refusal={refusal} />;
  });

  pages.page(REPORT_PATHS.burn, section, async (input) => {
    const { req, view, ctx, call } = input;
    const query = {
      fiscalYear: param(req, 'fiscalYear') || String(ctx.clock().year),
      asOf: param(req, 'asOf') ?? '',
    };
    const words = view.t.reports.burn;
    const { report, refusal } = await attempt(input, { fiscalYear: words.fiscalYear, asOf: words.asOf }, () =>
      call<BudgetBurnReport>('budgetBurnReport', {
        query: { fiscalYear: query.fiscalYear, asOf: query.asOf || undefined },
      }),
    );
    return <BurnPage view={view} query={query} report={report} refusal={refusal} />;
  });

  pages.page(REPORT_PATHS.realisation, section, async (input) => {
    const { req, view, ctx, call } = input;
    const sources = (await call<List<FundingSource>>('listFundingSources', { query: { limit: '1000' } }))
      .data;
    const query = {
      fundingSourceId: param(req, 'fundingSourceId') ?? sources[0]?.id ?? '',
      fiscalYear: param(req, 'fiscalYear') || String(ctx.clock().year),
      asOf: param(req, 'asOf') ?? '',
    };
    const words = view.t.reports.realisation;
    const { report, refusal } = await attempt(
      input,
      { fundingSourceId: words.source, fiscalYear: words.fiscalYear, asOf: words.asOf },
      () =>
        call<RealisationReport>('realisationReport', {
          query: { ...query, asOf: query.asOf || undefined },
        }),
    );
    return <RealisationPage view={view} query={query} sources={sources} report={report} refusal={refusal} />;
  });

  pages.page(REPORT_PATHS.monthly, section, async (input) => {
    const { req, view, ctx, call } = input;
    const sources = (await call<List<FundingSource>>('listFundingSources', { query: { limit: '1000' } }))
      .data;
    const query = {
      fundingSourceId: param(req, 'fundingSourceId') ?? sources[0]?.id ?? '',
      period: param(req, 'period') || currentPeriod(ctx.clock),
    };
    const source = sources.find((s) => s.id === query.fundingSourceId);
    // The document is the API's; the period is checked here the way the API checks it, by asking for it.
    const { report: period, refusal } = await attempt(
      input,
      { period: view.t.reports.monthly.period },
      async () => {
        if (!req.query.period) return null;
        await call('getPeriod', { params: { period: query.period } });
        return query.period as Period;
      },
    );
    const chosen = source && period ? { source, period } : null;
    return <MonthlyPage view={view} query={query} sources={sources} chosen={chosen} refusal={refusal} />;
  });
}
