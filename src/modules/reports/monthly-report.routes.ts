import { coversWholeSource } from '../../shared/scope.js';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { enumOf, id, lang, period } from '../../shared/fields.js';
import { notFound } from '../../shared/errors.js';
import { timestamp } from '../../shared/period.js';
import { renderMonthlyReportHtml } from './monthly-report.html.js';
import { renderMonthlyReportPdf } from './monthly-report.pdf.js';
import { monthlyReport } from './monthly-report.service.js';

const monthlyReportQuery = z.object({
  fundingSourceId: id(),
  period: period(),
  format: enumOf(['pdf', 'html'])
    .optional()
    .meta({ description: 'pdf (default, A4) or html (a self-contained printable page)' }),
  lang: lang(),
});

export function registerMonthlyReportRoute(api: Api): void {
  api.route({
    operationId: 'monthlyStatementReport',
    method: 'get',
    path: '/reports/monthly-statement',
    tag: 'reports',
    summary: 'Monthly statement of a funding source',
    description:
      'The printable statement a finance office files with its SP2D: the funding source (name, code, region, budget line), the month and when the document was produced; per programme the workers billed, billed, paid (net of reversals), credited by the insurer, outstanding and open reconciliation exceptions, with totals; the SP2D payments allocated to the month; whether the month is closed (by whom and when) or still open; and a signature block for the Kepala Dinas and the Bendahara. Money is shown as "Rp 16.800". format=pdf (default) answers application/pdf, format=html answers text/html; lang=en switches from Bahasa Indonesia to English. An unknown funding source is a 404, as is one outside the caller’s scope (a scope of regions alone holds no funding source’s statement).',
    access: 'anyRole',
    query: monthlyReportQuery,
    responses: {
      200: {
        description: 'The statement: application/pdf, or text/html with format=html',
        contentType: 'application/pdf',
      },
    },
    handler: async ({ query, ctx, db, res, recordDownload }) => {
      // A funding source outside the caller's scope is answered as one that does not exist.
      const inScope = coversWholeSource(ctx.actor.scope, Number(query.fundingSourceId));
      const report = inScope ? await monthlyReport(db, Number(query.fundingSourceId), query.period) : null;
      if (!report) throw notFound('fundingSource');
      const producedAt = timestamp(ctx.clock);
      const language = query.lang ?? 'id';
      const format = query.format ?? 'pdf';
      const fileName = `monthly-statement-${report.fundingSource.code}-${query.period}.${format}`.replace(
        /[^A-Za-z0-9._-]/g,
        '-',
      );
      await recordDownload();
      res.status(200);
      res.setHeader('Content-Disposition', `inline; filename="${fileName}"`);
      res.setHeader('Cache-Control', 'no-store');
      if (format === 'html') {
        res.type('html').send(renderMonthlyReportHtml(report, producedAt, language));
        return;
      }
      res.type('application/pdf');
      await pipeline(await renderMonthlyReportPdf(report, producedAt, language), res);
    },
  });
}
