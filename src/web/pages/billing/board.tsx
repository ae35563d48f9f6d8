import type { Program } from '../../../modules/programs/index.js';
import type { TotalsFigures } from '../../../modules/reports/index.js';
import { Decimal } from '../../../shared/money.js';
import type { Period } from '../../../shared/period.js';
import { DataTable } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import { SelectField } from '../../components/forms.js';
import type { View } from '../../view.js';
import type { MonthState } from '../../components/month-state.js';
import { StateBadge } from './state.js';

/** One programme's month on the board: its figures (null when nothing is billed) and its state. */
export interface BoardCell {
  figures: Pick<TotalsFigures, 'billed' | 'paid' | 'credited' | 'outstanding'> | null;
  state: MonthState;
}

export interface BoardProps {
  view: View;
  year: number;
  years: number[];
  months: Period[];
  /** The programmes shown (those running in the year, or the one chosen). */
  programs: Program[];
  /** Every programme, for the filter. */
  choices: Program[];
  chosen: string | undefined;
  cell: (programId: string, period: Period) => BoardCell;
  mayRun: boolean;
}

const FIGURES = ['billed', 'paid', 'credited', 'outstanding'] as const;

function Figures({ view, figures }: { view: View; figures: NonNullable<BoardCell['figures']> }) {
  const { t, f } = view;
  return (
    <dl class="figures">
      {FIGURES.map((key) => (
        <div key={key} class={`figures__row figures__row--${key}`}>
          <dt>{t.billing.figures[key]}</dt>
          <dd>{f.money(figures[key] ?? '0')}</dd>
        </div>
      ))}
    </dl>
  );
}

function yearTotal(props: BoardProps, programId: string) {
  const sums = Object.fromEntries(FIGURES.map((k) => [k, new Decimal(0)])) as Record<
    (typeof FIGURES)[number],
    Decimal
  >;
  for (const period of props.months) {
    const figures = props.cell(programId, period).figures;
    if (figures) for (const k of FIGURES) sums[k] = sums[k].plus(figures[k] ?? '0');
  }
  return Object.fromEntries(FIGURES.map((k) => [k, sums[k].toFixed(0)])) as Record<
    (typeof FIGURES)[number],
    string
  >;
}

function Filters({ view, year, years, choices, chosen }: BoardProps) {
  const { t } = view;
  return (
    <form method="get" action="/tagihan" class="filters">
      <fieldset class="filters__set">
        <legend class="visually-hidden">{t.billing.filters.legend}</legend>
        <SelectField
          view={view}
          name="tahun"
          label={t.billing.filters.year}
          value={String(year)}
          choices={years.map((y) => ({ value: String(y), label: String(y) }))}
        />
        <SelectField
          view={view}
          name="program"
          label={t.billing.filters.program}
          value={chosen}
          empty={t.billing.filters.allPrograms}
          choices={choices.map((p) => ({ value: p.id, label: `${p.code}: ${p.name}` }))}
        />
        <button type="submit" class="button button--secondary">
          {t.billing.filters.show}
        </button>
      </fieldset>
    </form>
  );
}

/** Tagihan: the months of a fiscal year against the programmes, each cell linking to the month's detail. */
export function BoardPage(props: BoardProps) {
  const { view, year, months, programs, mayRun } = props;
  const { t, f } = view;
  const totalsUrl = (format: string) =>
    `/api/v1/reports/totals?${new URLSearchParams({ from: `${year}-01`, to: `${year}-12`, groupBy: 'program,period', format }).toString()}`;
  return (
    <Layout view={view} title={t.billing.title}>
      <div class="page-head">
        <h1>{t.billing.title}</h1>
        {mayRun ? (
          <a class="button" href="/tagihan/jalankan">
            {t.billing.runBilling}
          </a>
        ) : null}
      </div>
      <p class="lead">{t.billing.intro}</p>
      <Filters {...props} />
      {programs.length === 0 ? (
        <p class="notice">{t.billing.noPrograms}</p>
      ) : (
        <>
          <p class="small">{t.billing.stateHelp}</p>
          <DataTable id="board" caption={t.billing.boardCaption(year)}>
            <thead>
              <tr>
                <th scope="col">{t.billing.month}</th>
                {programs.map((p) => (
                  <th key={p.id} scope="col">
                    <abbr title={p.name}>{p.code}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {months.map((period) => (
                <tr key={period}>
                  <th scope="row">
                    <a href={`/tagihan/${period}`}>{f.month(period)}</a>
                  </th>
                  {programs.map((p) => {
                    const c = props.cell(p.id, period);
                    return (
                      <td key={p.id}>
                        <a class="board__link" href={`/tagihan/${period}?program=${p.id}`}>
                          <StateBadge state={c.state} label={t.billing.states[c.state]} />
                          <span class="visually-hidden"> {t.billing.monthLink(f.month(period), p.code)}</span>
                        </a>
                        {c.figures ? <Figures view={view} figures={c.figures} /> : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t.billing.total}</th>
                {programs.map((p) => (
                  <td key={p.id}>
                    <Figures view={view} figures={yearTotal(props, p.id)} />
                  </td>
                ))}
              </tr>
            </tfoot>
          </DataTable>
          <p class="downloads">
            <a href={totalsUrl('csv')}>{t.billing.downloadCsv}</a>
            <a href={totalsUrl('xlsx')}>{t.billing.downloadXlsx}</a>
          </p>
        </>
      )}
    </Layout>
  );
}
