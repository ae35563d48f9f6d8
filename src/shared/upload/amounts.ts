import { asShown, numberText } from './cells.js';
import { reason, type Reason, type ReasonKey } from './reasons.js';

/**
 * Whole rupiah as they are written in Indonesia: `8400`, `8.400` (a dot between groups of three digits),
 * `8.400,00` (a decimal comma with nothing after it but zeros), `8400.00` (the API's own form of money, as
 * a program writes it: a decimal point with only zeros after it and no grouping before it) and any of them
 * after `Rp`, `Rp.` or `Rp `.
 * What is refused says why: a fraction, a comma that could be a decimal or a thousands mark, dots that are
 * not grouping, a sign, letters, more than 15 digits (the most any amount may have, MAX_RUPIAH).
 */
export type AmountResult = { amount: string } | { reason: Reason };

const MAX_DIGITS = 15;
const PLAIN = /^[0-9]{1,15}$/;
const GROUPED = /^[0-9]{1,3}(\.[0-9]{3})+$/;
/** Zero cents after a decimal point: a point that cannot be grouping, for it is not followed by three digits. */
const ZERO_CENTS = /^([0-9]+)\.00?$/;
const CURRENCY = /^rp\.?\s*/i;
const MINUS = /^[-\u2212]\s*/;

const refuse = (key: ReasonKey, value: string): AmountResult => ({ reason: reason(key, { value }) });

/** Digits without the zeros in front: the form the database is given. */
const withoutLeadingZeros = (digits: string) => digits.replace(/^0+(?=[0-9])/, '');

/** A number a workbook stored: whole rupiah as Excel shows it, or refused. */
function fromNumber(n: number): AmountResult {
  const value = numberText(n);
  if (!Number.isFinite(n)) return refuse('amount.format', value);
  if (n < 0) return refuse('amount.negative', value);
  const shown = asShown(n);
  if (!Number.isInteger(shown)) return refuse('amount.fraction', value);
  if (shown >= 10 ** MAX_DIGITS) return refuse('amount.too_long', value);
  return { amount: String(shown) };
}

function fromText(text: string): AmountResult {
  let body = text.replace(MINUS, '');
  let negative = body !== text;
  body = body.replace(CURRENCY, '');
  if (MINUS.test(body)) {
    negative = true;
    body = body.replace(MINUS, '');
  }
  if (/\p{L}/u.test(body)) return refuse('amount.letters', text);
  if (negative) return refuse('amount.negative', text);
  if (!/^[0-9][0-9.,]*$/.test(body)) return refuse('amount.format', text);
  const cents = ZERO_CENTS.exec(body);
  if (cents) body = cents[1]!;
  const [whole = '', fraction, ...more] = body.split(',');
  if (more.length > 0) return refuse('amount.decimal_comma', text);
  const grouped = whole.includes('.');
  if (grouped && !GROUPED.test(whole)) return refuse('amount.grouping', text);
  if (fraction !== undefined) {
    if (!/^[0-9]+$/.test(fraction)) return refuse('amount.format', text);
    // Without dots, `8,400` is 8400 to an English reader and 8.4 to an Indonesian one.
    if (!grouped && fraction.length === 3) return refuse('amount.decimal_comma', text);
    if (/[1-9]/.test(fraction)) return refuse(grouped ? 'amount.fraction' : 'amount.decimal_comma', text);
  }
  const digits = withoutLeadingZeros(whole.replaceAll('.', ''));
  if (digits.length > MAX_DIGITS) return refuse('amount.too_long', text);
  return { amount: digits };
}

/** An amount cell: its text, or the number a workbook stored (see cellValue); never throws. */
export function parseAmount(input: string | number | undefined): AmountResult {
  if (typeof input === 'number') return fromNumber(input);
  const text = (input ?? '').trim();
  if (PLAIN.test(text)) return { amount: withoutLeadingZeros(text) };
  if (text === '') return { reason: reason('required') };
  return fromText(text);
}
