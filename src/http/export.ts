import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setImmediate } from 'node:timers/promises';
import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import {
  CSV_MIME,
  FRAME_LABELS,
  XLSX_MIME,
  downloadFormat,
  requestLang,
  type DownloadFormat,
  type Label,
  type Lang,
} from './export-format.js';

/**
 * Report downloads: one table (or several) streamed as CSV or XLSX, each framed by the report's title, its
 * filters and when it was produced, so a printed or forwarded file still says what it is. Rows are pulled
 * from an (async) iterable and written as they come, so an export of half a million beneficiaries never
 * holds the file in memory.
 */
export type ColumnKind = 'text' | 'money' | 'integer' | 'decimal' | 'boolean';

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
  /** The query that selected the rows, as a person would read it: `{ regionCode: '15.08' }`. */
  filters: Record<string, string>;
  producedAt: string;
  columns: readonly TableColumn[];
  rows: AsyncIterable<TableRow> | Iterable<TableRow>;
}

export interface DownloadOptions {
  /** File name without date or extension, e.g. `beneficiaries`. */
  fileName: string;
  /** Runs before anything is sent: the route's audit record of the download. */
  audit: () => Promise<void>;
}

/** A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before them) as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
const DECIMAL_TEXT = /^-?[0-9]+(\.[0-9]+)?$/;
/** Excel sheet names: at most 31 characters, none of []:*?/\ */
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;

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
  return defuse(String(raw));
}

function csvCell(column: TableColumn, raw: unknown, lang: Lang): string {
  if (raw === null || raw === undefined) return '';
  const number = isNumeric(column.kind) ? numericText(raw) : null;
  return number ?? plainText(raw, column.kind, lang);
}

function xlsxCell(column: TableColumn, raw: unknown, lang: Lang): string | number | null {
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

function frameRows(table: Table, lang: Lang): [title: string[], filters: string[], producedAt: string[]] {
  const filters = Object.entries(table.filters).map(([key, value]) => defuse(`${key}: ${value}`));
  return [
    [defuse(table.title[lang])],
    [FRAME_LABELS.filters[lang], ...(filters.length > 0 ? filters : [FRAME_LABELS.noFilters[lang]])],
    [FRAME_LABELS.producedAt[lang], table.producedAt],
  ];
}

function fileNameFor(options: DownloadOptions, producedAt: string, format: DownloadFormat): string {
  const base = options.fileName.toLowerCase().replace(/[^a-z0-9-]+/g, '-') || 'report';
  const day = /^\d{4}-\d{2}-\d{2}/.exec(producedAt)?.[0];
  return `${base}${day ? `-${day}` : ''}.${format}`;
}

function startDownload(res: Response, format: DownloadFormat, fileName: string): void {
  res.status(200);
  res.setHeader('Content-Type', format === 'csv' ? `${CSV_MIME}; charset=utf-8` : XLSX_MIME);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  // Exports carry NIKs and names: no proxy or browser cache should keep a copy.
  res.setHeader('Cache-Control', 'no-store');
}

class ClientGone extends Error {
  constructor() {
    super('the client closed the connection during the download');
  }
}

/** Resolves once `stream` can take more, or once the client is gone (then the caller stops). */
async function drained(stream: Writable, res: Response): Promise<void> {
  const stop = new AbortController();
  try {
    await Promise.race([
      once(stream, 'drain', { signal: stop.signal }),
      once(stream, 'close', { signal: stop.signal }),
      once(res, 'close', { signal: stop.signal }),
    ]);
  } finally {
    stop.abort();
  }
}

/**
 * Records are formatted (csv-stringify's synchronous API, RFC 4180 quoting) and sent this many at a time:
 * a stream stage per record costs more than the record, and its buffered records live long enough to be
 * promoted, while a piece is garbage as soon as it is written. Measured at 540,000 rows, 2,000 a piece
 * kept the export's peak about 40 MB above the idle service, 500 and 1,000 about 110 MB.
 */
const CSV_PIECE = 2000;

/** Sends `text` and waits while the client is behind, so that no more than a piece waits in memory. */
async function send(res: Response, text: string): Promise<void> {
  if (res.destroyed) throw new ClientGone();
  if (!res.write(text)) await drained(res, res);
}

/** Sends the last of the file and resolves once all of it has left; a client gone before that stops us. */
async function end(res: Response, text: string): Promise<void> {
  if (res.destroyed) throw new ClientGone();
  res.end(text);
  try {
    await finished(res);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') throw new ClientGone();
    throw err;
  }
}

async function writeCsv(res: Response, tables: readonly Table[], lang: Lang): Promise<void> {
  let records: string[][] = [];
  // The BOM tells spreadsheet programs the file is UTF-8 (names carry accents and apostrophes).
  let bom = true;
  const piece = () => {
    const text = stringify(records, { bom });
    records = [];
    bom = false;
    return text;
  };
  for (const [index, table] of tables.entries()) {
    if (index > 0) records.push([]);
    records.push(
      ...frameRows(table, lang),
      table.columns.map((c) => c[lang]),
    );
    for await (const row of table.rows) {
      records.push(table.columns.map((c) => csvCell(c, row[c.key], lang)));
      if (records.length >= CSV_PIECE) await send(res, piece());
    }
  }
  await end(res, piece());
}

/**
 * exceljs 4.4 writes each sheet's XML into the zip's deflate stream without heeding its answer
 * (lib/utils/stream-buf.js), and deflating is slower than producing rows: unchecked, a 540,000-row export
 * piled up 200 MB ahead of the compressor. These are the streams the sheet feeds, once the zip has taken
 * it up; null where exceljs no longer exposes them, and then only the response paces the export.
 */
function zipInputs(sheet: ExcelJS.Worksheet): Writable[] | null {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  return Array.isArray(pipes) ? (pipes as Writable[]) : null;
}

/** The zip's input is a readable-stream 2 PassThrough, older than `writableNeedDrain`. */
function behind(stream: Writable): boolean {
  const legacy = (stream as unknown as { _writableState?: { needDrain?: boolean } })._writableState;
  return stream.writableNeedDrain ?? legacy?.needDrain ?? false;
}

/** Waits while the compressor or the client is behind, so a workbook streams in constant memory. */
async function keepPace(res: Response, sheet: ExcelJS.Worksheet): Promise<void> {
  for (;;) {
    if (res.destroyed) throw new ClientGone();
    const inputs = zipInputs(sheet);
    // The zip has not taken this sheet up yet (an earlier one is still compressing): rows would only queue.
    if (inputs !== null && inputs.length === 0) {
      await setImmediate();
      continue;
    }
    const full = [res, ...(inputs ?? [])].find(behind);
    if (!full) return;
    await drained(full, res);
  }
}

const NUMBER_FORMATS: Partial<Record<ColumnKind, string>> = {
  money: '"Rp "#,##0',
  integer: '#,##0',
  decimal: '#,##0.00##',
};
const DEFAULT_WIDTHS: Record<ColumnKind, number> = {
  text: 22,
  money: 18,
  integer: 12,
  decimal: 12,
  boolean: 10,
};
/** Title, filters, produced-at and a blank row come before the header. */
const HEADER_ROW = 5;

function sheetName(table: Table, lang: Lang, taken: Set<string>): string {
  const base =
    (table.sheet ?? table.title)[lang].replace(SHEET_NAME_FORBIDDEN, ' ').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${base.slice(0, 26)} (${n})`;
  taken.add(name.toLowerCase());
  return name;
}

async function writeXlsx(res: Response, tables: readonly Table[], lang: Lang): Promise<void> {
  // Loaded on the first workbook asked for: a service that never writes one stays some 25 MB smaller.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({
    stream: res,
    useStyles: true,
    useSharedStrings: false,
  });
  const taken = new Set<string>();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table, lang, taken), {
      views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    });
    sheet.columns = table.columns.map((c) => {
      const numFmt = NUMBER_FORMATS[c.kind];
      return {
        key: c.key,
        width: c.width ?? DEFAULT_WIDTHS[c.kind],
        ...(numFmt ? { style: { numFmt } } : {}),
      };
    });
    const [title, ...frame] = frameRows(table, lang);
    const titleRow = sheet.addRow(title);
    titleRow.font = { bold: true, size: 14 };
    titleRow.commit();
    for (const values of frame) sheet.addRow(values).commit();
    sheet.addRow([]).commit();
    const header = sheet.addRow(table.columns.map((c) => c[lang]));
    header.font = { bold: true };
    header.border = { bottom: { style: 'thin' } };
    header.commit();
    sheet.autoFilter = {
      from: { row: HEADER_ROW, column: 1 },
      to: { row: HEADER_ROW, column: table.columns.length },
    };
    for await (const row of table.rows) {
      sheet.addRow(table.columns.map((c) => xlsxCell(c, row[c.key], lang))).commit();
      await keepPace(res, sheet);
    }
    // A committed sheet lets the zip move on to the next one instead of buffering it.
    sheet.commit();
  }
  await Promise.race([workbook.commit(), once(res, 'close')]);
}

/**
 * Streams `tables` as the CSV or XLSX the request asks for (see `downloadFormat`), headers and titles in
 * its `lang`. Several tables become several sheets of one workbook, or CSV sections one after another
 * separated by an empty line. Call it only when `downloadFormat(req)` is not null.
 */
export async function sendTable(
  req: Request,
  res: Response,
  tables: Table | readonly Table[],
  options: DownloadOptions,
): Promise<void> {
  const format = downloadFormat(req);
  if (format === null) throw new Error('sendTable needs a request for csv or xlsx');
  const list: readonly Table[] = Array.isArray(tables) ? tables : [tables as Table];
  const lang = requestLang(req);
  await options.audit();
  startDownload(res, format, fileNameFor(options, list[0]?.producedAt ?? '', format));
  try {
    await (format === 'csv' ? writeCsv(res, list, lang) : writeXlsx(res, list, lang));
  } catch (err) {
    // A half-written file is incomplete anyway; cut the connection so the client sees a failed download.
    res.destroy();
    if (!(err instanceof ClientGone)) throw err;
  }
}
