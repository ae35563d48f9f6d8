import type { id } from './id.js';

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
