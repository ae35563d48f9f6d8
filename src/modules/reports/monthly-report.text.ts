import { DateTime } from 'luxon';
import { MONTH_NAMES, monthName, type Lang } from '../../shared/i18n.js';
import { formatRupiah, type Decimal } from '../../shared/money.js';
import { ZONE } from '../../shared/period.js';
import { producedAtText } from '../tables/index.js';
import type { MonthlyReport } from './monthly-report.service.js';

/** The words of the printed monthly statement, shared by its PDF and HTML forms. */
const WORDS = {
  id: {
    title: 'LAPORAN BULANAN IURAN BPJS KETENAGAKERJAAN',
    subtitle: 'Bantuan iuran pekerja rentan (Bukan Penerima Upah) dari APBD',
    fundingSource: 'Sumber dana',
    region: 'Wilayah',
    budgetLine: 'Kode rekening belanja',
    period: 'Periode iuran',
    producedAt: 'Dibuat pada',
    periodStatus: 'Status periode',
    open: 'Terbuka (belum ditutup)',
    closed: 'Ditutup',
    closedBy: (by: string, at: string) => `Ditutup oleh ${by} pada ${at}`,
    programme: 'Program',
    workers: 'Peserta ditagih',
    billed: 'Ditagih',
    paid: 'Dibayar',
    credited: 'Dikreditkan BPJS',
    outstanding: 'Sisa tagihan',
    openExceptions: 'Selisih terbuka',
    total: 'Jumlah',
    noProgrammes: 'Tidak ada program yang dibiayai sumber dana ini pada periode ini.',
    payments: 'Pembayaran (SP2D) untuk periode ini',
    sp2d: 'Nomor SP2D',
    paidOn: 'Tanggal',
    amount: 'Jumlah',
    status: 'Status',
    paymentOk: 'Dibayar',
    paymentReversed: 'Dibatalkan',
    noPayments: 'Belum ada pembayaran untuk periode ini.',
    notes: [
      'Sisa tagihan = ditagih dikurangi dibayar (pembayaran bersih setelah pembatalan).',
      'Dikreditkan: iuran yang dikonfirmasi BPJS Ketenagakerjaan pada laporan rekonsiliasi yang berlaku.',
      'Selisih terbuka: temuan rekonsiliasi yang belum diselesaikan.',
    ],
    page: (n: number, of: number) => `Halaman ${n} dari ${of}`,
    none: '-',
  },
  en: {
    title: 'MONTHLY BPJS KETENAGAKERJAAN CONTRIBUTION STATEMENT',
    subtitle: 'Contribution subsidy for vulnerable (non-wage) workers from the regional budget (APBD)',
    fundingSource: 'Funding source',
    region: 'Region',
    budgetLine: 'Budget line',
    period: 'Contribution month',
    producedAt: 'Produced at',
    periodStatus: 'Period status',
    open: 'Open (not signed off)',
    closed: 'Closed',
    closedBy: (by: string, at: string) => `Closed by ${by} on ${at}`,
    programme: 'Programme',
    workers: 'Workers billed',
    billed: 'Billed',
    paid: 'Paid',
    credited: 'Credited by BPJS',
    outstanding: 'Outstanding',
    openExceptions: 'Open exceptions',
    total: 'Total',
    noProgrammes: 'No programme is funded by this source in this month.',
    payments: 'Payments (SP2D) for this month',
    sp2d: 'SP2D number',
    paidOn: 'Date',
    amount: 'Amount',
    status: 'Status',
    paymentOk: 'Paid',
    paymentReversed: 'Reversed',
    noPayments: 'No payment has been recorded for this month yet.',
    notes: [
      'Outstanding = billed less paid (payments net of reversals).',
      "Credited: contributions confirmed by BPJS Ketenagakerjaan on the month's active statement.",
      'Open exceptions: reconciliation findings not yet resolved.',
    ],
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    none: '-',
  },
} as const;

export type ReportWords = (typeof WORDS)[Lang];

export const wordsFor = (lang: Lang): ReportWords => WORDS[lang];

/** `20 November 2026`, on the Jakarta calendar. */
export function longDate(iso: string, lang: Lang): string {
  const at = DateTime.fromISO(iso, { zone: ZONE, setZone: true }).setZone(ZONE);
  return `${at.day} ${MONTH_NAMES[lang][at.month - 1] ?? ''} ${at.year}`;
}

export const rupiah = (value: Decimal): string => formatRupiah(value);

export const count = (value: number): string => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** The source's kode rekening per benefit (`JKK 5.1.02.02.02.0006; JKM 5.1.02.02.02.0007`), or its budget line. */
function accountsText(source: MonthlyReport['fundingSource']): string | null {
  const accounts = Object.entries(source.accounts)
    .filter(([, code]) => code !== null)
    .map(([benefit, code]) => `${benefit} ${code}`);
  return accounts.length > 0 ? accounts.join('; ') : source.budgetLine;
}

/** The facts of the header, in order, as label and value. */
export function headerFacts(statement: MonthlyReport, producedAt: string, lang: Lang): [string, string][] {
  const w = wordsFor(lang);
  const { fundingSource: source, signOff } = statement;
  return [
    [w.fundingSource, `${source.name} (${source.code})`],
    [w.region, `${source.regionName} (${source.regionCode})`],
    [w.budgetLine, accountsText(source) ?? w.none],
    [w.period, `${monthName(statement.period, lang)} (${statement.period})`],
    [w.producedAt, producedAtText(producedAt, lang)],
    [
      w.periodStatus,
      signOff.closed
        ? w.closedBy(signOff.by ?? w.none, signOff.at ? producedAtText(signOff.at, lang) : w.none)
        : w.open,
    ],
  ];
}
