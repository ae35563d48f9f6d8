import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import { inTransaction, type Db } from '../../db/knex.js';
import type { Actor, Ctx } from '../../shared/context.js';
import { AppError } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n.js';
import { timestamp, type Clock } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';
import { BOOTSTRAP_ACTOR, findUserByTokenHash, hashToken, isAdminTokenDisabled } from './users.service.js';

/**
 * Server-side sessions of the console (docs/console.md, "Sessions"): a token typed once is exchanged for a
 * session. The cookie holds a random 256-bit secret; the row's id is its SHA-256, so a copy of the table
 * opens no session.
 */
export const IDLE_HOURS = 8;
export const ABSOLUTE_HOURS = 12;
/** last_seen_at is written at most this often, so that reading pages does not write on every request. */
const TOUCH_EVERY_SECONDS = 60;

export type EndedReason = 'sign_out' | 'idle' | 'expired' | 'revoked' | 'token_expired';

export interface ConsoleSession {
  id: string;
  actor: Actor;
  csrfToken: string;
  lang: Lang;
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
const randomSecret = () => crypto.randomBytes(32).toString('base64url');
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Opens a session for an actor who has just proved a credential, and records the sign-in in the same transaction. */
export async function openSession(
  db: Db,
  ctx: Ctx,
  input: { credentialHash: string; lang: Lang },
): Promise<{ secret: string; session: ConsoleSession }> {
  const secret = randomSecret();
  const now = ctx.clock();
  const session: ConsoleSession = {
    id: sha256(secret),
    actor: ctx.actor,
    csrfToken: randomSecret(),
    lang: input.lang,
  };
  await inTransaction(db, async (trx) => {
    await trx('web_sessions').insert({
      id: session.id,
      user_id: ctx.actor.id,
      role: ctx.actor.role,
      name: ctx.actor.name,
      credential_hash: input.credentialHash,
      csrf_token: session.csrfToken,
      lang: input.lang,
      created_at: timestamp(ctx.clock),
      last_seen_at: timestamp(ctx.clock),
      expires_at: now.plus({ hours: ABSOLUTE_HOURS }).toISO() ?? '',
    });
    await recordAudit(trx, ctx, {
      action: 'session.sign_in',
      entity: 'session',
      entityId: session.id,
      change: { lang: input.lang },
    });
  });
  return { secret, session };
}

/** Ends a session on the user's own request, audited with the user as actor. */
export async function signOut(db: Db, ctx: Ctx, session: ConsoleSession): Promise<void> {
  await inTransaction(db, async (trx) => {
    const ended = await trx('web_sessions')
      .where({ id: session.id })
      .whereNull('ended_at')
      .update({ ended_at: timestamp(ctx.clock), ended_reason: 'sign_out' });
    if (ended === 0) return;
    await recordAudit(trx, ctx, {
      action: 'session.sign_out',
      entity: 'session',
      entityId: session.id,
      change: {},
    });
  });
}

export async function setSessionLang(db: Db, session: ConsoleSession, lang: Lang): Promise<void> {
  await db('web_sessions').where({ id: session.id }).update({ lang });
}

/**
 * The actor the credential the session was opened with stands for now (their role and scope as they are
 * today), or why it no longer signs in: a revoked or expired user token, a changed ADMIN_TOKEN or a
 * bootstrap token turned off ends the session on its next request.
 */
async function credentialActor(
  db: Db,
  row: Record<string, unknown>,
  adminToken: string | undefined,
  clock: Clock,
): Promise<Actor | EndedReason> {
  if (row.user_id === BOOTSTRAP_ACTOR.id) {
    const same = adminToken !== undefined && hashToken(adminToken) === row.credential_hash;
    return same && !(await isAdminTokenDisabled(db)) ? BOOTSTRAP_ACTOR : 'revoked';
  }
  try {
    const actor = await findUserByTokenHash(db, row.credential_hash as string, clock);
    return actor && actor.id === row.user_id ? actor : 'revoked';
  } catch (err) {
    if (err instanceof AppError && err.code === 'TOKEN_EXPIRED') return 'token_expired';
    throw err;
  }
}

function lapsed(row: Record<string, unknown>, now: DateTime): EndedReason | null {
  if (DateTime.fromISO(row.expires_at as string) <= now) return 'expired';
  const idleUntil = DateTime.fromISO(row.last_seen_at as string).plus({ hours: IDLE_HOURS });
  return idleUntil <= now ? 'idle' : null;
}

/**
 * The live session a cookie secret opens, or null. Checked on every request: a session past its idle or
 * absolute limit, or whose credential no longer signs in, is ended there and then (with the reason kept).
 */
export async function resolveSession(
  db: Db,
  clock: Clock,
  adminToken: string | undefined,
  secret: string | undefined,
): Promise<ConsoleSession | null> {
  if (!secret || !SECRET_PATTERN.test(secret)) return null;
  const id = sha256(secret);
  const row = await db('web_sessions').where({ id }).whereNull('ended_at').first();
  if (!row) return null;
  const now = clock();
  const current = lapsed(row, now) ?? (await credentialActor(db, row, adminToken, clock));
  if (typeof current === 'string') {
    await db('web_sessions')
      .where({ id })
      .whereNull('ended_at')
      .update({ ended_at: timestamp(clock), ended_reason: current });
    return null;
  }
  if (DateTime.fromISO(row.last_seen_at as string).plus({ seconds: TOUCH_EVERY_SECONDS }) <= now) {
    await db('web_sessions')
      .where({ id })
      .update({ last_seen_at: timestamp(clock) });
  }
  return {
    id,
    actor: current,
    csrfToken: row.csrf_token as string,
    lang: row.lang === 'en' ? 'en' : 'id',
  };
}
