import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { DateTime } from 'luxon';
import { decodeCursor, enumOf, listQuery, page, rule } from '../../shared/fields.js';
import { isDate, ZONE } from '../../shared/period.js';
import { AUDIT_ACTIONS } from './actions.js';
import { listAuditEvents, verifyAuditChain } from './audit.service.js';

const TIMESTAMP_WITH_OFFSET =
  /^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})$/;

/**
 * The instant a date (midnight in Jakarta) or a timestamp with its offset names, written as the events'
 * `at` is (Jakarta time, milliseconds), so that comparing the text compares the instants; null if malformed.
 */
function eventTime(value: string): string | null {
  const at = isDate(value)
    ? DateTime.fromISO(value, { zone: ZONE })
    : TIMESTAMP_WITH_OFFSET.test(value)
      ? DateTime.fromISO(value, { setZone: true }).setZone(ZONE)
      : null;
  return at?.isValid ? at.toISO({ suppressMilliseconds: false }) : null;
}

const instant = (description: string) =>
  z
    .string()
    .max(40, rule('tooLong'))
    .transform((value, ctx) => {
      const at = eventTime(value);
      if (at === null) ctx.addIssue({ code: 'custom', message: rule('timestamp') });
      return at ?? '';
    })
    .optional()
    .meta({ description: `${description}; anything else is a 400`, examples: ['2026-11-01'] });

const auditQuery = listQuery.extend({
  actor: z.string().max(64).optional(),
  action: enumOf(AUDIT_ACTIONS).optional(),
  entity: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  from: instant('Date (from midnight in Asia/Jakarta) or ISO 8601 timestamp with offset, inclusive'),
  to: instant('Date (from midnight in Asia/Jakarta) or ISO 8601 timestamp with offset, exclusive'),
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
    description:
      'Events oldest first, filtered by actor, entity, entityId and time: from (inclusive) and to (exclusive) are each a date, read as midnight in Asia/Jakarta, or an ISO 8601 timestamp with its offset; a malformed from or to is a 400, never an empty list.',
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
