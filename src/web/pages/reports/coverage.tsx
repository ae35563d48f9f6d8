import type { CoverageReport } from '../../../modules/reports/index.js';
import { Decimal } from '../../../shared/money.js';
import type { Period } from '../../../shared/period.js';
import { Chart } from '../../components/chart.js';
import { DataTable, TextField } from '../../components/forms.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { Downloads, REPORT_PATHS, ReportFilters, ReportFrame, decimalOf, moneyOr } from './frame.js';

type Figures = CoverageReport['province'];

/** A rate (`0.5500`) in percent with two decimals, as a chart reads it (`55.00`). */
export const percentOf = (rate: string) => new Decimal(rate).times(100).toFixed(2);
/** A rate in percent with two decimals and the reader's decimal mark (`55,00%`), or a dash. */
export const percent = (view: View, rate: string | null) =>
  rate === null ? view.t.reports.none : `${decimalOf(view, percentOf(rate))}%`;

/** A count, or a muted "not recorded" where the region has none for the period. */
function CountOr({ view, value }: { view: View; value: number | null }) {
  return value === null ? (
    <span class="muted">{view.t.reports.coverage.notRecorded}</span>
  ) : (
    <>{view.f.count(value)}</>
  );
}

/**
 * A region's coverage as the province counts it: the insurer's active members of every kind against the
 * workforce, and the workers short of the target priced at the full rate. Without an insured count the
 * report prices the gap of the subsidised instead; that gap is shown, marked, so the cost matches its count.
 */
function Cells({ view, row }: { view: View; row: Figures }) {
  const { t, f } = view;
  const gap = row.gapWorkers ?? row.gap;
  return (
    <>
      <td class="num">
        <CountOr view={view} value={row.workers} />
      </td>
      <td class="num">
        <CountOr view={view} value={row.insured} />
      </td>
      <td class="num">{percent(view, row.coverage)}</td>
      <td class="num">{percent(view, row.targetRate)}</td>
      <td class="num">
        {gap === null ? t.reports.none : f.count(gap)}
        {row.gapWorkers === null && row.gap !== null ? <span class="muted"> *</span> : null}
      </td>
      <td class="num">{moneyOr(view, row.monthlyCostToTarget)}</td>
      <td class="num">{moneyOr(view, row.yearlyCostToTarget)}</td>
      <td class="num">{f.count(row.beneficiaries)}</td>
    </>
  );
}

/**
 * The row's region, its code muted, tagged where its figures are demonstration data and others' are not
 * (where all are, one sentence under the table says so).
 */
function RegionName({ view, row, code, tag }: { view: View; row: Figures; code: boolean; tag: boolean }) {
  return (
    <th scope="row">
      {row.regionName}
      {code ? <span class="muted"> ({row.regionCode})</span> : null}
      {tag && row.isDemo ? <span class="tag">{view.t.reports.coverage.demo}</span> : null}
    </th>
  );
}

/**
 * The coverage table and the sentences that explain its marks (the price, the gaps counted from the
 * beneficiaries, the demonstration figures): the report's, and the Beranda's summary of the same report.
 */
export function CoverageFigures({ view, report }: { view: View; report: CoverageReport }) {
  const words = view.t.reports.coverage;
  const c = words.columns;
  const all = [report.province, ...report.rows];
  const allDemo = all.every((r) => r.isDemo);
  return (
    <>
      <DataTable id="coverage-table" caption={words.caption(view.f.month(report.period))} compact>
        <thead>
          <tr>
            <th scope="col">{c.region}</th>
            {[
              c.workers,
              c.insured,
              c.coverage,
              c.target,
              c.gapWorkers,
              c.monthlyCost,
              c.yearlyCost,
              c.beneficiaries,
            ].map((name) => (
              <th key={name} scope="col" class="num">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.regionCode}>
              <RegionName view={view} row={row} code tag={!allDemo} />
              <Cells view={view} row={row} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <RegionName view={view} row={report.province} code={false} tag={!allDemo} />
            <Cells view={view} row={report.province} />
          </tr>
        </tfoot>
      </DataTable>
      <p class="small">{words.price(view.f.money(report.pricePerWorker))}</p>
      {all.some((r) => r.gapWorkers === null && r.gap !== null) ? (
        <p class="small">{words.fromBeneficiaries}</p>
      ) : null}
      {allDemo ? (
        <p class="small">{words.allDemoNote}</p>
      ) : all.some((r) => r.isDemo) ? (
        <p class="small">{words.demoNote}</p>
      ) : null}
    </>
  );
}

function CoverageTable({ view, report }: { view: View; report: CoverageReport }) {
  const words = view.t.reports.coverage;
  const month = view.f.month(report.period);
  const charted = report.rows.filter((r) => r.coverage !== null && r.targetRate !== null);
  return (
    <>
      {charted.length > 0 ? (
        <Chart
          id="coverage-chart"
          description={words.chartLabel(month)}
          data={{
            kind: 'bar',
            unit: 'percent',
            labels: charted.map((r) => r.regionName),
            series: [
              { label: words.series.rate, values: charted.map((r) => percentOf(r.coverage!)) },
              { label: words.series.target, values: charted.map((r) => percentOf(r.targetRate!)) },
            ],
          }}
        />
      ) : (
        <p class="notice">{words.noInsured(month)}</p>
      )}
      <CoverageFigures view={view} report={report} />
    </>
  );
}

/** Cakupan: active members against the workforce and the target per regency and city, pictured as bars. */
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
