import type { Api } from '../../http/api.js';
import { decodeCursor, id, listOf, listQuery, page, pathId, period } from '../../shared/fields.js';
import { notFound } from '../../shared/errors.js';
import {
  billingRunBody,
  billingRunOut,
  cancelBody,
  obligationOut,
  obligationQuery,
  runAnswerOut,
} from './billing.schemas.js';
import { cancelRun, getRun, listRuns, runBilling, runRepricing, type PaidGuard } from './billing.service.js';
import { listObligations } from './obligations.service.js';

/** What billing's routes need from modules above it, handed in by the composition root (src/app.ts). */
export interface BillingPorts {
  paidGuard: PaidGuard;
}

export function registerBillingRoutes(api: Api, ports: BillingPorts): void {
  const runKinds = [
    {
      path: '/billing-runs',
      operationId: 'runBilling',
      summary: 'Run billing for a period',
      description:
        'Creates one obligation per enrolled beneficiary, programme, period and funding share, priced by the rates in force and split by largest remainder, plus the workers a resolved exception marked for rebilling. Billing again creates only what is missing (200 with obligationCount 0 when nothing is). Over the remaining budget of any source (or, where the budget of a programme and source is kept per benefit, of any benefit line: kode rekening): 422 OVER_BUDGET naming each shortfall, nothing written. With dryRun: true, the same computation and the same refusals, answered with 200 and dryRun: true (no id), and nothing written: no obligation, journal entry, audit event or Idempotency-Key. A user limited to some funding sources bills one programme at a time, and only one whose funding sources are all in scope: a run over every programme, or of a programme with a share outside the scope, is a 403 OUT_OF_SCOPE naming the sources outside (a regency does not bill a programme the province co-funds); the same holds for cancelling a run.',
      created: 'The run with the obligations it created',
      nothing: 'Nothing was missing: a run with obligationCount 0',
      execute: runBilling,
    },
    {
      path: '/billing-runs/reprice',
      operationId: 'repriceBilling',
      summary: 'Reprice a billed period',
      description:
        'After a rate correction: books only the differences between what is billed and what the rates in force now give, as adjustment obligations (positive or negative). Earlier obligations keep the rate ids they were priced with.',
      created: 'The repricing run',
      nothing: 'Nothing differed: a run with obligationCount 0',
      execute: runRepricing,
    },
  ];
  for (const k of runKinds) {
    api.route({
      operationId: k.operationId,
      method: 'post',
      path: k.path,
      tag: 'billing',
      summary: k.summary,
      description: k.description,
      access: ['admin', 'finance_officer'],
      body: billingRunBody,
      idempotent: true,
      errors: [
        'PERIOD_CLOSED',
        'OVER_BUDGET',
        'UNKNOWN_REFERENCE',
        'PROGRAM_NOT_RUNNING',
        'NO_RATE',
        'OUT_OF_SCOPE',
      ],
      responses: {
        201: { description: k.created, schema: runAnswerOut },
        200: { description: k.nothing, schema: runAnswerOut },
      },
      handler: async ({ body, ctx, db }) => {
        const run = await k.execute(db, ctx, body.period, {
          programId: body.programId === undefined ? undefined : Number(body.programId),
          dryRun: body.dryRun === true,
        });
        if (run.dryRun) return { status: 200, body: run, replayable: false };
        return { status: run.obligationCount > 0 ? 201 : 200, body: run };
      },
    });
  }
  api.route({
    operationId: 'cancelBillingRun',
    method: 'post',
    path: '/billing-runs/{id}/cancel',
    tag: 'billing',
    summary: 'Cancel a billing run',
    description:
      'Reverses the run in the journal and marks its obligations cancelled; refused (409) once any of it is paid or credited.',
    access: ['admin', 'finance_officer'],
    body: cancelBody,
    errors: [
      'ALREADY_CANCELLED',
      'PERIOD_CLOSED',
      'RUN_CREDITED',
      'RUN_PAID',
      'RUN_REPRICED',
      'OUT_OF_SCOPE',
    ],
    responses: { 200: { description: 'The cancelled run', schema: billingRunOut } },
    handler: async ({ params, body, ctx, db }) => ({
      status: 200,
      body: await cancelRun(db, ctx, pathId(params.id, 'billingRun'), body.reason, ports.paidGuard),
    }),
  });
  api.route({
    operationId: 'listBillingRuns',
    method: 'get',
    path: '/billing-runs',
    tag: 'billing',
    summary: 'List billing runs',
    access: 'anyRole',
    query: listQuery.extend({ period: period().optional(), programId: id().optional() }),
    responses: {
      200: {
        description: 'Runs by id',
        schema: listOf(billingRunOut),
      },
    },
    handler: async ({ query, ctx, db }) => {
      const limit = query.limit ?? 100;
      const filter = {
        scope: ctx.actor.scope,
        period: query.period,
        programId: query.programId === undefined ? undefined : Number(query.programId),
      };
      return {
        status: 200,
        body: page(await listRuns(db, filter, limit, decodeCursor(query.cursor)), limit),
      };
    },
  });
  api.route({
    operationId: 'getBillingRun',
    method: 'get',
    path: '/billing-runs/{id}',
    tag: 'billing',
    summary: 'Get a billing run',
    access: 'anyRole',
    responses: { 200: { description: 'The run', schema: billingRunOut } },
    handler: async ({ params, ctx, db }) => {
      // A run that billed nothing in the caller's scope is answered as not found.
      const run = await getRun(db, pathId(params.id, 'billingRun'), ctx.actor.scope);
      if (!run) throw notFound('billingRun');
      return { status: 200, body: run };
    },
  });
  api.route({
    operationId: 'listObligations',
    method: 'get',
    path: '/obligations',
    tag: 'billing',
    summary: 'List obligations',
    description:
      'One row per beneficiary, programme, period and funding source (plus adjustments after repricing); the shares of a worker add up exactly to the contribution. `status` is `cancelled` once its run is cancelled, `credited` while the active statement of its programme and month (the latest, which no corrected statement supersedes) credits it, otherwise `billed`.',
    access: 'anyRole',
    query: listQuery.extend(obligationQuery.shape),
    responses: {
      200: {
        description: 'Obligations by id',
        schema: listOf(obligationOut),
      },
    },
    handler: async ({ query, ctx, db }) => {
      const limit = query.limit ?? 100;
      return {
        status: 200,
        body: page(
          await listObligations(db, query, limit, decodeCursor(query.cursor), ctx.actor.scope),
          limit,
        ),
      };
    },
  });
}
