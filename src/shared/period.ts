import { DateTime } from 'luxon';
import { AppError } from './errors.js';
import { DETAILS } from './messages/index.js';

/**
 * Contribution months are `YYYY-MM` strings, branded so that a month is parsed once, at the edge, and
 * every function below can trust it. Month arithmetic is plain integers (a month's index is year × 12 +
 * month − 1): it runs in constant time whatever range a request names, and `YYYY-MM` strings still compare
 * correctly as text.
 */
export const ZONE = 'Asia/Jakarta';
export const PERIOD_PATTERN = /^(20[0-9]{2})-(0[1-9]|1[0-2])$/;
export const DATE_PATTERN = /^(20[0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

declare const periodBrand: unique symbol;
export type Period = string & { readonly [periodBrand]: true };

/** The first and last months the service knows (the pattern's own range). */
export const FIRST_PERIOD = '2000-01' as Period;
export const LAST_PERIOD = '2099-12' as Period;

export function isPeriod(value: string): value is Period {
  return PERIOD_PATTERN.test(value);
}

/** A month from trusted text (a database column, a constant); anything else is a programming error. */
export function asPeriod(value: string): Period {
  if (!isPeriod(value)) throw new Error(`not a contribution month: ${JSON.stringify(value)}`);
  return value;
}

export function isDate(value: string): boolean {
  return DATE_PATTERN.test(value) && DateTime.fromISO(value, { zone: ZONE }).isValid;
}

export function periodYear(period: Period): number {
  return Number(period.slice(0, 4));
}

export function periodMonth(period: Period): number {
  return Number(period.slice(5, 7));
}

const indexOf = (period: Period): number => periodYear(period) * 12 + periodMonth(period) - 1;

function fromIndex(index: number): Period {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${year}-${month < 10 ? '0' : ''}${month}` as Period;
}

/** The month of `year` numbered `month` (1–12). */
export function monthOf(year: number, month: number): Period {
  return asPeriod(fromIndex(year * 12 + month - 1));
}

export const yearStart = (year: number): Period => monthOf(year, 1);
export const yearEnd = (year: number): Period => monthOf(year, 12);

export function addMonths(period: Period, months: number): Period {
  return fromIndex(indexOf(period) + months);
}

/** Whole months from `from` to `to` (0 when equal, negative when `to` is earlier). */
export function monthsBetween(from: Period, to: Period): number {
  return indexOf(to) - indexOf(from);
}

/** The widest range of months a report answers for (ten years); a wider one is a 400 RANGE_TOO_LARGE. */
export const MAX_REPORT_MONTHS = 120;

/** Refuses a range of more than `max` months, naming the limit, before any work is done for it. */
export function assertRangeWithin(from: Period, to: Period, max = MAX_REPORT_MONTHS): void {
  const months = monthsBetween(from, to) + 1;
  if (months > max) throw new AppError('RANGE_TOO_LARGE', DETAILS.rangeTooLarge(from, to, months, max));
}

/**
 * Inclusive list of months from `from` to `to`; empty when `to` is before `from`. Callers bound the range
 * they accept from a request (see `MAX_REPORT_MONTHS`), so the list stays small.
 */
export function periodRange(from: Period, to: Period): Period[] {
  const out: Period[] = [];
  for (let i = indexOf(from), last = indexOf(to); i <= last; i += 1) out.push(fromIndex(i));
  return out;
}

export type Clock = () => DateTime;

export const systemClock: Clock = () => DateTime.now().setZone(ZONE);

export function currentPeriod(clock: Clock): Period {
  return clock().toFormat('yyyy-MM') as Period;
}

export function today(clock: Clock): string {
  return clock().toFormat('yyyy-MM-dd');
}

/** ISO 8601 timestamp with the Jakarta offset, as every `at`/`createdAt` is shown. */
export function timestamp(clock: Clock): string {
  return clock().toISO({ suppressMilliseconds: false }) ?? '';
}
