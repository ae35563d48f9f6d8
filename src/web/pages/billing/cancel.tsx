import type { BillingRun } from '../../../modules/billing/index.js';
import type { FundingSource } from '../../../modules/funding-sources/index.js';
import type { Program } from '../../../modules/programs/index.js';
import type { Period } from '../../../shared/period.js';
import { CsrfField, ErrorSummary, TextField } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';

export interface CancelProps {
  view: View;
  run: BillingRun;
  programs: ReadonlyMap<string, Program>;
  sources: ReadonlyMap<string, FundingSource>;
  reason: string;
  refusal?: Refusal | undefined;
}

/** The confirmation step before a billing run is cancelled: what it is, why it matters, and a reason. */
export function CancelPage({ view, run, programs, sources, reason, refusal }: CancelProps) {
  const { t, f } = view;
  const month = `/tagihan/${run.period}`;
  return (
    <Layout view={view} title={t.billing.cancelTitle(run.id)}>
      <p class="breadcrumb">
        <a href={month}>{t.billing.monthTitle(f.month(run.period as Period))}</a>
      </p>
      <h1>{t.billing.cancelTitle(run.id)}</h1>
      <ErrorSummary view={view} items={refusal?.summary ?? []} />
      <dl class="summary-list">
        <div>
          <dt>{t.billing.runColumns.program}</dt>
          <dd>
            {run.programId ? (programs.get(run.programId)?.code ?? run.programId) : t.billing.allProgramsRun}
          </dd>
        </div>
        <div>
          <dt>{t.billing.month}</dt>
          <dd>{f.month(run.period as Period)}</dd>
        </div>
        <div>
          <dt>{t.billing.runColumns.count}</dt>
          <dd>{f.count(run.obligationCount)}</dd>
        </div>
        <div>
          <dt>{t.billing.runColumns.total}</dt>
          <dd>{f.money(run.totalAmount)}</dd>
        </div>
        {run.byFundingSource.map((s) => (
          <div key={s.fundingSourceId}>
            <dt>{sources.get(s.fundingSourceId)?.name ?? s.fundingSourceId}</dt>
            <dd>{f.money(s.amount)}</dd>
          </div>
        ))}
      </dl>
      <p class="narrow">{t.billing.cancelIntro}</p>
      <form method="post" action={`/tagihan/proses/${run.id}/batalkan`} class="narrow" novalidate>
        <CsrfField view={view} />
        <TextField
          view={view}
          name="reason"
          label={t.billing.reason}
          hint={t.billing.reasonHint}
          value={reason}
          error={refusal?.byField.reason}
        />
        <div class="actions">
          <button type="submit" class="button button--danger">
            {t.billing.confirmCancel}
          </button>
          <a class="button button--secondary" href={month}>
            {t.billing.back}
          </a>
        </div>
      </form>
    </Layout>
  );
}
