import type { Api } from '../../http/api.js';
import { decodeCursor, listOf, page, pathId } from '../../shared/fields.js';
import { endEnrolmentBody } from '../beneficiaries/index.js';
import { endedEnrolmentOut, overpaymentOut, overpaymentsQuery, settleBody } from './life-events.schemas.js';
import { endEnrolmentWithEffects } from './life-events.service.js';
import { listOverpayments, settleOverpayment } from './overpayments.service.js';

export function registerLifeEventRoutes(api: Api): void {
  api.route({
    operationId: 'endEnrolment',
    method: 'post',
    path: '/enrolments/{id}/end',
    tag: 'enrolments',
    summary: 'End an enrolment',
    description:
      'endPeriod is the last month covered (inclusive). It may shorten an enrolment, never extend it (422); ending twice is a 409 ENROLMENT_ENDED. A retroactive end (a death reported late) settles the months after it that were already billed, in the same transaction, and lists them in affected: an obligation of an unpaid month is cancelled (a reversing entry releases its budget); one of a month already paid is cancelled too, and what was paid for it becomes an overpayment, a claim on the insurer in the journal (GET /overpayments). If any of those months is closed the end is a 409 PERIOD_CLOSED naming them.',
    access: ['admin', 'program_manager'],
    body: endEnrolmentBody,
    errors: ['ENROLMENT_ENDED', 'INVALID_END_PERIOD', 'PERIOD_CLOSED', 'OUT_OF_SCOPE'],
    responses: {
      200: { description: 'The ended enrolment and what it affected', schema: endedEnrolmentOut },
    },
    handler: async ({ params, body, ctx, db }) => ({
      status: 200,
      body: await endEnrolmentWithEffects(db, ctx, pathId(params.id, 'enrolment'), body),
    }),
  });
  api.route({
    operationId: 'listOverpayments',
    method: 'get',
    path: '/overpayments',
    tag: 'payments',
    summary: 'List overpayments',
    description:
      'What was paid for months no longer owed (an enrolment ended after them), each a claim on the insurer until settled. Within the caller’s funding sources.',
    access: 'anyRole',
    query: overpaymentsQuery,
    responses: { 200: { description: 'Overpayments by id', schema: listOf(overpaymentOut) } },
    handler: async ({ query, ctx, db }) => {
      const limit = query.limit ?? 100;
      return {
        status: 200,
        body: page(
          await listOverpayments(db, query, limit, decodeCursor(query.cursor), ctx.actor.scope),
          limit,
        ),
      };
    },
  });
  api.route({
    operationId: 'settleOverpayment',
    method: 'post',
    path: '/overpayments/{id}/settle',
    tag: 'payments',
    summary: 'Settle an overpayment',
    description:
      "Once (409 ALREADY_SETTLED the second time). offset: the insurer keeps the money as payment of the programme's and source's open billed months, oldest first, recorded as a payment numbered KOMPENSASI/{id}, so the next SP2D must cover that much less (more than those months owe is a 422 OVERPAYMENT); refund: the money came back. Either way the claim closes and the budget it held is released (Dr available / Cr claim).",
    access: ['admin', 'finance_officer'],
    body: settleBody,
    errors: ['ALREADY_SETTLED', 'OVERPAYMENT', 'PERIOD_CLOSED', 'OUT_OF_SCOPE'],
    responses: { 200: { description: 'The settled overpayment', schema: overpaymentOut } },
    handler: async ({ params, body, ctx, db }) => ({
      status: 200,
      body: await settleOverpayment(db, ctx, pathId(params.id, 'overpayment'), body),
    }),
  });
}
