import type { Label } from './i18n.js';
import { FIELD } from './messages/index.js';

/**
 * NIK: 16 digits = province (2) + regency/city (2) + district (2) + birth date DDMMYY (women: day + 40)
 * + a serial of 4 digits from 0001. The region part is where the NIK was issued, not where a person lives.
 */
export const PROVINCE_CODES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '21',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '51',
  '52',
  '53',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '72',
  '73',
  '74',
  '75',
  '76',
  '81',
  '82',
  '91',
  '92',
  '93',
  '94',
  '95',
  '96',
]);

export interface NikInfo {
  provinceCode: string;
  regionCode: string;
  birthDate: string;
  sex: 'male' | 'female';
}

/** Returns every reason the NIK is invalid that the NIK alone shows (empty when valid). */
export function nikErrors(nik: string): Label[] {
  if (!/^[0-9]{16}$/.test(nik)) return [FIELD.nikDigits()];
  const errors: Label[] = [];
  if (!PROVINCE_CODES.has(nik.slice(0, 2))) errors.push(FIELD.nikProvince({ code: nik.slice(0, 2) }));
  if (nik.slice(4, 6) === '00') errors.push(FIELD.nikDistrict());
  if (!birthDate(nik)) errors.push(FIELD.nikBirthDate());
  if (nik.slice(12) === '0000') errors.push(FIELD.nikSerial());
  return errors;
}

function birthDate(nik: string): { date: string; sex: 'male' | 'female' } | null {
  const rawDay = Number(nik.slice(6, 8));
  const sex = rawDay > 40 ? 'female' : 'male';
  const day = sex === 'female' ? rawDay - 40 : rawDay;
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  // Two-digit years are ambiguous; the leap-year test is the same for 19yy and 20yy except 1900/2000,
  // and 2000 (a leap year) is the only one a living worker can have, so 20yy is used for the check.
  const year = 2000 + yy;
  // Plain arithmetic rather than a date library: every row of an import is checked here.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { date: `${nik.slice(8, 10)}-${String(day).padStart(2, '0')}`, sex };
}

const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31;

/**
 * Checks a NIK's regency part against the registered regions (codes such as `15.08`). Only a province whose
 * regencies are registered can be checked, so a NIK issued in a province the install does not know passes.
 */
export function nikRegencyChecker(regionCodes: readonly string[]): (nik: string) => Label | null {
  const regencies = new Set(regionCodes.filter((code) => /^[0-9]{2}\.[0-9]{2}$/.test(code)));
  const provinces = new Set([...regencies].map((code) => code.slice(0, 2)));
  return (nik) => {
    const regency = `${nik.slice(0, 2)}.${nik.slice(2, 4)}`;
    return provinces.has(nik.slice(0, 2)) && !regencies.has(regency)
      ? FIELD.nikRegency({ code: regency })
      : null;
  };
}

export function parseNik(nik: string): NikInfo | null {
  if (nikErrors(nik).length > 0) return null;
  const bd = birthDate(nik)!;
  return {
    provinceCode: nik.slice(0, 2),
    regionCode: `${nik.slice(0, 2)}.${nik.slice(2, 4)}`,
    birthDate: bd.date,
    sex: bd.sex,
  };
}

/** `1508**********01`: enough to recognise a record without exposing the person. */
export function maskNik(nik: string): string {
  return `${nik.slice(0, 4)}${'*'.repeat(Math.max(nik.length - 6, 0))}${nik.slice(-2)}`;
}
