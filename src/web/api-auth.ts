import type { Request, Response } from 'express';
import type { Db } from '../db/knex.js';
import type { Actor } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import { DETAILS } from '../shared/messages/index.js';
import { resolveSession } from '../modules/users/index.js';
import type { Clock } from '../shared/period.js';
import { readCookie } from './cookies.js';
import { csrfHolds, isUnsafe } from './csrf.js';
import { SESSION_COOKIE } from './cookies.js';

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
    if (!session) throw new AppError('UNAUTHENTICATED', DETAILS.sessionEnded);
    if (isUnsafe(req.method) && !csrfHolds(req, session.csrfToken, false)) {
      throw new AppError('CSRF_FAILED', DETAILS.csrfFailed);
    }
    return session.actor;
  };
}
