import crypto from 'node:crypto';
import type { Db } from '../db/knex.js';
import type { Actor } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import { findUserByTokenHash, hashToken } from '../modules/users/users.service.js';

export const BOOTSTRAP_ACTOR: Actor = { id: 'admin-token', name: 'ADMIN_TOKEN', role: 'admin' };

/**
 * Resolves a bearer token to an actor. Tokens are stored as SHA-256 hashes, so the lookup is by hash and
 * the bootstrap token is compared hash to hash in constant time.
 */
export async function authenticate(
  db: Db,
  header: string | undefined,
  adminToken: string | undefined,
): Promise<Actor> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/.exec(header ?? '');
  if (!match) throw new AppError(401, 'UNAUTHENTICATED', 'a bearer token is required');
  const hash = hashToken(match[1]!);
  if (adminToken && crypto.timingSafeEqual(Buffer.from(hash), Buffer.from(hashToken(adminToken)))) {
    return BOOTSTRAP_ACTOR;
  }
  const user = await findUserByTokenHash(db, hash);
  if (!user) throw new AppError(401, 'UNAUTHENTICATED', 'the token is unknown or revoked');
  return user;
}
