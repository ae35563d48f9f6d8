import type { Period } from '../../../shared/period.js';
import type { PeriodState } from '../../../modules/periods/index.js';
import { MONTH_STATES, monthState, type MonthState } from '../../components/month-state.js';
import type { View } from '../../view.js';
import { AuditLayout } from './tabs.js';

/** What the calendar knows of one month, from the period locks, the totals report and the statements. */
export interface MonthFacts {
  period: Period;
  lock: PeriodState | null;
  billed: string;
  paid: string;
  credited: string;
  outstanding: string;
  /** An insurer statement of the month is uploaded, for some programme. */
  statement: boolean;
}

/** The calendar's month in the terms of the shared state rule. */
const stateOf = (m: MonthFacts): MonthState =>
  monthState({
    closed: m.lock?.status === 'closed',
    billed: m.billed,
    outstanding: m.outstanding,
    reconciled: m.statement,
  });

export interface CalendarProps {
  view: View;
  year: number;
  years: number[];
  months: MonthFacts[];
  /** User names by id, for who closed or reopened a month. */
  names: ReadonlyMap<string, string>;
  notice?: string | undefined;
}

function YearChooser({ view, year, years }: Pick<CalendarProps, 'view' | 'year' | 'years'>) {
  const t = view.t.audit.calendar;
  return (
    <form method="get" action="/audit" class="audit-filters">
      <fieldset>
        <legend class="visually-hidden">{t.yearLegend}</legend>
        <div class="field audit-inline">
          <label class="field__label" for="f-tahun">
            {t.year}
          </label>
          <select class="field__input audit-select" id="f-tahun" name="tahun">
            {years.map((y) => (
              <option key={y} value={String(y)} selected={y === year}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button audit-secondary">
          {t.show}
        </button>
      </fieldset>
    </form>
  );
}

function MonthCard({ view, m, names }: { view: View; m: MonthFacts; names: CalendarProps['names'] }) {
  const { f } = view;
  const t = view.t.audit.calendar;
  const state = stateOf(m);
  const month = f.month(m.period);
  const who = (id: string | null) => (id ? (names.get(id) ?? id) : '');
  const lock = m.lock;
  return (
    <li class={`audit-month audit-month--${state}`}>
      <h3 class="audit-month__name" id={`m-${m.period}`}>
        {month}
      </h3>
      <p class="audit-month__state">
        <span class={`audit-state audit-state--${state}`}>{t.states[state]}</span>
      </p>
      {state === 'open' ? null : (
        <dl class="audit-month__figures">
          <div>
            <dt>{t.billed}</dt>
            <dd>{f.money(m.billed)}</dd>
          </div>
          <div>
            <dt>{t.paid}</dt>
            <dd>{f.money(m.paid)}</dd>
          </div>
          <div>
            <dt>{t.credited}</dt>
            <dd>{f.money(m.credited)}</dd>
          </div>
        </dl>
      )}
      {lock?.changedAt ? (
        <div class="audit-month__lock">
          <p>
            {(lock.status === 'closed' ? t.closedBy : t.reopenedBy)(
              who(lock.changedBy),
              f.time(lock.changedAt),
            )}
          </p>
          {lock.note ? (
            <p class="audit-month__note">
              <span class="visually-hidden">{t.note}: </span>“{lock.note}”
            </p>
          ) : null}
        </div>
      ) : null}
      <p class="audit-month__action">
        {state === 'closed' ? (
          <a class="button audit-secondary button--small" href={`/audit/${m.period}/buka`}>
            {t.reopen}
            <span class="visually-hidden"> {month}</span>
          </a>
        ) : (
          <a class="button audit-secondary button--small" href={`/audit/${m.period}/tutup`}>
            {t.close}
            <span class="visually-hidden"> {month}</span>
          </a>
        )}
      </p>
    </li>
  );
}

/** Kalender periode: the twelve months of a year, each with its state, figures and who closed it. */
export function CalendarPage(props: CalendarProps) {
  const { view, year, months, notice } = props;
  const t = view.t.audit.calendar;
  return (
    <AuditLayout view={view} tab="calendar" title={view.t.audit.tabs.calendar}>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p class="lead">{t.intro}</p>
      <YearChooser view={view} year={year} years={props.years} />
      <section aria-labelledby="calendar-title">
        <h2 id="calendar-title">{t.heading(year)}</h2>
        <ol class="audit-calendar">
          {months.map((m) => (
            <MonthCard key={m.period} view={view} m={m} names={props.names} />
          ))}
        </ol>
        <h3 class="audit-legend-title">{t.legendTitle}</h3>
        <dl class="audit-legend">
          {MONTH_STATES.map((s) => (
            <div key={s}>
              <dt>
                <span class={`audit-state audit-state--${s}`}>{t.states[s]}</span>
              </dt>
              <dd>{t.stateHelp[s]}</dd>
            </div>
          ))}
        </dl>
      </section>
    </AuditLayout>
  );
}
