import { COLUMNS, type FilterLine, type Table } from '../tables/index.js';
import type { arrearsReport } from './arrears.service.js';

type ArrearsReport = Awaited<ReturnType<typeof arrearsReport>>;

/**
 * The arrears report as two tables: the unpaid account months (what finance pays next) and the workers
 * behind (whom the programme manager calls before BPJS deactivates them). A workbook gets a sheet for each.
 */
export function arrearsTables(
  report: ArrearsReport,
  filters: readonly FilterLine[],
  producedAt: string,
): Table[] {
  const programCodes = new Map(report.periods.map((p) => [p.programId, p.programCode]));
  return [
    {
      title: { id: `Tunggakan per Bulan s.d. ${report.asOf}`, en: `Unpaid Months up to ${report.asOf}` },
      sheet: { id: 'Bulan tertunggak', en: 'Unpaid months' },
      filters,
      producedAt,
      columns: [
        COLUMNS.programCode,
        COLUMNS.fundingSourceCode,
        COLUMNS.period,
        { key: 'billed', id: 'Ditagih (Rp)', en: 'Billed (Rp)', kind: 'money' },
        { key: 'paid', id: 'Dibayar (Rp)', en: 'Paid (Rp)', kind: 'money' },
        { key: 'outstanding', id: 'Sisa tunggakan (Rp)', en: 'Outstanding (Rp)', kind: 'money' },
      ],
      rows: report.periods,
    },
    {
      title: {
        id: `Peserta Menunggak s.d. ${report.asOf}`,
        en: `Beneficiaries in Arrears up to ${report.asOf}`,
      },
      sheet: { id: 'Peserta menunggak', en: 'Beneficiaries in arrears' },
      filters,
      producedAt,
      columns: [
        COLUMNS.nik,
        COLUMNS.name,
        COLUMNS.regionCode,
        COLUMNS.programCode,
        { key: 'unpaidMonths', id: 'Bulan tertunggak', en: 'Unpaid months', kind: 'integer', width: 16 },
        { key: 'oldestUnpaidPeriod', id: 'Tertunggak sejak', en: 'Unpaid since', kind: 'text', width: 16 },
        { key: 'amount', id: 'Jumlah (Rp)', en: 'Amount (Rp)', kind: 'money' },
        {
          key: 'deactivationRisk',
          id: 'Risiko nonaktif',
          en: 'Deactivation risk',
          kind: 'boolean',
          width: 16,
        },
      ],
      rows: report.beneficiaries.map((b) => ({
        ...b,
        programCode: programCodes.get(b.programId) ?? b.programId,
      })),
    },
  ];
}
