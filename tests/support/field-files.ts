import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/** Files as they come from the field, built in the test: a CSV saved by a spreadsheet in Bahasa Indonesia, a workbook. */

/** A field in a CSV written by a spreadsheet in Bahasa Indonesia: `;` separated, quoted where needed. */
const field = (value: string) => (/[;"\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** `;`-separated rows after a UTF-8 BOM, lines ended by CRLF: what Excel's "CSV UTF-8" writes in Indonesia. */
export function csvOf(header: string[], rows: (string | number)[][]): Buffer {
  const lines = [header, ...rows].map((r) => r.map((v) => field(String(v))).join(';'));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/**
 * The same rows as Excel lays a workbook out: written by exceljs's streaming writer, shared strings after
 * the sheet; '' leaves a cell empty, and a row given as null is left out (the rows after it keep their
 * numbers, as a sheet with an empty row has them).
 */
export async function xlsxOf(header: string[], rows: ((string | number)[] | null)[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: true,
    useStyles: true,
  });
  const sheet = book.addWorksheet('Daftar');
  sheet.addRow(header).commit();
  rows.forEach((row, i) => {
    if (row !== null) sheet.getRow(i + 2).values = row.map((v) => (v === '' ? null : v));
    sheet.getRow(i + 2).commit();
  });
  sheet.commit();
  await book.commit();
  return Buffer.concat(chunks);
}
