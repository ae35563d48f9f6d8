import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CsvError, Parser } from 'csv-parse';
import { AppError, type FieldError } from './errors.js';
import { DETAILS, FIELD } from './messages/index.js';
import { Utf8Lines } from './upload/checks.js';

/**
 * Streaming CSV uploads (beneficiary lists, insurer statements): the header line is read first so a bad
 * header is refused before anything is written; columns are matched by name, case-insensitively; `,` or
 * `;` separators and a UTF-8 BOM (spreadsheet exports) are accepted; the body is never held whole.
 */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const MAX_HEADER_BYTES = 64 * 1024;

export interface CsvSpec<C extends string> {
  required: readonly C[];
  optional: readonly C[];
}

export interface CsvRow {
  /** Line number in the file, the header being line 1. */
  line: number;
  record: string[];
}

export interface CsvUpload<C extends string> {
  columns: Map<C, number>;
  width: number;
  rows: AsyncGenerator<CsvRow>;
}

async function readHeader(source: AsyncIterator<Buffer>): Promise<{ head: Buffer; line: string }> {
  let head = Buffer.alloc(0);
  let end = -1;
  while (end === -1) {
    if (head.length > MAX_HEADER_BYTES) throw new AppError('INVALID_CSV_HEADER', DETAILS.headerTooLong);
    const next = await source.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
    end = head.indexOf(0x0a);
  }
  const line = head.subarray(0, end === -1 ? head.length : end).toString('utf8');
  return { head, line: line.replace(/^\uFEFF/, '').replace(/\r$/, '') };
}

function headerColumns<C extends string>(names: string[], spec: CsvSpec<C>): Map<C, number> {
  const normalised = names.map((n) =>
    n
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim()
      .toLowerCase(),
  );
  const columns = new Map<C, number>();
  const errors: FieldError[] = [];
  for (const column of [...spec.required, ...spec.optional]) {
    const first = normalised.indexOf(column.toLowerCase());
    if (first !== normalised.lastIndexOf(column.toLowerCase())) {
      errors.push({ path: column, message: FIELD.headerRepeated() });
    } else if (first !== -1) {
      columns.set(column, first);
    } else if (spec.required.includes(column)) {
      errors.push({ path: column, message: FIELD.headerMissing() });
    }
  }
  if (errors.length > 0) {
    throw new AppError('INVALID_CSV_HEADER', DETAILS.headerColumns(spec.required.join(', ')), errors);
  }
  return columns;
}

/**
 * The parser turns all of a piece into records at once, and they wait while the ones before them are checked
 * and written: fed a 64 KiB read whole, thousands of records waited long enough to outlive the young
 * generation, so that V8 promoted them and the old space grew with dead rows. Smaller pieces keep few waiting.
 */
const PIECE_BYTES = 4096;

function* pieces(chunk: Buffer): Generator<Buffer> {
  for (let at = 0; at < chunk.length; at += PIECE_BYTES) yield chunk.subarray(at, at + PIECE_BYTES);
}

async function* limited(
  head: Buffer,
  source: AsyncIterator<Buffer>,
  onChunk: (chunk: Buffer) => void,
): AsyncGenerator<Buffer> {
  let bytes = head.length;
  // Bytes that are not UTF-8 are refused naming their line, never read as replacement characters.
  const utf8 = new Utf8Lines();
  utf8.check(head);
  onChunk(head);
  yield* pieces(head);
  for (let next = await source.next(); !next.done; next = await source.next()) {
    bytes += next.value.length;
    if (bytes > MAX_UPLOAD_BYTES) throw new AppError('BODY_TOO_LARGE', DETAILS.uploadTooLarge);
    utf8.check(next.value);
    onChunk(next.value);
    yield* pieces(next.value);
  }
  utf8.end();
}

/**
 * A parser that pushes each record with the line it starts on, the header being line 1. The counters it
 * reads are the parser's own, exact at the moment a record is pushed; the `info` option would clone them
 * into a new object for every record, which costs more than parsing it.
 */
class NumberedParser extends Parser {
  private previousEnd = 1;
  private previousEmpty = 0;

  override push(record: string[] | null): boolean {
    if (record === null) return super.push(null);
    // info.lines is where a record ends and a quoted field may span lines, so count from the previous one.
    const line = this.previousEnd + 1 + this.info.empty_lines - this.previousEmpty;
    this.previousEnd = this.info.lines;
    this.previousEmpty = this.info.empty_lines;
    return super.push({ line, record } satisfies CsvRow);
  }
}

/**
 * Records between turns of the event loop. The parser hands records over through promises alone, which never
 * let the loop run: the database's replies to the writes issued meanwhile (each query takes several round
 * trips between its worker thread and this one) would wait until the parser ran dry, and parsing and writing
 * took turns instead of overlapping.
 */
const RECORDS_PER_TURN = 100;

async function* records(
  head: Buffer,
  source: AsyncIterator<Buffer>,
  delimiter: string,
  onChunk: (chunk: Buffer) => void,
): AsyncGenerator<CsvRow> {
  const parser = new NumberedParser({
    delimiter,
    bom: true,
    from_line: 2,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    max_record_size: 1024 * 1024,
  });
  // A failing source (e.g. over the size limit) also destroys the parser, so its error surfaces in the loop.
  pipeline(limited(head, source, onChunk), parser).catch(() => undefined);
  let count = 0;
  try {
    for await (const row of parser as AsyncIterable<CsvRow>) {
      if (row.record.every((cell) => cell === '')) continue;
      yield row;
      count += 1;
      if (count % RECORDS_PER_TURN === 0) await nextTurn();
    }
  } catch (err) {
    if (err instanceof CsvError)
      throw new AppError('MALFORMED_CSV', DETAILS.unreadableCsv(String(err.lines), err.code));
    throw err;
  }
}

/** Reads the header (refusing a bad one at once) and returns the rows as they stream in. */
export async function openCsv<C extends string>(
  body: AsyncIterable<Buffer>,
  spec: CsvSpec<C>,
  onChunk: (chunk: Buffer) => void = () => undefined,
): Promise<CsvUpload<C>> {
  const source = body[Symbol.asyncIterator]();
  const { head, line } = await readHeader(source);
  const delimiter = line.split(';').length > line.split(',').length ? ';' : ',';
  const names = line.split(delimiter);
  return {
    columns: headerColumns(names, spec),
    width: names.length,
    rows: records(head, source, delimiter, onChunk),
  };
}

/** A cell by column name; empty cells read as missing. */
export function cell<C extends string>(
  upload: Pick<CsvUpload<C>, 'columns'>,
  record: string[],
  column: C,
): string | undefined {
  const index = upload.columns.get(column);
  const value = index === undefined ? undefined : record[index];
  return value === '' ? undefined : value;
}
