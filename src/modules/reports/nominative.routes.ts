import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { seesFullNik } from '../../shared/context.js';
import { DOWNLOADS, enumOf, lang, pathId } from '../../shared/fields.js';
import { notFound } from '../../shared/errors.js';
import { timestamp } from '../../shared/period.js';
import { writeDownload } from '../tables/index.js';
import { nominativeTable } from './nominative.export.js';
import { writeNominativePdf } from './nominative.pdf.js';
import { nominativeHead, nominativeRows } from './nominative.service.js';
import { holdsDemoData } from './demo-data.js';

const nominativeQuery = z.object({
  format: enumOf(['pdf', 'xlsx', 'csv'])
    .optional()
    .meta({ description: 'pdf (default, A4 landscape), xlsx or csv' }),
  lang: lang(),
});

export function registerNominativeRoute(api: Api): void {
  api.route({
    operationId: 'paymentNominativeList',
    method: 'get',
    path: '/payments/{id}/nominative',
    tag: 'payments',
    summary: 'Daftar nominatif of a payment',
    description:
      "The list attached to an SP2D: one row per worker and month the payment pays (NIK, masked for roles that see masked NIKs; KPJ; name; region; month; each benefit; total), its total equal to the payment, headed with the source, programme, SP2D, SPM, the insurer's invoice and the kode rekening, and signed at the source's place by its PPTK and treasurer. A payment pays a month as a whole, so its rupiah are laid over the month's workers in beneficiary order after what earlier payments of the month cover (a worker at the edge shows the part this payment pays). A payment awaiting four-eyes approval or rejected pays no one yet and lists no one. Streamed: the largest payment's list never sits whole in memory. A payment outside the caller's scope is a 404. Audited as a download.",
    access: 'anyRole',
    query: nominativeQuery,
    responses: {
      200: {
        description: 'The list: application/pdf, or the CSV or XLSX download',
        contentType: 'application/pdf',
        downloads: DOWNLOADS,
      },
    },
    handler: async ({ params, query, ctx, db, res, recordDownload }) => {
      const head = await nominativeHead(db, pathId(params.id, 'payment'), ctx.actor.scope);
      if (!head) throw notFound('payment');
      const language = query.lang ?? 'id';
      const demo = await holdsDemoData(db);
      const rows = nominativeRows(db, head, !seesFullNik(ctx.actor.role));
      const format = query.format ?? 'pdf';
      const fileName = `daftar-nominatif-${head.payment.sp2dNumber}`.replace(/[^A-Za-z0-9-]+/g, '-');
      if (format !== 'pdf') {
        const table = nominativeTable(head, rows, { producedAt: timestamp(ctx.clock), lang: language, demo });
        return writeDownload(res, format, language, table, { fileName, audit: recordDownload });
      }
      await recordDownload();
      res.status(200);
      res.type('application/pdf');
      res.setHeader('Content-Disposition', `attachment; filename="${fileName}.pdf"`);
      res.setHeader('Cache-Control', 'no-store');
      const { default: PDFDocument } = await import('pdfkit');
      const doc = new PDFDocument({
        size: 'A4',
        layout: 'landscape',
        margin: 40,
        info: {
          Title: `Daftar nominatif SP2D ${head.payment.sp2dNumber}`,
          Author: 'iuran-ledger',
          CreationDate: new Date(timestamp(ctx.clock)),
        },
      });
      await Promise.all([pipeline(doc, res), writeNominativePdf(doc, head, rows, { lang: language, demo })]);
    },
  });
}
