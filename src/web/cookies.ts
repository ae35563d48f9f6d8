import type { Request } from 'express';

/** The console's session cookie: a random secret whose SHA-256 names the session row. */
export const SESSION_COOKIE = 'iuran_session';

/** One cookie's value from the Cookie header; the console reads only its own two, so no parser is needed. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
