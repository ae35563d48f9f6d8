import type { CoverageReport } from '../../modules/reports/index.js';
import { Decimal } from '../../shared/money.js';
import { periodYear } from '../../shared/period.js';
import { Chart } from '../components/chart.js';
import { DataTable } from '../components/forms.js';
import type { View } from '../view.js';

type Figures = CoverageReport['rows'][number];

/** A rate of the report (`0.4123`) as the chart's percentage (`41.23`), exact; null stays a gap. */
const asPercent = (rate: string | null) => (rate === null ? null : new Decimal(rate).times(100).toFixed(2));

function Row({ view, row, name }: { view: View; row: Figures; name: string }) {
  const { t, f } = view;
  const rate = (value: string | null) => (value === null ? '–' : t.home.percent(value));
  const below = row.rate !== null && row.targetRate !== null && new Decimal(row.rate).lt(row.targetRate);
  return (
    <tr>
      <th scope="row">{name}</th>
      <td class="num">
        {row.workers === null ? t.home.notRecorded : `${f.count(row.workers)}${row.isDemo ? ' *' : ''}`}
      </td>
      <td class="num">{f.count(row.beneficiaries)}</td>
      <td class={below ? 'num home-negative' : 'num'}>{rate(row.rate)}</td>
      <td class="num">{rate(row.targetRate)}</td>
      <td class="num">{row.gap === null ? '–' : f.count(row.gap)}</td>
      <td class="num">{row.monthlyCostToTarget === null ? '–' : f.money(row.monthlyCostToTarget)}</td>
    </tr>
  );
}

/** Coverage of each regency and city against its target: a bar chart with the target line, and its table. */
export function Coverage({ view, coverage }: { view: View; coverage: CoverageReport }) {
  const { t, f } = view;
  const month = f.month(coverage.period);
  const c = t.home.coverageColumns;
  const charted = coverage.rows.filter((r) => r.rate !== null);
  const { province } = coverage;
  // A table of "not recorded" and zeros says nothing the notice does not: it waits for a first figure.
  const tabled = [province, ...coverage.rows].some((r) => r.workers !== null || r.beneficiaries > 0);
  return (
    <section class="panel" aria-labelledby="coverage-title">
      <h2 id="coverage-title">{t.home.coverageTitle}</h2>
      <p>{t.home.coverageIntro(month)}</p>
      {province.rate !== null && province.targetRate !== null ? (
        <p class="home-verdict">
          {t.home.coverageProvince(
            province.regionName,
            t.home.percent(province.rate),
            t.home.percent(province.targetRate),
          )}
        </p>
      ) : null}
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
                { label: t.home.coverageSeries.rate, values: charted.map((r) => asPercent(r.rate)) },
                { label: t.home.coverageSeries.target, values: charted.map((r) => asPercent(r.targetRate)) },
              ],
            }}
          />
        </div>
      ) : (
        <p class="notice">{t.home.coverageNoWorkforce(periodYear(coverage.period))}</p>
      )}
      {tabled ? (
        <DataTable id="coverage-table" caption={t.home.coverageCaption(month)}>
          <thead>
            <tr>
              <th scope="col">{t.home.columns.region}</th>
              <th scope="col" class="num">
                {c.workers}
              </th>
              <th scope="col" class="num">
                {c.beneficiaries}
              </th>
              <th scope="col" class="num">
                {c.rate}
              </th>
              <th scope="col" class="num">
                {c.target}
              </th>
              <th scope="col" class="num">
                {c.gap}
              </th>
              <th scope="col" class="num">
                {c.cost}
              </th>
            </tr>
          </thead>
          <tbody>
            {coverage.rows.map((row) => (
              <Row key={row.regionCode} view={view} row={row} name={row.regionName} />
            ))}
          </tbody>
          <tfoot>
            <Row view={view} row={province} name={t.home.province(province.regionName)} />
          </tfoot>
        </DataTable>
      ) : null}
      {[province, ...coverage.rows].some((r) => r.isDemo) ? <p class="small">{t.home.coverageDemo}</p> : null}
    </section>
  );
}
