import { LANGS, type Lang } from '../../shared/i18n.js';
import type { Catalogue } from './catalogue.js';
import { en } from './en.js';
import { id } from './id.js';

export { LANGS, type Catalogue, type Lang };
export const DEFAULT_LANG: Lang = 'id';

const CATALOGUES: Record<Lang, Catalogue> = { id, en };

export function catalogue(lang: Lang): Catalogue {
  return CATALOGUES[lang];
}

export function isLang(value: unknown): value is Lang {
  return value === 'id' || value === 'en';
}
