import type { Lang } from '../../shared/i18n.js';
import { Decimal } from '../../shared/money.js';
import { COLUMNS, type Table, type TableColumn, type TableRow } from '../tables/index.js';
import { longDate } from './monthly-report.text.js';
import type { NominativeHead, NominativeRow } from './nominative.service.js';
import { demoNotice, signatureBlocks, signatureLines } from './signing.js';

/** The words of the daftar nominatif, shared by its PDF and its CSV and XLSX. */
export const NOMINATIVE_WORDS = {
  id: {
    title: 'DAFTAR NOMINATIF PESERTA BPJS KETENAGAKERJAAN',
    subtitle: 'Lampiran SP2D pembayaran iuran pekerja rentan (Bukan Penerima Upah)',
    sheet: 'Daftar nominatif',
    source: 'Sumber dana',
    programme: 'Program',
    sp2d: 'Nomor SP2D',
    spm: 'Nomor SPM',
    invoice: 'Tagihan BPJS',
    months: 'Bulan iuran',
    accounts: 'Kode rekening',
    number: 'No',
    total: 'JUMLAH',
  },
  en: {
    title: 'NOMINATIVE LIST OF BPJS KETENAGAKERJAAN MEMBERS',
    subtitle: 'Attachment to the SP2D paying contributions of vulnerable (non-wage) workers',
    sheet: 'Nominative list',
    source: 'Funding source',
    programme: 'Programme',
    sp2d: 'SP2D number',
    spm: 'SPM number',
    invoice: 'BPJS invoice',
    months: 'Contribution months',
    accounts: 'Account codes',
    number: 'No',
    total: 'TOTAL',
  },
} as const;

/** The facts above the list, as label and value. */
export function nominativeFacts(head: NominativeHead, lang: Lang): [string, string][] {
  const w = NOMINATIVE_WORDS[lang];
  const { payment, program, source } = head;
  const accounts = head.benefits.map((b) => `${b} ${source.accounts[b] ?? '-'}`).join('; ');
  return [
    [w.source, `${source.name} (${source.code})`],
    [w.programme, `${program.name} (${program.code})`],
    [w.sp2d, `${payment.sp2dNumber}, ${longDate(payment.paidOn, lang)}`],
    [
      w.spm,
      payment.spmNumber
        ? `${payment.spmNumber}${payment.spmDate ? `, ${longDate(payment.spmDate, lang)}` : ''}`
        : '-',
    ],
    [w.invoice, payment.invoiceRef ?? '-'],
    [w.months, head.months.map((m) => m.period).join(', ')],
    [w.accounts, accounts],
  ];
}

export function nominativeColumns(head: NominativeHead, lang: Lang): TableColumn[] {
  return [
    { key: 'number', id: 'No', en: 'No', kind: 'integer', width: 8 },
    COLUMNS.nik,
    { key: 'kpjNumber', id: 'No KPJ', en: 'KPJ number', kind: 'text', width: 16 },
    COLUMNS.name,
    COLUMNS.regionCode,
    COLUMNS.period,
    ...head.benefits.map((b): TableColumn => ({
      key: b,
      id: `${b} (Rp)`,
      en: `${b} (Rp)`,
      kind: 'money',
      width: 14,
    })),
    {
      key: 'total',
      id: lang === 'id' ? 'Jumlah (Rp)' : 'Total (Rp)',
      en: 'Total (Rp)',
      kind: 'money',
      width: 16,
    },
  ];
}

/** Rows as table rows, numbered, followed by the total row (the one without a number). */
export async function* numberedRows(
  head: NominativeHead,
  rows: AsyncIterable<NominativeRow>,
  lang: Lang,
): AsyncGenerator<TableRow> {
  const sums = new Map(head.benefits.map((b) => [b, new Decimal(0)]));
  let total = new Decimal(0);
  let number = 0;
  for await (const r of rows) {
    number += 1;
    total = total.plus(r.total);
    for (const b of head.benefits) sums.set(b, sums.get(b)!.plus(r.benefits.get(b) ?? 0));
    yield {
      number,
      nik: r.nik,
      kpjNumber: r.kpjNumber ?? '',
      name: r.name,
      regionCode: r.regionCode,
      period: r.period,
      ...Object.fromEntries(head.benefits.map((b) => [b, (r.benefits.get(b) ?? new Decimal(0)).toFixed(0)])),
      total: r.total.toFixed(0),
    };
  }
  yield {
    name: NOMINATIVE_WORDS[lang].total,
    ...Object.fromEntries(head.benefits.map((b) => [b, sums.get(b)!.toFixed(0)])),
    total: total.toFixed(0),
  };
}

export function nominativeTable(
  head: NominativeHead,
  rows: AsyncIterable<NominativeRow>,
  options: { producedAt: string; lang: Lang; demo: boolean },
): Table {
  const { lang } = options;
  return {
    title: {
      id: `${NOMINATIVE_WORDS.id.title} - SP2D ${head.payment.sp2dNumber}`,
      en: `${NOMINATIVE_WORDS.en.title} - SP2D ${head.payment.sp2dNumber}`,
    },
    sheet: { id: NOMINATIVE_WORDS.id.sheet, en: NOMINATIVE_WORDS.en.sheet },
    // The table is written in one language, so each line reads the same under either.
    filters: [
      ...nominativeFacts(head, lang).map(([name, value]) => `${name}: ${value}`),
      ...(options.demo ? [demoNotice(lang)] : []),
    ].map((line) => ({ id: line, en: line })),
    producedAt: options.producedAt,
    columns: nominativeColumns(head, lang),
    rows: numberedRows(head, rows, lang),
    footer: signatureLines(
      signatureBlocks(head.source, head.payment.paidOn, lang, ['pptk', 'bendahara_pengeluaran']),
    ),
  };
}
