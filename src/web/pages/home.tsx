import { Decimal } from '../../shared/money.js';
import type { Program } from '../../modules/programs/index.js';
import type { FundingSource } from '../../modules/funding-sources/index.js';
import type { TotalsFigures, TotalsReport } from '../../modules/reports/index.js';
import { Chart } from '../components/chart.js';
import { DataTable } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import type { View } from '../view.js';

export interface HomeProps {
  view: View;
  fiscalYear: number;
  totals: TotalsReport;
  programs: Program[];
  sources: ReadonlyMap<string, FundingSource>;
}

const FIGURES = ['budget', 'billed', 'paid', 'credited', 'remainingBudget'] as const;
const CHARTED = ['billed', 'paid', 'credited'] as const;

function YearSummary({ view, fiscalYear, totals }: Pick<HomeProps, 'view' | 'fiscalYear' | 'totals'>) {
  const { t, f } = view;
  const money = (value: string | null) => (value === null ? '–' : f.money(value));
  const cells = (figures: TotalsFigures) =>
    FIGURES.map((key) => (
      <td key={key} class="num">
        {money(figures[key])}
      </td>
    ));
  return (
    <section class="panel" aria-labelledby="summary-title" id="summary">
      <h2 id="summary-title">{t.home.summaryTitle(fiscalYear)}</h2>
      {totals.rows.length === 0 ? (
        <p>{t.home.summaryEmpty}</p>
      ) : (
        <>
          <Chart
            id="summary-chart"
            description={t.home.chartLabel(fiscalYear)}
            data={{
              kind: 'bar',
              labels: totals.rows.map((r) => r.programCode ?? ''),
              series: CHARTED.map((key) => ({
                label: t.home.figures[key],
                values: totals.rows.map((r) => r[key] ?? '0'),
              })),
            }}
          />
          <DataTable id="summary-table" caption={t.home.summaryCaption(fiscalYear)}>
            <thead>
              <tr>
                <th scope="col">{t.home.columns.code}</th>
                {FIGURES.map((key) => (
                  <th key={key} scope="col" class="num">
                    {t.home.figures[key]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {totals.rows.map((row) => (
                <tr key={row.programId}>
                  <th scope="row">{row.programCode}</th>
                  {cells(row)}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t.home.total}</th>
                {cells(totals.total)}
              </tr>
            </tfoot>
          </DataTable>
        </>
      )}
    </section>
  );
}

function Programs({ view, programs, sources }: Pick<HomeProps, 'view' | 'programs' | 'sources'>) {
  const { t, f } = view;
  const runs = (p: Program) =>
    p.endPeriod
      ? t.home.runsBetween(f.month(p.startPeriod), f.month(p.endPeriod))
      : t.home.runsFrom(f.month(p.startPeriod));
  return (
    <section class="panel" aria-labelledby="programs-title">
      <h2 id="programs-title">{t.home.programsTitle}</h2>
      {programs.length === 0 ? (
        <p>{t.home.noPrograms}</p>
      ) : (
        <DataTable id="programs-table" caption={t.home.programsCaption}>
          <thead>
            <tr>
              <th scope="col">{t.home.columns.code}</th>
              <th scope="col">{t.home.columns.name}</th>
              <th scope="col">{t.home.columns.funding}</th>
              <th scope="col">{t.home.columns.runs}</th>
              <th scope="col">{t.home.columns.benefits}</th>
            </tr>
          </thead>
          <tbody>
            {programs.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.code}</th>
                <td>{p.name}</td>
                <td>
                  <ul class="plain-list">
                    {p.fundingShares.map((s) => (
                      <li key={s.fundingSourceId}>
                        {sources.get(s.fundingSourceId)?.name ?? s.fundingSourceId} (
                        {new Decimal(s.share).times(100).toString()}%)
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{runs(p)}</td>
                <td>{p.benefits.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}

/** Beranda: who is signed in, the fiscal year's figures per programme, and the programmes themselves. */
export function HomePage({ view, fiscalYear, totals, programs, sources }: HomeProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t.home.title} charts={totals.rows.length > 0}>
      <h1>{t.home.title}</h1>
      <p class="lead">{t.home.welcome(view.session?.actor.name ?? '')}</p>
      <YearSummary view={view} fiscalYear={fiscalYear} totals={totals} />
      <Programs view={view} programs={programs} sources={sources} />
    </Layout>
  );
}
