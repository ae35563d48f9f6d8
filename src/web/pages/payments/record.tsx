import type { Outstanding } from '../../../modules/payments/index.js';
import { Decimal } from '../../../shared/money.js';
import type { Period } from '../../../shared/period.js';
import { CsrfField, DataTable, ErrorSummary, OnceField, TextField } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import { SelectField } from '../../components/forms.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { months, type Names } from './common.js';

/** The SP2D form's fields, named as recordPayment's body names them. */
export const PAYMENT_FIELDS = [
  'programId',
  'fundingSourceId',
  'period',
  'periodTo',
  'amount',
  'paidOn',
  'sp2dNumber',
  'reference',
] as const;
export type PaymentInput = Record<(typeof PAYMENT_FIELDS)[number], string>;

/** The fields whose change asks the server for the outstanding amount again (htmx, `/pembayaran/sisa`). */
const WATCHED = ['programId', 'fundingSourceId', 'period', 'periodTo', 'amount']
  .map((n) => `#f-${n}`)
  .join(', ');

/** A whole-rupiah amount as typed (`16800`, `16800.00`), or null for anything else. */
function wholeRupiah(value: string): Decimal | null {
  return /^[0-9]{1,15}(\.0{1,2})?$/.test(value) ? new Decimal(value) : null;
}

/**
 * What a payment of the chosen programme, source and months may cover, and how the typed amount compares:
 * the figures recordPayment checks against, so the officer hears of an over-payment before submitting.
 */
export function OutstandingPanel({
  view,
  outstanding,
  amount,
}: {
  view: View;
  outstanding: Outstanding | null;
  amount: string;
}) {
  const { t, f } = view;
  const w = t.payments.form;
  if (!outstanding) return <p class="small">{w.outstandingPrompt}</p>;
  const left = new Decimal(outstanding.outstanding);
  const typed = wholeRupiah(amount);
  const comparison =
    amount === '' ? null : typed === null ? (
      <p class="outstanding__warn">{w.amountUnreadable}</p>
    ) : left.isZero() ? (
      <p class="outstanding__warn">{w.nothingOutstanding}</p>
    ) : typed.gt(left) ? (
      <p class="outstanding__warn">{w.over(f.money(typed.minus(left)))}</p>
    ) : typed.lt(left) ? (
      <p class="outstanding__note">{w.under(f.money(left.minus(typed)))}</p>
    ) : (
      <p class="outstanding__ok">{w.exact}</p>
    );
  return (
    <>
      <p class="outstanding__total">
        {w.outstandingOf(
          f.money(outstanding.outstanding),
          months(view, outstanding.period as Period, outstanding.periodTo as Period),
        )}
      </p>
      {comparison}
      {outstanding.byPeriod.length > 1 ? (
        <DataTable id="outstanding-months" caption={w.outstandingCaption}>
          <thead>
            <tr>
              <th scope="col">{t.billing.month}</th>
              <th scope="col" class="num">
                {t.billing.figures.billed}
              </th>
              <th scope="col" class="num">
                {t.billing.figures.paid}
              </th>
              <th scope="col" class="num">
                {t.billing.figures.outstanding}
              </th>
            </tr>
          </thead>
          <tbody>
            {outstanding.byPeriod.map((m) => (
              <tr key={m.period}>
                <th scope="row">{f.month(m.period as Period)}</th>
                <td class="num">{f.money(m.billed)}</td>
                <td class="num">{f.money(m.paid)}</td>
                <td class="num">{f.money(m.outstanding)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
    </>
  );
}

export interface RecordProps {
  view: View;
  names: Names;
  input: PaymentInput;
  outstanding: Outstanding | null;
  refusal?: Refusal | undefined;
}

/** The SP2D form; without JavaScript it still records, and a refusal comes back on it as sentences. */
export function RecordPage({ view, names, input, outstanding, refusal }: RecordProps) {
  const { t } = view;
  const w = t.payments.form;
  const err = refusal?.byField ?? {};
  return (
    <Layout view={view} title={w.title}>
      <p class="breadcrumb">
        <a href="/pembayaran">{t.payments.title}</a>
      </p>
      <h1>{w.title}</h1>
      <p class="lead narrow">{w.intro}</p>
      <ErrorSummary view={view} items={refusal?.summary ?? []} />
      <form method="post" action="/pembayaran/catat" class="payment-form" novalidate>
        <CsrfField view={view} />
        <OnceField />
        <div
          class="payment-form__watched"
          hx-get="/pembayaran/sisa"
          hx-trigger="change, input changed delay:500ms from:#f-amount"
          hx-include={WATCHED}
          hx-target="#outstanding"
          hx-swap="innerHTML"
        >
          <SelectField
            view={view}
            name="programId"
            label={w.program}
            value={input.programId}
            empty={w.choose}
            choices={[...names.programs.values()].map((p) => ({
              value: p.id,
              label: `${p.code}: ${p.name}`,
            }))}
            error={err.programId}
          />
          <SelectField
            view={view}
            name="fundingSourceId"
            label={w.source}
            value={input.fundingSourceId}
            empty={w.choose}
            choices={[...names.sources.values()].map((s) => ({ value: s.id, label: s.name }))}
            error={err.fundingSourceId}
          />
          <div class="field-pair">
            <TextField
              view={view}
              name="period"
              type="month"
              label={w.period}
              hint={w.periodHint}
              value={input.period}
              width="field__input--10"
              error={err.period}
            />
            <TextField
              view={view}
              name="periodTo"
              type="month"
              label={w.periodTo}
              hint={w.periodToHint}
              value={input.periodTo}
              width="field__input--10"
              error={err.periodTo}
            />
          </div>
          <TextField
            view={view}
            name="amount"
            label={w.amount}
            hint={w.amountHint}
            value={input.amount}
            inputMode="numeric"
            width="field__input--10"
            error={err.amount}
          />
        </div>
        <section class="outstanding" aria-labelledby="outstanding-title">
          <h2 id="outstanding-title" class="outstanding__title">
            {w.outstandingTitle}
          </h2>
          <div id="outstanding" aria-live="polite">
            <OutstandingPanel view={view} outstanding={outstanding} amount={input.amount} />
          </div>
        </section>
        <TextField
          view={view}
          name="paidOn"
          type="date"
          label={w.paidOn}
          value={input.paidOn}
          width="field__input--10"
          error={err.paidOn}
        />
        <TextField
          view={view}
          name="sp2dNumber"
          label={w.sp2dNumber}
          hint={w.sp2dHint}
          value={input.sp2dNumber}
          spellcheck={false}
          error={err.sp2dNumber}
        />
        <TextField
          view={view}
          name="reference"
          label={w.reference}
          value={input.reference}
          error={err.reference}
        />
        <button type="submit" class="button">
          {w.submit}
        </button>
      </form>
    </Layout>
  );
}
