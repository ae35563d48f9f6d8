import {
  TOTALS_DIMENSIONS,
  type TotalsDimension,
  type TotalsFigures,
  type TotalsReport,
} from '../../../modules/reports/index.js';
import type { Period } from '../../../shared/period.js';
import { DataTable, TextField } from '../../components/forms.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { amountOr, Downloads, inRupiah, REPORT_PATHS, ReportFilters, ReportFrame } from './frame.js';

type TotalsRow = TotalsReport['rows'][number];

export interface TotalsQuery {
  from: string;
  to: string;
  groupBy: TotalsDimension[];
}

const FIGURES = ['budget', 'billed', 'paid', 'credited', 'outstanding', 'remainingBudget'] as const;
const COUNTS = ['obligations', 'beneficiaries'] as const;

function label(view: View, row: TotalsRow, dim: TotalsDimension): string {
  switch (dim) {
    case 'program':
      return row.programCode ?? '';
    case 'fundingSource':
      return row.fundingSourceCode ?? '';
    case 'period':
      return row.period ? view.f.month(row.period as Period) : '';
    case 'region':
      return row.regionCode ? `${row.regionName ?? ''} (${row.regionCode})` : '';
  }
}

function Figures({ view, figures }: { view: View; figures: TotalsFigures }) {
  return (
    <>
      {FIGURES.map((key) => (
        <td key={key} class="num">
          {amountOr(view, figures[key])}
        </td>
      ))}
      {COUNTS.map((key) => (
        <td key={key} class="num">
          {view.f.count(figures[key])}
        </td>
      ))}
    </>
  );
}

function TotalsTable({ view, report }: { view: View; report: TotalsReport }) {
  const { t, f } = view;
  const dims = report.groupBy;
  const hasNull = report.rows.some((r) => r.budget === null || r.paid === null);
  return (
    <>
      <DataTable
        id="totals-table"
        caption={t.reports.totals.caption(f.month(report.from), f.month(report.to))}
        compact
      >
        <thead>
          <tr>
            {dims.map((d) => (
              <th key={d} scope="col">
                {t.reports.totals.dimensions[d]}
              </th>
            ))}
            {FIGURES.map((key) => (
              <th key={key} scope="col" class="num">
                {inRupiah(t.reports.totals.figures[key])}
              </th>
            ))}
            {COUNTS.map((key) => (
              <th key={key} scope="col" class="num">
                {t.reports.totals.figures[key]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row, i) => (
            <tr key={i}>
              {dims.map((d, j) =>
                j === 0 ? (
                  <th key={d} scope="row">
                    {label(view, row, d)}
                  </th>
                ) : (
                  <td key={d}>{label(view, row, d)}</td>
                ),
              )}
              <Figures view={view} figures={row} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={dims.length}>
              {t.reports.total}
            </th>
            <Figures view={view} figures={report.total} />
          </tr>
        </tfoot>
      </DataTable>
      {hasNull ? <p class="small">{t.reports.totals.nullNote}</p> : null}
    </>
  );
}

/** Rekapitulasi: the totals of a range of months, grouped by the dimensions the reader ticks. */
export function TotalsPage({
  view,
  query,
  report,
  refusal,
}: {
  view: View;
  query: TotalsQuery;
  report: TotalsReport | null;
  refusal?: Refusal | undefined;
}) {
  const { t, f } = view;
  const words = t.reports.totals;
  const by = query.groupBy.map((d) => words.dimensions[d].toLowerCase());
  const byText = by.length > 1 ? `${by.slice(0, -1).join(', ')} ${words.and} ${by.at(-1)}` : (by[0] ?? '');
  const subtitle = report ? words.subtitle(f.month(report.from), f.month(report.to), byText) : undefined;
  return (
    <ReportFrame view={view} tab="totals" title={words.title} subtitle={subtitle} refusal={refusal}>
      <ReportFilters view={view} action={REPORT_PATHS.totals}>
        <TextField
          view={view}
          name="from"
          type="month"
          label={words.from}
          value={query.from}
          error={refusal?.byField.from}
          width="field__input--month"
        />
        <TextField
          view={view}
          name="to"
          type="month"
          label={words.to}
          value={query.to}
          error={refusal?.byField.to}
          width="field__input--month"
        />
        <fieldset class="field choices">
          <legend class="field__label">{words.groupBy}</legend>
          {TOTALS_DIMENSIONS.map((d) => (
            <label key={d} class="choice">
              <input type="checkbox" name="groupBy" value={d} checked={query.groupBy.includes(d)} />{' '}
              {words.dimensions[d]}
            </label>
          ))}
        </fieldset>
      </ReportFilters>
      {report ? (
        report.rows.length === 0 ? (
          <p>{t.reports.empty}</p>
        ) : (
          <>
            <Downloads
              view={view}
              apiPath="/reports/totals"
              what={words.title}
              query={{ from: report.from, to: report.to, groupBy: report.groupBy.join(',') }}
            />
            <TotalsTable view={view} report={report} />
          </>
        )
      ) : null}
    </ReportFrame>
  );
}
