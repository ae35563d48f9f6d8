import crypto from 'node:crypto';
import type { Db } from '../db/knex.js';
import type { Actor } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import type { Clock } from '../shared/period.js';
import { findUserByTokenHash, hashToken, isAdminTokenDisabled } from '../modules/users/users.service.js';

export const BOOTSTRAP_ACTOR: Actor = { id: 'admin-token', name: 'ADMIN_TOKEN', role: 'admin' };

/**
 * Resolves a bearer token to an actor. Tokens are stored as SHA-256 hashes and looked up by hash, so the
 * secret itself is never compared byte by byte; the bootstrap token is compared hash to hash in constant
 * time, and only while an administrator has not turned it off.
 */
export async function authenticate(
  db: Db,
  header: string | undefined,
  adminToken: string | undefined,
  clock: Clock,
): Promise<Actor> {
  // The scheme name is case-insensitive and followed by one or more spaces (RFC 7235, section 2.1).
  const match = /^Bearer +([A-Za-z0-9._~+/=-]{1,512})$/i.exec(header ?? '');
  if (!match) throw new AppError(401, 'UNAUTHENTICATED', 'a bearer token is required');
  const hash = hashToken(match[1]!);
  if (adminToken && crypto.timingSafeEqual(Buffer.from(hash), Buffer.from(hashToken(adminToken)))) {
    if (await isAdminTokenDisabled(db))
      throw new AppError(401, 'UNAUTHENTICATED', 'the bootstrap token is turned off');
    return BOOTSTRAP_ACTOR;
  }
  const user = await findUserByTokenHash(db, hash, clock);
  if (!user) throw new AppError(401, 'UNAUTHENTICATED', 'the token is unknown or revoked');
  return user;
}
