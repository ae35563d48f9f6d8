/**
 * Tables in a printed PDF (pdfkit, its standard Helvetica fonts, so rendering needs neither a network nor
 * fonts on the host): columns given as shares of the page, rows that wrap, a header repeated on every page
 * a table continues on, and an optional bold total row. Every printed document of the service uses it.
 */
import { formatRupiah, type Decimal } from '../../shared/money.js';

export type Doc = PDFKit.PDFDocument;

/** Money in a cell: a non-breaking space keeps "Rp" with its digits when a column is narrow. */
export const pdfMoney = (value: Decimal) => formatRupiah(value).replace(' ', '\u00a0');
export type Align = 'left' | 'right' | 'center';

export interface Column {
  label: string;
  width: number;
  align: Align;
}

/** Columns given as shares of the page's content width. */
export function columnsOf(doc: Doc, spec: [label: string, share: number, align: Align][]): Column[] {
  const total = spec.reduce((acc, [, share]) => acc + share, 0);
  return spec.map(([label, share, align]) => ({ label, width: (contentWidth(doc) * share) / total, align }));
}

export const MARGIN = 40;
const FOOTER_SPACE = 30;
const PAD = 4;
export const BODY_SIZE = 8.5;
const RULE = '#555555';
const HEAD_FILL = '#e8e8e8';
export const MUTED = '#555555';

export const contentWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;
export const pageBottom = (doc: Doc) => doc.page.height - MARGIN - FOOTER_SPACE;

interface RowStyle {
  bold?: boolean;
  fill?: string;
  ruleAbove?: number;
}

/** A first-column cell "CODE\nName" shows the code in bold above the name. */
function splitLead(text: string): [string, string | null] {
  const at = text.indexOf('\n');
  return at === -1 ? [text, null] : [text.slice(0, at), text.slice(at + 1)];
}

function setFont(doc: Doc, bold: boolean): Doc {
  return doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(BODY_SIZE);
}

/**
 * A line of a cell as measured: `width` is its text's where the text surely takes one line (no line
 * break, and narrower than its column by a twentieth, a margin for pdfkit's word-by-word measure), null
 * where it may wrap. Most cells of a long list are one line: measured once and drawn as such, they skip
 * pdfkit's line wrapper, which wrapped each cell twice (for the row's height, then to draw it); the largest
 * daftar nominatif takes about a quarter less time without it (docs/performance.md).
 */
interface Line {
  text: string;
  bold: boolean;
  width: number | null;
  height: number;
}

/** A row measured: its height and each column's lines. */
interface Measured {
  height: number;
  cells: Line[][];
}

function measureLine(doc: Doc, text: string, bold: boolean, columnWidth: number): Line {
  setFont(doc, bold);
  const room = columnWidth - 2 * PAD;
  const measured = text === '' || text.includes('\n') ? null : doc.widthOfString(text);
  const width = measured !== null && measured <= 0.95 * room ? measured : null;
  // One line is one line's height, as pdfkit's wrapper finds it.
  const height = width === null ? doc.heightOfString(text, { width: room }) : doc.currentLineHeight(true);
  return { text, bold, width, height };
}

function measureRow(doc: Doc, columns: Column[], cells: string[], bold: boolean): Measured {
  const lines = columns.map((c, i) => {
    const [lead, rest] = i === 0 ? splitLead(cells[i] ?? '') : [cells[i] ?? '', null];
    const first = measureLine(doc, lead, bold || rest !== null, c.width);
    return rest === null ? [first] : [first, measureLine(doc, rest, bold, c.width)];
  });
  const heights = lines.map((cell) => cell.reduce((acc, line) => acc + line.height, 0));
  return { height: Math.max(...heights) + 2 * PAD, cells: lines };
}

/** Draws a line of a cell at (x, y) in its column, where `doc.text` with the column's width and alignment would. */
function drawLine(doc: Doc, line: Line, x: number, y: number, column: Column): void {
  setFont(doc, line.bold);
  const room = column.width - 2 * PAD;
  if (line.width === null) {
    doc.text(line.text, x + PAD, y, { width: room, align: column.align });
    return;
  }
  const trimmed = line.text.trimEnd();
  const free = room - (trimmed === line.text ? line.width : doc.widthOfString(trimmed));
  const shift = column.align === 'right' ? free : column.align === 'center' ? free / 2 : 0;
  doc.text(line.text, x + PAD + shift, y, { lineBreak: false });
  // Where the wrapper leaves the cursor: below the line, at the column's left.
  doc.x = x + PAD;
  doc.y = y + line.height;
}

function drawRow(
  doc: Doc,
  columns: Column[],
  cells: string[],
  y: number,
  style: RowStyle = {},
  measured = measureRow(doc, columns, cells, style.bold ?? false),
): number {
  const { height } = measured;
  const width = contentWidth(doc);
  if (style.fill) doc.rect(MARGIN, y, width, height).fill(style.fill);
  if (style.ruleAbove) {
    doc
      .lineWidth(style.ruleAbove)
      .strokeColor(RULE)
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .stroke();
  }
  doc.fillColor('black');
  let x = MARGIN;
  columns.forEach((c, i) => {
    let cursor = y + PAD;
    for (const line of measured.cells[i] ?? []) {
      drawLine(doc, line, x, cursor, c);
      cursor = doc.y;
    }
    x += c.width;
  });
  doc
    .lineWidth(0.4)
    .strokeColor('#bbbbbb')
    .moveTo(MARGIN, y + height)
    .lineTo(MARGIN + width, y + height)
    .stroke();
  return y + height;
}

/** The header row of a table: bold on a grey band. */
export const drawHeaderRow = (doc: Doc, columns: Column[], y: number): number =>
  drawRow(
    doc,
    columns,
    columns.map((c) => c.label),
    y,
    { bold: true, fill: HEAD_FILL },
  );

/**
 * Continues a table below `y` (its header already drawn): a row that would not fit starts a new page that
 * repeats the header. A long list is drawn a piece at a time, so it never needs to be held whole.
 */
export function drawRows(
  doc: Doc,
  columns: Column[],
  rows: string[][],
  y: number,
  style: RowStyle = {},
): number {
  let cursor = y;
  for (const cells of rows) {
    // Measured once: measuring a row's text costs as much as drawing it.
    const measured = measureRow(doc, columns, cells, style.bold ?? false);
    if (cursor + measured.height > pageBottom(doc)) {
      doc.addPage();
      cursor = drawHeaderRow(doc, columns, MARGIN);
    }
    cursor = drawRow(doc, columns, cells, cursor, style, measured);
  }
  return cursor;
}

/** The bold total row of a table, below a rule. */
export const drawTotalRow = (doc: Doc, columns: Column[], total: string[], y: number): number =>
  drawRows(doc, columns, [total], y, { bold: true, ruleAbove: 1 });

/** Draws a table, starting a new page (and repeating the header) where a row would not fit. */
export function drawTable(
  doc: Doc,
  columns: Column[],
  rows: string[][],
  y: number,
  total?: string[],
): number {
  const cursor = drawRows(doc, columns, rows, drawHeaderRow(doc, columns, y));
  return total ? drawTotalRow(doc, columns, total, cursor) : cursor;
}

/**
 * pdfkit keeps every page it has written: its list of pages holds each page's dictionary, and through it the
 * page's content and resources objects, about a kilobyte a page (14 MB of heap for the 12,000 pages of the
 * largest daftar nominatif, docs/performance.md). Once a page is written, the list needs only its object
 * number, so a document written page by page (pdfkit's default, not `bufferPages`) empties each page's
 * dictionary when the next page starts.
 */
export function forgetWrittenPages(doc: Doc): void {
  let previous = doc.page as unknown as { dictionary: { data: object } };
  doc.on('pageAdded', () => {
    previous.dictionary.data = {};
    previous = doc.page as unknown as { dictionary: { data: object } };
  });
}

export function ensureSpace(doc: Doc, y: number, needed: number): number {
  if (y + needed <= pageBottom(doc)) return y;
  doc.addPage();
  return MARGIN;
}
