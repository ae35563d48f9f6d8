import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { seesFullNik } from '../../shared/context.js';
import { maskNik } from '../../shared/nik.js';
import { decodeCursor, id, listQuery, page, pathId, period } from '../../http/validation.js';
import { csvBody } from '../../http/csv-body.js';
import { notFound } from '../../shared/errors.js';
import {
  EXCEPTION_KINDS,
  exceptionOut,
  resolveBody,
  statementOut,
  statementQuery,
} from './reconciliation.schemas.js';
import {
  getStatement,
  importStatement,
  listExceptions,
  listStatements,
  resolveException,
} from './reconciliation.service.js';

export function registerReconciliationRoutes(api: Api): void {
  api.route({
    method: 'post',
    path: '/statements',
    tag: 'reconciliation',
    summary: 'Import and reconcile an insurer statement',
    description:
      'Body: the insurer CSV with header nik,kpj,name,amount (`,` or `;`, UTF-8 BOM accepted; up to 200 MiB, streamed). Reconciled against the programme obligations of the month: matched, amount_mismatch, not_credited, unexpected, duplicate, and double_coverage (billed that month by another programme). Malformed lines are reported and skipped; no valid line at all is a 400. The same file again answers with the first statement (200; 201 when replayed through Idempotency-Key). A different file for the same programme and month supersedes the earlier statement, whose credits are reversed.',
    access: ['admin', 'finance_officer'],
    rawBody: 'text/csv',
    idempotent: 'handler',
    query: statementQuery,
    responses: {
      201: { description: 'The statement and its reconciliation summary', schema: statementOut },
      200: { description: 'This file was already imported: the first statement', schema: statementOut },
    },
    handler: async ({ query, ctx, db, req, res }) => {
      const key = req.get('idempotency-key');
      const outcome = await importStatement(
        db,
        ctx,
        Number(query.programId),
        query.period,
        csvBody(req),
        key === undefined ? undefined : { actor: ctx.actor.id, endpoint: 'POST /statements', key },
      );
      if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
      return { status: outcome.replayed && key === undefined ? 200 : 201, body: outcome.statement };
    },
  });
  api.route({
    method: 'get',
    path: '/statements',
    tag: 'reconciliation',
    summary: 'List statements',
    access: 'anyRole',
    query: listQuery.extend({ programId: id().optional(), period: period().optional() }),
    responses: {
      200: {
        description: 'Statements by id',
        schema: z.object({ data: z.array(statementOut), nextCursor: z.string().nullable() }),
      },
    },
    handler: async ({ query, db }) => {
      const limit = query.limit ?? 100;
      const filter = {
        programId: query.programId === undefined ? undefined : Number(query.programId),
        period: query.period,
      };
      return {
        status: 200,
        body: page(await listStatements(db, filter, limit, decodeCursor(query.cursor)), limit),
      };
    },
  });
  api.route({
    method: 'get',
    path: '/statements/{id}',
    tag: 'reconciliation',
    summary: 'Get a statement',
    access: 'anyRole',
    responses: { 200: { description: 'The statement', schema: statementOut } },
    handler: async ({ params, db }) => {
      const statement = await getStatement(db, pathId(params.id, 'statement'));
      if (!statement) throw notFound('statement');
      return { status: 200, body: statement };
    },
  });
  api.route({
    method: 'get',
    path: '/statements/{id}/exceptions',
    tag: 'reconciliation',
    summary: 'List the exceptions of a statement',
    access: 'anyRole',
    query: listQuery.extend({ kind: z.enum(EXCEPTION_KINDS).optional() }),
    responses: {
      200: {
        description: 'Exceptions by id',
        schema: z.object({ data: z.array(exceptionOut), nextCursor: z.string().nullable() }),
      },
    },
    handler: async ({ params, query, ctx, db }) => {
      const statementId = pathId(params.id, 'statement');
      if (!(await getStatement(db, statementId))) throw notFound('statement');
      const limit = query.limit ?? 100;
      const rows = await listExceptions(db, statementId, query.kind, limit, decodeCursor(query.cursor));
      const mask = !seesFullNik(ctx.actor.role);
      return {
        status: 200,
        body: page(mask ? rows.map((r) => ({ ...r, nik: maskNik(r.nik) })) : rows, limit),
      };
    },
  });
  api.route({
    method: 'post',
    path: '/reconciliation-exceptions/{id}/resolve',
    tag: 'reconciliation',
    summary: 'Resolve a reconciliation exception',
    description:
      'Moves no money by itself; rebill marks the worker for the programme next billing run. Resolving twice is a 409.',
    access: ['admin', 'finance_officer'],
    body: resolveBody,
    responses: { 200: { description: 'The resolved exception', schema: exceptionOut } },
    handler: async ({ params, body, ctx, db }) => ({
      status: 200,
      body: await resolveException(db, ctx, pathId(params.id, 'reconciliation exception'), body),
    }),
  });
}
