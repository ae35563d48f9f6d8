import { mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, pipeline, Readable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import yauzl from 'yauzl';
import { AppError } from '../errors.js';
import { assertNoControlCharacters } from './checks.js';
import { matchHeader, type UploadSpec } from './headers.js';
import { UploadProblem } from './problem.js';
import { reason } from './reasons.js';
import { nextTurn, ROWS_PER_TURN, sized, type Upload, type UploadRow } from './source.js';
import { SharedStrings, SheetRows, type SheetContext } from './sheet.js';
import { StringTable } from './strings.js';
import { XmlScanner, type XmlHandler } from './xml.js';

/**
 * Streaming XLSX uploads, the first sheet only. The parts of a workbook come in no fixed order (Excel writes
 * the sheet before the shared strings it refers to), so the upload is first written to a temporary file and
 * then read part by part from it: exceljs's reader takes the small parts (which sheet is first, the styles
 * that tell dates from numbers), the scanner of xml.ts the two large ones, the shared strings (kept,
 * compactly: strings.ts) and the sheet, row by row and never held.
 */

const MiB = 1024 * 1024;
/** How far each part may unpack: a sheet of Excel's 1,048,576 rows fits, a zip bomb does not. */
const SHEET_BYTES = 2048 * MiB;
const SHARED_STRINGS_BYTES = 256 * MiB;
const PART_BYTES = 16 * MiB;
const MAX_PARTS = 10_000;
const READ_AHEAD_BYTES = MiB;

/**
 * The parts of exceljs 4.4's WorkbookReader (lib/stream/xlsx/workbook-reader.js) used here. Its own `parse`
 * reads the zip as a forward-only stream, spooling every sheet to a temporary file it only removes when the
 * sheet is read to the end, decodes each piece of a part apart, which garbles a character cut between two
 * pieces (exceljs issue 2063), and builds an object per cell; it is left aside.
 */
interface ReaderInternals {
  model?: { sheets?: { name: string; rId: string; state?: string }[] };
  properties?: { model?: { date1904?: boolean } };
  workbookRels?: { Id: string; Type: string; Target: string }[];
  styles: { getStyleModel(index: number): { numFmt?: string } | null };
  _parseRels(part: Readable): Promise<void>;
  _parseWorkbook(part: Readable): Promise<void>;
  _parseStyles(part: Readable): Promise<void>;
}

interface Sheet {
  part: Readable;
  context: SheetContext;
}

const notXlsx = (detail: string) => new UploadProblem('INVALID_XLSX', reason('upload.not_xlsx', { detail }));

/** A temporary copy of the upload, opened as a zip; its name is gone at once, its space when the zip closes. */
async function spool(body: AsyncIterable<Buffer>): Promise<yauzl.ZipFile> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'iuran-upload-'));
  try {
    const file = path.join(dir, 'upload.xlsx');
    await pipelineAsync(Readable.from(body), createWriteStream(file, { mode: 0o600 }));
    return await yauzl
      .openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: false })
      .catch((err: Error) => Promise.reject(notXlsx(err.message)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The zip's parts by name; closing it ends the streams still open, then the file. */
class Workbook {
  private readonly parts = new Map<string, yauzl.Entry>();
  private readonly open = new Set<Readable>();
  private closed = false;

  constructor(private readonly zip: yauzl.ZipFile) {}

  async readParts(): Promise<void> {
    for await (const entry of this.zip.eachEntry()) {
      if (this.parts.size >= MAX_PARTS) throw notXlsx(`more than ${MAX_PARTS} parts`);
      this.parts.set(entry.fileName, entry);
    }
  }

  has(name: string): boolean {
    return this.parts.has(name);
  }

  /** A part as decoded text, refused before reading when it says it unpacks beyond `limit`. */
  async text(name: string, limit = PART_BYTES): Promise<Readable> {
    const entry = this.parts.get(name);
    if (!entry) throw notXlsx(`${name} is missing`);
    if (entry.uncompressedSize > limit) {
      const problem = reason('upload.part_too_large', { part: name, limit: `${limit / MiB} MiB` });
      throw new UploadProblem('INVALID_XLSX', problem);
    }
    const unpacked = await this.zip.openReadStreamPromise(entry);
    // Unpacking runs on libuv's threads: room to run ahead keeps it busy while this thread parses.
    const ahead = new PassThrough({ highWaterMark: READ_AHEAD_BYTES });
    pipeline(unpacked, ahead, () => this.open.delete(ahead));
    this.open.add(ahead);
    return ahead.setEncoding('utf8');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.open) stream.destroy();
    this.zip.close();
  }
}

/** Where a relationship points: relative to xl/, or absolute within the package. */
const partName = (target: string) =>
  target.startsWith('/') ? target.slice(1) : path.posix.normalize(`xl/${target}`);

function relTarget(reader: ReaderInternals, kind: string): string | undefined {
  const rel = reader.workbookRels?.find((r) => r.Type.endsWith(`/${kind}`));
  return rel ? partName(rel.Target) : undefined;
}

/** The first worksheet a person sees: hidden ones (lists for drop-downs) are passed over. */
function firstSheet(reader: ReaderInternals): string {
  const sheets = (reader.model?.sheets ?? []).flatMap((sheet) => {
    const rel = reader.workbookRels?.find((r) => r.Id === sheet.rId && r.Type.endsWith('/worksheet'));
    return rel
      ? [{ name: partName(rel.Target), hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden' }]
      : [];
  });
  const first = sheets.find((s) => !s.hidden) ?? sheets[0];
  if (!first) throw new UploadProblem('INVALID_XLSX', reason('upload.no_sheet'));
  return first.name;
}

async function scan(part: Readable, handler: XmlHandler): Promise<void> {
  const scanner = new XmlScanner(handler);
  for await (const chunk of part) scanner.write(chunk as string);
  scanner.end();
}

/** Reads the workbook up to the first sheet: which it is, its styles and its shared strings. */
async function openSheet(workbook: Workbook): Promise<Sheet> {
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(Readable.from([]), {
    styles: 'cache',
  }) as unknown as ReaderInternals;
  await reader._parseRels(await workbook.text('xl/_rels/workbook.xml.rels'));
  await reader._parseWorkbook(await workbook.text('xl/workbook.xml'));
  const sheetName = firstSheet(reader);
  const styles = relTarget(reader, 'styles');
  const styled = styles !== undefined && workbook.has(styles);
  if (styled) await reader._parseStyles(await workbook.text(styles));
  const strings = new StringTable();
  const shared = relTarget(reader, 'sharedStrings');
  if (shared && workbook.has(shared))
    await scan(await workbook.text(shared, SHARED_STRINGS_BYTES), new SharedStrings(strings));
  strings.finish();
  return {
    part: await workbook.text(sheetName, SHEET_BYTES),
    context: {
      strings: (index) => strings.get(index),
      // Without a styles part every cell has the default style, a plain number.
      format: (style) => (styled ? reader.styles.getStyleModel(style)?.numFmt : undefined),
      date1904: reader.properties?.model?.date1904 === true,
    },
  };
}

/**
 * The sheet's rows that are not empty, the header first, each checked against it for control characters.
 * What cannot be read names the row it reached. The file is closed when the rows end, fail or are left early.
 */
async function* sheetRows(sheet: Sheet, close: () => void): AsyncGenerator<UploadRow> {
  const handler = new SheetRows(sheet.context);
  const scanner = new XmlScanner(handler);
  let header: string[] | undefined;
  let count = 0;
  try {
    for await (const chunk of sheet.part) {
      scanner.write(chunk as string);
      for (const row of handler.rows.splice(0)) {
        header ??= row.record;
        // A workbook leaves out the empty cells at the end of a row, which a CSV writes: the same rows read alike.
        while (row.record.length < header.length) row.record.push('');
        assertNoControlCharacters(row.line, row.record, header);
        yield row;
        count += 1;
        if (count % ROWS_PER_TURN === 0) await nextTurn();
      }
      if (handler.done) return;
    }
    scanner.end();
  } catch (err) {
    if (err instanceof AppError) throw err;
    const problem = reason('upload.malformed_xlsx', {
      line: String(Math.max(handler.line, 1)),
      detail: (err as Error).message,
    });
    throw new UploadProblem('INVALID_XLSX', problem);
  } finally {
    close();
  }
}

/** An upload whose rows are never read still closes its file once the rows are garbage. */
const unread = new FinalizationRegistry<Workbook>((workbook) => workbook.close());

/** Reads the workbook and the first sheet's header row (refusing a bad one at once); the rows then stream. */
export async function openXlsx<C extends string>(
  body: AsyncIterable<Buffer>,
  spec: UploadSpec<C>,
  onChunk: (chunk: Buffer) => void,
): Promise<Upload<C>> {
  const workbook = new Workbook(await spool(sized(body, onChunk)));
  try {
    await workbook.readParts();
    const rows = sheetRows(await openSheet(workbook), () => workbook.close());
    const first = await rows.next();
    const header = first.done ? [] : first.value.record;
    const columns = matchHeader(header, spec, first.done ? 1 : first.value.line);
    unread.register(rows, workbook);
    return { format: 'xlsx', columns, header, width: header.length, rows };
  } catch (err) {
    workbook.close();
    throw err instanceof AppError ? err : notXlsx((err as Error).message);
  }
}
