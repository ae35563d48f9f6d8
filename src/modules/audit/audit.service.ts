import crypto from 'node:crypto';
import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { timestamp } from '../../shared/period.js';
import type { AuditAction } from './actions.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  action: AuditAction;
  entity: string;
  entityId?: string | number | null;
  change: unknown;
}

interface HashedFields {
  at: string;
  actor: string;
  role: string;
  action: string;
  entity: string;
  entityId: string | null;
  requestId: string | null;
  change: string;
  prevHash: string;
}

/** SHA-256 over the previous hash and every recorded field, so editing or removing a row breaks the chain. */
export function eventHash(f: HashedFields): string {
  const text = JSON.stringify([
    f.prevHash,
    f.at,
    f.actor,
    f.role,
    f.action,
    f.entity,
    f.entityId,
    f.requestId,
    f.change,
  ]);
  return crypto.createHash('sha256').update(text).digest('hex');
}

/**
 * Appends one event in the caller's transaction. Writers are serialised (see inTransaction), so reading
 * the last hash and appending cannot interleave with another writer.
 */
export async function recordAudit(trx: Conn, ctx: Ctx, input: AuditInput): Promise<void> {
  const last = await trx('audit_events').orderBy('id', 'desc').first('hash');
  const fields: HashedFields = {
    at: timestamp(ctx.clock),
    actor: ctx.actor.id,
    role: ctx.actor.role,
    action: input.action,
    entity: input.entity,
    entityId: input.entityId === undefined || input.entityId === null ? null : String(input.entityId),
    requestId: ctx.requestId,
    change: JSON.stringify(input.change ?? null),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await trx('audit_events').insert({
    at: fields.at,
    actor: fields.actor,
    role: fields.role,
    action: fields.action,
    entity: fields.entity,
    entity_id: fields.entityId,
    request_id: fields.requestId,
    change: fields.change,
    prev_hash: fields.prevHash,
    hash: eventHash(fields),
  });
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: AuditAction | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export async function listAuditEvents(db: Conn, filter: AuditFilter, limit: number, afterId: number | null) {
  const q = db('audit_events')
    .orderBy('id', 'asc')
    .limit(limit + 1);
  if (filter.actor) q.where('actor', filter.actor);
  if (filter.action) q.where('action', filter.action);
  if (filter.entity) q.where('entity', filter.entity);
  if (filter.entityId) q.where('entity_id', filter.entityId);
  if (filter.from) q.where('at', '>=', filter.from);
  if (filter.to) q.where('at', '<', filter.to);
  if (afterId !== null) q.where('id', '>', afterId);
  const rows = await q;
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at as string,
    actor: r.actor as string,
    role: r.role as string,
    action: r.action as string,
    entity: r.entity as string,
    entityId: (r.entity_id as string | null) ?? null,
    requestId: (r.request_id as string | null) ?? null,
    change: JSON.parse(r.change as string) as unknown,
    hash: r.hash as string,
    prevHash: r.prev_hash as string,
  }));
}

/** Walks the chain in order, in pages, and names the first event whose hash or link does not hold. */
export async function verifyAuditChain(
  db: Conn,
): Promise<{ valid: boolean; count: number; firstBrokenId?: string }> {
  let prev = GENESIS_HASH;
  let count = 0;
  let afterId = 0;
  for (;;) {
    const rows = await db('audit_events').where('id', '>', afterId).orderBy('id', 'asc').limit(5000);
    if (rows.length === 0) break;
    for (const r of rows) {
      count += 1;
      const expected = eventHash({
        at: r.at,
        actor: r.actor,
        role: r.role,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id ?? null,
        requestId: r.request_id ?? null,
        change: r.change,
        prevHash: r.prev_hash,
      });
      if (r.prev_hash !== prev || r.hash !== expected)
        return { valid: false, count, firstBrokenId: String(r.id) };
      prev = r.hash;
      afterId = Number(r.id);
    }
  }
  return { valid: true, count };
}

/**
 * Records a read that exposes personal data in bulk or in full (an export, an auditor opening one
 * person's record), in a transaction of its own since the read itself writes nothing.
 */
export async function recordAccess(db: Conn, ctx: Ctx, input: AuditInput): Promise<void> {
  await inTransaction(db, (trx) => recordAudit(trx, ctx, input));
}
