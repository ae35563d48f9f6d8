import { DateTime } from 'luxon';
import { isLabel, MONTH_NAMES, type Label, type Lang } from '../../shared/i18n.js';
import { ZONE } from '../../shared/period.js';
import type { FilterLine } from './filters.js';

/**
 * Report downloads: one table (or several) streamed as CSV or XLSX, each framed by the report's title, its
 * filters and when it was produced, so a printed or forwarded file still says what it is. Rows are pulled
 * from an (async) iterable and written as they come, so an export of half a million beneficiaries never
 * holds the file in memory.
 */
/** `label`: each row holds a `Label` (a status, a reason) and the file shows it in its language. */
export type ColumnKind = 'text' | 'money' | 'integer' | 'decimal' | 'boolean' | 'label';

export interface TableColumn extends Label {
  /** The property of each row that fills this column. */
  key: string;
  kind: ColumnKind;
  /** Width in characters in a workbook; a default per kind otherwise. */
  width?: number;
}

/** Columns that name the same thing in every table, labelled once. */
export const COLUMNS = {
  nik: { key: 'nik', id: 'NIK', en: 'NIK', kind: 'text', width: 20 },
  name: { key: 'name', id: 'Nama', en: 'Name', kind: 'text', width: 30 },
  regionCode: { key: 'regionCode', id: 'Kode wilayah', en: 'Region code', kind: 'text', width: 14 },
  regionName: { key: 'regionName', id: 'Nama wilayah', en: 'Region name', kind: 'text', width: 30 },
  programCode: { key: 'programCode', id: 'Kode program', en: 'Programme code', kind: 'text', width: 18 },
  fundingSourceCode: {
    key: 'fundingSourceCode',
    id: 'Sumber dana',
    en: 'Funding source',
    kind: 'text',
    width: 24,
  },
  period: { key: 'period', id: 'Periode', en: 'Period', kind: 'text', width: 10 },
} satisfies Record<string, TableColumn>;

export type TableRow = Record<string, unknown>;

export interface Table {
  title: Label;
  /** The sheet's name in a workbook (at most 31 characters); the title otherwise. */
  sheet?: Label;
  /** The query that selected the rows, as a person reads it (`describeFilters`). */
  filters: readonly FilterLine[];
  producedAt: string;
  columns: readonly TableColumn[];
  rows: AsyncIterable<TableRow> | Iterable<TableRow>;
  /** Lines below the rows, after an empty one: where a finance office's report is dated and signed. */
  footer?: readonly (readonly string[])[];
}

export interface DownloadOptions {
  /** File name without date or extension, e.g. `beneficiaries`. */
  fileName: string;
  /** Runs before anything is sent: the route's audit record of the download. */
  audit: () => Promise<void>;
}

/** Words of the report frame (not of any one report). */
export const FRAME_LABELS = {
  filters: { id: 'Filter', en: 'Filters' },
  noFilters: { id: '(tanpa filter)', en: '(none)' },
  producedAt: { id: 'Dibuat pada', en: 'Produced at' },
  yes: { id: 'Ya', en: 'Yes' },
  no: { id: 'Tidak', en: 'No' },
} satisfies Record<string, Label>;

/** A spreadsheet runs a CSV cell that starts with = + - @ (or a tab or CR before them) as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
const DECIMAL_TEXT = /^-?[0-9]+(\.[0-9]+)?$/;

/**
 * A CSV cell a spreadsheet would run as a formula gets a leading apostrophe. Only CSV needs it: an XLSX text
 * cell is never a formula, so there the text stays as typed.
 */
export function defuse(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const isNumeric = (kind: ColumnKind) => kind === 'money' || kind === 'integer' || kind === 'decimal';

/** Money and counts arrive as exact decimal strings (never floats); anything else is treated as text. */
function numericText(raw: unknown): string | null {
  if (typeof raw === 'string' && DECIMAL_TEXT.test(raw)) return raw;
  if (typeof raw === 'bigint') return raw.toString();
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}

function plainText(raw: unknown, kind: ColumnKind, lang: Lang): string {
  if (kind === 'boolean') return (raw ? FRAME_LABELS.yes : FRAME_LABELS.no)[lang];
  if (kind === 'label' && isLabel(raw)) return raw[lang];
  return String(raw);
}

export function csvCell(column: TableColumn, raw: unknown, lang: Lang): string {
  if (raw === null || raw === undefined) return '';
  const number = isNumeric(column.kind) ? numericText(raw) : null;
  return number ?? defuse(plainText(raw, column.kind, lang));
}

export function xlsxCell(column: TableColumn, raw: unknown, lang: Lang): string | number | null {
  if (raw === null || raw === undefined) return null;
  const number = isNumeric(column.kind) ? numericText(raw) : null;
  if (number !== null) {
    const value = Number(number);
    // Beyond 2^53 a spreadsheet number would silently change the last digits; the exact text is safer.
    if (column.kind === 'decimal' || Number.isSafeInteger(value)) return value;
    return number;
  }
  return plainText(raw, column.kind, lang);
}

/**
 * When a file was produced, as its reader writes a time: `20 November 2026 10.00 WIB` in Bahasa Indonesia
 * (a dot between hours and minutes), `20 November 2026 10:00 WIB` in English, always Jakarta time.
 */
export function producedAtText(iso: string, lang: Lang): string {
  const at = DateTime.fromISO(iso, { setZone: true }).setZone(ZONE);
  if (!at.isValid) return iso;
  const time = at.toFormat(lang === 'id' ? 'HH.mm' : 'HH:mm');
  return `${at.day} ${MONTH_NAMES[lang][at.month - 1] ?? ''} ${at.year} ${time} WIB`;
}

/** Title, filters and produced-at lines above a table's header, each cell passed through `escape`. */
export function frameRows(
  table: Table,
  lang: Lang,
  escape: (text: string) => string,
): [title: string[], filters: string[], producedAt: string[]] {
  const filters = table.filters.map((line) => escape(line[lang]));
  return [
    [escape(table.title[lang])],
    [FRAME_LABELS.filters[lang], ...(filters.length > 0 ? filters : [FRAME_LABELS.noFilters[lang]])],
    [FRAME_LABELS.producedAt[lang], producedAtText(table.producedAt, lang)],
  ];
}

export type DownloadFormat = 'csv' | 'xlsx';

export function fileNameFor(options: DownloadOptions, producedAt: string, format: DownloadFormat): string {
  const base = options.fileName.toLowerCase().replace(/[^a-z0-9-]+/g, '-') || 'report';
  const day = /^\d{4}-\d{2}-\d{2}/.exec(producedAt)?.[0];
  return `${base}${day ? `-${day}` : ''}.${format}`;
}
