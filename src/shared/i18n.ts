/**
 * The two languages people read the service in. The API answers in English unless a request asks for
 * Bahasa Indonesia (`Accept-Language: id`); reports, downloads and the console speak Bahasa Indonesia unless
 * English is asked for (docs/domain.md). Every sentence is built in both languages where it is made, as a
 * `Label`, and the edge picks one when it answers.
 */
export const LANGS = ['id', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** A text a person reads, in both languages. */
export interface Label {
  en: string;
  id: string;
}

export const label = (en: string, id: string): Label => ({ en, id });

/**
 * Month names, spelled here so that documents and pages never depend on the host's ICU data (a server
 * without full ICU would print "M03").
 */
export const MONTH_NAMES: Record<Lang, readonly string[]> = {
  id: [
    'Januari',
    'Februari',
    'Maret',
    'April',
    'Mei',
    'Juni',
    'Juli',
    'Agustus',
    'September',
    'Oktober',
    'November',
    'Desember',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** `Januari 2026`: a `YYYY-MM` month as its reader names it. */
export function monthName(period: string, lang: Lang): string {
  return `${MONTH_NAMES[lang][Number(period.slice(5, 7)) - 1] ?? period} ${period.slice(0, 4)}`;
}

export function isLabel(value: unknown): value is Label {
  if (value === null || typeof value !== 'object') return false;
  const keys = Object.keys(value);
  return (
    keys.length === 2 && typeof (value as Label).en === 'string' && typeof (value as Label).id === 'string'
  );
}

/**
 * The language an `Accept-Language` header prefers among ours (`in` is the old code of Indonesian);
 * `fallback` when it names neither.
 */
export function preferredLang(header: string | undefined, fallback: Lang): Lang {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((t) => t.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { primary } of ranked) {
    if (primary === 'id' || primary === 'in') return 'id';
    if (primary === 'en') return 'en';
  }
  return fallback;
}

/**
 * A value for the wire in one language: every Label inside it becomes its text. Answers that carry
 * messages (import rejections, malformed statement lines) go through this once, at the edge.
 */
export function localize<T>(value: T, lang: Lang): T {
  if (isLabel(value)) return value[lang] as T;
  if (Array.isArray(value)) return value.map((v: unknown) => localize(v, lang)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, localize(v, lang)]),
    ) as T;
  }
  return value;
}
