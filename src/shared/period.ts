import { DateTime } from 'luxon';

/** Contribution months are `YYYY-MM` strings; all month arithmetic lives here so it is done one way. */
export const ZONE = 'Asia/Jakarta';
export const PERIOD_PATTERN = /^(20[0-9]{2})-(0[1-9]|1[0-2])$/;
export const DATE_PATTERN = /^(20[0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

export type Period = string;

export function isPeriod(value: string): boolean {
  return PERIOD_PATTERN.test(value);
}

export function isDate(value: string): boolean {
  return DATE_PATTERN.test(value) && DateTime.fromISO(value, { zone: ZONE }).isValid;
}

export function periodYear(period: Period): number {
  return Number(period.slice(0, 4));
}

export function addMonths(period: Period, months: number): Period {
  return DateTime.fromFormat(period, 'yyyy-MM', { zone: ZONE }).plus({ months }).toFormat('yyyy-MM');
}

/** Inclusive list of months from `from` to `to`; empty when `to` is before `from`. */
export function periodRange(from: Period, to: Period): Period[] {
  const out: Period[] = [];
  for (let p = from; p <= to; p = addMonths(p, 1)) out.push(p);
  return out;
}

/** Whole months from `from` to `to` (0 when equal). `YYYY-MM` strings compare correctly as text. */
export function monthsBetween(from: Period, to: Period): number {
  return (periodYear(to) - periodYear(from)) * 12 + Number(to.slice(5)) - Number(from.slice(5));
}

export type Clock = () => DateTime;

export const systemClock: Clock = () => DateTime.now().setZone(ZONE);

export function currentPeriod(clock: Clock): Period {
  return clock().toFormat('yyyy-MM');
}

export function today(clock: Clock): string {
  return clock().toFormat('yyyy-MM-dd');
}

/** ISO 8601 timestamp with the Jakarta offset, as every `at`/`createdAt` is shown. */
export function timestamp(clock: Clock): string {
  return clock().toISO({ suppressMilliseconds: false }) ?? '';
}
