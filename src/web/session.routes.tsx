import type { Request, Response, Router } from 'express';
import type { Db } from '../db/knex.js';
import type { Actor } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import { DETAILS } from '../shared/messages/index.js';
import type { Clock } from '../shared/period.js';
import { hashToken, openSession, setSessionLang, signOut } from '../modules/users/index.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { isLang } from './i18n/index.js';
import { SignInPage } from './pages/sign-in.js';
import { sendPage } from './render.js';
import type { Pages } from './routing.js';
import { LANG_COOKIE, type View } from './view.js';

export interface SessionRouteDeps {
  router: Router;
  pages: Pages;
  db: Db;
  clock: Clock;
  view: (req: Request, res: Response) => View;
  /** The actor a token stands for, checked exactly as the API checks a bearer token (a 401 AppError if none). */
  actorForToken: (token: string) => Promise<Actor>;
  /** Counts a failed sign-in from this request's address with the API's failures; a 429 AppError past the limit. */
  countFailedSignIn: (req: Request, res: Response) => Promise<void>;
}

const NOTICES = { 'signed-out': 'signedOut' } as const;

/**
 * A console path to return to after signing in or switching language. Anything else (another host, a
 * scheme-relative `//host`, the API) falls back to the Beranda, so the form cannot redirect off-site.
 */
export function safeNext(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500) return undefined;
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(value) || value.startsWith('/api/')) return undefined;
  return value;
}

const cookieOptions = (req: Request) =>
  ({ httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' }) as const;

/** Sign-in with a token exchanged for a session, sign-out, and the language switch. */
export function registerSessionRoutes(deps: SessionRouteDeps): void {
  const { router, db, clock, view } = deps;

  const showSignIn = (req: Request, res: Response, status = 200, error?: string) => {
    // A cookie that opens no session belongs to a session that has ended: say so, and drop it.
    const stale = !res.locals.session && readCookie(req, SESSION_COOKIE) !== undefined;
    if (stale) res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    const notice = stale ? 'sessionEnded' : NOTICES[String(req.query.notice) as keyof typeof NOTICES];
    const v = view(req, res);
    sendPage(
      res,
      status,
      <SignInPage
        view={v}
        next={safeNext(req.body?.next ?? req.query.next)}
        error={error}
        notice={notice ? v.t.signIn[notice] : undefined}
      />,
    );
  };

  router.get('/masuk', (req, res) => {
    if (res.locals.session) return res.redirect(303, '/');
    showSignIn(req, res);
  });

  router.post('/masuk', async (req, res) => {
    const t = view(req, res).t;
    const token = typeof req.body?.token === 'string' ? req.body.token.trim() : '';
    if (token === '') return showSignIn(req, res, 400, t.signIn.tokenMissing);
    let actor: Actor;
    try {
      actor = await deps.actorForToken(token);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 401) throw err;
      // A valid token is never throttled; a failed one counts with the API's bearer failures of the address.
      try {
        await deps.countFailedSignIn(req, res);
      } catch (limited) {
        if (!(limited instanceof AppError) || limited.status !== 429) throw limited;
        const seconds = Number(limited.extra?.retryAfterSeconds ?? 60);
        res.setHeader('Retry-After', String(seconds));
        return showSignIn(req, res, 429, t.signIn.throttled(Math.max(1, Math.ceil(seconds / 60))));
      }
      const message = err.code === 'TOKEN_EXPIRED' ? t.signIn.tokenExpired : t.signIn.tokenRefused;
      return showSignIn(req, res, 401, message);
    }
    const ctx = { actor, clock, requestId: String(req.id ?? '') || null };
    const { secret } = await openSession(db, ctx, {
      credentialHash: hashToken(token),
      lang: view(req, res).lang,
    });
    res.cookie(SESSION_COOKIE, secret, cookieOptions(req));
    res.redirect(303, safeNext(req.body?.next) ?? '/');
  });

  deps.pages.action('/keluar', 'signedIn', async ({ res, req, session, ctx }) => {
    await signOut(db, ctx, session);
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    return { redirect: '/masuk?notice=signed-out' };
  });

  router.post('/bahasa', async (req, res) => {
    const lang = req.body?.lang;
    if (!isLang(lang)) throw new AppError('VALIDATION_FAILED', DETAILS.langField);
    if (res.locals.session) await setSessionLang(db, res.locals.session, lang);
    res.cookie(LANG_COOKIE, lang, { ...cookieOptions(req), sameSite: 'lax', maxAge: 365 * 24 * 3600 * 1000 });
    res.redirect(303, safeNext(req.body?.next) ?? '/');
  });

  router.get('/', async (req, res, next) => {
    if (res.locals.session) return next();
    showSignIn(req, res);
  });
}
