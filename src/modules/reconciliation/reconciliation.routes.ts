import type { Api } from '../../http/api.js';
import { FILE_UPLOADS } from '../../http/upload.js';
import { seesFullNik } from '../../shared/context.js';
import { notFound } from '../../shared/errors.js';
import { decodeCursor, enumOf, id, listOf, listQuery, page, pathId, period } from '../../shared/fields.js';
import { localize } from '../../shared/i18n.js';
import { maskNik } from '../../shared/nik.js';
import { getStatement, listExceptions, listStatements, resolveException } from './exceptions.service.js';
import {
  EXCEPTION_KINDS,
  exceptionOut,
  resolveBody,
  statementOut,
  statementQuery,
} from './reconciliation.schemas.js';
import { importStatement } from './statement-import.service.js';
import { registerStatementTemplateRoute } from './template.routes.js';

export function registerReconciliationRoutes(api: Api): void {
  api.route({
    operationId: 'importStatement',
    method: 'post',
    path: '/statements',
    tag: 'reconciliation',
    summary: 'Import and reconcile an insurer statement',
    description:
      'Body: the insurer statement as CSV (`,` or `;`, UTF-8 BOM accepted) or XLSX (the first sheet), up to 200 MiB, streamed. Header names in Bahasa Indonesia or English, case and spacing ignored: NIK, No KPJ (kpj), Nama (name), Iuran or Jumlah (amount), and optionally JKK and JKM; amounts as 8400, 8.400, 8.400,00, Rp 8.400 or Rp8.400 (a fraction or 8,4 is refused on its line). Reconciled against the programme obligations of the month: matched, amount_mismatch (with JKK and JKM columns also when the total matches but a benefit differs from the price the worker was billed at, the exception then naming that benefit), not_credited, unexpected, duplicate, and double_coverage (billed that month by another programme). Malformed lines are reported and skipped; no valid line at all is a 400. The same file again for the same programme and month keeps nothing new and answers with the first statement (200, Idempotent-Replayed: true); a request repeated with its Idempotency-Key gets its first answer again. A different file for the same programme and month supersedes the earlier statement, whose credits are reversed.',
    access: ['admin', 'finance_officer'],
    rawBody: FILE_UPLOADS,
    idempotent: true,
    query: statementQuery,
    errors: [
      'UNKNOWN_REFERENCE',
      'PERIOD_CLOSED',
      'INVALID_HEADER',
      'MALFORMED_CSV',
      'INVALID_XLSX',
      'INVALID_UTF8',
      'CONTROL_CHARACTER',
      'NO_VALID_LINES',
      'OUT_OF_SCOPE',
    ],
    responses: {
      201: { description: 'The statement and its reconciliation summary', schema: statementOut },
      200: { description: 'This file was already imported: the first statement', schema: statementOut },
    },
    handler: async ({ query, ctx, db, upload, res, lang }) => {
      const outcome = await importStatement(db, ctx, Number(query.programId), query.period, upload);
      if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
      return { status: outcome.replayed ? 200 : 201, body: localize(outcome.statement, lang) };
    },
  });
  registerStatementTemplateRoute(api);
  api.route({
    operationId: 'listStatements',
    method: 'get',
    path: '/statements',
    tag: 'reconciliation',
    summary: 'List statements',
    access: 'anyRole',
    query: listQuery.extend({ programId: id().optional(), period: period().optional() }),
    responses: {
      200: {
        description: 'Statements by id',
        schema: listOf(statementOut),
      },
    },
    handler: async ({ query, ctx, db, lang }) => {
      const limit = query.limit ?? 100;
      const filter = {
        scope: ctx.actor.scope,
        programId: query.programId === undefined ? undefined : Number(query.programId),
        period: query.period,
      };
      const rows = await listStatements(db, filter, limit, decodeCursor(query.cursor));
      return { status: 200, body: localize(page(rows, limit), lang) };
    },
  });
  api.route({
    operationId: 'getStatement',
    method: 'get',
    path: '/statements/{id}',
    tag: 'reconciliation',
    summary: 'Get a statement',
    access: 'anyRole',
    responses: { 200: { description: 'The statement', schema: statementOut } },
    handler: async ({ params, ctx, db, lang }) => {
      // A statement of no programme the caller's funding sources pay into is answered as not found.
      const statement = await getStatement(db, pathId(params.id, 'statement'), ctx.actor.scope);
      if (!statement) throw notFound('statement');
      return { status: 200, body: localize(statement, lang) };
    },
  });
  api.route({
    operationId: 'listStatementExceptions',
    method: 'get',
    path: '/statements/{id}/exceptions',
    tag: 'reconciliation',
    summary: 'List the exceptions of a statement',
    description:
      'A caller limited to regions sees only the exceptions of people registered in them; a line whose NIK is nobody’s is seen province-wide only.',
    access: 'anyRole',
    query: listQuery.extend({ kind: enumOf(EXCEPTION_KINDS).optional() }),
    responses: {
      200: {
        description: 'Exceptions by id',
        schema: listOf(exceptionOut),
      },
    },
    handler: async ({ params, query, ctx, db }) => {
      const statementId = pathId(params.id, 'statement');
      if (!(await getStatement(db, statementId, ctx.actor.scope))) throw notFound('statement');
      const limit = query.limit ?? 100;
      const rows = await listExceptions(
        db,
        statementId,
        query.kind,
        limit,
        decodeCursor(query.cursor),
        ctx.actor.scope,
      );
      const mask = !seesFullNik(ctx.actor.role);
      return {
        status: 200,
        body: page(mask ? rows.map((r) => ({ ...r, nik: maskNik(r.nik) })) : rows, limit),
      };
    },
  });
  api.route({
    operationId: 'resolveException',
    method: 'post',
    path: '/reconciliation-exceptions/{id}/resolve',
    tag: 'reconciliation',
    summary: 'Resolve a reconciliation exception',
    description:
      'Moves no money by itself; rebill marks the worker for the programme next billing run, and is refused (409 PERIOD_CLOSED) while the exception month is closed. Resolving twice is a 409.',
    access: ['admin', 'finance_officer'],
    body: resolveBody,
    errors: ['ALREADY_RESOLVED', 'NOT_A_BENEFICIARY', 'PERIOD_CLOSED', 'OUT_OF_SCOPE'],
    responses: { 200: { description: 'The resolved exception', schema: exceptionOut } },
    handler: async ({ params, body, ctx, db }) => ({
      status: 200,
      body: await resolveException(db, ctx, pathId(params.id, 'exception'), body),
    }),
  });
}
