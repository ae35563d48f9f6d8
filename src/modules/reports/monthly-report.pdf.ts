import { monthName, type Lang } from '../../shared/i18n.js';
import {
  BODY_SIZE,
  columnsOf,
  contentWidth,
  drawTable,
  ensureSpace,
  MARGIN,
  MUTED,
  pdfMoney as money,
  type Doc,
} from '../tables/index.js';
import type { MonthlyReport } from './monthly-report.service.js';
import { demoNotice, signatureBlocks } from './signing.js';
import { count, headerFacts, longDate, wordsFor, type ReportWords } from './monthly-report.text.js';

/** The monthly report as an A4 landscape PDF (tables drawn by modules/tables). */
function drawHeader(doc: Doc, statement: MonthlyReport, producedAt: string, lang: Lang): number {
  const w = wordsFor(lang);
  const width = contentWidth(doc);
  doc
    .font('Helvetica-Bold')
    .fontSize(13)
    .fillColor('black')
    .text(w.title, MARGIN, MARGIN, { width, align: 'center' });
  doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(w.subtitle, { width, align: 'center' });
  if (statement.demo)
    doc.font('Helvetica-Bold').fillColor('#a00000').text(demoNotice(lang), { width, align: 'center' });
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

/** Signed at the source's place by its head of agency and treasurer (a line to sign on where none is set). */
function signatures(doc: Doc, statement: MonthlyReport, producedAt: string, lang: Lang, y: number): void {
  const top = ensureSpace(doc, y, SIGNATURE_HEIGHT);
  const columnWidth = 200;
  const right = doc.page.width - MARGIN - columnWidth;
  signatureBlocks(statement.fundingSource, producedAt, lang).forEach((b, i) => {
    const x = i === 0 ? MARGIN : right;
    doc.font('Helvetica').fontSize(9).fillColor('black');
    doc.text(b.above, x, top, { width: columnWidth, align: 'center' });
    doc.font('Helvetica-Bold').text(b.role, x, doc.y + 2, { width: columnWidth, align: 'center' });
    const lineY = top + 75;
    if (b.name) doc.text(b.name, x, lineY - 13, { width: columnWidth, align: 'center' });
    doc
      .lineWidth(0.6)
      .strokeColor('black')
      .moveTo(x + 20, lineY)
      .lineTo(x + columnWidth - 20, lineY)
      .stroke();
    doc.font('Helvetica').text(b.nip, x + 20, lineY + 4, { width: columnWidth - 40 });
  });
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
 * on the first document printed: a service that never prints one stays smaller.
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
  signatures(doc, statement, producedAt, lang, y);
  footers(doc, statement, w, lang);
  doc.end();
  return doc;
}
