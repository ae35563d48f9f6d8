import type { CoverageReport } from '../../modules/reports/index.js';
import { periodYear } from '../../shared/period.js';
import { Chart } from '../components/chart.js';
import type { View } from '../view.js';
import { CoverageFigures, percent, percentOf } from './reports/coverage.js';
import { REPORT_PATHS } from './reports/frame.js';

/** The province's coverage in a sentence, and how far it is from the target and what closing that costs. */
function Verdict({ view, province }: { view: View; province: CoverageReport['province'] }) {
  const { t, f } = view;
  if (province.coverage === null || province.targetRate === null || province.gapWorkers === null) return null;
  return (
    <p class="home-verdict">
      {t.home.coverageProvince(
        province.regionName,
        percent(view, province.coverage),
        percent(view, province.targetRate),
      )}{' '}
      {province.gapWorkers === 0
        ? t.home.coverageReached
        : t.home.coverageGap(f.count(province.gapWorkers), f.money(province.monthlyCostToTarget ?? '0'))}
    </p>
  );
}

/**
 * Coverage as the province counts it, from the coverage report itself: a sentence for the province, the
 * insurer's active members of each regency and city against its target as bars, and the report's table.
 */
export function Coverage({ view, coverage }: { view: View; coverage: CoverageReport }) {
  const { t, f } = view;
  const month = f.month(coverage.period);
  const all = [coverage.province, ...coverage.rows];
  const charted = coverage.rows.filter((r) => r.coverage !== null && r.targetRate !== null);
  // A table of "not recorded" and zeros says nothing the notice does not: it waits for a first figure.
  const tabled = all.some((r) => r.workers !== null || r.insured !== null || r.beneficiaries > 0);
  return (
    <section class="panel" aria-labelledby="coverage-title">
      <h2 id="coverage-title">{t.home.coverageTitle}</h2>
      <p>{t.home.coverageIntro(month)}</p>
      <Verdict view={view} province={coverage.province} />
      {charted.length > 0 ? (
        <div class={charted.length > 4 ? 'home-chart home-chart--tall' : 'home-chart'}>
          <Chart
            id="coverage-chart"
            description={t.home.coverageChart(month)}
            data={{
              kind: 'bar',
              unit: 'percent',
              horizontal: true,
              labels: charted.map((r) => r.regionName),
              series: [
                { label: t.home.coverageSeries.rate, values: charted.map((r) => percentOf(r.coverage!)) },
                {
                  label: t.home.coverageSeries.target,
                  values: charted.map((r) => percentOf(r.targetRate!)),
                },
              ],
            }}
          />
        </div>
      ) : (
        <p class="notice">
          {all.some((r) => r.workers !== null)
            ? t.reports.coverage.noInsured(month)
            : t.home.coverageNoWorkforce(periodYear(coverage.period))}
        </p>
      )}
      {tabled ? <CoverageFigures view={view} report={coverage} /> : null}
      <p>
        <a href={`${REPORT_PATHS.coverage}?period=${coverage.period}`}>{t.home.coverageReport}</a>
      </p>
    </section>
  );
}
