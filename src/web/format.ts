import { DateTime } from 'luxon';
import { Decimal, formatRupiah, formatRupiahAmount } from '../shared/money.js';
import { ZONE, type Period } from '../shared/period.js';
import type { Catalogue } from './i18n/index.js';

/**
 * How the console writes money, months, dates and times for people. Month names come from the catalogue,
 * not from the host's ICU data, so every server prints the same words.
 */
export interface Formats {
  money: (amount: string | Decimal) => string;
  /** Money without `Rp` (`16.800`), in a column whose header says Rp: a wide table of amounts. */
  amount: (amount: string | Decimal) => string;
  count: (n: number) => string;
  month: (period: Period) => string;
  date: (isoDate: string) => string;
  time: (iso: string) => string;
}

const decimal = (amount: string | Decimal) => (amount instanceof Decimal ? amount : new Decimal(amount));
const digits = (n: number | string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

export function formats(t: Catalogue): Formats {
  const monthName = (m: number) => t.months[m - 1] ?? String(m);
  const day = (d: DateTime) => `${d.day} ${monthName(d.month)} ${d.year}`;
  return {
    // Whole rupiah as in the ledger (`Rp 16.800`); the same grouping in both languages, as printed in Indonesia.
    money: (amount) => formatRupiah(decimal(amount)),
    amount: (amount) => formatRupiahAmount(decimal(amount)),
    count: (n) => (n < 0 ? `-${digits(-n)}` : digits(n)),
    month: (period) => `${monthName(Number(period.slice(5, 7)))} ${period.slice(0, 4)}`,
    date: (isoDate) => day(DateTime.fromISO(isoDate, { zone: ZONE })),
    time: (iso) => {
      const d = DateTime.fromISO(iso, { setZone: true }).setZone(ZONE);
      return `${day(d)} ${d.toFormat('HH')}${t.timeSeparator}${d.toFormat('mm')} WIB`;
    },
  };
}
