import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import type ExcelJS from 'exceljs';
import type { Lang } from '../../shared/i18n.js';
import { ClientGone, drained } from './stream.js';
import { frameRows, xlsxCell, type ColumnKind, type Table } from './table.js';

/** Excel sheet names: at most 31 characters, none of []:*?/\ */
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;

/**
 * exceljs 4.4 writes each sheet's XML into the zip's deflate stream without heeding its answer
 * (lib/utils/stream-buf.js), and deflating is slower than producing rows: unchecked, a large export piles
 * up ahead of the compressor. These are the streams the sheet feeds, once the zip has taken
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
async function keepPace(res: ServerResponse, sheet: ExcelJS.Worksheet): Promise<void> {
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
  label: 18,
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

export async function writeXlsx(res: ServerResponse, tables: readonly Table[], lang: Lang): Promise<void> {
  // Loaded on the first workbook asked for: a service that never writes one stays smaller.
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
    const [title, ...frame] = frameRows(table, lang, (text) => text);
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
    if (table.footer) {
      sheet.addRow([]).commit();
      for (const line of table.footer) sheet.addRow([...line]).commit();
    }
    // A committed sheet lets the zip move on to the next one instead of buffering it.
    sheet.commit();
  }
  await Promise.race([workbook.commit(), once(res, 'close')]);
}
