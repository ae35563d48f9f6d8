import type { Statement } from '../../../modules/reconciliation/index.js';
import { DataTable, ErrorSummary } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { WorkList, type ExceptionRow, type ResolveAttempt } from './work-list.js';

const FIGURES = [
  'lines',
  'matched',
  'amountMismatch',
  'notCredited',
  'unexpected',
  'duplicate',
  'doubleCoverage',
  'malformed',
] as const;

function Summary({ view, statement }: { view: View; statement: Statement }) {
  const { t, f } = view;
  const s = t.reconciliation.summary;
  return (
    <section class="panel" aria-labelledby="summary-title">
      <h2 id="summary-title">{s.caption}</h2>
      <dl class="summary-figures">
        {FIGURES.map((key) => (
          <div key={key} class={`summary-figures__item summary-figures__item--${key}`}>
            <dt>{s.figures[key]}</dt>
            <dd>{f.count(statement.summary[key])}</dd>
          </div>
        ))}
        <div class="summary-figures__item">
          <dt>{s.figures.creditedAmount}</dt>
          <dd>{f.money(statement.summary.creditedAmount)}</dd>
        </div>
      </dl>
      <p class="small">
        {s.uploadedAt(f.time(statement.createdAt))}{' '}
        {statement.supersedesId ? s.supersedes(statement.supersedesId) : null}
      </p>
      {statement.supersededById ? (
        <p class="notice">
          <a href={`/rekonsiliasi/${statement.supersededById}`}>{s.supersededBy(statement.supersededById)}</a>
        </p>
      ) : null}
      {statement.malformedLines.length > 0 ? (
        <DataTable id="malformed" caption={s.malformedCaption}>
          <thead>
            <tr>
              <th scope="col">{s.line}</th>
              <th scope="col">{s.problems}</th>
            </tr>
          </thead>
          <tbody>
            {statement.malformedLines.map((m) => (
              <tr key={m.line}>
                <th scope="row">{f.count(m.line)}</th>
                <td>{m.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
    </section>
  );
}

export interface StatementPageProps {
  view: View;
  statement: Statement;
  programCode: string;
  exceptions: ExceptionRow[];
  /** The link to the exceptions after these, when there are more than a page holds. */
  nextUrl: string | null;
  mayResolve: boolean;
  /** The NIK of the exception just resolved, for the notice. */
  resolved?: string | undefined;
  /** A refused resolution: its sentences, shown at the top and beside its exception. */
  attempt?: ResolveAttempt | undefined;
  refusal?: Refusal | undefined;
}

/** A statement: its reconciliation summary, then its exceptions as a work list grouped by kind. */
export function StatementPage(props: StatementPageProps) {
  const { view, statement, programCode, refusal } = props;
  const { t, f } = view;
  const s = t.reconciliation.summary;
  return (
    <Layout view={view} title={s.title(statement.id)}>
      <p>
        <a href="/rekonsiliasi" class="back-link">
          {s.back}
        </a>
      </p>
      {refusal ? <ErrorSummary view={view} items={refusal.summary} /> : null}
      {props.resolved ? (
        <p class="notice" role="status">
          {t.reconciliation.work.done(props.resolved)}
        </p>
      ) : null}
      <h1>{s.title(statement.id)}</h1>
      <p class="lead">{s.subtitle(programCode, f.month(statement.period))}</p>
      <Summary view={view} statement={statement} />
      <WorkList {...props} />
    </Layout>
  );
}
