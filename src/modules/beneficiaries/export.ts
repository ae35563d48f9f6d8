import type { Label, Lang } from '../../shared/i18n.js';
import { maskNik } from '../../shared/nik.js';
import { SECTOR_NAMES } from '../../shared/upload/index.js';
import { COLUMNS, type FilterLine, type Table, type TableRow } from '../tables/index.js';
import type { ExportedBeneficiary } from './beneficiaries.repository.js';
import type { EndReason } from './beneficiaries.schemas.js';

/** Sector codes by their names in Bahasa Indonesia, the words an Indonesian list (and the importer) uses. */
const SECTOR_WORDS = new Map<string, string>(
  Object.entries(SECTOR_NAMES).map(([word, code]) => [code, word]),
);

const STATUS: Record<'active' | 'inactive', Label> = {
  active: { id: 'Aktif', en: 'Active' },
  inactive: { id: 'Tidak aktif', en: 'Not active' },
};

const END_REASONS: Record<EndReason, Label> = {
  deceased: { id: 'Meninggal dunia', en: 'Deceased' },
  employer_covered: { id: 'Ditanggung pemberi kerja', en: 'Covered by an employer' },
  moved: { id: 'Pindah domisili', en: 'Moved away' },
  ineligible: { id: 'Tidak memenuhi syarat', en: 'No longer eligible' },
  other: { id: 'Lainnya', en: 'Other' },
};

/**
 * The rows as the file shows them: the sector as a word the importer reads back (`pertanian` in Bahasa
 * Indonesia, `agriculture` in English), status and exit reason as labels, the NIK masked for a role that
 * does not see it in full. Each row is built once, as it streams.
 */
async function* exportRows(
  rows: AsyncIterable<ExportedBeneficiary>,
  lang: Lang,
  fullNik: boolean,
): AsyncGenerator<TableRow> {
  for await (const row of rows) {
    // The row is the page's own object, read once: its fields are replaced in place rather than copied.
    const out = row as unknown as TableRow;
    if (!fullNik) out.nik = maskNik(row.nik);
    if (lang === 'id') out.sector = SECTOR_WORDS.get(row.sector) ?? row.sector;
    out.status = STATUS[row.active ? 'active' : 'inactive'];
    out.endReason = row.endReason === null ? null : END_REASONS[row.endReason];
    yield out;
  }
}

/**
 * The beneficiary list as a download: a row per person, with the enrolment that describes them in the list's
 * month (the one covering it, else the latest). The region stays a code and the sector a word the importer
 * reads, so a file can be filtered and re-imported.
 */
export function beneficiaryTable(
  rows: AsyncIterable<ExportedBeneficiary>,
  options: { lang: Lang; fullNik: boolean; filters: readonly FilterLine[]; producedAt: string },
): Table {
  return {
    title: { id: 'Daftar Peserta', en: 'Beneficiaries' },
    filters: options.filters,
    producedAt: options.producedAt,
    columns: [
      { key: 'id', id: 'ID', en: 'ID', kind: 'text', width: 10 },
      COLUMNS.nik,
      COLUMNS.name,
      COLUMNS.regionCode,
      { key: 'sector', id: 'Sektor', en: 'Sector', kind: 'text', width: 14 },
      { key: 'occupation', id: 'Pekerjaan', en: 'Occupation', kind: 'text' },
      { key: 'kpjNumber', id: 'Nomor KPJ', en: 'KPJ number', kind: 'text', width: 16 },
      { key: 'phone', id: 'Telepon', en: 'Phone', kind: 'text', width: 16 },
      COLUMNS.programCode,
      { key: 'status', id: 'Status', en: 'Status', kind: 'label', width: 12 },
      { key: 'startPeriod', id: 'Bulan mulai', en: 'Start month', kind: 'text', width: 12 },
      { key: 'endPeriod', id: 'Bulan berakhir', en: 'End month', kind: 'text', width: 14 },
      { key: 'endReason', id: 'Alasan keluar', en: 'Exit reason', kind: 'label', width: 24 },
      { key: 'createdAt', id: 'Terdaftar pada', en: 'Registered at', kind: 'text', width: 30 },
    ],
    rows: exportRows(rows, options.lang, options.fullNik),
  };
}
