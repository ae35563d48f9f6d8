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

function textHeight(doc: Doc, text: string, width: number, bold: boolean): number {
  return doc
    .font(bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(BODY_SIZE)
    .heightOfString(text, { width: width - 2 * PAD });
}

function cellHeight(doc: Doc, columns: Column[], cells: string[], bold: boolean): number {
  const heights = columns.map((c, i) => {
    const [lead, rest] = i === 0 ? splitLead(cells[i] ?? '') : [cells[i] ?? '', null];
    return (
      textHeight(doc, lead, c.width, bold || rest !== null) +
      (rest === null ? 0 : textHeight(doc, rest, c.width, bold))
    );
  });
  return Math.max(...heights) + 2 * PAD;
}

function drawRow(
  doc: Doc,
  columns: Column[],
  cells: string[],
  y: number,
  style: RowStyle = {},
  height = cellHeight(doc, columns, cells, style.bold ?? false),
): number {
  const bold = style.bold ?? false;
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
    const [lead, rest] = i === 0 ? splitLead(cells[i] ?? '') : [cells[i] ?? '', null];
    const options = { width: c.width - 2 * PAD, align: c.align };
    doc.font(bold || rest !== null ? 'Helvetica-Bold' : 'Helvetica').fontSize(BODY_SIZE);
    doc.text(lead, x + PAD, y + PAD, options);
    if (rest !== null) doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').text(rest, x + PAD, doc.y, options);
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
    // Measured once: wrapping the text to find a row's height costs as much as drawing it.
    const height = cellHeight(doc, columns, cells, style.bold ?? false);
    if (cursor + height > pageBottom(doc)) {
      doc.addPage();
      cursor = drawHeaderRow(doc, columns, MARGIN);
    }
    cursor = drawRow(doc, columns, cells, cursor, style, height);
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

export function ensureSpace(doc: Doc, y: number, needed: number): number {
  if (y + needed <= pageBottom(doc)) return y;
  doc.addPage();
  return MARGIN;
}
