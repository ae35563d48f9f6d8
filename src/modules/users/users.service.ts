import crypto from 'node:crypto';
import { inTransaction, type Conn } from '../../db/knex.js';
import type { Actor, Ctx, Role } from '../../shared/context.js';
import { timestamp } from '../../shared/period.js';
import { recordAudit } from '../audit/audit.service.js';
import type { CreateUserInput } from './users.schemas.js';

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

function toUser(row: Record<string, unknown>) {
  return {
    id: String(row.id),
    name: row.name as string,
    role: row.role as Role,
    createdAt: row.created_at as string,
  };
}

/** Creates a user with a fresh random token; only its hash is stored, so it is shown this once. */
export async function createUser(db: Conn, ctx: Ctx, input: CreateUserInput) {
  const token = `il_${crypto.randomBytes(32).toString('base64url')}`;
  return inTransaction(db, async (trx) => {
    const [row] = await trx('users')
      .insert({
        name: input.name,
        role: input.role,
        token_hash: hashToken(token),
        created_at: timestamp(ctx.clock),
      })
      .returning('*');
    const user = toUser(row);
    await recordAudit(trx, ctx, {
      action: 'user.create',
      entity: 'user',
      entityId: user.id,
      change: { name: user.name, role: user.role },
    });
    return { ...user, token };
  });
}

export async function listUsers(db: Conn) {
  const rows = await db('users').whereNull('revoked_at').orderBy('id');
  return rows.map(toUser);
}

export async function findUserByTokenHash(db: Conn, hash: string): Promise<Actor | null> {
  const row = await db('users').where({ token_hash: hash }).whereNull('revoked_at').first();
  return row ? { id: String(row.id), name: row.name, role: row.role } : null;
}
