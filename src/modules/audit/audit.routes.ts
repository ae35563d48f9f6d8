import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { decodeCursor, enumOf, listQuery, page } from '../../shared/fields.js';
import { AUDIT_ACTIONS } from './actions.js';
import { listAuditEvents, verifyAuditChain } from './audit.service.js';

const auditQuery = listQuery.extend({
  actor: z.string().max(64).optional(),
  action: enumOf(AUDIT_ACTIONS).optional(),
  entity: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  from: z.string().max(40).optional().meta({ description: 'ISO timestamp or date, inclusive' }),
  to: z.string().max(40).optional().meta({ description: 'ISO timestamp or date, exclusive' }),
});

const eventOut = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  role: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  requestId: z.string().nullable(),
  change: z.unknown(),
  hash: z.string(),
  prevHash: z.string(),
});

export function registerAuditRoutes(api: Api): void {
  api.route({
    operationId: 'listAuditEvents',
    method: 'get',
    path: '/audit-events',
    tag: 'audit',
    summary: 'List audit events',
    access: 'anyRole',
    query: auditQuery,
    responses: {
      200: {
        description: 'Events, oldest first',
        schema: z.object({ data: z.array(eventOut), nextCursor: z.string().nullable() }),
      },
    },
    handler: async ({ query, db }) => {
      const limit = query.limit ?? 100;
      const rows = await listAuditEvents(db, query, limit, decodeCursor(query.cursor));
      return { status: 200, body: page(rows, limit) };
    },
  });
  api.route({
    operationId: 'verifyAuditChain',
    method: 'get',
    path: '/audit-events/verify',
    tag: 'audit',
    summary: 'Verify the audit hash chain',
    access: 'anyRole',
    responses: {
      200: {
        description: 'Whether every event still hashes to its stored value and links to its predecessor',
        schema: z.object({ valid: z.boolean(), count: z.number(), firstBrokenId: z.string().optional() }),
      },
    },
    handler: async ({ db }) => ({ status: 200, body: await verifyAuditChain(db) }),
  });
}
