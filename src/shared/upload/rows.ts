import { XLSX_MIME } from '../media-types.js';
import { openCsv } from './csv.js';
import type { UploadSpec } from './headers.js';
import { UploadProblem } from './problem.js';
import { reason } from './reasons.js';
import type { Upload, UploadRow } from './source.js';
import { openXlsx } from './xlsx.js';

/** A zip file's first bytes, which every XLSX workbook is. */
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** A compound file's: an Excel 97-2003 workbook, or an XLSX that Excel encrypted with a password. */
const COMPOUND_FILE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

async function firstBytes(source: AsyncIterator<Buffer>): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < ZIP.length) {
    const next = await source.next();
    if (next.done) break;
    chunks.push(next.value);
    length += next.value.length;
  }
  return chunks;
}

async function* again(first: Buffer[], source: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield* first;
  for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
}

/**
 * Opens an upload as CSV or XLSX, by its content type or, whatever that says, by a workbook's first bytes:
 * the header is read (and a bad one refused) before this returns, and the rows stream in after it, each
 * with the line a person finds it on. `onChunk` sees every chunk of the body as it is read.
 */
export async function openUpload<C extends string>(
  body: AsyncIterable<Buffer>,
  contentType: string | undefined,
  spec: UploadSpec<C>,
  onChunk: (chunk: Buffer) => void = () => undefined,
): Promise<Upload<C>> {
  const source = body[Symbol.asyncIterator]();
  const first = await firstBytes(source);
  const magic = Buffer.concat(first).subarray(0, ZIP.length);
  if (magic.equals(COMPOUND_FILE)) throw new UploadProblem('INVALID_XLSX', reason('upload.xls'));
  const isZip = magic.equals(ZIP);
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === XLSX_MIME && !isZip) {
    throw new UploadProblem(
      'INVALID_XLSX',
      reason('upload.not_xlsx', { detail: 'it does not begin as a zip file does' }),
    );
  }
  const open = isZip ? openXlsx : openCsv;
  return open(again(first, source), spec, onChunk);
}

/** A cell's text by logical column; an empty cell or a column the file lacks reads as missing. */
export function cell<C extends string>(
  upload: Pick<Upload<C>, 'columns'>,
  row: UploadRow,
  column: C,
): string | undefined {
  const index = upload.columns.get(column);
  const text = index === undefined ? undefined : row.record[index];
  return text === '' ? undefined : text;
}

/** What the file stored in a cell: the number where a workbook stored one, else the text as `cell` reads it. */
export function cellValue<C extends string>(
  upload: Pick<Upload<C>, 'columns'>,
  row: UploadRow,
  column: C,
): string | number | undefined {
  const index = upload.columns.get(column);
  const number = index === undefined ? undefined : row.numbers?.get(index);
  return number ?? cell(upload, row, column);
}
