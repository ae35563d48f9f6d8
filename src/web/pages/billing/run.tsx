import type { BillingRun } from '../../../modules/billing/index.js';
import type { FundingSource } from '../../../modules/funding-sources/index.js';
import type { Program } from '../../../modules/programs/index.js';
import type { Period } from '../../../shared/period.js';
import { CsrfField, DataTable, ErrorSummary, OnceField, TextField } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import { SelectField } from '../../components/forms.js';
import { describeProblem, type Problem, type Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';

/** What the run form holds: the API's body fields, as typed. */
export interface RunInput {
  programId: string;
  period: string;
}

interface Shortfall {
  fundingSourceId: string;
  shortfall: string;
  remainingBudget: string;
  required: string;
}

/**
 * A refusal of runBilling as sentences. An over-budget refusal names each source short of budget with the
 * rupiah figures the API counted, formatted as the page formats money.
 */
export function runRefusal(
  view: View,
  problem: Problem,
  sources: ReadonlyMap<string, FundingSource>,
): Refusal {
  const { t, f } = view;
  const shortfalls = problem.extra?.shortfalls as Shortfall[] | undefined;
  if (problem.code === 'OVER_BUDGET' && shortfalls) {
    const refusal = describeProblem(t, { ...problem, errors: [] });
    for (const s of shortfalls) {
      const name = sources.get(s.fundingSourceId)?.name ?? s.fundingSourceId;
      refusal.summary.push({
        text: t.billing.run.shortfall(
          name,
          f.money(s.shortfall),
          f.money(s.remainingBudget),
          f.money(s.required),
        ),
      });
    }
    return refusal;
  }
  return describeProblem(t, problem, { programId: t.billing.run.program, period: t.billing.run.period });
}

const programLabel = (view: View, programs: ReadonlyMap<string, Program>, programId: string) => {
  const p = programs.get(programId);
  return p ? `${p.code}: ${p.name}` : view.t.billing.run.allPrograms;
};

export function RunFormPage({
  view,
  programs,
  input,
  refusal,
}: {
  view: View;
  programs: ReadonlyMap<string, Program>;
  input: RunInput;
  refusal?: Refusal | undefined;
}) {
  const { t } = view;
  return (
    <Layout view={view} title={t.billing.run.title}>
      <p class="breadcrumb">
        <a href="/tagihan">{t.billing.title}</a>
      </p>
      <h1>{t.billing.run.title}</h1>
      <p class="lead narrow">{t.billing.run.intro}</p>
      <ErrorSummary view={view} items={refusal?.summary ?? []} />
      <form method="post" action="/tagihan/jalankan/pratinjau" class="narrow" novalidate>
        <CsrfField view={view} />
        <SelectField
          view={view}
          name="programId"
          label={t.billing.run.program}
          value={input.programId}
          empty={t.billing.run.allPrograms}
          choices={[...programs.values()].map((p) => ({ value: p.id, label: `${p.code}: ${p.name}` }))}
          error={refusal?.byField.programId}
        />
        <TextField
          view={view}
          name="period"
          type="month"
          label={t.billing.run.period}
          hint={t.billing.run.periodHint}
          value={input.period}
          width="field__input--10"
          error={refusal?.byField.period}
        />
        <button type="submit" class="button">
          {t.billing.run.preview}
        </button>
      </form>
    </Layout>
  );
}

/** The dry run's answer, and the form that bills it for real (once, however often it is sent). */
export function PreviewPage({
  view,
  run,
  input,
  programs,
  sources,
}: {
  view: View;
  run: BillingRun;
  input: RunInput;
  programs: ReadonlyMap<string, Program>;
  sources: ReadonlyMap<string, FundingSource>;
}) {
  const { t, f } = view;
  const month = f.month(run.period as Period);
  const change = `/tagihan/jalankan?${new URLSearchParams({ ...input }).toString()}`;
  return (
    <Layout view={view} title={t.billing.run.previewTitle}>
      <p class="breadcrumb">
        <a href="/tagihan">{t.billing.title}</a>
      </p>
      <h1>{t.billing.run.previewTitle}</h1>
      <p class="lead">{t.billing.run.previewOf(month, programLabel(view, programs, input.programId))}</p>
      {run.obligationCount === 0 ? (
        <p class="notice">{t.billing.run.nothing}</p>
      ) : (
        <>
          <p class="notice">{t.billing.run.nothingWritten}</p>
          <dl class="summary-list">
            <div>
              <dt>{t.billing.run.count}</dt>
              <dd>{f.count(run.obligationCount)}</dd>
            </div>
            <div>
              <dt>{t.billing.run.amount}</dt>
              <dd>{f.money(run.totalAmount)}</dd>
            </div>
          </dl>
          <DataTable id="preview" caption={t.billing.run.previewCaption(month)}>
            <thead>
              <tr>
                <th scope="col">{t.billing.run.source}</th>
                <th scope="col" class="num">
                  {t.billing.run.amount}
                </th>
              </tr>
            </thead>
            <tbody>
              {run.byFundingSource.map((s) => (
                <tr key={s.fundingSourceId}>
                  <th scope="row">{sources.get(s.fundingSourceId)?.name ?? s.fundingSourceId}</th>
                  <td class="num">{f.money(s.amount)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t.billing.total}</th>
                <td class="num">{f.money(run.totalAmount)}</td>
              </tr>
            </tfoot>
          </DataTable>
          <form method="post" action="/tagihan/jalankan" class="actions">
            <CsrfField view={view} />
            <OnceField />
            <input type="hidden" name="programId" value={input.programId} />
            <input type="hidden" name="period" value={input.period} />
            <button type="submit" class="button">
              {t.billing.run.confirm}
            </button>
            <a class="button button--secondary" href={change}>
              {t.billing.run.change}
            </a>
          </form>
        </>
      )}
      {run.obligationCount === 0 ? (
        <p>
          <a href={change}>{t.billing.run.change}</a>
        </p>
      ) : null}
    </Layout>
  );
}
