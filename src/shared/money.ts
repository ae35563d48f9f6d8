import { Decimal } from 'decimal.js';

/**
 * Whole rupiah. The API carries them as decimal strings, the database as BIGINT, and arithmetic happens
 * in decimal.js so that no amount ever passes through a binary float.
 */
Decimal.set({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export { Decimal };

/** Largest magnitude of one amount accepted at the edge, well inside SQLite's exact-integer range. */
export const MAX_RUPIAH = new Decimal('999999999999999');

/**
 * Most the allocations of all budget lines together may add up to (10^18 rupiah). Every other figure the
 * ledger keeps (billed, paid, credited, each account's balance) is bounded by them, so every sum either
 * database computes, including the running sums of an account's postings and their reversals, stays
 * within a BIGINT (2^63 − 1, about 9.2 × 10^18); SQLite refuses a SUM that overflows.
 */
export const MAX_LEDGER_TOTAL = new Decimal('1000000000000000000');

const RUPIAH_PATTERN = /^-?[0-9]+(\.[0-9]+)?$/;

export type MoneyRule = 'positive' | 'nonNegative' | 'nonZero';

/** Why an amount is refused: a rule of shared/messages/fields.ts and the figure it names. */
export interface MoneyRefusal {
  rule: 'rupiah' | 'noFraction' | 'notExceed' | 'aboveZero' | 'notNegative' | 'notZero';
  params?: { maximum: string };
}

export const isRefusal = (value: Decimal | MoneyRefusal): value is MoneyRefusal =>
  !(value instanceof Decimal);

/** Parses an API money string; returns the reason it is refused instead of throwing. */
export function parseRupiah(input: unknown, rule: MoneyRule = 'positive'): Decimal | MoneyRefusal {
  if (typeof input !== 'string' || !RUPIAH_PATTERN.test(input)) return { rule: 'rupiah' };
  const value = new Decimal(input);
  if (!value.isInteger()) return { rule: 'noFraction' };
  if (value.abs().gt(MAX_RUPIAH)) return { rule: 'notExceed', params: { maximum: MAX_RUPIAH.toFixed(0) } };
  if (rule === 'positive' && value.lte(0)) return { rule: 'aboveZero' };
  if (rule === 'nonNegative' && value.lt(0)) return { rule: 'notNegative' };
  if (rule === 'nonZero' && value.isZero()) return { rule: 'notZero' };
  return value.isZero() ? new Decimal(0) : value;
}

/** Adds up the amounts of the items that share a key; each sum keeps the other fields of its first item. */
export function sumByKey<T extends { amount: Decimal }>(items: Iterable<T>, key: (item: T) => string): T[] {
  const sums = new Map<string, T>();
  for (const item of items) {
    const earlier = sums.get(key(item));
    sums.set(key(item), earlier ? { ...earlier, amount: earlier.amount.plus(item.amount) } : item);
  }
  return [...sums.values()];
}

/** Converts what a driver returns for a BIGINT or SUM (number, string, bigint or null) to Decimal. */
export function fromDb(value: unknown): Decimal {
  if (value === null || value === undefined) return new Decimal(0);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`unsafe integer amount from database: ${value}`);
    return new Decimal(value);
  }
  if (typeof value === 'string' || typeof value === 'bigint') return new Decimal(value.toString());
  throw new Error(`unexpected amount type from database: ${typeof value}`);
}

/** The wire form: whole rupiah, no fraction, no exponent. */
export function toWire(value: Decimal): string {
  if (!value.isInteger()) throw new Error(`not a whole rupiah amount: ${value.toString()}`);
  return value.toFixed(0);
}

/** The form bound into SQL: a decimal string, which both SQLite and PostgreSQL cast to an exact integer. */
export function toDb(value: Decimal): string {
  return toWire(value);
}

/** Rounds to whole rupiah, half up (the statutory rule for each benefit). */
export function roundRupiah(value: Decimal): Decimal {
  return value.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
}

/**
 * Splits a whole-rupiah amount by decimal shares that sum to 1, with the largest-remainder rule:
 * every part is first rounded down, then the rupiah left over go one each to the parts with the
 * largest fractional remainders (ties to the earlier share). The parts always sum to the whole and
 * none is more than one rupiah from its exact share.
 */
export function splitByShares(total: Decimal, shares: readonly Decimal[]): Decimal[] {
  if (!total.isInteger()) throw new Error('split needs a whole amount');
  const sum = shares.reduce((acc, s) => acc.plus(s), new Decimal(0));
  if (!sum.eq(1)) throw new Error('shares must sum to exactly 1');
  const sign = total.isNegative() ? -1 : 1;
  const magnitude = total.abs();
  const exact = shares.map((s) => magnitude.times(s));
  const parts = exact.map((e) => e.floor());
  let left = magnitude.minus(parts.reduce((acc, p) => acc.plus(p), new Decimal(0))).toNumber();
  const order = exact
    .map((e, index) => ({ index, remainder: e.minus(e.floor()) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    parts[index] = parts[index]!.plus(1);
    left -= 1;
  }
  return parts.map((p) => (sign < 0 && !p.isZero() ? p.negated() : p));
}

/**
 * Splits a whole-rupiah amount in proportion to whole-rupiah weights (a worker's JKK and JKM, or a month's
 * billed benefits) by the same largest-remainder rule, computed exactly in integers: each part is
 * floor(total × weight / sum), then the rupiah left over go to the largest remainders (ties to the earlier
 * weight). The parts always sum to the whole. Weights must not be negative and must not all be zero.
 */
export function splitByWeights(total: Decimal, weights: readonly Decimal[]): Decimal[] {
  if (!total.isInteger()) throw new Error('split needs a whole amount');
  if (weights.some((w) => w.isNegative() || !w.isInteger()))
    throw new Error('weights must be whole and not negative');
  const sum = weights.reduce((acc, w) => acc.plus(w), new Decimal(0));
  if (sum.isZero()) throw new Error('weights must not all be zero');
  const magnitude = total.abs();
  const exact = weights.map((w) => magnitude.times(w));
  const parts = exact.map((e) => e.dividedToIntegerBy(sum));
  let left = magnitude.minus(parts.reduce((acc, p) => acc.plus(p), new Decimal(0))).toNumber();
  const order = exact
    .map((e, index) => ({ index, remainder: e.mod(sum) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    parts[index] = parts[index]!.plus(1);
    left -= 1;
  }
  return parts.map((p) => (total.isNegative() && !p.isZero() ? p.negated() : p));
}

const minus = (value: Decimal) => (value.isNegative() && !value.isZero() ? '-' : '');
const thousands = (value: Decimal) =>
  value
    .abs()
    .toFixed(0)
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** Human-facing rupiah: `Rp 16.800` (dot for thousands), never used in the API. */
export function formatRupiah(value: Decimal): string {
  return `${minus(value)}Rp ${thousands(value)}`;
}

/** Human-facing rupiah without the currency (`16.800`, `-400`), under a column header that says Rp. */
export function formatRupiahAmount(value: Decimal): string {
  return `${minus(value)}${thousands(value)}`;
}
