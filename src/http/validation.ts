import { z } from 'zod';
import { parseRupiah, type MoneyRule } from '../shared/money.js';
import { isDate, isPeriod } from '../shared/period.js';
import { AppError, type FieldError } from '../shared/errors.js';

/** Zod issues become the `errors` of a 400 problem, each naming its field and the rule it broke. */
export function zodErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError(400, 'VALIDATION_FAILED', 'the request is invalid', zodErrors(result.error, prefix));
  }
  return result.data;
}

const MONEY_DESCRIPTIONS: Record<MoneyRule, string> = {
  positive: 'Whole rupiah as a decimal string, greater than zero ("16800" or "16800.00").',
  nonNegative: 'Whole rupiah as a decimal string, zero or more.',
  nonZero: 'Whole rupiah as a decimal string, negative allowed, not zero.',
};

/** A money field: a decimal string of whole rupiah; JSON numbers, fractions and exponents are refused. */
export function money(rule: MoneyRule = 'positive') {
  return z
    .string({ error: 'must be a decimal string of whole rupiah, e.g. "16800" (JSON numbers are refused)' })
    .superRefine((value, ctx) => {
      const parsed = parseRupiah(value, rule);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
    })
    .meta({ description: MONEY_DESCRIPTIONS[rule], examples: ['16800'] });
}

export const period = () =>
  z
    .string({ error: 'must be a contribution month "YYYY-MM"' })
    .refine(isPeriod, 'must be a contribution month "YYYY-MM" (2000-01 to 2099-12)')
    .meta({ pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$', examples: ['2026-03'] });

export const isoDate = () =>
  z
    .string({ error: 'must be a date "YYYY-MM-DD"' })
    .refine(isDate, 'must be a real calendar date "YYYY-MM-DD"')
    .meta({ examples: ['2026-03-10'] });

/** Ids travel as opaque strings; internally they are positive integers that fit a 32-bit column. */
const MAX_ID = 2_147_483_647;
const isId = (value: string) => /^[1-9][0-9]{0,9}$/.test(value) && Number(value) <= MAX_ID;

/** An id in a body: any positive whole number is well-formed; one that cannot exist is simply unknown (422). */
export const id = () =>
  z
    .string({ error: 'must be an id string' })
    .regex(/^[1-9][0-9]{0,14}$/, 'must be an id returned by this service')
    .meta({ description: 'Opaque id', examples: ['1'] });

export const text = (max = 200) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

/** Path ids: anything that is not one of ours is simply not found. */
export function pathId(value: string | undefined, what: string): number {
  if (!value || !isId(value)) throw new AppError(404, 'NOT_FOUND', `${what} not found`);
  return Number(value);
}

export const listQuery = z.object({
  limit: z
    .string()
    .regex(/^[0-9]{1,9}$/, 'must be a whole number from 1')
    .transform(Number)
    .refine((n) => n >= 1, 'must be at least 1')
    .transform((n) => Math.min(n, 1000))
    .optional()
    .meta({ description: 'Page size, default 100; above 1000 is clamped to 1000' }),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a cursor returned by this service')
    .optional(),
});

export function encodeCursor(lastId: number | string): string {
  return Buffer.from(`c:${lastId}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const match = /^c:([0-9]{1,15})$/.exec(decoded);
  if (!match || !isId(match[1]!))
    throw new AppError(400, 'VALIDATION_FAILED', 'the request is invalid', [
      { path: 'cursor', message: 'must be a cursor returned by this service' },
    ]);
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
