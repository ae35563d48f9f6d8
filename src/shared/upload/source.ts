import { setImmediate as nextTurn } from 'node:timers/promises';
import { UploadProblem } from './problem.js';
import { reason } from './reasons.js';

/** The largest body an upload may have, CSV or XLSX. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** A file as it arrives: its bytes, and the media type it was sent as when it came over HTTP. */
export type UploadBody = AsyncIterable<Buffer> & { readonly contentType?: string | undefined };

export interface UploadRow {
  /** Where the row is: the CSV file's line (the header being line 1) or the sheet's row number. */
  line: number;
  /** Each cell as the text a person typed; '' when empty. */
  record: string[];
  /** XLSX only: the numbers the workbook stored, by column index, for checks that need the number itself. */
  numbers?: ReadonlyMap<number, number>;
}

export interface Upload<C extends string> {
  format: 'csv' | 'xlsx';
  /** Logical column → its index in `record`. */
  columns: Map<C, number>;
  /** The header row as written. */
  header: string[];
  /** The header's number of cells: a row with more has cells no column names. */
  width: number;
  /**
   * The rows after the header, as they stream in; rows with every cell empty are left out. Read them to the
   * end or leave the loop early: either releases the file.
   */
  rows: AsyncGenerator<UploadRow>;
}

export const tooLarge = () => new UploadProblem('BODY_TOO_LARGE', reason('upload.too_large'));

/** The body's chunks, each shown to `onChunk` (e.g. to hash the file), refused past MAX_UPLOAD_BYTES. */
export async function* sized(
  source: AsyncIterable<Buffer>,
  onChunk: (chunk: Buffer) => void,
): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.length;
    if (bytes > MAX_UPLOAD_BYTES) throw tooLarge();
    onChunk(chunk);
    yield chunk;
  }
}

/**
 * Rows between turns of the event loop. A reader that hands rows over through promises alone never lets
 * the loop run: the database's replies to the writes issued meanwhile would wait until the reader ran dry,
 * and reading and writing would take turns instead of overlapping.
 */
export const ROWS_PER_TURN = 100;
export { nextTurn };
