import { pipeline } from 'node:stream/promises';
import { CsvError, Parser } from 'csv-parse';
import { parse as parseLine } from 'csv-parse/sync';
import { assertNoControlCharacters, Utf8Lines } from './checks.js';
import { matchHeader, type UploadSpec } from './headers.js';
import { UploadProblem } from './problem.js';
import { reason } from './reasons.js';
import { nextTurn, ROWS_PER_TURN, sized, type Upload, type UploadRow } from './source.js';

/**
 * Streaming CSV uploads: the header line is read first so a bad header is refused before anything is
 * written; `,` or `;` separators (whichever the header uses more) and a UTF-8 BOM (spreadsheet exports)
 * are accepted; bytes that are not UTF-8 and control characters refuse the file, naming the line; the body
 * is never held whole.
 */
const MAX_HEADER_BYTES = 64 * 1024;

const malformed = (line: number, detail: string) =>
  new UploadProblem('MALFORMED_CSV', reason('upload.malformed_csv', { line: String(line), detail }));

async function readHeader(source: AsyncIterator<Buffer>): Promise<{ head: Buffer; line: Buffer }> {
  let head = Buffer.alloc(0);
  let end = -1;
  while (end === -1 && head.length <= MAX_HEADER_BYTES) {
    const next = await source.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
    end = head.indexOf(0x0a);
  }
  const line = head.subarray(0, end === -1 ? head.length : end);
  if (line.length > MAX_HEADER_BYTES)
    throw new UploadProblem('INVALID_HEADER', reason('upload.header_too_long'));
  return { head, line };
}

function headerNames(line: string, delimiter: string): string[] {
  try {
    const [names] = parseLine(line, { delimiter, relax_column_count: true, trim: true }) as string[][];
    return names ?? [];
  } catch (err) {
    if (err instanceof CsvError) throw malformed(1, err.code);
    throw err;
  }
}

/**
 * The parser turns all of a piece into records at once, and they wait while the ones before them are checked
 * and written: fed a 64 KiB read whole, some 1,800 records waited long enough to outlive the young
 * generation, so that V8 promoted them and the old space grew with dead rows. Smaller pieces keep few waiting.
 */
const PIECE_BYTES = 4096;

function* pieces(chunk: Buffer): Generator<Buffer> {
  for (let at = 0; at < chunk.length; at += PIECE_BYTES) yield chunk.subarray(at, at + PIECE_BYTES);
}

/** The head (already checked), then the rest of the body, each chunk checked before the parser sees it. */
async function* checked(
  head: Buffer,
  source: AsyncIterator<Buffer>,
  utf8: Utf8Lines,
): AsyncGenerator<Buffer> {
  yield* pieces(head);
  for (let next = await source.next(); !next.done; next = await source.next()) {
    utf8.check(next.value);
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
    return super.push({ line, record } satisfies UploadRow);
  }
}

async function* records(
  head: Buffer,
  source: AsyncIterator<Buffer>,
  delimiter: string,
  header: readonly string[],
  utf8: Utf8Lines,
): AsyncGenerator<UploadRow> {
  const parser = new NumberedParser({
    delimiter,
    bom: true,
    from_line: 2,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    max_record_size: 1024 * 1024,
  });
  // A failing source (over the size limit, not UTF-8) also destroys the parser, so its error surfaces here.
  pipeline(checked(head, source, utf8), parser).catch(() => undefined);
  let count = 0;
  try {
    for await (const row of parser as AsyncIterable<UploadRow>) {
      if (row.record.every((cell) => cell === '')) continue;
      assertNoControlCharacters(row.line, row.record, header);
      yield row;
      count += 1;
      if (count % ROWS_PER_TURN === 0) await nextTurn();
    }
  } catch (err) {
    if (err instanceof CsvError) throw malformed(Number(err.lines), err.code);
    throw err;
  }
}

/** Reads the header (refusing a bad one at once) and returns the rows as they stream in. */
export async function openCsv<C extends string>(
  body: AsyncIterable<Buffer>,
  spec: UploadSpec<C>,
  onChunk: (chunk: Buffer) => void,
): Promise<Upload<C>> {
  const source = sized(body, onChunk)[Symbol.asyncIterator]();
  const { head, line } = await readHeader(source);
  const utf8 = new Utf8Lines();
  utf8.check(head);
  const text = line
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r$/, '');
  const delimiter = text.split(';').length > text.split(',').length ? ';' : ',';
  const header = headerNames(text, delimiter);
  assertNoControlCharacters(1, header, header);
  return {
    format: 'csv',
    columns: matchHeader(header, spec, 1),
    header,
    width: header.length,
    rows: records(head, source, delimiter, header, utf8),
  };
}
