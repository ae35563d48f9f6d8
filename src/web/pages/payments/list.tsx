import type { Payment } from '../../../modules/payments/index.js';
import type { Period } from '../../../shared/period.js';
import { CsrfField, DataTable, TextField } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import { SelectField } from '../../components/forms.js';
import type { View } from '../../view.js';
import { months, PaymentStatus, programName, recorder, sourceName, type Names } from './common.js';

export interface PaymentFilters {
  programId?: string | undefined;
  fundingSourceId?: string | undefined;
  period?: string | undefined;
  status?: string | undefined;
}

export interface PaymentsProps {
  view: View;
  names: Names;
  queue: Payment[];
  payments: Payment[];
  filters: PaymentFilters;
  /** The next page of the list, as a link that keeps the filters. */
  nextHref: string | null;
  notice: string | undefined;
  mayRecord: boolean;
  mayApprove: boolean;
}

const STATUSES = ['pending_approval', 'paid', 'reversed', 'rejected'] as const;

function Queue({ view, names, queue, mayApprove }: PaymentsProps) {
  const { t, f } = view;
  const c = t.payments.columns;
  if (queue.length === 0) return <p>{t.payments.queueEmpty}</p>;
  return (
    <DataTable id="queue" caption={t.payments.queueCaption}>
      <thead>
        <tr>
          <th scope="col">{c.sp2d}</th>
          <th scope="col">{c.program}</th>
          <th scope="col">{c.source}</th>
          <th scope="col">{c.months}</th>
          <th scope="col" class="num">
            {c.amount}
          </th>
          <th scope="col">{c.recordedBy}</th>
          {mayApprove ? <th scope="col">{c.actions}</th> : null}
        </tr>
      </thead>
      <tbody>
        {queue.map((p) => (
          <tr key={p.id}>
            <th scope="row">
              <a href={`/pembayaran/${p.id}`}>{p.sp2dNumber}</a>
            </th>
            <td>{programName(names, p.programId)}</td>
            <td>{sourceName(names, p.fundingSourceId)}</td>
            <td>{months(view, p.period as Period, p.periodTo as Period)}</td>
            <td class="num">{f.money(p.amount)}</td>
            <td>{recorder(view, p)}</td>
            {mayApprove ? (
              <td>
                <form method="post" action={`/pembayaran/${p.id}/setujui`} class="inline-form">
                  <CsrfField view={view} />
                  <button
                    type="submit"
                    class="button button--small"
                    aria-label={`${t.payments.detail.approve} ${p.sp2dNumber}`}
                  >
                    {t.payments.detail.approve}
                  </button>
                </form>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

function Filters({ view, names, filters }: PaymentsProps) {
  const { t } = view;
  const fl = t.payments.filters;
  return (
    <form method="get" action="/pembayaran" class="filters">
      <fieldset class="filters__set">
        <legend class="visually-hidden">{fl.legend}</legend>
        <SelectField
          view={view}
          name="programId"
          label={fl.program}
          value={filters.programId}
          empty={fl.all}
          choices={[...names.programs.values()].map((p) => ({ value: p.id, label: p.code }))}
        />
        <SelectField
          view={view}
          name="fundingSourceId"
          label={fl.source}
          value={filters.fundingSourceId}
          empty={fl.all}
          choices={[...names.sources.values()].map((s) => ({ value: s.id, label: s.name }))}
        />
        <TextField
          view={view}
          name="period"
          type="month"
          label={fl.period}
          value={filters.period ?? ''}
          width="field__input--10"
        />
        <SelectField
          view={view}
          name="status"
          label={fl.status}
          value={filters.status}
          empty={fl.all}
          choices={STATUSES.map((s) => ({ value: s, label: t.payments.statuses[s] }))}
        />
        <button type="submit" class="button button--secondary">
          {fl.show}
        </button>
      </fieldset>
    </form>
  );
}

function List(props: PaymentsProps) {
  const { view, names, payments, nextHref } = props;
  const { t, f } = view;
  const c = t.payments.columns;
  if (payments.length === 0) return <p>{t.payments.listEmpty}</p>;
  return (
    <>
      <DataTable id="payments" caption={t.payments.listCaption}>
        <thead>
          <tr>
            <th scope="col">{c.sp2d}</th>
            <th scope="col">{c.program}</th>
            <th scope="col">{c.source}</th>
            <th scope="col">{c.months}</th>
            <th scope="col" class="num">
              {c.amount}
            </th>
            <th scope="col">{c.paidOn}</th>
            <th scope="col">{c.status}</th>
          </tr>
        </thead>
        <tbody>
          {payments.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                <a href={`/pembayaran/${p.id}`}>{p.sp2dNumber}</a>
              </th>
              <td>{programName(names, p.programId)}</td>
              <td>{sourceName(names, p.fundingSourceId)}</td>
              <td>{months(view, p.period as Period, p.periodTo as Period)}</td>
              <td class="num">{f.money(p.amount)}</td>
              <td>{f.date(p.paidOn)}</td>
              <td>
                <PaymentStatus view={view} payment={p} />
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {nextHref ? (
        <p>
          <a href={nextHref} rel="next">
            {t.payments.next}
          </a>
        </p>
      ) : null}
    </>
  );
}

/** Pembayaran: the four-eyes queue first, then every payment under the filters of the query string. */
export function PaymentsPage(props: PaymentsProps) {
  const { view, notice, mayRecord } = props;
  const { t } = view;
  return (
    <Layout view={view} title={t.payments.title}>
      <div class="page-head">
        <h1>{t.payments.title}</h1>
        {mayRecord ? (
          <a class="button" href="/pembayaran/catat">
            {t.payments.record}
          </a>
        ) : null}
      </div>
      <p class="lead">{t.payments.intro}</p>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      <section class="panel" aria-labelledby="queue-title">
        <h2 id="queue-title">{t.payments.queueTitle}</h2>
        <p class="small">{t.payments.queueIntro}</p>
        <Queue {...props} />
      </section>
      <section class="panel" aria-labelledby="list-title">
        <h2 id="list-title">{t.payments.listTitle}</h2>
        <Filters {...props} />
        <List {...props} />
      </section>
    </Layout>
  );
}
