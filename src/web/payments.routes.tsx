import type { Outstanding, Payment } from '../modules/payments/index.js';
import { AppError } from '../shared/errors.js';
import { today } from '../shared/period.js';
import { DetailPage, type PaymentAction } from './pages/payments/detail.js';
import { PaymentsPage, type PaymentFilters } from './pages/payments/list.js';
import { OutstandingPanel, PAYMENT_FIELDS, RecordPage, type PaymentInput } from './pages/payments/record.js';
import { describeProblem, type Problem } from './problem-text.js';
import type { PageInput, Pages } from './routing.js';
import { formText as text, programsAndSources as names } from './lookups.js';

type List<T> = { data: T[]; nextCursor: string | null };
/** Lists of programmes and sources fit one page of the API: a province runs a handful of each. */
const ALL = { limit: '1000' };
/** Payments shown per page of the list; the queue shows every payment awaiting approval. */
const PAGE = '50';

const paymentInput = (source: Record<string, unknown>): PaymentInput =>
  Object.fromEntries(PAYMENT_FIELDS.map((k) => [k, text(source[k])])) as PaymentInput;

/** The body recordPayment reads: optional fields left out when empty, so the API judges what was typed. */
const paymentBody = (input: PaymentInput) =>
  Object.fromEntries(
    Object.entries(input).filter(([k, v]) => v !== '' || !['periodTo', 'reference'].includes(k)),
  );

/**
 * The outstanding amount for the form's programme, source and months, or null while they are incomplete or
 * not yet valid (the form says what is missing when it is sent).
 */
async function outstandingFor(call: PageInput['call'], input: PaymentInput): Promise<Outstanding | null> {
  if (!input.programId || !input.fundingSourceId || !input.period) return null;
  const query = {
    programId: input.programId,
    fundingSourceId: input.fundingSourceId,
    period: input.period,
    ...(input.periodTo ? { periodTo: input.periodTo } : {}),
  };
  try {
    return await call<Outstanding>('outstandingAmount', { query });
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return null;
    throw err;
  }
}

const FORM_LABELS = (view: PageInput['view']): Record<string, string> => {
  const w = view.t.payments.form;
  return {
    programId: w.program,
    fundingSourceId: w.source,
    period: w.period,
    periodTo: w.periodTo,
    amount: w.amount,
    paidOn: w.paidOn,
    sp2dNumber: w.sp2dNumber,
    reference: w.reference,
  };
};

export function registerPaymentsRoutes(pages: Pages): void {
  pages.page('/pembayaran', { section: 'payments' }, async ({ view, req, call, may }) => {
    const filters: PaymentFilters = {
      programId: text(req.query.programId) || undefined,
      fundingSourceId: text(req.query.fundingSourceId) || undefined,
      period: text(req.query.period) || undefined,
      status: text(req.query.status) || undefined,
    };
    const cursor = text(req.query.cursor) || undefined;
    const [n, queue, list] = await Promise.all([
      names(call),
      call<List<Payment>>('listPayments', { query: { ...ALL, status: 'pending_approval' } }),
      call<List<Payment>>('listPayments', { query: { ...filters, limit: PAGE, cursor } }),
    ]);
    const next = list.nextCursor
      ? `/pembayaran?${new URLSearchParams({ ...(Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Record<string, string>), cursor: list.nextCursor }).toString()}`
      : null;
    const notices = view.t.payments.notices;
    const notice = notices[text(req.query.notice) as keyof typeof notices] as string | undefined;
    return (
      <PaymentsPage
        view={view}
        names={n}
        queue={queue.data}
        payments={list.data}
        filters={filters}
        nextHref={next}
        notice={notice}
        mayRecord={may('recordPayment')}
        mayApprove={may('approvePayment')}
      />
    );
  });

  pages.page('/pembayaran/catat', { operation: 'recordPayment' }, async ({ view, req, call, ctx }) => {
    const input = paymentInput(req.query);
    if (!input.paidOn) input.paidOn = today(ctx.clock);
    const [n, outstanding] = await Promise.all([names(call), outstandingFor(call, input)]);
    return <RecordPage view={view} names={n} input={input} outstanding={outstanding} />;
  });

  // The form's live check (htmx): the outstanding amount and how the typed amount compares with it.
  pages.page('/pembayaran/sisa', { section: 'payments' }, async ({ view, req, call }) => {
    const input = paymentInput(req.query);
    return (
      <OutstandingPanel view={view} outstanding={await outstandingFor(call, input)} amount={input.amount} />
    );
  });

  pages.action(
    '/pembayaran/catat',
    { operation: 'recordPayment' },
    async ({ req, call }) => {
      const payment = await call<Payment>('recordPayment', {
        body: paymentBody(paymentInput(req.body ?? {})),
      });
      const notice = payment.status === 'pending_approval' ? 'recordedPending' : 'recorded';
      return { redirect: `/pembayaran/${payment.id}?notice=${notice}` };
    },
    {
      refused: async ({ view, req, call }, problem) => {
        const input = paymentInput(req.body ?? {});
        const [n, outstanding] = await Promise.all([names(call), outstandingFor(call, input)]);
        const refusal = describeProblem(view.t, problem, FORM_LABELS(view));
        return <RecordPage view={view} names={n} input={input} outstanding={outstanding} refusal={refusal} />;
      },
    },
  );

  const showPayment = async (
    { view, req, call, may }: PageInput,
    refused?: { action: PaymentAction; problem: Problem },
  ) => {
    const [n, payment] = await Promise.all([
      names(call),
      call<Payment>('getPayment', { params: { id: String(req.params.id) } }),
    ]);
    const notices = view.t.payments.notices;
    const notice = notices[text(req.query.notice) as keyof typeof notices] as string | undefined;
    const labels = {
      reason: view.t.payments.detail[refused?.action === 'reject' ? 'rejectReason' : 'reverseReason'],
    };
    return (
      <DetailPage
        view={view}
        names={n}
        payment={payment}
        notice={notice}
        may={{ approve: may('approvePayment'), reject: may('rejectPayment'), reverse: may('reversePayment') }}
        refused={
          refused && {
            action: refused.action,
            refusal: describeProblem(view.t, refused.problem, labels),
            reason: text(req.body?.reason),
          }
        }
      />
    );
  };
  pages.page('/pembayaran/:id', { section: 'payments' }, (input) => showPayment(input));

  const actions: {
    path: string;
    action: PaymentAction;
    operation: string;
    notice: string;
    reason: boolean;
  }[] = [
    { path: 'setujui', action: 'approve', operation: 'approvePayment', notice: 'approved', reason: false },
    { path: 'tolak', action: 'reject', operation: 'rejectPayment', notice: 'rejected', reason: true },
    { path: 'batalkan', action: 'reverse', operation: 'reversePayment', notice: 'reversed', reason: true },
  ];
  for (const a of actions) {
    pages.action(
      `/pembayaran/:id/${a.path}`,
      { operation: a.operation },
      async ({ req, call }) => {
        const id = String(req.params.id);
        await call(a.operation, {
          params: { id },
          ...(a.reason ? { body: { reason: text(req.body?.reason) } } : {}),
        });
        return { redirect: `/pembayaran/${id}?notice=${a.notice}` };
      },
      { refused: (input, problem) => showPayment(input, { action: a.action, problem }) },
    );
  }
}
