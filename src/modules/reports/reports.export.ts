import { COLUMNS, type FilterLine, type Table, type TableColumn, type TableRow } from '../tables/index.js';
import type { Label, Lang } from '../../shared/i18n.js';
import type { BudgetBurnReport } from './budget-burn.service.js';
import type { CoverageReport } from './coverage.service.js';
import type { TotalsDimension } from './totals.dimensions.js';
import type { TotalsReport } from './totals.service.js';

/**
 * The totals, coverage and budget-burn reports as downloadable tables (see `writeDownload`): the same figures
 * as the JSON answer, headers and titles in Bahasa Indonesia or English. Money stays exact decimal text
 * here; the writer turns it into numbers formatted in rupiah in a workbook and plain digits in a CSV.
 */

/** A row's words are not translated per request: the total row says both. */
const TOTAL_LABEL = 'Jumlah / Total';

const DIMENSION_NAMES: Record<TotalsDimension, Label> = {
  program: { id: 'Program', en: 'Programme' },
  fundingSource: { id: 'Sumber Dana', en: 'Funding Source' },
  period: { id: 'Bulan', en: 'Month' },
  region: { id: 'Wilayah', en: 'Region' },
};

const DIMENSION_COLUMNS: Record<TotalsDimension, readonly TableColumn[]> = {
  program: [COLUMNS.programCode],
  fundingSource: [COLUMNS.fundingSourceCode],
  period: [COLUMNS.period],
  region: [COLUMNS.regionCode, COLUMNS.regionName],
};

const TOTALS_FIGURES: readonly TableColumn[] = [
  { key: 'budget', id: 'Pagu (Rp)', en: 'Budget (Rp)', kind: 'money' },
  { key: 'billed', id: 'Ditagih (Rp)', en: 'Billed (Rp)', kind: 'money' },
  { key: 'paid', id: 'Dibayar (Rp)', en: 'Paid (Rp)', kind: 'money' },
  { key: 'credited', id: 'Dikreditkan BPJS (Rp)', en: 'Credited (Rp)', kind: 'money', width: 22 },
  { key: 'outstanding', id: 'Sisa tunggakan (Rp)', en: 'Outstanding (Rp)', kind: 'money', width: 20 },
  { key: 'remainingBudget', id: 'Sisa pagu (Rp)', en: 'Remaining budget (Rp)', kind: 'money', width: 22 },
  { key: 'obligations', id: 'Jumlah tagihan', en: 'Obligations', kind: 'integer', width: 14 },
  { key: 'beneficiaries', id: 'Jumlah peserta', en: 'Beneficiaries', kind: 'integer', width: 14 },
];

/** "A dan B" / "A, B and C"; no comma in a two-part list, so a CSV title stays unquoted there. */
function listed(names: readonly string[], and: string): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`;
}

/** The months of a title, without commas (a CSV would quote the whole title for one). */
function months(from: string, to: string): Label {
  return from === to
    ? { id: `Periode ${from}`, en: `for ${from}` }
    : { id: `Periode ${from} s.d. ${to}`, en: `from ${from} to ${to}` };
}

/**
 * The totals as one table: a row per group, its label columns following `groupBy` (programme code, funding
 * source code, period, region code and name), then the figures; null figures (budget where a grouping
 * splits a budget line, paid where it splits payments) are empty cells. A last row carries the total.
 */
export function totalsTable(report: TotalsReport, filters: readonly FilterLine[], producedAt: string): Table {
  const labels = report.groupBy.flatMap((d) => DIMENSION_COLUMNS[d]);
  const by = (lang: Lang) =>
    listed(
      report.groupBy.map((d) => DIMENSION_NAMES[d][lang]),
      lang === 'id' ? 'dan' : 'and',
    );
  const range = months(report.from, report.to);
  return {
    title: {
      id: `Rekapitulasi Iuran per ${by('id')} ${range.id}`,
      en: `Contribution Totals by ${by('en')} ${range.en}`,
    },
    sheet: { id: 'Rekapitulasi iuran', en: 'Contribution totals' },
    filters,
    producedAt,
    columns: [...labels, ...TOTALS_FIGURES],
    rows: [
      ...report.rows.map((r): TableRow => ({ ...r })),
      { [labels[0]?.key ?? 'label']: TOTAL_LABEL, ...report.total },
    ],
  };
}

/** Coverage per regency and city, then the province (which counts each person once). */
export function coverageTable(
  report: CoverageReport,
  filters: readonly FilterLine[],
  producedAt: string,
): Table {
  return {
    title: {
      id: `Cakupan Kepesertaan Periode ${report.period}`,
      en: `Coverage for ${report.period}`,
    },
    sheet: { id: 'Cakupan kepesertaan', en: 'Coverage' },
    filters,
    producedAt,
    columns: [
      COLUMNS.regionCode,
      COLUMNS.regionName,
      { key: 'workers', id: 'Angkatan kerja', en: 'Workforce', kind: 'integer', width: 16 },
      { key: 'beneficiaries', id: 'Peserta', en: 'Beneficiaries', kind: 'integer', width: 14 },
      { key: 'rate', id: 'Tingkat cakupan', en: 'Coverage rate', kind: 'decimal', width: 16 },
      { key: 'targetRate', id: 'Target cakupan', en: 'Target rate', kind: 'decimal', width: 16 },
      { key: 'gap', id: 'Kekurangan dari target', en: 'Gap to target', kind: 'integer', width: 22 },
      { key: 'insured', id: 'Peserta aktif BPJS', en: 'Insured (all members)', kind: 'integer', width: 20 },
      { key: 'coverage', id: 'Cakupan semua peserta', en: 'Coverage (all)', kind: 'decimal', width: 20 },
      {
        key: 'gapWorkers',
        id: 'Kekurangan peserta dari target',
        en: 'Insured gap to target',
        kind: 'integer',
        width: 26,
      },
      {
        key: 'pricePerWorker',
        id: 'Biaya per pekerja per bulan (Rp)',
        en: 'Cost per worker a month (Rp)',
        kind: 'money',
        width: 24,
      },
      {
        key: 'monthlyCostToTarget',
        id: 'Biaya per bulan mencapai target (Rp)',
        en: 'Monthly cost to target (Rp)',
        kind: 'money',
        width: 26,
      },
      {
        key: 'yearlyCostToTarget',
        id: 'Biaya per tahun mencapai target (Rp)',
        en: 'Yearly cost to target (Rp)',
        kind: 'money',
        width: 26,
      },
      { key: 'isDemo', id: 'Data contoh', en: 'Demo figure', kind: 'boolean', width: 12 },
    ],
    rows: [...report.rows, report.province].map((r) => ({ ...r, pricePerWorker: report.pricePerWorker })),
  };
}

/** Budget burn and forecast per programme and funding source of a fiscal year, as of a month. */
export function budgetBurnTable(
  report: BudgetBurnReport,
  filters: readonly FilterLine[],
  producedAt: string,
): Table {
  return {
    title: {
      id: `Serapan dan Proyeksi Anggaran TA ${report.fiscalYear} (posisi ${report.asOf})`,
      en: `Budget Burn and Forecast FY ${report.fiscalYear} (as of ${report.asOf})`,
    },
    sheet: { id: 'Serapan anggaran', en: 'Budget burn' },
    filters,
    producedAt,
    columns: [
      COLUMNS.programCode,
      COLUMNS.fundingSourceCode,
      { key: 'ceiling', id: 'Pagu (Rp)', en: 'Ceiling (Rp)', kind: 'money' },
      { key: 'committed', id: 'Ditagih (Rp)', en: 'Committed (Rp)', kind: 'money' },
      { key: 'paid', id: 'Dibayar (Rp)', en: 'Paid (Rp)', kind: 'money' },
      { key: 'remaining', id: 'Sisa pagu (Rp)', en: 'Remaining (Rp)', kind: 'money' },
      { key: 'enrolments', id: 'Peserta aktif', en: 'Enrolments', kind: 'integer', width: 14 },
      { key: 'runRate', id: 'Belanja per bulan (Rp)', en: 'Run-rate a month (Rp)', kind: 'money', width: 22 },
      {
        key: 'costPerWorker',
        id: 'Biaya per pekerja per bulan (Rp)',
        en: 'Cost per worker a month (Rp)',
        kind: 'money',
        width: 24,
      },
      {
        key: 'forecastMonthCount',
        id: 'Jumlah bulan proyeksi',
        en: 'Forecast months',
        kind: 'integer',
        width: 18,
      },
      { key: 'forecastMonthList', id: 'Bulan proyeksi', en: 'Months forecast', kind: 'text', width: 40 },
      {
        key: 'projectedSpend',
        id: 'Proyeksi belanja (Rp)',
        en: 'Projected spend (Rp)',
        kind: 'money',
        width: 22,
      },
      {
        key: 'projectedBalance',
        id: 'Proyeksi sisa pagu (Rp)',
        en: 'Projected balance (Rp)',
        kind: 'money',
        width: 22,
      },
      { key: 'runsOutIn', id: 'Pagu habis pada', en: 'Runs out in', kind: 'text', width: 16 },
      {
        key: 'workersCoverable',
        id: 'Pekerja yang dapat dibiayai',
        en: 'Workers coverable',
        kind: 'integer',
        width: 24,
      },
      {
        key: 'additionalWorkers',
        id: 'Tambahan pekerja',
        en: 'Additional workers',
        kind: 'integer',
        width: 18,
      },
    ],
    rows: report.rows.map((r) => ({
      ...r,
      forecastMonthCount: r.forecastMonths.length,
      forecastMonthList: r.forecastMonths.length > 0 ? r.forecastMonths.join(' ') : null,
    })),
  };
}
