import { Decimal } from '../../shared/money.js';
import type { Program } from '../../modules/programs/index.js';
import type { BudgetBurnReport, CoverageReport, TotalsReport } from '../../modules/reports/index.js';
import { DataTable } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import type { View } from '../view.js';
import { BudgetLines, Monthly, shareOf, type Sources } from './home-budget.js';
import { Coverage } from './home-coverage.js';
import { Forecast } from './home-forecast.js';

export interface HomeProps {
  view: View;
  fiscalYear: number;
  /** The years the selector offers, newest first. */
  years: number[];
  /** Totals of the year per programme and funding source. */
  lines: TotalsReport;
  /** Totals of the year per programme, funding source and month. */
  months: TotalsReport;
  burn: BudgetBurnReport;
  coverage: CoverageReport;
  programs: Program[];
  sources: Sources;
}

/** A GET form, so the year chosen is in the address and the page can be bookmarked. */
function YearForm({ view, fiscalYear, years }: Pick<HomeProps, 'view' | 'fiscalYear' | 'years'>) {
  const { t } = view;
  return (
    <form method="get" action="/" class="home-year">
      <label for="tahun" class="field__label">
        {t.home.yearLabel}
      </label>
      <select id="tahun" name="tahun">
        {years.map((year) => (
          <option key={year} value={String(year)} selected={year === fiscalYear}>
            {year}
          </option>
        ))}
      </select>
      <button type="submit" class="button">
        {t.home.yearSubmit}
      </button>
    </form>
  );
}

/** The year's five figures in large type, each with its share of what it is measured against. */
function Tiles({ view, fiscalYear, lines }: Pick<HomeProps, 'view' | 'fiscalYear' | 'lines'>) {
  const { t, f } = view;
  const total = lines.total;
  const tiles = [
    { key: 'budget', value: total.budget, note: null },
    { key: 'billed', value: total.billed, note: t.home.ofBudget(shareOf(view, total.billed, total.budget)) },
    {
      key: 'remainingBudget',
      value: total.remainingBudget,
      note: t.home.ofBudget(shareOf(view, total.remainingBudget, total.budget)),
    },
    { key: 'paid', value: total.paid, note: t.home.ofBilled(shareOf(view, total.paid, total.billed)) },
    {
      key: 'credited',
      value: total.credited,
      note: t.home.ofBilled(shareOf(view, total.credited, total.billed)),
    },
  ] as const;
  return (
    <section aria-labelledby="summary-title" class="home-summary">
      <h2 id="summary-title">{t.home.summaryTitle(fiscalYear)}</h2>
      <dl class="home-tiles">
        {tiles.map((tile) => (
          <div key={tile.key} class={`home-tile home-tile--${tile.key}`}>
            <dt>{t.home.figures[tile.key]}</dt>
            <dd class="home-tile__value">{f.money(tile.value ?? '0')}</dd>
            {tile.note && !tile.note.startsWith('–') ? <dd class="home-tile__note">{tile.note}</dd> : null}
          </div>
        ))}
      </dl>
    </section>
  );
}

function Programs({ view, programs, sources }: Pick<HomeProps, 'view' | 'programs' | 'sources'>) {
  const { t, f } = view;
  const runs = (p: Program) =>
    p.endPeriod
      ? t.home.runsBetween(f.month(p.startPeriod), f.month(p.endPeriod))
      : t.home.runsFrom(f.month(p.startPeriod));
  const c = t.home.programColumns;
  return (
    <section class="panel" aria-labelledby="programs-title">
      <h2 id="programs-title">{t.home.programsTitle}</h2>
      {programs.length === 0 ? (
        <p>{t.home.noPrograms}</p>
      ) : (
        <DataTable id="programs-table" caption={t.home.programsCaption}>
          <thead>
            <tr>
              <th scope="col">{c.code}</th>
              <th scope="col">{c.name}</th>
              <th scope="col">{c.funding}</th>
              <th scope="col">{c.runs}</th>
              <th scope="col">{c.benefits}</th>
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

/**
 * Beranda: the chosen fiscal year within the reader's scope (every figure comes from an API operation):
 * the budget per programme and source, the months billed, paid and credited, when each budget runs out at
 * the current pace, and coverage as the province counts it against the target per regency.
 */
export function HomePage(props: HomeProps) {
  const { view, fiscalYear, lines, months, burn, coverage, programs, sources } = props;
  const { t } = view;
  const hasMoney = lines.rows.length > 0;
  const charts = hasMoney || coverage.rows.some((r) => r.coverage !== null);
  return (
    <Layout view={view} title={t.home.title} charts={charts}>
      <div class="home-head">
        <div>
          <h1>{t.home.title}</h1>
          <p class="lead">{t.home.welcome(view.session?.actor.name ?? '')}</p>
        </div>
        <YearForm view={view} fiscalYear={fiscalYear} years={props.years} />
      </div>
      {hasMoney ? (
        <>
          <Tiles view={view} fiscalYear={fiscalYear} lines={lines} />
          <BudgetLines view={view} fiscalYear={fiscalYear} lines={lines} sources={sources} />
          <Monthly view={view} fiscalYear={fiscalYear} months={months} />
          <Forecast view={view} burn={burn} months={months} sources={sources} />
        </>
      ) : (
        <section class="panel home-empty" aria-labelledby="empty-title">
          <h2 id="empty-title">{t.home.emptyYearTitle(fiscalYear)}</h2>
          <p>{t.home.emptyYear}</p>
        </section>
      )}
      <Coverage view={view} coverage={coverage} />
      <Programs view={view} programs={programs} sources={sources} />
    </Layout>
  );
}
