import crypto from 'node:crypto';
import type { Request } from 'express';

/**
 * Cross-site request checks for cookie-authenticated writes (docs/console.md, "CSRF"). The session cookie
 * is SameSite=Strict already; these two checks hold even where a browser or a proxy weakens that.
 */
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const isUnsafe = (method: string) => UNSAFE.has(method.toUpperCase());

export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The request comes from one of the console's own pages: its `Origin` (or, when a browser sends none, its
 * `Referer`) is this service's origin as the client sees it (`req.protocol` honours TRUST_PROXY).
 */
export function sameOrigin(req: Request): boolean {
  const own = `${req.protocol}://${req.host}`;
  const origin = req.get('origin');
  if (origin !== undefined) return origin === own;
  const referer = req.get('referer');
  return referer !== undefined && originOf(referer) === own;
}

/** The token the request carries, from the `X-CSRF-Token` header or, for plain forms, the `_csrf` field. */
function sentToken(req: Request, allowField: boolean): string | undefined {
  const header = req.get(CSRF_HEADER);
  if (header !== undefined) return header;
  const body = req.body as Record<string, unknown> | undefined;
  return allowField && typeof body?.[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : undefined;
}

function equalSecrets(a: string, b: string): boolean {
  const x = crypto.createHash('sha256').update(a).digest();
  const y = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(x, y);
}

/** A write may proceed: it is same-origin and carries the session's CSRF token. */
export function csrfHolds(req: Request, expected: string, allowField: boolean): boolean {
  const token = sentToken(req, allowField);
  return sameOrigin(req) && token !== undefined && equalSecrets(token, expected);
}
