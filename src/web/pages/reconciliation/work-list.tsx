import { EXCEPTION_KINDS, type ExceptionKind } from '../../../modules/reconciliation/index.js';
import { CsrfField, DataTable, fieldId } from '../../components/forms.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';

/** An exception as `listStatementExceptions` answers it (the fields the work list shows). */
export interface ExceptionRow {
  id: string;
  kind: ExceptionKind;
  nik: string;
  line: number | null;
  expectedAmount: string | null;
  statementAmount: string | null;
  /** The benefit whose amounts these are, when the totals agree but that benefit differs. */
  benefit: 'JKK' | 'JKM' | null;
  resolution: 'accepted' | 'refund_requested' | 'rebill' | null;
  note: string | null;
  resolvedAt: string | null;
}

/** A resolution the API refused, shown again on its exception's form with what was chosen and written. */
export interface ResolveAttempt {
  exceptionId: string;
  resolution: string;
  note: string;
  refusal: Refusal;
}

const RESOLUTIONS = ['accepted', 'refund_requested', 'rebill'] as const;

/** The element id of a field of one exception's form: a page holds one form per exception. */
export const rowFieldId = (name: string, exceptionId: string) => `${fieldId(name)}-${exceptionId}`;

function ResolveForm({
  view,
  statementId,
  row,
  attempt,
}: {
  view: View;
  statementId: string;
  row: ExceptionRow;
  attempt: ResolveAttempt | undefined;
}) {
  const w = view.t.reconciliation.work;
  const resolutionId = rowFieldId('resolution', row.id);
  const noteId = rowFieldId('note', row.id);
  const errorId = `exception-${row.id}-error`;
  const failed = attempt?.exceptionId === row.id ? attempt : undefined;
  return (
    <form
      method="post"
      action={`/rekonsiliasi/${statementId}/pengecualian/${row.id}`}
      class={failed ? 'resolve resolve--error' : 'resolve'}
    >
      <CsrfField view={view} />
      {failed ? (
        <p class="field__error" id={errorId}>
          <span class="visually-hidden">{view.t.errorPrefix} </span>
          {failed.refusal.summary.map((item) => item.text).join(' ')}
        </p>
      ) : null}
      <label class="visually-hidden" for={resolutionId}>
        {w.resolutionLabel(row.nik)}
      </label>
      <select
        class="field__input resolve__choice"
        id={resolutionId}
        name="resolution"
        aria-describedby={failed ? errorId : undefined}
      >
        {RESOLUTIONS.map((r) => (
          <option key={r} value={r} selected={failed?.resolution === r}>
            {w.resolutions[r]}
          </option>
        ))}
      </select>
      <label class="visually-hidden" for={noteId}>
        {w.noteLabel(row.nik)}
      </label>
      <input
        class="field__input resolve__note"
        id={noteId}
        name="note"
        type="text"
        placeholder={w.note}
        value={failed?.note ?? ''}
        required
        maxLength={1000}
        aria-invalid={failed?.refusal.byField.note ? 'true' : undefined}
      />
      <button type="submit" class="button button--small">
        {w.submit}
      </button>
    </form>
  );
}

function Resolved({ view, row }: { view: View; row: ExceptionRow }) {
  const w = view.t.reconciliation.work;
  return (
    <p class="resolved">
      <strong>{w.resolutions[row.resolution!]}</strong>
      {row.resolvedAt ? <span class="muted"> · {view.f.time(row.resolvedAt)}</span> : null}
      {row.note ? (
        <>
          <br />
          {row.note}
        </>
      ) : null}
    </p>
  );
}

function KindTable({
  view,
  kind,
  rows,
  statementId,
  mayResolve,
  attempt,
}: {
  view: View;
  kind: ExceptionKind;
  rows: ExceptionRow[];
  statementId: string;
  mayResolve: boolean;
  attempt: ResolveAttempt | undefined;
}) {
  const { t, f } = view;
  const w = t.reconciliation.work;
  const money = (v: string | null) => (v === null ? t.reports.none : f.money(v));
  const open = rows.filter((r) => r.resolution === null).length;
  return (
    <section class="work-kind" aria-labelledby={`kind-${kind}`}>
      <h3 id={`kind-${kind}`}>
        {w.kinds[kind]} <span class="count">{open > 0 ? w.open(open) : null}</span>
      </h3>
      <p class="small">{w.about[kind]}</p>
      <DataTable id={`exceptions-${kind}`} caption={w.caption(w.kinds[kind], rows.length)}>
        <thead>
          <tr>
            <th scope="col">{w.columns.nik}</th>
            <th scope="col" class="num">
              {w.columns.line}
            </th>
            <th scope="col" class="num">
              {w.columns.expected}
            </th>
            <th scope="col" class="num">
              {w.columns.statement}
            </th>
            <th scope="col">{w.columns.resolution}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} id={`exception-${row.id}`}>
              <th scope="row" class="nik">
                {row.nik}
              </th>
              <td class="num">{row.line === null ? t.reports.none : f.count(row.line)}</td>
              <td class="num">
                {row.benefit ? `${row.benefit} ` : ''}
                {money(row.expectedAmount)}
              </td>
              <td class="num">
                {row.benefit ? `${row.benefit} ` : ''}
                {money(row.statementAmount)}
              </td>
              <td class="resolution-cell">
                {row.resolution ? (
                  <Resolved view={view} row={row} />
                ) : mayResolve ? (
                  <ResolveForm view={view} statementId={statementId} row={row} attempt={attempt} />
                ) : (
                  t.reports.none
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </section>
  );
}

/** The exceptions of a statement as a work list: one table per kind, each open one with its resolve form. */
export function WorkList({
  view,
  statement,
  exceptions,
  nextUrl,
  mayResolve,
  attempt,
}: {
  view: View;
  statement: { id: string };
  exceptions: ExceptionRow[];
  nextUrl: string | null;
  mayResolve: boolean;
  attempt?: ResolveAttempt | undefined;
}) {
  const w = view.t.reconciliation.work;
  const kinds = EXCEPTION_KINDS.filter((k) => exceptions.some((e) => e.kind === k));
  return (
    <section class="panel" aria-labelledby="work-title">
      <h2 id="work-title">{w.title}</h2>
      {exceptions.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <>
          <p>{w.intro}</p>
          {mayResolve ? (
            <p class="small">{w.resolutionHint}</p>
          ) : (
            <p class="notice">{view.t.reconciliation.readOnly}</p>
          )}
          {kinds.map((kind) => (
            <KindTable
              key={kind}
              view={view}
              kind={kind}
              rows={exceptions.filter((e) => e.kind === kind)}
              statementId={statement.id}
              mayResolve={mayResolve}
              attempt={attempt}
            />
          ))}
        </>
      )}
      {nextUrl ? (
        <p>
          <a href={nextUrl} rel="next">
            {w.more}
          </a>
        </p>
      ) : null}
    </section>
  );
}
