import { reason, type Reason } from './reasons.js';

/** A number at or beyond 10^15 has 16 digits, more than the 15 that Excel keeps of a number typed in. */
const SIXTEEN_DIGITS = 10 ** 15;

/** `1.50801E+15`, `1,50801E+15`: how Excel shows a long number, and how a CSV saved from it keeps it. */
const SCIENTIFIC = /^[0-9]([.,][0-9]+)?e\+?[0-9]+$/i;

/**
 * A NIK cell as typed: 16 digits. A NIK that went through Excel as a number is refused with the reason and
 * the remedy: in scientific form its last digits are gone; stored as a number, Excel kept 15 digits and
 * made the 16th a 0, so a stored NIK ending in 0 cannot be trusted (one ending in another digit was written
 * by a program that kept them all). Whether the 16 digits make a valid NIK is for nikErrors (shared/nik.ts).
 */
export function readNik(input: string | number | undefined): { nik: string } | { reason: Reason } {
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || (input >= SIXTEEN_DIGITS && input % 10 === 0))
      return { reason: reason('nik.number') };
    input = String(input);
  }
  const value = (input ?? '').trim();
  if (value === '') return { reason: reason('required') };
  if (/^[0-9]{16}$/.test(value)) return { nik: value };
  if (SCIENTIFIC.test(value)) return { reason: reason('nik.scientific', { value }) };
  return { reason: reason('nik.digits') };
}
