import fs from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';

/**
 * The bench's lists as workbooks, the way they come from the field: the same rows as the CSV files,
 * written as Excel writes a sheet (shared strings, the sheet streamed), so that an XLSX upload is timed
 * against the same rows as CSV. Numbers (amounts) are stored as numbers, text as text.
 */
export async function writeXlsx(
  file: string,
  header: readonly string[],
  rows: Iterable<readonly (string | number)[]>,
): Promise<number> {
  const out = fs.createWriteStream(file);
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: true,
    useStyles: false,
  });
  const sheet = book.addWorksheet('Daftar');
  sheet.addRow([...header]).commit();
  let count = 0;
  for (const row of rows) {
    sheet.addRow([...row]).commit();
    count += 1;
    // The writer queues what the file has not taken yet; pausing keeps the generator's memory flat.
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  sheet.commit();
  await book.commit();
  if (!out.writableFinished) await once(out, 'finish');
  return count;
}
