import type { Request, Response } from 'express';
import type { Actor } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import { DETAILS } from '../shared/messages/index.js';
import { countFailedSignIn, type SignInThrottle } from './rate-limit.js';

/** The token of an `Authorization: Bearer …` header; a 401 when there is none. */
export function bearerToken(header: string | undefined): string {
  // The scheme name is case-insensitive and followed by one or more spaces (RFC 7235, section 2.1).
  const match = /^Bearer +([A-Za-z0-9._~+/=-]{1,512})$/i.exec(header ?? '');
  if (!match) throw new AppError('UNAUTHENTICATED', DETAILS.bearerRequired);
  return match[1]!;
}

/**
 * Authenticates requests by bearer token with `resolve` (handed in by createApp, which knows the users). A
 * presented token that fails counts against the client address and, past the limit, is answered 429 instead
 * of 401; a valid token is never refused, and a request without one never counts.
 */
export function bearerAuthentication(
  resolve: (token: string) => Promise<Actor>,
  throttle: SignInThrottle,
): (req: Request, res: Response) => Promise<Actor> {
  return async (req, res) => {
    const header = req.get('authorization');
    try {
      return await resolve(bearerToken(header));
    } catch (err) {
      if (err instanceof AppError && err.status === 401 && header !== undefined) {
        await countFailedSignIn(throttle, req, res);
      }
      throw err;
    }
  };
}
