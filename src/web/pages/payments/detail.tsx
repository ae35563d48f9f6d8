import type { ComponentChildren } from 'preact';
import type { Payment } from '../../../modules/payments/index.js';
import type { Period } from '../../../shared/period.js';
import { CsrfField, DataTable, ErrorSummary, fieldId, OnceField, TextField } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { months, PaymentStatus, programName, recorder, sourceName, type Names } from './common.js';

/** The forms of a payment's page, so a refusal is shown on the one that was sent. */
export type PaymentAction = 'approve' | 'reject' | 'reverse';

export interface DetailProps {
  view: View;
  names: Names;
  payment: Payment;
  notice: string | undefined;
  may: { approve: boolean; reject: boolean; reverse: boolean };
  refused?: { action: PaymentAction; refusal: Refusal; reason: string } | undefined;
}

/** Both reason fields are `reason` to the API; on the page the rejection's has an id of its own. */
const REJECT_REASON_ID = 'reject-reason';

function Particulars({ view, names, payment }: Pick<DetailProps, 'view' | 'names' | 'payment'>) {
  const { t, f } = view;
  const c = t.payments.columns;
  const rows: [string, ComponentChildren][] = [
    [c.status, <PaymentStatus view={view} payment={payment} />],
    [c.program, programName(names, payment.programId)],
    [c.source, sourceName(names, payment.fundingSourceId)],
    [c.months, months(view, payment.period as Period, payment.periodTo as Period)],
    [c.amount, f.money(payment.amount)],
    [c.paidOn, f.date(payment.paidOn)],
    [c.recordedBy, recorder(view, payment)],
    [t.payments.detail.recordedAt, f.time(payment.createdAt)],
  ];
  if (payment.approvedBy) {
    const me = payment.approvedBy === view.session?.actor.id;
    rows.push([t.payments.detail.approvedBy, me ? t.payments.you : t.payments.anotherOfficer]);
  }
  if (payment.reference) rows.push([t.payments.detail.reference, payment.reference]);
  return (
    <dl class="summary-list">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Allocations({ view, payment }: Pick<DetailProps, 'view' | 'payment'>) {
  const { t, f } = view;
  if (payment.allocations.length === 0) return <p>{t.payments.detail.noAllocations}</p>;
  return (
    <DataTable id="allocations" caption={t.payments.detail.allocationsCaption}>
      <thead>
        <tr>
          <th scope="col">{t.billing.month}</th>
          <th scope="col" class="num">
            {t.payments.columns.amount}
          </th>
        </tr>
      </thead>
      <tbody>
        {payment.allocations.map((a) => (
          <tr key={a.period}>
            <th scope="row">{f.month(a.period as Period)}</th>
            <td class="num">{f.money(a.amount)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

function RejectForm({ view, payment, refused }: Pick<DetailProps, 'view' | 'payment' | 'refused'>) {
  const { t } = view;
  const d = t.payments.detail;
  const error = refused?.action === 'reject' ? refused.refusal.byField.reason : undefined;
  const id = fieldId(REJECT_REASON_ID);
  return (
    <form method="post" action={`/pembayaran/${payment.id}/tolak`} class="narrow">
      <CsrfField view={view} />
      <div class={error ? 'field field--error' : 'field'}>
        <label class="field__label" for={id}>
          {d.rejectReason}
        </label>
        <p class="field__hint" id={`${id}-hint`}>
          {d.reasonHint}
        </p>
        {error ? (
          <p class="field__error" id={`${id}-error`}>
            <span class="visually-hidden">{t.errorPrefix} </span>
            {error}
          </p>
        ) : null}
        <input
          class="field__input"
          type="text"
          id={id}
          name="reason"
          value={refused?.action === 'reject' ? refused.reason : ''}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
          aria-invalid={error ? 'true' : undefined}
        />
      </div>
      <button type="submit" class="button button--danger">
        {d.reject}
      </button>
    </form>
  );
}

/** A payment: its particulars and allocation, and what the reader may do with it now. */
/** The daftar nominatif of the payment: the API's own download, sent with the session cookie. */
function NominativeLinks({ view, payment }: { view: View; payment: Payment }) {
  const d = view.t.payments.detail;
  return (
    <section class="panel" aria-labelledby="nominative-title">
      <h2 id="nominative-title">{d.nominative}</h2>
      <p class="narrow">{d.nominativeIntro}</p>
      <ul class="report-links">
        {(['pdf', 'xlsx', 'csv'] as const).map((format) => (
          <li key={format}>
            <a href={`/api/v1/payments/${payment.id}/nominative?format=${format}&lang=${view.lang}`}>
              {d.nominativeAs(format.toUpperCase())}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function DetailPage({ view, names, payment, notice, may, refused }: DetailProps) {
  const { t } = view;
  const d = t.payments.detail;
  const pending = payment.status === 'pending_approval';
  const own = payment.recordedBy === view.session?.actor.id;
  // The summary links a reason error to the form that was sent.
  const summary = (refused?.refusal.summary ?? []).map((item) =>
    refused?.action === 'reject' && item.href === `#${fieldId('reason')}`
      ? { ...item, href: `#${fieldId(REJECT_REASON_ID)}` }
      : item,
  );
  return (
    <Layout view={view} title={d.title(payment.sp2dNumber)}>
      <p class="breadcrumb">
        <a href="/pembayaran">{d.back}</a>
      </p>
      <h1>{d.title(payment.sp2dNumber)}</h1>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorSummary view={view} items={summary} />
      <Particulars view={view} names={names} payment={payment} />
      {payment.rejection ? <p class="notice">{d.rejectedBecause(payment.rejection.reason)}</p> : null}
      <Allocations view={view} payment={payment} />
      {payment.allocations.length > 0 ? <NominativeLinks view={view} payment={payment} /> : null}
      {pending && (may.approve || may.reject) ? (
        <section class="panel" aria-labelledby="approval-title">
          <h2 id="approval-title">{t.payments.queueTitle}</h2>
          {own ? <p class="notice">{d.yourOwn}</p> : <p>{d.approveIntro}</p>}
          {may.approve ? (
            <form method="post" action={`/pembayaran/${payment.id}/setujui`}>
              <CsrfField view={view} />
              <button type="submit" class="button">
                {d.approve}
              </button>
            </form>
          ) : null}
          {may.reject ? <RejectForm view={view} payment={payment} refused={refused} /> : null}
        </section>
      ) : null}
      {may.reverse && (pending || payment.status === 'paid') ? (
        <section class="panel" aria-labelledby="reverse-title">
          <h2 id="reverse-title">{d.reverse}</h2>
          <p class="narrow">{d.reverseIntro}</p>
          <form method="post" action={`/pembayaran/${payment.id}/batalkan`} class="narrow" novalidate>
            <CsrfField view={view} />
            <OnceField />
            <TextField
              view={view}
              name="reason"
              label={d.reverseReason}
              hint={d.reasonHint}
              value={refused?.action === 'reverse' ? refused.reason : ''}
              error={refused?.action === 'reverse' ? refused.refusal.byField.reason : undefined}
            />
            <button type="submit" class="button button--danger">
              {d.reverse}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}
