import type { Request } from 'express';
import type { Actor } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import { DETAILS } from '../shared/messages/index.js';
import type { FailedAuthLimiter } from './rate-limit.js';

/** The token of an `Authorization: Bearer …` header; a 401 when there is none. */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/.exec(header ?? '');
  if (!match) throw new AppError('UNAUTHENTICATED', DETAILS.bearerRequired);
  return match[1]!;
}

/**
 * Authenticates requests by bearer token with `resolve` (handed in by createApp, which knows the users),
 * counting failures per client address so guessing is throttled (429).
 */
export function bearerAuthentication(
  resolve: (token: string) => Promise<Actor>,
  limiter: FailedAuthLimiter,
): (req: Request) => Promise<Actor> {
  return async (req) => {
    const client = req.ip ?? 'unknown';
    limiter.assertAllowed(client);
    try {
      return await resolve(bearerToken(req.get('authorization')));
    } catch (err) {
      if (err instanceof AppError && err.status === 401) limiter.recordFailure(client);
      throw err;
    }
  };
}
