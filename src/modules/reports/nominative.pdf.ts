import { setImmediate } from 'node:timers/promises';
import type { Lang } from '../../shared/i18n.js';
import { Decimal } from '../../shared/money.js';
import {
  columnsOf,
  contentWidth,
  drawHeaderRow,
  drawRows,
  drawTotalRow,
  ensureSpace,
  forgetWrittenPages,
  MARGIN,
  MUTED,
  pdfMoney,
  type Column,
  type Doc,
  type TableRow,
} from '../tables/index.js';
import { NOMINATIVE_WORDS, nominativeFacts, numberedRows } from './nominative.export.js';
import type { NominativeHead, NominativeRow } from './nominative.service.js';
import { demoNotice, signatureBlocks } from './signing.js';

/** Rows drawn between two looks at whether the reader keeps up. */
const PIECE = 500;
/** Bytes of finished PDF the document may hold before drawing waits for the response to take them. */
const AHEAD = 1 << 20;

function header(doc: Doc, head: NominativeHead, lang: Lang, demo: boolean): number {
  const w = NOMINATIVE_WORDS[lang];
  const width = contentWidth(doc);
  doc.font('Helvetica-Bold').fontSize(13).text(w.title, MARGIN, MARGIN, { width, align: 'center' });
  doc.font('Helvetica').fontSize(9).text(w.subtitle, { width, align: 'center' });
  if (demo)
    doc.font('Helvetica-Bold').fillColor('#a00000').text(demoNotice(lang), { width, align: 'center' });
  doc.fillColor('black').moveDown(0.8);
  for (const [label, value] of nominativeFacts(head, lang)) {
    const y = doc.y;
    doc.font('Helvetica').fontSize(9).text(label, MARGIN, y, { width: 110 });
    doc.text(`: ${value}`, MARGIN + 110, y, { width: width - 110 });
  }
  return doc.y + 10;
}

function cells(row: TableRow, head: NominativeHead): string[] {
  const money = (key: string) => (row[key] === undefined ? '' : pdfMoney(new Decimal(row[key] as string)));
  return [
    row.number === undefined ? '' : String(row.number),
    String(row.nik ?? ''),
    String(row.kpjNumber ?? ''),
    String(row.name ?? ''),
    String(row.regionCode ?? ''),
    String(row.period ?? ''),
    ...head.benefits.map(money),
    money('total'),
  ];
}

function signatures(doc: Doc, head: NominativeHead, lang: Lang, y: number): void {
  const blocks = signatureBlocks(head.source, head.payment.paidOn, lang, ['pptk', 'bendahara_pengeluaran']);
  const top = ensureSpace(doc, y + 20, 110);
  const columnWidth = 220;
  blocks.forEach((b, i) => {
    const x = i === 0 ? MARGIN : doc.page.width - MARGIN - columnWidth;
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor('black')
      .text(b.above, x, top, { width: columnWidth, align: 'center' });
    doc.font('Helvetica-Bold').text(b.role, x, doc.y + 2, { width: columnWidth, align: 'center' });
    doc
      .font('Helvetica-Bold')
      .text(b.name || ' ', x, top + 70, { width: columnWidth, align: 'center', underline: true });
    doc.font('Helvetica').text(b.nip, x, doc.y + 2, { width: columnWidth, align: 'center' });
  });
}

/** Waits while the finished part of the document is ahead of the reader by more than AHEAD bytes. */
async function keepPace(doc: Doc): Promise<void> {
  while (doc.readableLength > AHEAD && !doc.destroyed) await setImmediate();
}

/**
 * Draws the list a piece at a time into a document that is already being read (the route pipes it to the
 * response), so the largest payment's list (every worker of a programme for a month) streams in constant
 * memory: pages are not buffered, so each carries its number but not the count of pages.
 */
export async function writeNominativePdf(
  doc: Doc,
  head: NominativeHead,
  rows: AsyncIterable<NominativeRow>,
  options: { lang: Lang; demo: boolean },
): Promise<void> {
  const { lang } = options;
  const w = NOMINATIVE_WORDS[lang];
  let page = 1;
  forgetWrittenPages(doc);
  const footer = () => {
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(7.5).fillColor(MUTED);
    doc.text(
      `iuran-ledger | SP2D ${head.payment.sp2dNumber} | ${lang === 'id' ? 'Halaman' : 'Page'} ${page}`,
      MARGIN,
      doc.page.height - MARGIN + 15,
      {
        width: contentWidth(doc),
        align: 'right',
        lineBreak: false,
      },
    );
    doc.page.margins.bottom = bottom;
    doc.fillColor('black');
  };
  doc.on('pageAdded', () => {
    page += 1;
    footer();
  });
  footer();
  const columns: Column[] = columnsOf(doc, [
    [w.number, 4, 'right'],
    ['NIK', 13, 'left'],
    [lang === 'id' ? 'No KPJ' : 'KPJ', 10, 'left'],
    [lang === 'id' ? 'Nama' : 'Name', 20, 'left'],
    [lang === 'id' ? 'Wilayah' : 'Region', 7, 'left'],
    [lang === 'id' ? 'Periode' : 'Month', 7, 'left'],
    ...head.benefits.map((b): [string, number, 'right'] => [b, 10, 'right']),
    [lang === 'id' ? 'Jumlah' : 'Total', 11, 'right'],
  ]);
  let y = drawHeaderRow(doc, columns, header(doc, head, lang, options.demo));
  let piece: string[][] = [];
  for await (const row of numberedRows(head, rows, lang)) {
    if (row.number === undefined) {
      y = drawRows(doc, columns, piece, y);
      piece = [];
      y = drawTotalRow(
        doc,
        columns,
        [...cells(row, head).slice(0, 3), w.total, ...cells(row, head).slice(4)],
        y,
      );
      continue;
    }
    piece.push(cells(row, head));
    if (piece.length >= PIECE) {
      y = drawRows(doc, columns, piece, y);
      piece = [];
      await keepPace(doc);
    }
  }
  signatures(doc, head, lang, y);
  doc.end();
}
