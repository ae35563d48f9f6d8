import { Decimal } from '../money.js';

/**
 * What a workbook cell holds, turned into the text a person typed. A workbook stores numbers as binary
 * floats and shows them with 15 significant digits, so a fraction is read as Excel shows it (0.1 + 0.2 is
 * 0.3) while a whole number keeps every digit it was stored with (a NIK typed as a number stays 16 digits).
 */

/** The number as Excel shows it: at most 15 significant digits, so a formula's binary noise is gone. */
export const asShown = (n: number): number => (Number.isInteger(n) ? n : Number(n.toPrecision(15)));

/** Plain decimal notation, never an exponent: 1e21 is 1000000000000000000000, 1.5e-7 is 0.00000015. */
export function numberText(n: number): string {
  if (Number.isSafeInteger(n)) return String(n);
  if (!Number.isFinite(n)) return '#ERROR';
  return new Decimal(asShown(n)).toFixed();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** YYYY-MM-DD, with the time of day after it when there is one. */
export function dateText(date: Date): string {
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const [h, m, s] = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  if (h === 0 && m === 0 && s === 0) return day;
  return `${day} ${pad(h)}:${pad(m)}${s === 0 ? '' : `:${pad(s)}`}`;
}

/** A serial day number of the workbook (days since 1899-12-30, or since 1904-01-01 in a 1904 workbook). */
export const serialDate = (serial: number, date1904: boolean): Date =>
  new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));

/** Whether a number format shows a date or a time: a y, m, d, h or s outside quotes and brackets. */
export const isDateFormat = (format: string | undefined): boolean =>
  format !== undefined &&
  /[ymdhs]/i.test(
    format
      .replace(/\[[^\]]*]/g, '')
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, '')
      .replace(/General/gi, ''),
  );

/**
 * OOXML writes a character that XML cannot carry as `_xHHHH_` (ECMA-376 ST_Xstring), and a literal `_x`
 * as `_x005F_x`: decoded, a control character shows up and is refused like one in a CSV.
 */
export const decodeXmlEscapes = (text: string): string =>
  text.includes('_x')
    ? text.replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : text;
