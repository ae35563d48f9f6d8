import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { lang } from '../../http/export-format.js';
import { id, period } from '../../http/validation.js';
import { notFound } from '../../shared/errors.js';
import { timestamp } from '../../shared/period.js';
import { renderStatementHtml } from './monthly-statement.html.js';
import { renderStatementPdf } from './monthly-statement.pdf.js';
import { monthlyStatement } from './monthly-statement.service.js';

const statementQuery = z.object({
  fundingSourceId: id(),
  period: period(),
  format: z
    .enum(['pdf', 'html'], { error: 'must be pdf or html' })
    .optional()
    .meta({ description: 'pdf (default, A4) or html (a self-contained printable page)' }),
  lang: lang(),
});

export function registerMonthlyStatementRoute(api: Api): void {
  api.route({
    method: 'get',
    path: '/reports/monthly-statement',
    tag: 'reports',
    summary: 'Monthly statement of a funding source',
    description:
      'The printable statement a finance office files with its SP2D: the funding source (name, code, region, budget line), the month and when the document was produced; per programme the workers billed, billed, paid (net of reversals), credited by the insurer, outstanding and open reconciliation exceptions, with totals; the SP2D payments allocated to the month; whether the month is closed (by whom and when) or still open; and a signature block for the Kepala Dinas and the Bendahara. Money is shown as "Rp 16.800". format=pdf (default) answers application/pdf, format=html answers text/html; lang=en switches from Bahasa Indonesia to English. An unknown funding source is a 404.',
    access: 'anyRole',
    query: statementQuery,
    responses: {
      200: {
        description: 'The statement: application/pdf, or text/html with format=html',
        contentType: 'application/pdf',
      },
    },
    handler: async ({ query, ctx, db, res, recordDownload }) => {
      const statement = await monthlyStatement(db, Number(query.fundingSourceId), query.period);
      if (!statement) throw notFound('funding source');
      const producedAt = timestamp(ctx.clock);
      const language = query.lang ?? 'id';
      const format = query.format ?? 'pdf';
      const fileName = `monthly-statement-${statement.fundingSource.code}-${query.period}.${format}`.replace(
        /[^A-Za-z0-9._-]/g,
        '-',
      );
      await recordDownload();
      res.status(200);
      res.setHeader('Content-Disposition', `inline; filename="${fileName}"`);
      res.setHeader('Cache-Control', 'no-store');
      if (format === 'html') {
        res.type('html').send(renderStatementHtml(statement, producedAt, language));
        return;
      }
      res.type('application/pdf');
      await pipeline(await renderStatementPdf(statement, producedAt, language), res);
    },
  });
}
