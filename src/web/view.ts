import type { Request, Response } from 'express';
import type { AssetName } from './assets.js';
import { readCookie } from './cookies.js';
import { formats, type Formats } from './format.js';
import { catalogue, DEFAULT_LANG, isLang, type Catalogue, type Lang } from './i18n/index.js';
import type { ConsoleSession } from '../modules/users/index.js';

/** What every page and component needs to speak to its reader: their language, formats and session. */
export interface View {
  lang: Lang;
  t: Catalogue;
  f: Formats;
  session: ConsoleSession | null;
  /** The path and query being shown, so the menu marks it and the language switch returns to it. */
  path: string;
  asset: (name: AssetName) => string;
}

export const LANG_COOKIE = 'iuran_lang';

/** The session's language, or the language chosen before signing in, or Bahasa Indonesia. */
export function langOf(req: Request, session: ConsoleSession | null): Lang {
  if (session) return session.lang;
  const chosen = readCookie(req, LANG_COOKIE);
  return isLang(chosen) ? chosen : DEFAULT_LANG;
}

export function viewFor(req: Request, res: Response, asset: View['asset']): View {
  const session = (res.locals.session as ConsoleSession | null | undefined) ?? null;
  const lang = langOf(req, session);
  const t = catalogue(lang);
  return { lang, t, f: formats(t), session, path: req.originalUrl, asset };
}
