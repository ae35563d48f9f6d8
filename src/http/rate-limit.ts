import type { Request, Response } from 'express';
import { rateLimit, type RateLimitInfo, type RateLimitRequestHandler } from 'express-rate-limit';
import type { Logger } from 'pino';
import { AppError } from '../shared/errors.js';
import { DETAILS } from '../shared/messages/index.js';

export type SignInThrottle = RateLimitRequestHandler;

/**
 * Failed token checks per client address (`req.ip`, so TRUST_PROXY decides what the address is; IPv6 per
 * /56, express-rate-limit's default) within a fixed window. The throttle is consulted only once a presented
 * token has failed, so a valid token is never refused and a request without a token never counts; past the
 * limit a failure is a 429 with Retry-After instead of a 401 until the window passes.
 */
export function signInThrottle(
  options: { limit?: number; windowMs?: number; logger?: Logger } = {},
): SignInThrottle {
  const { logger } = options;
  return rateLimit({
    limit: options.limit ?? 20,
    windowMs: options.windowMs ?? 5 * 60_000,
    standardHeaders: false,
    legacyHeaders: false,
    // The library's own warnings (e.g. X-Forwarded-For arriving while no proxy is trusted) go to the log.
    ...(logger
      ? {
          logger: {
            error: (err: unknown, msg?: string) => logger.error({ err }, msg),
            warn: (err: unknown, msg?: string) => logger.warn({ err }, msg),
          },
        }
      : {}),
    handler: (req, res, next) => {
      const { resetTime } = (req as Request & { rateLimit: RateLimitInfo }).rateLimit;
      const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now()) - Date.now()) / 1000));
      res.setHeader('Retry-After', String(seconds));
      next(
        new AppError('TOO_MANY_FAILED_LOGINS', DETAILS.tooManyFailures(seconds), undefined, {
          retryAfterSeconds: seconds,
        }),
      );
    },
  });
}

/** Counts one failed token check of this request; rejects with the 429 to answer once past the limit. */
export function countFailedSignIn(throttle: SignInThrottle, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void throttle(req, res, (err?: unknown) => (err ? reject(err) : resolve()));
  });
}
