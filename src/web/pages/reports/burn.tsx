import type { ComponentChildren } from 'preact';
import type { BudgetBurnReport } from '../../../modules/reports/index.js';
import type { Period } from '../../../shared/period.js';
import { Chart } from '../../components/chart.js';
import { DataTable, TextField } from '../../components/forms.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { Downloads, REPORT_PATHS, ReportFilters, ReportFrame } from './frame.js';

export interface BurnQuery {
  fiscalYear: string;
  asOf: string;
}

type Row = BudgetBurnReport['rows'][number];

const SPENT = ['ceiling', 'committed', 'paid', 'remaining'] as const;
const FORECAST = ['runRate', 'projectedSpend', 'projectedBalance'] as const;
const CHARTED = ['ceiling', 'committed', 'paid', 'projectedSpend'] as const;

const lineOf = (row: Row) => `${row.programCode} / ${row.fundingSourceCode}`;

type MoneyKey = (typeof SPENT)[number] | (typeof FORECAST)[number];

/** One column of a table of budget lines: its header and each line's cell, a figure or words. */
interface Column {
  key: string;
  head: string;
  figure: boolean;
  cell: (row: Row) => ComponentChildren;
  /** A figure below zero, shown as a warning. */
  negative?: (row: Row) => boolean;
}

/** The budget lines, one row each, named by programme and source, with the given columns. */
function LinesTable({
  view,
  report,
  id,
  caption,
  columns,
}: {
  view: View;
  report: BudgetBurnReport;
  id: string;
  caption: string;
  columns: Column[];
}) {
  return (
    <DataTable id={id} caption={caption} compact>
      <thead>
        <tr>
          <th scope="col">{view.t.reports.burn.columns.line}</th>
          {columns.map((col) => (
            <th key={col.key} scope="col" class={col.figure ? 'num' : undefined}>
              {col.head}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {report.rows.map((row) => (
          <tr key={`${row.programId}-${row.fundingSourceId}`}>
            {/* A line wraps between its programme and its source, never inside a code. */}
            <th scope="row">
              <span class="line-code">{row.programCode}</span> /{' '}
              <span class="line-code">{row.fundingSourceCode}</span>
            </th>
            {columns.map((col) => (
              <td
                key={col.key}
                class={col.figure ? (col.negative?.(row) ? 'num negative' : 'num') : undefined}
              >
                {col.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/**
 * The lines twice: what was budgeted and spent, then the forecast to December. One table of both was twice
 * as wide as a 1280-pixel screen at a province's figures; each half fits.
 */
function BurnTables({ view, report }: { view: View; report: BudgetBurnReport }) {
  const { t, f } = view;
  const c = t.reports.burn.columns;
  const money = (key: MoneyKey): Column => ({
    key,
    head: c[key],
    figure: true,
    cell: (row) => f.money(row[key]),
    negative: (row) => row[key].startsWith('-'),
  });
  const count = (key: 'enrolments' | 'workersCoverable' | 'additionalWorkers'): Column => ({
    key,
    head: c[key],
    figure: true,
    cell: (row) => (row[key] === null ? t.reports.none : f.count(row[key])),
  });
  return (
    <>
      <LinesTable
        view={view}
        report={report}
        id="burn-table"
        caption={t.reports.burn.caption(report.fiscalYear)}
        columns={[...SPENT.map(money), count('enrolments')]}
      />
      <LinesTable
        view={view}
        report={report}
        id="burn-forecast"
        caption={t.reports.burn.forecastCaption(report.fiscalYear, f.month(report.asOf as Period))}
        columns={[
          ...FORECAST.map(money),
          {
            key: 'runsOutIn',
            head: c.runsOutIn,
            figure: false,
            cell: (row) =>
              row.runsOutIn ? <strong>{f.month(row.runsOutIn)}</strong> : t.reports.burn.neverRunsOut,
          },
          count('workersCoverable'),
          count('additionalWorkers'),
        ]}
      />
    </>
  );
}

/** Serapan anggaran: each budget line's ceiling, spending and forecast to December, as bars and a table. */
export function BurnPage({
  view,
  query,
  report,
  refusal,
}: {
  view: View;
  query: BurnQuery;
  report: BudgetBurnReport | null;
  refusal?: Refusal | undefined;
}) {
  const { t, f } = view;
  const words = t.reports.burn;
  const drawn = report !== null && report.rows.length > 0;
  return (
    <ReportFrame
      view={view}
      tab="burn"
      title={words.title}
      subtitle={report ? words.subtitle(report.fiscalYear, f.month(report.asOf as Period)) : undefined}
      refusal={refusal}
      charts={drawn}
    >
      <ReportFilters view={view} action={REPORT_PATHS.burn}>
        <TextField
          view={view}
          name="fiscalYear"
          label={words.fiscalYear}
          value={query.fiscalYear}
          error={refusal?.byField.fiscalYear}
          inputMode="numeric"
          width="field__input--short"
        />
        <TextField
          view={view}
          name="asOf"
          type="month"
          label={words.asOf}
          hint={words.asOfHint}
          value={query.asOf}
          error={refusal?.byField.asOf}
          width="field__input--month"
        />
      </ReportFilters>
      {report && !drawn ? <p>{t.reports.empty}</p> : null}
      {drawn ? (
        <>
          <Chart
            id="burn-chart"
            description={words.chartLabel(report.fiscalYear)}
            data={{
              kind: 'bar',
              labels: report.rows.map(lineOf),
              series: CHARTED.map((key) => ({
                label: words.columns[key],
                values: report.rows.map((r) => r[key]),
              })),
            }}
          />
          <Downloads
            view={view}
            apiPath="/reports/budget-burn"
            what={words.title}
            query={{ fiscalYear: String(report.fiscalYear), asOf: report.asOf }}
          />
          <BurnTables view={view} report={report} />
        </>
      ) : null}
    </ReportFrame>
  );
}
