import type { Lang } from '../../shared/i18n.js';
import type { Decimal } from '../../shared/money.js';
import type { MonthlyReport } from './monthly-report.service.js';
import {
  count,
  headerFacts,
  longDate,
  monthName,
  rupiah,
  wordsFor,
  type ReportWords,
} from './monthly-report.text.js';

/**
 * The monthly statement as an A4 landscape PDF in the standard Helvetica fonts that pdfkit bundles, so rendering
 * needs neither a network nor fonts installed on the host.
 */
type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'right' | 'center';

interface Column {
  label: string;
  width: number;
  align: Align;
}

/** Columns given as shares of the page's content width. */
function columnsOf(doc: Doc, spec: [label: string, share: number, align: Align][]): Column[] {
  const total = spec.reduce((acc, [, share]) => acc + share, 0);
  return spec.map(([label, share, align]) => ({ label, width: (contentWidth(doc) * share) / total, align }));
}

/** A non-breaking space keeps "Rp" with its digits when a column is narrow. */
const money = (value: Decimal) => rupiah(value).replace(' ', '\u00a0');

const MARGIN = 40;
const FOOTER_SPACE = 30;
const PAD = 4;
const BODY_SIZE = 8.5;
const RULE = '#555555';
const HEAD_FILL = '#e8e8e8';
const MUTED = '#555555';

const contentWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;
const pageBottom = (doc: Doc) => doc.page.height - MARGIN - FOOTER_SPACE;

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

function drawRow(doc: Doc, columns: Column[], cells: string[], y: number, style: RowStyle = {}): number {
  const bold = style.bold ?? false;
  const height = cellHeight(doc, columns, cells, bold);
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

/** Draws a table, starting a new page (and repeating the header) where a row would not fit. */
function drawTable(doc: Doc, columns: Column[], rows: string[][], y: number, total?: string[]): number {
  const header = columns.map((c) => c.label);
  const headerRow = (at: number) => drawRow(doc, columns, header, at, { bold: true, fill: HEAD_FILL });
  let cursor = headerRow(y);
  const fits = (cells: string[], bold: boolean) =>
    cursor + cellHeight(doc, columns, cells, bold) <= pageBottom(doc);
  for (const cells of rows) {
    if (!fits(cells, false)) {
      doc.addPage();
      cursor = headerRow(MARGIN);
    }
    cursor = drawRow(doc, columns, cells, cursor);
  }
  if (total) {
    if (!fits(total, true)) {
      doc.addPage();
      cursor = headerRow(MARGIN);
    }
    cursor = drawRow(doc, columns, total, cursor, { bold: true, ruleAbove: 1 });
  }
  return cursor;
}

function ensureSpace(doc: Doc, y: number, needed: number): number {
  if (y + needed <= pageBottom(doc)) return y;
  doc.addPage();
  return MARGIN;
}

function drawHeader(doc: Doc, statement: MonthlyReport, producedAt: string, lang: Lang): number {
  const w = wordsFor(lang);
  const width = contentWidth(doc);
  doc
    .font('Helvetica-Bold')
    .fontSize(13)
    .fillColor('black')
    .text(w.title, MARGIN, MARGIN, { width, align: 'center' });
  doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(w.subtitle, { width, align: 'center' });
  let y = doc.y + 8;
  doc
    .lineWidth(1.2)
    .strokeColor('black')
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + width, y)
    .stroke();
  y += 10;
  // Two columns of facts: the funding source on the left, the month and its state on the right.
  const facts = headerFacts(statement, producedAt, lang);
  const gap = 24;
  const columnWidth = (width - gap) / 2;
  const labelWidth = 110;
  const bottoms = [facts.slice(0, 3), facts.slice(3)].map((column, i) => {
    const x = MARGIN + i * (columnWidth + gap);
    let cursor = y;
    for (const [label, value] of column) {
      doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(label, x, cursor, { width: labelWidth });
      doc
        .font('Helvetica-Bold')
        .fillColor('black')
        .text(value, x + labelWidth, cursor, { width: columnWidth - labelWidth });
      cursor = doc.y + 4;
    }
    return cursor;
  });
  return Math.max(...bottoms) + 8;
}

function programmeTable(doc: Doc, statement: MonthlyReport, w: ReportWords, y: number): number {
  const columns = columnsOf(doc, [
    [w.programme, 200, 'left'],
    [w.workers, 62, 'right'],
    [w.billed, 100, 'right'],
    [w.paid, 100, 'right'],
    [w.credited, 100, 'right'],
    [w.outstanding, 100, 'right'],
    [w.openExceptions, 80, 'right'],
  ]);
  if (statement.lines.length === 0) {
    doc.font('Helvetica-Oblique').fontSize(BODY_SIZE).text(w.noProgrammes, MARGIN, y);
    return doc.y + 8;
  }
  const rows = statement.lines.map((l) => [
    `${l.programCode}\n${l.programName}`,
    count(l.workers),
    money(l.billed),
    money(l.paid),
    money(l.credited),
    money(l.outstanding),
    count(l.openExceptions),
  ]);
  const t = statement.totals;
  const total = [
    w.total,
    count(t.workers),
    money(t.billed),
    money(t.paid),
    money(t.credited),
    money(t.outstanding),
    count(t.openExceptions),
  ];
  return drawTable(doc, columns, rows, y, total) + 16;
}

function paymentTable(doc: Doc, statement: MonthlyReport, w: ReportWords, lang: Lang, y: number): number {
  let cursor = ensureSpace(doc, y, 60);
  doc.font('Helvetica-Bold').fontSize(10).fillColor('black').text(w.payments, MARGIN, cursor);
  cursor = doc.y + 4;
  if (statement.payments.length === 0) {
    doc.font('Helvetica-Oblique').fontSize(BODY_SIZE).text(w.noPayments, MARGIN, cursor);
    return doc.y + 14;
  }
  const columns = columnsOf(doc, [
    [w.sp2d, 220, 'left'],
    [w.paidOn, 120, 'left'],
    [w.programme, 170, 'left'],
    [w.amount, 120, 'right'],
    [w.status, 112, 'left'],
  ]);
  const rows = statement.payments.map((p) => [
    p.sp2dNumber,
    longDate(p.paidOn, lang),
    p.programCode,
    money(p.amount),
    p.reversed ? w.paymentReversed : w.paymentOk,
  ]);
  return drawTable(doc, columns, rows, cursor) + 14;
}

const SIGNATURE_HEIGHT = 105;

/** The notes stay on the page of the signatures they explain. */
function notes(doc: Doc, w: ReportWords, y: number): number {
  const cursor = ensureSpace(doc, y, 50 + SIGNATURE_HEIGHT);
  doc
    .font('Helvetica')
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(w.notes.join('\n'), MARGIN, cursor, { width: contentWidth(doc) });
  return doc.y + 20;
}

function signatures(doc: Doc, w: ReportWords, producedAt: string, lang: Lang, y: number): void {
  const top = ensureSpace(doc, y, SIGNATURE_HEIGHT);
  const columnWidth = 200;
  const right = doc.page.width - MARGIN - columnWidth;
  const block = (x: number, lines: [string, string]) => {
    doc.font('Helvetica').fontSize(9).fillColor('black');
    doc.text(lines[0], x, top, { width: columnWidth, align: 'center' });
    doc.font('Helvetica-Bold').text(lines[1], x, doc.y + 2, { width: columnWidth, align: 'center' });
    const lineY = top + 75;
    doc
      .lineWidth(0.6)
      .strokeColor('black')
      .moveTo(x + 20, lineY)
      .lineTo(x + columnWidth - 20, lineY)
      .stroke();
    doc.font('Helvetica').text(w.employeeId, x + 20, lineY + 4, { width: columnWidth - 40 });
  };
  block(MARGIN, [w.acknowledged, w.head]);
  block(right, [w.place(longDate(producedAt, lang)), w.treasurer]);
}

function footers(doc: Doc, statement: MonthlyReport, w: ReportWords, lang: Lang): void {
  const { start, count: pages } = doc.bufferedPageRange();
  for (let i = start; i < start + pages; i += 1) {
    doc.switchToPage(i);
    // Text below the bottom margin would otherwise make pdfkit start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN + 15;
    const width = contentWidth(doc);
    doc.font('Helvetica').fontSize(7.5).fillColor(MUTED);
    doc.text(
      `iuran-ledger | ${statement.fundingSource.code} | ${monthName(statement.period, lang)}`,
      MARGIN,
      y,
      { width, align: 'left', lineBreak: false },
    );
    doc.text(w.page(i - start + 1, pages), MARGIN, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * Renders the statement; the returned document is a readable stream of the finished PDF. pdfkit is loaded
 * on the first statement printed: a service that never prints one stays some 20 MB smaller.
 */
export async function renderMonthlyReportPdf(
  statement: MonthlyReport,
  producedAt: string,
  lang: Lang,
): Promise<Doc> {
  const { default: PDFDocument } = await import('pdfkit');
  const w = wordsFor(lang);
  const doc = new PDFDocument({
    size: 'A4',
    // Landscape gives the six figures of a province-wide programme (Rp 74.692.800.000) room on one line.
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `${w.title} - ${statement.fundingSource.code} - ${statement.period}`,
      Author: 'iuran-ledger',
      // The production time, not the wall clock, so the same statement renders the same document.
      CreationDate: new Date(producedAt),
    },
  });
  let y = drawHeader(doc, statement, producedAt, lang);
  y = programmeTable(doc, statement, w, y);
  y = paymentTable(doc, statement, w, lang, y);
  y = notes(doc, w, y);
  signatures(doc, w, producedAt, lang, y);
  footers(doc, statement, w, lang);
  doc.end();
  return doc;
}
