import type { Lang } from '../../shared/i18n.js';
import type { FundingSource } from '../funding-sources/index.js';
import type { Table } from '../tables/index.js';
import { longDate } from './monthly-report.text.js';
import type { RealisationReport } from './realisation.schemas.js';
import { demoNotice, signatureBlocks, signatureLines } from './signing.js';

const BENEFIT_NAMES: Record<string, Record<Lang, string>> = {
  JKK: { id: 'Iuran Jaminan Kecelakaan Kerja (JKK)', en: 'Work accident (JKK) contributions' },
  JKM: { id: 'Iuran Jaminan Kematian (JKM)', en: 'Death benefit (JKM) contributions' },
  JHT: { id: 'Iuran Jaminan Hari Tua (JHT)', en: 'Old age (JHT) contributions' },
};

/**
 * The realisation report as the Laporan Realisasi Anggaran a finance office files: titled with the source,
 * the fiscal year and the date it runs to; one line per programme (its pooled budget) and per kode rekening;
 * the total; dated at the source's place and signed by its head of agency and treasurer.
 */
export function realisationTable(
  report: RealisationReport,
  source: FundingSource,
  options: { producedAt: string; lang: Lang; demo: boolean },
): Table {
  const { lang } = options;
  const asOf = longDate(report.asOf, lang);
  const rows = report.rows.map((r) => ({
    ...r,
    accountCode: r.accountCode ?? '',
    description:
      r.benefit === null
        ? `${r.programName} (${r.programCode})`
        : `  ${BENEFIT_NAMES[r.benefit]![lang]} - ${r.programCode}`,
  }));
  const total = {
    ...report.total,
    accountCode: '',
    description: lang === 'id' ? 'JUMLAH' : 'TOTAL',
  };
  return {
    title: {
      id: `LAPORAN REALISASI ANGGARAN ${source.name.toUpperCase()} TAHUN ANGGARAN ${report.fiscalYear} PER ${asOf.toUpperCase()}`,
      en: `BUDGET REALISATION REPORT ${source.name.toUpperCase()} FISCAL YEAR ${report.fiscalYear} AS OF ${asOf.toUpperCase()}`,
    },
    sheet: { id: 'Realisasi anggaran', en: 'Budget realisation' },
    filters: [
      {
        id: `Sumber dana: ${source.name} (${source.code})`,
        en: `Funding source: ${source.name} (${source.code})`,
      },
      { id: `Tahun anggaran: ${report.fiscalYear}`, en: `Fiscal year: ${report.fiscalYear}` },
      { id: `Per tanggal: ${report.asOf}`, en: `As of: ${report.asOf}` },
      { id: 'Dasar: kas (tanggal SP2D)', en: 'Basis: cash (SP2D date)' },
      ...(source.subActivityCode
        ? [{ id: `Sub kegiatan: ${source.subActivityCode}`, en: `Sub-activity: ${source.subActivityCode}` }]
        : []),
      ...(options.demo ? [{ id: demoNotice('id'), en: demoNotice('en') }] : []),
    ],
    producedAt: options.producedAt,
    columns: [
      { key: 'accountCode', id: 'Kode rekening', en: 'Account code', kind: 'text', width: 22 },
      { key: 'description', id: 'Uraian', en: 'Description', kind: 'text', width: 48 },
      { key: 'original', id: 'Anggaran murni (Rp)', en: 'Original budget (Rp)', kind: 'money', width: 20 },
      {
        key: 'amended',
        id: 'Anggaran setelah perubahan (Rp)',
        en: 'Amended budget (Rp)',
        kind: 'money',
        width: 22,
      },
      {
        key: 'realisedThisMonth',
        id: 'Realisasi bulan ini (Rp)',
        en: 'Realised this month (Rp)',
        kind: 'money',
        width: 20,
      },
      {
        key: 'realisedToDate',
        id: 'Realisasi s.d. tanggal (Rp)',
        en: 'Realised to date (Rp)',
        kind: 'money',
        width: 20,
      },
      { key: 'remaining', id: 'Sisa pagu (Rp)', en: 'Remaining (Rp)', kind: 'money', width: 20 },
      { key: 'percent', id: '%', en: '%', kind: 'decimal', width: 8 },
    ],
    rows: [...rows, total],
    footer: signatureLines(signatureBlocks(source, report.asOf, lang)),
  };
}
