import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import { inTransaction, type Conn } from '../../db/knex.js';
import type { Actor, Ctx } from '../../shared/context.js';
import { AppError, notFound } from '../../shared/errors.js';
import { DETAILS } from '../../shared/messages/index.js';
import { timestamp, type Clock } from '../../shared/period.js';
import { PROVINCE_WIDE, type Scope } from '../../shared/scope.js';
import { recordAudit } from '../audit/index.js';
import { checkScope, scopeOf, scopesOf, scopeView, writeScope, type KnownSources } from './scopes.service.js';
import { DEFAULT_TOKEN_DAYS, type CreateUserInput, type ScopeInput, type User } from './users.schemas.js';

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

function toUser(row: Record<string, unknown>, scope: Scope): User {
  return {
    id: String(row.id),
    name: row.name as string,
    role: row.role as User['role'],
    createdAt: row.created_at as string,
    expiresAt: (row.expires_at as string | null) ?? null,
    revokedAt: (row.revoked_at as string | null) ?? null,
    scope: scopeView(scope),
  };
}

/**
 * Creates a user with a fresh random token; only its hash is stored, so it is shown this once. The user's
 * scope, when given, is checked against the role and the known funding sources and regions first.
 */
export async function createUser(db: Conn, ctx: Ctx, input: CreateUserInput, knownSources: KnownSources) {
  const token = `il_${crypto.randomBytes(32).toString('base64url')}`;
  const expiresAt =
    ctx
      .clock()
      .plus({ days: input.expiresInDays ?? DEFAULT_TOKEN_DAYS })
      .toISO() ?? '';
  return inTransaction(db, async (trx) => {
    const scope = input.scope
      ? await checkScope(trx, input.role, input.scope, knownSources, 'scope.')
      : PROVINCE_WIDE;
    const [row] = await trx('users')
      .insert({
        name: input.name,
        role: input.role,
        token_hash: hashToken(token),
        created_at: timestamp(ctx.clock),
        expires_at: expiresAt,
      })
      .returning('*');
    await writeScope(trx, Number(row.id), scope);
    const user = toUser(row, await scopeOf(trx, Number(row.id)));
    await recordAudit(trx, ctx, {
      action: 'user.create',
      entity: 'user',
      entityId: user.id,
      change: { name: user.name, role: user.role, expiresAt, ...(input.scope ? { scope: user.scope } : {}) },
    });
    return { ...user, token };
  });
}

export async function listUsers(db: Conn): Promise<User[]> {
  const rows = await db('users').orderBy('id');
  const scopes = await scopesOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => toUser(r, scopes.get(Number(r.id))!));
}

/**
 * Replaces a user's scope (`{}` makes the user province-wide), audited with the scope before and after. It
 * takes effect on the user's next request, console sessions included.
 */
export async function setUserScope(
  db: Conn,
  ctx: Ctx,
  id: number,
  input: ScopeInput,
  knownSources: KnownSources,
): Promise<User> {
  return inTransaction(db, async (trx) => {
    const row = await trx('users').where({ id }).first();
    if (!row) throw notFound('user');
    const scope = await checkScope(trx, row.role, input, knownSources, '');
    const before = scopeView(await scopeOf(trx, id));
    await writeScope(trx, id, scope);
    const user = toUser(row, await scopeOf(trx, id));
    await recordAudit(trx, ctx, {
      action: 'user.scope',
      entity: 'user',
      entityId: id,
      change: { before, after: user.scope },
    });
    return user;
  });
}

/** Admin users who can sign in now: not revoked and not expired. */
async function activeAdminIds(db: Conn, clock: Clock): Promise<string[]> {
  const rows = await db('users').where({ role: 'admin' }).whereNull('revoked_at').select('id', 'expires_at');
  return rows
    .filter((r) => !r.expires_at || DateTime.fromISO(r.expires_at as string) > clock())
    .map((r) => String(r.id));
}

/**
 * Revoking is immediate: the next request with that token is a 401. The last active admin user is never
 * revoked, even while ADMIN_TOKEN still works (the contract counts admin users only, and the bootstrap
 * token may be turned off at any time), so the service always keeps someone who can administer it.
 */
export async function revokeUser(db: Conn, ctx: Ctx, id: number): Promise<User> {
  return inTransaction(db, async (trx) => {
    const row = await trx('users').where({ id }).first();
    if (!row) throw notFound('user');
    if (row.revoked_at) throw new AppError('ALREADY_REVOKED', DETAILS.alreadyRevoked(id));
    const admins = await activeAdminIds(trx, ctx.clock);
    if (admins.length === 1 && admins[0] === String(id))
      throw new AppError('LAST_ADMIN', DETAILS.lastAdmin(id));
    await trx('users')
      .where({ id })
      .update({ revoked_at: timestamp(ctx.clock), revoked_by: ctx.actor.id });
    await recordAudit(trx, ctx, {
      action: 'user.revoke',
      entity: 'user',
      entityId: id,
      change: { name: row.name, role: row.role },
    });
    return toUser(await trx('users').where({ id }).first(), await scopeOf(trx, id));
  });
}

/** The actor a token hash belongs to; unknown or revoked is null, expired is a 401 that says so. */
export async function findUserByTokenHash(db: Conn, hash: string, clock: Clock): Promise<Actor | null> {
  const row = await db('users').where({ token_hash: hash }).whereNull('revoked_at').first();
  if (!row) return null;
  if (row.expires_at && DateTime.fromISO(row.expires_at as string) <= clock()) {
    throw new AppError('TOKEN_EXPIRED', DETAILS.tokenExpired);
  }
  return { id: String(row.id), name: row.name, role: row.role, scope: await scopeOf(db, Number(row.id)) };
}

const BOOTSTRAP_SETTING = 'admin_token_disabled';

export async function isAdminTokenDisabled(db: Conn): Promise<boolean> {
  return Boolean(await db('settings').where({ key: BOOTSTRAP_SETTING, value: 'true' }).first('key'));
}

/**
 * Turns the ADMIN_TOKEN bootstrap credential off for good (on this database), once an administrator user
 * exists who can still sign in (not revoked, not expired), so the installation cannot lock itself out.
 */
export async function disableAdminToken(db: Conn, ctx: Ctx): Promise<{ adminTokenDisabled: true }> {
  return inTransaction(db, async (trx) => {
    if ((await activeAdminIds(trx, ctx.clock)).length === 0)
      throw new AppError('NO_ADMIN_USER', DETAILS.noAdminUser);
    if (await isAdminTokenDisabled(trx)) throw new AppError('ALREADY_DISABLED', DETAILS.alreadyDisabled);
    await trx('settings').insert({
      key: BOOTSTRAP_SETTING,
      value: 'true',
      changed_by: ctx.actor.id,
      changed_at: timestamp(ctx.clock),
    });
    await recordAudit(trx, ctx, {
      action: 'settings.admin_token_disable',
      entity: 'settings',
      entityId: BOOTSTRAP_SETTING,
      change: { value: true },
    });
    return { adminTokenDisabled: true };
  });
}

export const BOOTSTRAP_ACTOR: Actor = { id: 'admin-token', name: 'ADMIN_TOKEN', role: 'admin' };

/**
 * The actor a bearer token stands for. Tokens are stored as SHA-256 hashes and looked up by hash, so the
 * secret itself is never compared byte by byte; the bootstrap token is compared hash to hash in constant
 * time, and only while an administrator has not turned it off.
 */
export async function actorForToken(
  db: Conn,
  token: string,
  adminToken: string | undefined,
  clock: Clock,
): Promise<Actor> {
  const hash = hashToken(token);
  if (adminToken && crypto.timingSafeEqual(Buffer.from(hash), Buffer.from(hashToken(adminToken)))) {
    if (await isAdminTokenDisabled(db)) throw new AppError('UNAUTHENTICATED', DETAILS.bootstrapOff);
    return BOOTSTRAP_ACTOR;
  }
  const user = await findUserByTokenHash(db, hash, clock);
  if (!user) throw new AppError('UNAUTHENTICATED', DETAILS.tokenUnknown);
  return user;
}
