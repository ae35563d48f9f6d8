import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { decodeCursor, id, listQuery, page, pathId, period } from '../../http/validation.js';
import { notFound } from '../../shared/errors.js';
import {
  billingRunBody,
  billingRunOut,
  cancelBody,
  obligationOut,
  obligationQuery,
} from './billing.schemas.js';
import { cancelRun, getRun, listRuns, runBilling, runRepricing } from './billing.service.js';
import { listObligations } from './obligations.service.js';
import type { Conn } from '../../db/knex.js';
import type { SourceTotal } from './billing.repository.js';

export type PaidGuard = (trx: Conn, keys: SourceTotal[], period: string) => Promise<string | null>;

export function registerBillingRoutes(api: Api, paidGuard: PaidGuard): void {
  const runKinds = [
    {
      path: '/billing-runs',
      summary: 'Run billing for a period',
      description:
        'Creates one obligation per enrolled beneficiary, programme, period and funding share, priced by the rates in force and split by largest remainder, plus the workers a resolved exception marked for rebilling. Billing again creates only what is missing (200 with obligationCount 0 when nothing is). Over the remaining budget of any source: 422 OVER_BUDGET naming each shortfall, nothing written.',
      created: 'The run with the obligations it created',
      nothing: 'Nothing was missing: a run with obligationCount 0',
      execute: runBilling,
    },
    {
      path: '/billing-runs/reprice',
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
      method: 'post',
      path: k.path,
      tag: 'billing',
      summary: k.summary,
      description: k.description,
      access: ['admin', 'finance_officer'],
      body: billingRunBody,
      idempotent: true,
      responses: {
        201: { description: k.created, schema: billingRunOut },
        200: { description: k.nothing, schema: billingRunOut },
      },
      handler: async ({ body, ctx, db }) => {
        const run = await k.execute(
          db,
          ctx,
          body.period,
          body.programId === undefined ? undefined : Number(body.programId),
        );
        return { status: run.obligationCount > 0 ? 201 : 200, body: run };
      },
    });
  }
  api.route({
    method: 'post',
    path: '/billing-runs/{id}/cancel',
    tag: 'billing',
    summary: 'Cancel a billing run',
    description:
      'Reverses the run in the journal and marks its obligations cancelled; refused (409) once any of it is paid or credited.',
    access: ['admin', 'finance_officer'],
    body: cancelBody,
    responses: { 200: { description: 'The cancelled run', schema: billingRunOut } },
    handler: async ({ params, body, ctx, db }) => ({
      status: 200,
      body: await cancelRun(db, ctx, pathId(params.id, 'billing run'), body.reason, paidGuard),
    }),
  });
  api.route({
    method: 'get',
    path: '/billing-runs',
    tag: 'billing',
    summary: 'List billing runs',
    access: 'anyRole',
    query: listQuery.extend({ period: period().optional(), programId: id().optional() }),
    responses: {
      200: {
        description: 'Runs by id',
        schema: z.object({ data: z.array(billingRunOut), nextCursor: z.string().nullable() }),
      },
    },
    handler: async ({ query, db }) => {
      const limit = query.limit ?? 100;
      const filter = {
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
    method: 'get',
    path: '/billing-runs/{id}',
    tag: 'billing',
    summary: 'Get a billing run',
    access: 'anyRole',
    responses: { 200: { description: 'The run', schema: billingRunOut } },
    handler: async ({ params, db }) => {
      const run = await getRun(db, pathId(params.id, 'billing run'));
      if (!run) throw notFound('billing run');
      return { status: 200, body: run };
    },
  });
  api.route({
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
        schema: z.object({ data: z.array(obligationOut), nextCursor: z.string().nullable() }),
      },
    },
    handler: async ({ query, db }) => {
      const limit = query.limit ?? 100;
      return {
        status: 200,
        body: page(await listObligations(db, query, limit, decodeCursor(query.cursor)), limit),
      };
    },
  });
}
