import type { BillingRun } from '../../../modules/billing/index.js';
import type { FundingSource } from '../../../modules/funding-sources/index.js';
import type { PeriodState } from '../../../modules/periods/index.js';
import type { Program } from '../../../modules/programs/index.js';
import type { TotalsReport } from '../../../modules/reports/index.js';
import type { Period } from '../../../shared/period.js';
import { DataTable } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import type { View } from '../../view.js';

export interface MonthProps {
  view: View;
  period: Period;
  state: PeriodState;
  totals: TotalsReport;
  runs: BillingRun[];
  programs: ReadonlyMap<string, Program>;
  sources: ReadonlyMap<string, FundingSource>;
  /** The programme the board's cell was for, kept in the links back. */
  chosen: string | undefined;
  notice: string | undefined;
  mayRun: boolean;
  mayCancel: boolean;
}

const FIGURES = ['billed', 'paid', 'credited', 'outstanding'] as const;

function BySource({ view, period, totals, programs, sources }: MonthProps) {
  const { t, f } = view;
  if (totals.rows.length === 0) return <p>{t.billing.nothingBilled}</p>;
  const money = (v: string | null) => (v === null ? '–' : f.money(v));
  return (
    <DataTable id="by-source" caption={t.billing.bySourceCaption(f.month(period))}>
      <thead>
        <tr>
          <th scope="col">{t.billing.columns.program}</th>
          <th scope="col">{t.billing.columns.source}</th>
          <th scope="col" class="num">
            {t.billing.figures.obligations}
          </th>
          {FIGURES.map((k) => (
            <th key={k} scope="col" class="num">
              {t.billing.figures[k]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {totals.rows.map((r) => (
          <tr key={`${r.programId}-${r.fundingSourceId}`}>
            <th scope="row">{programs.get(r.programId ?? '')?.code ?? r.programCode}</th>
            <td>{sources.get(r.fundingSourceId ?? '')?.name ?? r.fundingSourceCode}</td>
            <td class="num">{f.count(r.obligations)}</td>
            {FIGURES.map((k) => (
              <td key={k} class="num">
                {money(r[k])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            {t.billing.total}
          </th>
          <td class="num">{f.count(totals.total.obligations)}</td>
          {FIGURES.map((k) => (
            <td key={k} class="num">
              {money(totals.total[k])}
            </td>
          ))}
        </tr>
      </tfoot>
    </DataTable>
  );
}

function Runs({ view, period, runs, programs, sources, mayCancel }: MonthProps) {
  const { t, f } = view;
  if (runs.length === 0) return <p>{t.billing.noRuns}</p>;
  const c = t.billing.runColumns;
  return (
    <DataTable id="runs" caption={t.billing.runsCaption(f.month(period))}>
      <thead>
        <tr>
          <th scope="col">{c.id}</th>
          <th scope="col">{c.program}</th>
          <th scope="col">{c.kind}</th>
          <th scope="col" class="num">
            {c.count}
          </th>
          <th scope="col" class="num">
            {c.total}
          </th>
          <th scope="col">{c.bySource}</th>
          <th scope="col">{c.at}</th>
          <th scope="col">{c.status}</th>
          {mayCancel ? <th scope="col">{c.actions}</th> : null}
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} id={`run-${run.id}`}>
            <th scope="row">{run.id}</th>
            <td>
              {run.programId
                ? (programs.get(run.programId)?.code ?? run.programId)
                : t.billing.allProgramsRun}
            </td>
            <td>{t.billing.runKinds[run.kind]}</td>
            <td class="num">{f.count(run.obligationCount)}</td>
            <td class="num">{f.money(run.totalAmount)}</td>
            <td>
              <ul class="plain-list">
                {run.byFundingSource.map((s) => (
                  <li key={s.fundingSourceId}>
                    {sources.get(s.fundingSourceId)?.name ?? s.fundingSourceId}: {f.money(s.amount)}
                  </li>
                ))}
              </ul>
            </td>
            <td>{f.time(run.createdAt)}</td>
            <td>
              {t.billing.runStatuses[run.status]}
              {run.cancellation ? (
                <span class="small block">{t.billing.cancelledBecause(run.cancellation.reason)}</span>
              ) : null}
            </td>
            {mayCancel ? (
              <td>
                {run.status === 'posted' ? (
                  <a
                    class="button button--secondary button--small"
                    href={`/tagihan/proses/${run.id}/batalkan`}
                    aria-label={t.billing.cancelRunLabel(run.id)}
                  >
                    {t.billing.cancel}
                  </a>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/** A month of Tagihan: its state, its figures per programme and funding source, and its billing runs. */
export function MonthPage(props: MonthProps) {
  const { view, period, state, chosen, notice, mayRun } = props;
  const { t, f } = view;
  const year = period.slice(0, 4);
  const back = `/tagihan?${new URLSearchParams({ tahun: year, ...(chosen ? { program: chosen } : {}) }).toString()}`;
  const runHref = `/tagihan/jalankan?${new URLSearchParams({ period, ...(chosen ? { programId: chosen } : {}) }).toString()}`;
  return (
    <Layout view={view} title={t.billing.monthTitle(f.month(period))}>
      <p class="breadcrumb">
        <a href={back}>{t.billing.backToBoard(year)}</a>
      </p>
      <div class="page-head">
        <h1>{t.billing.monthTitle(f.month(period))}</h1>
        {mayRun && state.status === 'open' ? (
          <a class="button" href={runHref}>
            {t.billing.runBilling}
          </a>
        ) : null}
      </div>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      <p>
        {t.billing.periodState}:{' '}
        <span class={`state state--${state.status}`}>{t.billing.lock[state.status]}</span>
        {state.status === 'closed' && state.note ? (
          <span class="small block">{t.billing.closedNote(state.note)}</span>
        ) : null}
      </p>
      <section class="panel" aria-labelledby="by-source-title">
        <h2 id="by-source-title">{t.billing.bySourceTitle}</h2>
        <BySource {...props} />
      </section>
      <section class="panel" aria-labelledby="runs-title">
        <h2 id="runs-title">{t.billing.runsTitle}</h2>
        <Runs {...props} />
      </section>
    </Layout>
  );
}
