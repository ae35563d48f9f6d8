import type { ComponentChildren } from 'preact';
import type { Program } from '../../../modules/programs/index.js';
import type { Statement } from '../../../modules/reconciliation/index.js';
import { DataTable, SelectField } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import type { View } from '../../view.js';

export interface StatementsQuery {
  programId: string;
  period: string;
}

/** What the summary's exception columns add up to. */
export const exceptionCount = (s: Statement['summary']) =>
  s.amountMismatch + s.notCredited + s.unexpected + s.duplicate + s.doubleCoverage;

/** A choice of programme, by code and name, with "all" first where the choice is a filter. */
export function ProgramSelect({
  view,
  programs,
  value,
  anyLabel,
  error,
  id,
}: {
  view: View;
  programs: Program[];
  value: string;
  anyLabel?: string;
  error?: string | undefined;
  /** The element id, where the page holds another programme field (the upload form's). */
  id?: string;
}) {
  return (
    <SelectField
      view={view}
      name="programId"
      label={view.t.reconciliation.program}
      choices={programs.map((p) => ({ value: p.id, label: `${p.code} – ${p.name}` }))}
      value={value}
      empty={anyLabel}
      error={error}
      {...(id ? { id } : {})}
    />
  );
}

function StatementsTable({
  view,
  statements,
  codes,
}: {
  view: View;
  statements: Statement[];
  codes: ReadonlyMap<string, string>;
}) {
  const { t, f } = view;
  const r = t.reconciliation;
  const c = r.columns;
  return (
    <DataTable id="statements" caption={r.listCaption}>
      <thead>
        <tr>
          <th scope="col">{c.statement}</th>
          <th scope="col">{c.program}</th>
          <th scope="col">{c.period}</th>
          {[c.lines, c.matched, c.exceptions, c.credited].map((name) => (
            <th key={name} scope="col" class="num">
              {name}
            </th>
          ))}
          <th scope="col">{c.uploaded}</th>
          <th scope="col">{c.state}</th>
        </tr>
      </thead>
      <tbody>
        {statements.map((s) => (
          <tr key={s.id}>
            <th scope="row">
              <a href={`/rekonsiliasi/${s.id}`}>{r.statementName(s.id)}</a>
            </th>
            <td>{codes.get(s.programId) ?? s.programId}</td>
            <td>{f.month(s.period)}</td>
            <td class="num">{f.count(s.summary.lines)}</td>
            <td class="num">{f.count(s.summary.matched)}</td>
            <td class="num">{f.count(exceptionCount(s.summary))}</td>
            <td class="num">{f.money(s.summary.creditedAmount)}</td>
            <td>{f.time(s.createdAt)}</td>
            <td>{s.supersededById ? r.superseded(s.supersededById) : r.current}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/**
 * Rekonsiliasi: the uploaded statements (filtered by programme and month in the query) and, for those who
 * may import one, the upload form (`upload`, given by the route).
 */
export function StatementsPage({
  view,
  query,
  programs,
  statements,
  nextUrl,
  upload,
}: {
  view: View;
  query: StatementsQuery;
  programs: Program[];
  statements: Statement[];
  nextUrl: string | null;
  upload: ComponentChildren;
}) {
  const r = view.t.reconciliation;
  const codes = new Map(programs.map((p) => [p.id, p.code]));
  return (
    <Layout view={view} title={r.title}>
      <h1>{r.title}</h1>
      <p class="lead">{r.intro}</p>
      {upload ?? <p class="notice">{r.readOnly}</p>}
      <h2>{r.listTitle}</h2>
      <form method="get" action="/rekonsiliasi" class="report-filters" aria-label={r.filters}>
        <div class="report-filters__fields">
          <ProgramSelect
            view={view}
            programs={programs}
            value={query.programId}
            anyLabel={r.anyProgram}
            id="filter-programId"
          />
          <div class="field">
            <label class="field__label" for="filter-period">
              {r.period}
            </label>
            <p class="field__hint" id="filter-period-hint">
              {r.periodHint}
            </p>
            <input
              class="field__input field__input--month"
              type="month"
              id="filter-period"
              name="period"
              value={query.period}
              aria-describedby="filter-period-hint"
            />
          </div>
        </div>
        <button type="submit" class="button">
          {r.show}
        </button>
      </form>
      {statements.length === 0 ? (
        <p>{r.empty}</p>
      ) : (
        <StatementsTable view={view} statements={statements} codes={codes} />
      )}
      {nextUrl ? (
        <p>
          <a href={nextUrl} rel="next">
            {r.more}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}
