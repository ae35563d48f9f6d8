import type { FundingSource } from '../../modules/funding-sources/index.js';
import type { TotalsFigures, TotalsReport } from '../../modules/reports/index.js';
import { Decimal } from '../../shared/money.js';
import { monthOf } from '../../shared/period.js';
import { Chart } from '../components/chart.js';
import { DataTable } from '../components/forms.js';
import type { View } from '../view.js';
import { amountOr, inRupiah } from './reports/frame.js';

export type Sources = ReadonlyMap<string, FundingSource>;

/** A programme and funding source as people name them: `DUMISAKE · APBD Provinsi Jambi`. */
export const sourceName = (sources: Sources, id: string, code: string) => sources.get(id)?.name ?? code;

/** `part` as a share of `whole` for people (`41,2%`), or a dash when there is no whole to share. */
export function shareOf(view: View, part: string | null, whole: string | null): string {
  if (part === null || whole === null || new Decimal(whole).lte(0)) return '–';
  return view.t.home.percent(new Decimal(part).dividedBy(whole).toFixed(6));
}

const LINE_FIGURES = ['budget', 'billed', 'paid', 'credited', 'remainingBudget'] as const;

/**
 * Per programme and funding source: pagu, committed (billed), paid, credited, left, and how much is used.
 * Five amounts of a province's eleven digits fit the panel only with `Rp` written once, in their headers.
 */
export function BudgetLines({
  view,
  fiscalYear,
  lines,
  sources,
}: {
  view: View;
  fiscalYear: number;
  lines: TotalsReport;
  sources: Sources;
}) {
  const { t } = view;
  const figures = (row: TotalsFigures) => (
    <>
      {LINE_FIGURES.map((key) => (
        <td key={key} class="num">
          {amountOr(view, row[key])}
        </td>
      ))}
      <td class="num">{shareOf(view, row.billed, row.budget)}</td>
    </>
  );
  return (
    <section class="panel" aria-labelledby="lines-title">
      <h2 id="lines-title">{t.home.linesTitle}</h2>
      <DataTable id="lines-table" caption={t.home.linesCaption(fiscalYear)} compact>
        <thead>
          <tr>
            <th scope="col">{t.home.columns.program}</th>
            <th scope="col">{t.home.columns.source}</th>
            {LINE_FIGURES.map((key) => (
              <th key={key} scope="col" class="num">
                {inRupiah(t.home.figures[key])}
              </th>
            ))}
            <th scope="col" class="num">
              {t.home.columns.used}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.rows.map((row) => (
            <tr key={`${row.programId}:${row.fundingSourceId}`}>
              <th scope="row">{row.programCode}</th>
              <td>{sourceName(sources, row.fundingSourceId ?? '', row.fundingSourceCode ?? '')}</td>
              {figures(row)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t.home.total}
            </th>
            {figures(lines.total)}
          </tr>
        </tfoot>
      </DataTable>
    </section>
  );
}

const MONTH_FIGURES = ['billed', 'paid', 'credited', 'outstanding'] as const;
const CHARTED = ['billed', 'paid', 'credited'] as const;
type MonthFigures = Record<(typeof MONTH_FIGURES)[number], Decimal>;

/** The year's months, each summed over programmes and sources from the report grouped by period too. */
export function monthlyFigures(months: TotalsReport): MonthFigures[] {
  const zero = (): MonthFigures => ({
    billed: new Decimal(0),
    paid: new Decimal(0),
    credited: new Decimal(0),
    outstanding: new Decimal(0),
  });
  const byMonth = Array.from({ length: 12 }, zero);
  for (const row of months.rows) {
    const m = byMonth[Number(row.period?.slice(5, 7)) - 1];
    if (!m) continue;
    for (const key of MONTH_FIGURES) m[key] = m[key].plus(row[key] ?? '0');
  }
  return byMonth;
}

/** Billed, paid and credited month by month: a line chart and its table. */
export function Monthly({
  view,
  fiscalYear,
  months,
}: {
  view: View;
  fiscalYear: number;
  months: TotalsReport;
}) {
  const { t, f } = view;
  const byMonth = monthlyFigures(months);
  const total = (key: (typeof MONTH_FIGURES)[number]) =>
    byMonth.reduce((sum, m) => sum.plus(m[key]), new Decimal(0));
  return (
    <section class="panel" aria-labelledby="monthly-title">
      <h2 id="monthly-title">{t.home.monthlyTitle}</h2>
      <Chart
        id="monthly-chart"
        description={t.home.monthlyChart(fiscalYear)}
        data={{
          kind: 'line',
          labels: t.months.map((name) => name),
          series: CHARTED.map((key) => ({
            label: t.home.figures[key],
            values: byMonth.map((m) => m[key].toFixed(0)),
          })),
        }}
      />
      <DataTable id="monthly-table" caption={t.home.monthlyCaption(fiscalYear)}>
        <thead>
          <tr>
            <th scope="col">{t.home.columns.month}</th>
            {MONTH_FIGURES.map((key) => (
              <th key={key} scope="col" class="num">
                {t.home.figures[key]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {byMonth.map((m, i) => (
            <tr key={i}>
              <th scope="row">{f.month(monthOf(fiscalYear, i + 1))}</th>
              {MONTH_FIGURES.map((key) => (
                <td key={key} class="num">
                  {f.money(m[key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t.home.total}</th>
            {MONTH_FIGURES.map((key) => (
              <td key={key} class="num">
                {f.money(total(key))}
              </td>
            ))}
          </tr>
        </tfoot>
      </DataTable>
    </section>
  );
}
