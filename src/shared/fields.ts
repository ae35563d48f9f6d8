import { z } from 'zod';
import { en as zodEnglish, id as zodIndonesian } from 'zod/v4/locales';
import { isRefusal, parseRupiah, type MoneyRule } from './money.js';
import { isDate, isPeriod, type Period } from './period.js';
import { invalid, notFound, type FieldError } from './errors.js';
import { isLabel, label, LANGS, type Label } from './i18n.js';
import { FIELD, isFieldRule, type FieldRule } from './messages/index.js';
import { CSV_MIME, XLSX_MIME } from './media-types.js';
import type { Thing } from './messages/details.js';

/**
 * The domain's vocabulary as zod field schemas (money, months, ids, text), used by every module's
 * schemas; their messages are rule keys of shared/messages/fields.ts, rendered in the reader's language.
 */
export const rule = (key: FieldRule): string => key;

const english = zodEnglish().localeError;
const indonesian = zodIndonesian().localeError;

function localeMessage(localeError: typeof english, issue: z.core.$ZodIssue): string {
  const out = localeError(issue as never);
  return typeof out === 'string' ? out : (out?.message ?? issue.message);
}

/** A refinement that already has its words passes them as `params.label` (see `labelledIssue`). */
function issueMessage(issue: z.core.$ZodIssue): Label {
  const given = (issue as { params?: { label?: unknown } }).params?.label;
  if (isLabel(given)) return given;
  if (isFieldRule(issue.message)) {
    const params = {
      ...((issue as { params?: Record<string, unknown> }).params ?? {}),
      minimum: (issue as { minimum?: unknown }).minimum,
      maximum: (issue as { maximum?: unknown }).maximum,
      values: (issue as { values?: unknown[] }).values?.join(', '),
    };
    return (FIELD[issue.message] as (p: unknown) => Label)(params);
  }
  return label(localeMessage(english, issue), localeMessage(indonesian, issue));
}

/** An issue for `ctx.addIssue` in a refinement, carrying a message already in both languages. */
export const labelledIssue = (message: Label) => ({
  code: 'custom' as const,
  message: message.en,
  params: { label: message },
});

/** Zod issues become the `errors` of a 400 problem, each naming its field and the rule it broke. */
export function zodErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issueMessage(issue),
  }));
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(zodErrors(result.error, prefix));
  return result.data;
}

const MONEY_DESCRIPTIONS: Record<MoneyRule, string> = {
  positive: 'Whole rupiah as a decimal string, greater than zero ("16800" or "16800.00").',
  nonNegative: 'Whole rupiah as a decimal string, zero or more.',
  nonZero: 'Whole rupiah as a decimal string, negative allowed, not zero.',
};

/** A money field: a decimal string of whole rupiah; JSON numbers, fractions and exponents are refused. */
export function money(moneyRule: MoneyRule = 'positive') {
  return z
    .string({ error: rule('rupiahType') })
    .superRefine((value, ctx) => {
      const parsed = parseRupiah(value, moneyRule);
      if (isRefusal(parsed)) ctx.addIssue({ code: 'custom', message: parsed.rule, params: parsed.params });
    })
    .meta({ description: MONEY_DESCRIPTIONS[moneyRule], examples: ['16800'] });
}

export const period = () =>
  z
    .string({ error: rule('periodType') })
    .refine(isPeriod, rule('period'))
    .transform((value) => value as Period)
    .meta({ pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$', examples: ['2026-03'] });

/** A month in an answer: the same `YYYY-MM` text, typed as the Period it is. */
export const periodOut = () =>
  z.string().meta({ pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$' }) as unknown as z.ZodType<Period, string>;

export const isoDate = () =>
  z
    .string({ error: rule('dateType') })
    .refine(isDate, rule('date'))
    .meta({ examples: ['2026-03-10'] });

/** Ids travel as opaque strings; internally they are positive integers that fit a 32-bit column. */
const MAX_ID = 2_147_483_647;
const isId = (value: string) => /^[1-9][0-9]{0,9}$/.test(value) && Number(value) <= MAX_ID;

/** An id in a body: any positive whole number is well-formed; one that cannot exist is simply unknown (422). */
export const id = () =>
  z
    .string({ error: rule('idType') })
    .regex(/^[1-9][0-9]{0,14}$/, rule('id'))
    .meta({ description: 'Opaque id', examples: ['1'] });

/**
 * Control characters (other than tab, and CR and LF where a field allows several lines) are refused
 * everywhere: no person types them, and PostgreSQL cannot store NUL at all.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_ONE_LINE = /[\u0000-\u0008\u000a-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function hasControlCharacters(value: string, multiLine = false): boolean {
  return (multiLine ? CONTROL_MULTI_LINE : CONTROL_ONE_LINE).test(value);
}

/**
 * Where a request's strings carry a control character: every query value, path parameter and JSON string
 * (and key), whether or not its field is a `text()`, so that none reaches a query or a row. JSON strings
 * may hold tab and line breaks (a multi-line `text()` field takes them; a one-line field still refuses
 * them); query values and path parameters may not.
 */
export function controlCharacterPaths(value: unknown, path: string, multiLine: boolean): string[] {
  if (typeof value === 'string') return hasControlCharacters(value, multiLine) ? [path || 'body'] : [];
  if (Array.isArray(value))
    return value.flatMap((v, i) => controlCharacterPaths(v, `${path}.${i}`, multiLine));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const at = path ? `${path}.${key}` : key;
    return hasControlCharacters(key, multiLine) ? [at] : controlCharacterPaths(v, at, multiLine);
  });
}

export const text = (max = 200, options: { multiLine?: boolean } = {}) =>
  z
    .string({ error: rule('stringType') })
    .refine((v) => !hasControlCharacters(v, options.multiLine), rule('controlCharacters'))
    .transform((v) => v.trim())
    .pipe(z.string().min(1, rule('notEmpty')).max(max, rule('tooLong')));

export const enumOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: rule('oneOf') });

/** Path ids: anything that is not one of ours is simply not found. */
export function pathId(value: string | undefined, thing: Thing): number {
  if (!value || !isId(value)) throw notFound(thing);
  return Number(value);
}

export const listQuery = z.object({
  limit: z
    .string()
    .regex(/^[0-9]{1,9}$/, rule('wholeNumberFrom1'))
    .transform(Number)
    .refine((n) => n >= 1, { message: rule('atLeast'), params: { minimum: 1 } })
    .transform((n) => Math.min(n, 1000))
    .optional()
    .meta({ description: 'Page size, default 100; above 1000 is clamped to 1000' }),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, rule('cursor'))
    .optional(),
});

export function encodeCursor(lastId: number | string): string {
  return Buffer.from(`c:${lastId}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const match = /^c:([0-9]{1,15})$/.exec(decoded);
  if (!match || !isId(match[1]!)) throw invalid([{ path: 'cursor', message: FIELD.cursor() }]);
  return Number(match[1]);
}

/** Cuts a `limit + 1` page into the list shape of the contract. */
export function page<T extends { id: string }>(
  rows: T[],
  limit: number,
): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

/** The language of titles, headers and messages of a download or a printed document. */
export const lang = () =>
  z
    .enum(LANGS, { error: rule('oneOf') })
    .optional()
    .meta({ description: 'Language of titles and column headers: id (Bahasa Indonesia, default) or en' });

/** What a downloadable report or list declares in the OpenAPI document besides its JSON. */
export const DOWNLOADS = [CSV_MIME, XLSX_MIME] as const;

const TABLE_FORMATS = ['json', 'csv', 'xlsx'] as const;

/** Query fields every exportable report takes; spread them into the route's query schema. */
export const exportQueryFields = {
  format: z
    .enum(TABLE_FORMATS, { error: rule('oneOf') })
    .optional()
    .meta({
      description: `json (default), csv (UTF-8 with BOM) or xlsx; without it, Accept: ${CSV_MIME} or ${XLSX_MIME} chooses the download`,
    }),
  lang: lang(),
};
