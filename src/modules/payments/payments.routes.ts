import { assertSourcesInScope, coversSource } from '../../shared/scope.js';
import type { Api } from '../../http/api.js';
import { decodeCursor, listOf, listQuery, page, pathId } from '../../shared/fields.js';
import { notFound } from '../../shared/errors.js';
import {
  createPaymentBody,
  outstandingOut,
  outstandingQuery,
  paymentOut,
  paymentQuery,
  reasonBody,
  reversalOut,
} from './payments.schemas.js';
import {
  approvePayment,
  getPayment,
  listPayments,
  outstandingAmount,
  recordPayment,
  rejectPayment,
  reversePayment,
} from './payments.service.js';

export function registerPaymentRoutes(api: Api): void {
  api.route({
    operationId: 'recordPayment',
    method: 'post',
    path: '/payments',
    tag: 'payments',
    summary: 'Record an SP2D payment',
    description:
      "Books the payment (Dr paid / Cr committed), each month it pays split over benefits (kode rekening) in proportion to what the month bills per benefit, by largest remainder: the postings carry the benefit. Optional spmNumber and spmDate (the SPM the SP2D was issued on; not after paidOn) and invoiceRef (the insurer's invoice). With periodTo it covers several billed months (paying ahead is allowed by BPJS) and is allocated to the oldest outstanding month first. More than the outstanding billed amount: 422 OVERPAYMENT naming it. A reused SP2D number: 409 (never reused, even after a reversal). Where the funding source has four-eyes on, the payment counts only once another finance officer approves it.",
    access: ['admin', 'finance_officer'],
    body: createPaymentBody,
    idempotent: true,
    errors: ['UNKNOWN_REFERENCE', 'PERIOD_CLOSED', 'OVERPAYMENT', 'DUPLICATE_SP2D', 'OUT_OF_SCOPE'],
    responses: { 201: { description: 'The payment with its allocation by month', schema: paymentOut } },
    handler: async ({ body, ctx, db }) => ({ status: 201, body: await recordPayment(db, ctx, body) }),
  });
  api.route({
    operationId: 'listPayments',
    method: 'get',
    path: '/payments',
    tag: 'payments',
    summary: 'List payments',
    access: 'anyRole',
    query: listQuery.extend(paymentQuery.shape),
    responses: {
      200: {
        description: 'Payments by id',
        schema: listOf(paymentOut),
      },
    },
    handler: async ({ query, ctx, db }) => {
      const limit = query.limit ?? 100;
      const filter = {
        scope: ctx.actor.scope,
        period: query.period,
        programId: query.programId === undefined ? undefined : Number(query.programId),
        fundingSourceId: query.fundingSourceId === undefined ? undefined : Number(query.fundingSourceId),
        status: query.status,
      };
      return {
        status: 200,
        body: page(await listPayments(db, filter, limit, decodeCursor(query.cursor)), limit),
      };
    },
  });
  api.route({
    operationId: 'outstandingAmount',
    method: 'get',
    path: '/payments/outstanding',
    tag: 'payments',
    summary: 'What a payment may still cover',
    description:
      "Billed, paid and outstanding of a programme, funding source and month (or range period..periodTo, at most 12 months), per month and in total: the figures recordPayment checks an amount against (more than `outstanding` is 422 OVERPAYMENT). A payment awaiting four-eyes approval does not reduce it. A funding source outside the caller's scope is a 403 OUT_OF_SCOPE.",
    access: 'anyRole',
    query: outstandingQuery,
    errors: ['UNKNOWN_REFERENCE', 'OUT_OF_SCOPE'],
    responses: { 200: { description: 'The figures, oldest month first', schema: outstandingOut } },
    handler: async ({ query, ctx, db }) => {
      // The figures are what a payment may still cover, so they are asked of the sources one may pay from.
      assertSourcesInScope(ctx.actor.scope, [Number(query.fundingSourceId)]);
      return { status: 200, body: await outstandingAmount(db, query) };
    },
  });
  api.route({
    operationId: 'getPayment',
    method: 'get',
    path: '/payments/{id}',
    tag: 'payments',
    summary: 'Get a payment',
    access: 'anyRole',
    responses: { 200: { description: 'The payment', schema: paymentOut } },
    handler: async ({ params, ctx, db }) => {
      const payment = await getPayment(db, pathId(params.id, 'payment'));
      // Outside the caller's scope is answered as not found, so the answer tells nothing of its existence.
      if (!payment || !coversSource(ctx.actor.scope, Number(payment.fundingSourceId)))
        throw notFound('payment');
      return { status: 200, body: payment };
    },
  });
  api.route({
    operationId: 'reversePayment',
    method: 'post',
    path: '/payments/{id}/reversal',
    tag: 'payments',
    summary: 'Reverse a payment',
    description:
      'Books the reversing entry; a payment is reversed at most once (409), and its SP2D number stays used. A payment still awaiting four-eyes approval cannot be reversed (409 AWAITING_APPROVAL): the approver rejects it instead.',
    access: ['admin', 'finance_officer'],
    body: reasonBody,
    idempotent: true,
    errors: ['ALREADY_REVERSED', 'AWAITING_APPROVAL', 'NOT_PENDING', 'PERIOD_CLOSED', 'OUT_OF_SCOPE'],
    responses: { 201: { description: 'The reversal', schema: reversalOut } },
    handler: async ({ params, body, ctx, db }) => ({
      status: 201,
      body: await reversePayment(db, ctx, pathId(params.id, 'payment'), body.reason),
    }),
  });
  api.route({
    operationId: 'approvePayment',
    method: 'post',
    path: '/payments/{id}/approve',
    tag: 'payments',
    summary: 'Approve a payment (four eyes)',
    description:
      'Only where four-eyes is on for the funding source; never by the user who recorded the payment (403).',
    access: ['admin', 'finance_officer'],
    errors: [
      'APPROVAL_NOT_REQUIRED',
      'NOT_PENDING',
      'SAME_PERSON',
      'PERIOD_CLOSED',
      'OVERPAYMENT',
      'OUT_OF_SCOPE',
    ],
    responses: { 200: { description: 'The approved payment', schema: paymentOut } },
    handler: async ({ params, ctx, db }) => ({
      status: 200,
      body: await approvePayment(db, ctx, pathId(params.id, 'payment')),
    }),
  });
  api.route({
    operationId: 'rejectPayment',
    method: 'post',
    path: '/payments/{id}/reject',
    tag: 'payments',
    summary: 'Reject a payment awaiting approval (four eyes)',
    description:
      'Only while the payment awaits four-eyes approval, and never by the user who recorded it (403 SAME_PERSON). No money moves: the payment never counts. Audited.',
    access: ['admin', 'finance_officer'],
    body: reasonBody,
    errors: ['APPROVAL_NOT_REQUIRED', 'NOT_PENDING', 'SAME_PERSON', 'OUT_OF_SCOPE'],
    responses: { 200: { description: 'The rejected payment', schema: paymentOut } },
    handler: async ({ params, body, ctx, db }) => ({
      status: 200,
      body: await rejectPayment(db, ctx, pathId(params.id, 'payment'), body.reason),
    }),
  });
}
