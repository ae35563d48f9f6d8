import crypto from 'node:crypto';
import type { Conn } from './knex.js';
import { timestamp, type Clock } from '../shared/period.js';

export interface StoredReply {
  status: number;
  body: unknown;
}

/** Canonical JSON (keys sorted) so that the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestHash(parts: unknown): string {
  return crypto.createHash('sha256').update(canonical(parts)).digest('hex');
}

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

export interface IdempotencyScope {
  actor: string;
  endpoint: string;
  key: string;
  hash: string;
}

/** What a key answered first, with the hash of the request it answered; null for a new key. */
export async function findStored(
  trx: Conn,
  scope: Omit<IdempotencyScope, 'hash'>,
): Promise<{ hash: string; reply: StoredReply } | null> {
  const row = await trx('idempotency_keys')
    .where({ actor: scope.actor, endpoint: scope.endpoint, key: scope.key })
    .first();
  if (!row) return null;
  return {
    hash: row.request_hash as string,
    reply: { status: Number(row.status), body: JSON.parse(row.response as string) as unknown },
  };
}

/** Stored in the same transaction as the write it answers, so a key never outlives or precedes its effect. */
export async function storeReply(
  trx: Conn,
  scope: IdempotencyScope,
  reply: StoredReply,
  clock: Clock,
): Promise<void> {
  await trx('idempotency_keys').insert({
    actor: scope.actor,
    endpoint: scope.endpoint,
    key: scope.key,
    request_hash: scope.hash,
    status: reply.status,
    response: JSON.stringify(reply.body),
    created_at: timestamp(clock),
  });
}
