import type { BudgetBurnReport, TotalsReport } from '../../modules/reports/index.js';
import { Decimal } from '../../shared/money.js';
import { monthOf, periodRange, yearEnd, yearStart, type Period } from '../../shared/period.js';
import { Chart } from '../components/chart.js';
import { DataTable } from '../components/forms.js';
import type { View } from '../view.js';
import { sourceName, type Sources } from './home-budget.js';

type BurnRow = BudgetBurnReport['rows'][number];

interface ForecastProps {
  view: View;
  burn: BudgetBurnReport;
  /** Totals of the year grouped by programme, source and period: what each line billed month by month. */
  months: TotalsReport;
  sources: Sources;
}

const lineName = (sources: Sources, row: BurnRow) =>
  `${row.programCode} · ${sourceName(sources, row.fundingSourceId, row.fundingSourceCode)}`;

/**
 * The budget left at the end of each month of the year: the ceiling less what each month billed, and from
 * the forecast's months on less the run-rate, exactly as the report forecasts (`runsOutIn` is where the
 * line crosses zero).
 */
export function remainingByMonth(row: BurnRow, fiscalYear: number, months: TotalsReport): Decimal[] {
  const billed = new Map<string, Decimal>();
  for (const m of months.rows) {
    if (m.programId === row.programId && m.fundingSourceId === row.fundingSourceId && m.period)
      billed.set(m.period, new Decimal(m.billed));
  }
  const forecast = new Set(row.forecastMonths);
  let left = new Decimal(row.ceiling);
  return periodRange(yearStart(fiscalYear), yearEnd(fiscalYear)).map((p) => {
    left = left.minus(billed.get(p) ?? 0);
    if (forecast.has(p)) left = left.minus(row.runRate);
    return left;
  });
}

/** What a reader should know first: which budgets run out, and when, at the current pace. */
function Headline({ view, burn, sources }: Omit<ForecastProps, 'months'>) {
  const { t, f } = view;
  const warnings = burn.rows
    .filter((r) => r.ceiling === '0' && r.committed !== '0')
    .map((r) => t.home.forecastNoCeiling(lineName(sources, r)));
  const runningOut = burn.rows
    .filter((r) => r.ceiling !== '0' && r.runsOutIn !== null)
    .sort((a, b) => (a.runsOutIn! < b.runsOutIn! ? -1 : a.runsOutIn! > b.runsOutIn! ? 1 : 0))
    .map((r) => t.home.forecastRunsOut(lineName(sources, r), f.month(r.runsOutIn!), f.money(r.runRate)));
  const said = [...warnings, ...runningOut];
  if (said.length === 0)
    return (
      <p class="home-verdict home-verdict--ok">{t.home.forecastAllLast(f.month(yearEnd(burn.fiscalYear)))}</p>
    );
  return (
    <ul class="home-verdict home-verdict--warn">
      {said.map((sentence) => (
        <li key={sentence}>{sentence}</li>
      ))}
    </ul>
  );
}

function ForecastTable({ view, burn, sources }: Omit<ForecastProps, 'months'>) {
  const { t, f } = view;
  const c = t.home.forecastColumns;
  const signed = (amount: string) => (
    <td class={new Decimal(amount).isNegative() ? 'num home-negative' : 'num'}>{f.money(amount)}</td>
  );
  return (
    <DataTable
      id="forecast-table"
      caption={t.home.forecastCaption(burn.fiscalYear, f.month(burn.asOf))}
      compact
    >
      <thead>
        <tr>
          <th scope="col">{t.home.columns.program}</th>
          <th scope="col">{t.home.columns.source}</th>
          <th scope="col" class="num">
            {c.remaining}
          </th>
          <th scope="col" class="num">
            {c.enrolments(f.month(burn.asOf))}
          </th>
          <th scope="col" class="num">
            {c.runRate}
          </th>
          <th scope="col" class="num">
            {c.projectedSpend}
          </th>
          <th scope="col" class="num">
            {c.projectedBalance}
          </th>
          <th scope="col">{c.runsOutIn}</th>
        </tr>
      </thead>
      <tbody>
        {burn.rows.map((r) => (
          <tr key={`${r.programId}:${r.fundingSourceId}`}>
            <th scope="row">{r.programCode}</th>
            <td>{sourceName(sources, r.fundingSourceId, r.fundingSourceCode)}</td>
            {signed(r.remaining)}
            <td class="num">{f.count(r.enrolments)}</td>
            <td class="num">{f.money(r.runRate)}</td>
            <td class="num">{f.money(r.projectedSpend)}</td>
            {signed(r.projectedBalance)}
            <td class={r.runsOutIn ? 'home-negative' : undefined}>
              {r.runsOutIn ? f.month(r.runsOutIn) : t.home.lastsTheYear}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/** The budget left month by month as a share of each line's budget, and its figures in a table. */
function BudgetLeftChart({ view, burn, months, sources }: ForecastProps) {
  const { t, f } = view;
  const fiscalYear = burn.fiscalYear;
  // Lines of very different sizes share one chart as the share of their own budget left (100% to 0%).
  const lines = burn.rows
    .filter((r) => r.ceiling !== '0')
    .map((r) => {
      const left = remainingByMonth(r, fiscalYear, months);
      return { label: lineName(sources, r), left, share: left.map((v) => v.dividedBy(r.ceiling)) };
    });
  if (lines.length === 0) return null;
  const asOfIndex = Number(burn.asOf.slice(5, 7)) - 1;
  const monthPeriods: Period[] = t.months.map((_, i) => monthOf(fiscalYear, i + 1));
  return (
    <>
      <Chart
        id="forecast-chart"
        description={t.home.forecastChart(fiscalYear)}
        data={{
          kind: 'line',
          unit: 'percent',
          ...(asOfIndex < 11 ? { dashedFrom: asOfIndex } : {}),
          labels: t.months.map((name) => name),
          series: lines.map((l) => ({
            label: l.label,
            values: l.share.map((v) => v.times(100).toFixed(2)),
          })),
        }}
      />
      <details class="home-details">
        <summary>{t.home.forecastChartTable}</summary>
        <DataTable id="forecast-chart-table" caption={t.home.forecastChartCaption(fiscalYear)} compact>
          <thead>
            <tr>
              <th scope="col">{t.home.columns.month}</th>
              {lines.map((l) => (
                <th key={l.label} scope="col" class="num">
                  {l.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {monthPeriods.map((p, i) => (
              <tr key={p}>
                <th scope="row">{f.month(p)}</th>
                {lines.map((l) => (
                  <td key={l.label} class="num">
                    {f.money(l.left[i]!)} ({t.home.percent(l.share[i]!.toFixed(6))})
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </DataTable>
      </details>
    </>
  );
}

/** The budget burn forecast: a sentence, the budget left month by month, and the figures per line. */
export function Forecast({ view, burn, months, sources }: ForecastProps) {
  const { t, f } = view;
  return (
    <section class="panel" aria-labelledby="forecast-title">
      <h2 id="forecast-title">{t.home.forecastTitle}</h2>
      {burn.rows.length === 0 ? (
        <p>{t.home.forecastEmpty}</p>
      ) : (
        <>
          <Headline view={view} burn={burn} sources={sources} />
          <p class="small">{t.home.forecastBasis(f.month(burn.asOf))}</p>
          <BudgetLeftChart view={view} burn={burn} months={months} sources={sources} />
          <ForecastTable view={view} burn={burn} sources={sources} />
        </>
      )}
    </section>
  );
}
