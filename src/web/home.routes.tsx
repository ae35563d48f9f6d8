import type { FundingSource } from '../modules/funding-sources/index.js';
import type { Program } from '../modules/programs/index.js';
import type { BudgetBurnReport, CoverageReport, TotalsReport } from '../modules/reports/index.js';
import { addMonths, currentPeriod, periodYear, yearEnd, yearStart, type Period } from '../shared/period.js';
import { HomePage } from './pages/home.js';
import type { PageInput, Pages } from './routing.js';

/** Lists on the Beranda show at most this many programmes; a province runs a handful. */
const PROGRAMS_SHOWN = '100';

type List<T> = { data: T[] };

/** `?tahun=2026`; anything else (absent, mistyped) shows the current fiscal year. */
function fiscalYearOf(asked: unknown, current: number): number {
  return typeof asked === 'string' && /^20[0-9]{2}$/.test(asked) ? Number(asked) : current;
}

/** The years the selector offers: from the first programme's year (or this year's) to next year. */
function selectableYears(programs: Program[], current: number, shown: number): number[] {
  const first = Math.min(current, shown, ...programs.map((p) => periodYear(p.startPeriod)));
  const last = Math.max(current + 1, shown);
  return Array.from({ length: last - first + 1 }, (_, i) => last - i);
}

/** Whether the insurer's count of active members is recorded for any row of a coverage report. */
const counted = (report: CoverageReport) => [report.province, ...report.rows].some((r) => r.insured !== null);

/**
 * The coverage report of `month`, or of the month before when only that one has the insurer's count: the
 * count comes by letter after its month ends, so early in a month the last count is last month's. Either way
 * the panel names the month it speaks of; without a count in either, it is `month`'s, gaps marked.
 */
async function latestCoverage(call: PageInput['call'], month: Period): Promise<CoverageReport> {
  const report = await call<CoverageReport>('coverageReport', { query: { period: month } });
  if (counted(report)) return report;
  const before = await call<CoverageReport>('coverageReport', { query: { period: addMonths(month, -1) } });
  return counted(before) ? before : report;
}

export function registerHomeRoutes(pages: Pages): void {
  pages.page('/', { section: 'home' }, async ({ view, req, ctx, call }) => {
    const now = currentPeriod(ctx.clock);
    const fiscalYear = fiscalYearOf(req.query.tahun, periodYear(now));
    const from = yearStart(fiscalYear);
    const to = yearEnd(fiscalYear);
    // The month the forecast and the coverage speak of: this month, or the year's nearest end (for the
    // coverage, the month before when only that one has the insurer's count).
    const asOf: Period = now < from ? from : now > to ? to : now;
    const [lines, months, burn, coverage, programs, sources] = await Promise.all([
      call<TotalsReport>('totalsReport', { query: { from, to, groupBy: 'program,fundingSource' } }),
      call<TotalsReport>('totalsReport', { query: { from, to, groupBy: 'program,fundingSource,period' } }),
      call<BudgetBurnReport>('budgetBurnReport', { query: { fiscalYear: String(fiscalYear), asOf } }),
      latestCoverage(call, asOf),
      call<List<Program>>('listPrograms', { query: { limit: PROGRAMS_SHOWN } }),
      call<List<FundingSource>>('listFundingSources', { query: { limit: '1000' } }),
    ]);
    return (
      <HomePage
        view={view}
        fiscalYear={fiscalYear}
        years={selectableYears(programs.data, periodYear(now), fiscalYear)}
        lines={lines}
        months={months}
        burn={burn}
        coverage={coverage}
        programs={programs.data}
        sources={new Map(sources.data.map((s) => [s.id, s]))}
      />
    );
  });
}
