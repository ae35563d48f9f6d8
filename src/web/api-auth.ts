import type { Request, Response } from 'express';
import type { Db } from '../db/knex.js';
import type { Actor } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import type { Clock } from '../shared/period.js';
import { readCookie } from './cookies.js';
import { csrfHolds, isUnsafe } from './csrf.js';
import { resolveSession, SESSION_COOKIE } from './sessions.js';

type Authenticator = (req: Request, res: Response) => Promise<Actor>;

export interface ApiAuthDeps {
  db: Db;
  clock: Clock;
  adminToken: string | undefined;
  /** The API's own bearer-token check (with its throttle), which decides whenever a token is sent. */
  bearer: Authenticator;
}

/**
 * Who is calling the API: a bearer token first (integrators and scripts, unchanged), otherwise the
 * console's session cookie, so the console's own scripts and download links reach the same routes. A
 * cookie-authenticated write must also carry the session's CSRF token in `X-CSRF-Token` and come from
 * the console's origin (docs/console.md, "CSRF").
 */
export function bearerOrSession(deps: ApiAuthDeps): Authenticator {
  return async (req, res) => {
    const secret = readCookie(req, SESSION_COOKIE);
    if (req.get('authorization') !== undefined || secret === undefined) return deps.bearer(req, res);
    const session = await resolveSession(deps.db, deps.clock, deps.adminToken, secret);
    if (!session) throw new AppError(401, 'UNAUTHENTICATED', 'the console session has ended; sign in again');
    if (isUnsafe(req.method) && !csrfHolds(req, session.csrfToken, false)) {
      throw new AppError(
        403,
        'CSRF_FAILED',
        'a write with the session cookie needs the X-CSRF-Token header of that session and a same-origin Origin or Referer',
      );
    }
    return session.actor;
  };
}
