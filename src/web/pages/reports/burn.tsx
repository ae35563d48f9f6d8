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

const MONEY = [
  'ceiling',
  'committed',
  'paid',
  'remaining',
  'runRate',
  'projectedSpend',
  'projectedBalance',
] as const;
const CHARTED = ['ceiling', 'committed', 'paid', 'projectedSpend'] as const;

const lineOf = (row: Row) => `${row.programCode} / ${row.fundingSourceCode}`;

function BurnTable({ view, report }: { view: View; report: BudgetBurnReport }) {
  const { t, f } = view;
  const c = t.reports.burn.columns;
  const count = (n: number | null) => (n === null ? t.reports.none : f.count(n));
  return (
    <DataTable id="burn-table" caption={t.reports.burn.caption(report.fiscalYear)}>
      <thead>
        <tr>
          <th scope="col">{c.line}</th>
          {MONEY.map((key) => (
            <th key={key} scope="col" class="num">
              {c[key]}
            </th>
          ))}
          <th scope="col" class="num">
            {c.enrolments}
          </th>
          <th scope="col">{c.runsOutIn}</th>
          <th scope="col" class="num">
            {c.workersCoverable}
          </th>
          <th scope="col" class="num">
            {c.additionalWorkers}
          </th>
        </tr>
      </thead>
      <tbody>
        {report.rows.map((row) => (
          <tr key={`${row.programId}-${row.fundingSourceId}`}>
            <th scope="row">{lineOf(row)}</th>
            {MONEY.map((key) => (
              <td key={key} class={row[key].startsWith('-') ? 'num negative' : 'num'}>
                {f.money(row[key])}
              </td>
            ))}
            <td class="num">{f.count(row.enrolments)}</td>
            <td>{row.runsOutIn ? <strong>{f.month(row.runsOutIn)}</strong> : t.reports.burn.neverRunsOut}</td>
            <td class="num">{count(row.workersCoverable)}</td>
            <td class="num">{count(row.additionalWorkers)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
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
          <BurnTable view={view} report={report} />
        </>
      ) : null}
    </ReportFrame>
  );
}
