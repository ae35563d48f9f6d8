import type { CoverageReport } from '../../../modules/reports/index.js';
import { Decimal } from '../../../shared/money.js';
import type { Period } from '../../../shared/period.js';
import { Chart } from '../../components/chart.js';
import { DataTable, TextField } from '../../components/forms.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { Downloads, REPORT_PATHS, ReportFilters, ReportFrame } from './frame.js';

type Figures = CoverageReport['province'];

/** A rate (`0.5500`) in percent with two decimals, with the reader's decimal mark. */
const percentOf = (rate: string) => new Decimal(rate).times(100).toFixed(2);
const percent = (view: View, rate: string | null) =>
  rate === null ? view.t.reports.none : `${percentOf(rate).replace('.', view.lang === 'id' ? ',' : '.')}%`;

function Cells({ view, row }: { view: View; row: Figures }) {
  const { t, f } = view;
  return (
    <>
      <td class="num">
        {row.workers === null ? (
          <span class="muted">{t.reports.coverage.notRecorded}</span>
        ) : (
          <>
            {f.count(row.workers)}
            {row.isDemo ? <span class="tag">{t.reports.coverage.demo}</span> : null}
          </>
        )}
      </td>
      <td class="num">{f.count(row.beneficiaries)}</td>
      <td class="num">{percent(view, row.rate)}</td>
      <td class="num">{percent(view, row.targetRate)}</td>
      <td class="num">{row.gap === null ? t.reports.none : f.count(row.gap)}</td>
      <td class="num">
        {row.monthlyCostToTarget === null ? t.reports.none : f.money(row.monthlyCostToTarget)}
      </td>
    </>
  );
}

function CoverageTable({ view, report }: { view: View; report: CoverageReport }) {
  const { t, f } = view;
  const c = t.reports.coverage.columns;
  const month = f.month(report.period);
  const charted = report.rows.filter((r) => r.rate !== null && r.targetRate !== null);
  return (
    <>
      {charted.length > 0 ? (
        <Chart
          id="coverage-chart"
          description={t.reports.coverage.chartLabel(month)}
          data={{
            kind: 'bar',
            unit: 'percent',
            labels: charted.map((r) => r.regionName),
            series: [
              { label: t.reports.coverage.series.rate, values: charted.map((r) => percentOf(r.rate!)) },
              {
                label: t.reports.coverage.series.target,
                values: charted.map((r) => percentOf(r.targetRate!)),
              },
            ],
          }}
        />
      ) : null}
      <DataTable id="coverage-table" caption={t.reports.coverage.caption(month)}>
        <thead>
          <tr>
            <th scope="col">{c.region}</th>
            {[c.workers, c.beneficiaries, c.rate, c.target, c.gap, c.monthlyCost].map((name) => (
              <th key={name} scope="col" class="num">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.regionCode}>
              <th scope="row">
                {row.regionName} <span class="muted">({row.regionCode})</span>
              </th>
              <Cells view={view} row={row} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{report.province.regionName}</th>
            <Cells view={view} row={report.province} />
          </tr>
        </tfoot>
      </DataTable>
      <p class="small">{t.reports.coverage.price(f.money(report.pricePerWorker))}</p>
      {[report.province, ...report.rows].some((r) => r.isDemo) ? (
        <p class="small">{t.reports.coverage.demoNote}</p>
      ) : null}
    </>
  );
}

/** Cakupan: members against the workforce and the target per regency and city, pictured as bars. */
export function CoveragePage({
  view,
  period,
  report,
  refusal,
}: {
  view: View;
  period: string;
  report: CoverageReport | null;
  refusal?: Refusal | undefined;
}) {
  const { t, f } = view;
  const words = t.reports.coverage;
  return (
    <ReportFrame
      view={view}
      tab="coverage"
      title={words.title}
      subtitle={report ? words.subtitle(f.month(report.period as Period)) : undefined}
      refusal={refusal}
      charts={report !== null}
    >
      <ReportFilters view={view} action={REPORT_PATHS.coverage}>
        <TextField
          view={view}
          name="period"
          type="month"
          label={words.period}
          value={period}
          error={refusal?.byField.period}
          width="field__input--month"
        />
      </ReportFilters>
      {report ? (
        <>
          <Downloads
            view={view}
            apiPath="/reports/coverage"
            what={words.title}
            query={{ period: report.period }}
          />
          <CoverageTable view={view} report={report} />
        </>
      ) : null}
    </ReportFrame>
  );
}
