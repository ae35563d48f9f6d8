import { en } from './en.js';
import { id } from './id.js';

export const LANGS = ['id', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'id';

/** The shape of `id.ts` with its literal texts widened, so each language supplies its own words. */
type Widen<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends (...args: infer A) => string
      ? (...args: A) => string
      : T extends readonly string[]
        ? { readonly [K in keyof T]: string }
        : { readonly [K in keyof T]: Widen<T[K]> };

export type Catalogue = Widen<typeof id>;

const CATALOGUES: Record<Lang, Catalogue> = { id, en };

export function catalogue(lang: Lang): Catalogue {
  return CATALOGUES[lang];
}

export function isLang(value: unknown): value is Lang {
  return value === 'id' || value === 'en';
}
