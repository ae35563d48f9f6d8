import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import {
  BENEFICIARY_HEADER,
  beneficiaryRows,
  PROGRAM_PLANS,
  STATEMENT_HEADER,
  statementAmount,
  statementRows,
} from './province.js';

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

/**
 * Writes a programme's beneficiary list or its statement as a workbook in a process of its own: the writer
 * holds every distinct text of the sheet until it is done, memory that the bench's process would otherwise
 * keep and count against the import it then measures.
 */
export async function writeXlsxApart(
  kind: 'beneficiaries' | 'statement',
  file: string,
  workers: number,
  planCode: string,
): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), kind, file, String(workers), planCode],
    { stdio: 'inherit' },
  );
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`writing ${file} failed (exit ${code})`);
}

async function main(): Promise<void> {
  const [kind, file, workers, planCode] = process.argv.slice(2);
  const plan = PROGRAM_PLANS.find((p) => p.code === planCode);
  if (!file || !plan) throw new Error('usage: field-files.ts beneficiaries|statement FILE WORKERS PLAN');
  if (kind === 'statement')
    await writeXlsx(file, STATEMENT_HEADER, statementRows(Number(workers), plan, statementAmount));
  else await writeXlsx(file, BENEFICIARY_HEADER, beneficiaryRows(Number(workers), plan));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
