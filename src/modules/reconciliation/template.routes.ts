import type { Api } from '../../http/api.js';
import { STATEMENT_COLUMNS } from '../../shared/upload/index.js';
import { TEMPLATE_RESPONSE, templateQuery, writeTemplate, type Template } from '../tables/index.js';

const c = STATEMENT_COLUMNS;

/**
 * The insurer statement's columns under their Indonesian names, with a worker billed Rp 16.800 (JKK 10.000
 * and JKM 6.800: with those columns a statement is reconciled per benefit too; they may be left out).
 */
const STATEMENT_TEMPLATE: Template = {
  fileName: 'template-laporan-bpjs',
  sheet: { id: 'Laporan BPJS', en: 'Insurer statement' },
  columns: [
    { header: c.nik.names[0], width: 20, text: true },
    { header: c.kpj.names[0], width: 16, text: true },
    { header: c.name.names[0], width: 30 },
    { header: c.amount.names[0], width: 14 },
    { header: c.jkk.names[0], width: 12 },
    { header: c.jkm.names[0], width: 12 },
  ],
  sample: ['1508014203850001', '90000001', 'Siti Aminah', 16800, 10000, 6800],
};

/** Registered before `/statements/{id}`, whose pattern would take the path. */
export function registerStatementTemplateRoute(api: Api): void {
  api.route({
    operationId: 'getStatementTemplate',
    method: 'get',
    path: '/statements/template',
    tag: 'reconciliation',
    summary: 'Download the template of an insurer statement',
    description:
      'The columns POST /statements reads (NIK, No KPJ, Nama, Iuran, and the optional JKK and JKM), under their Indonesian names, with a sample row; NIK and KPJ are kept as text in the workbook.',
    access: 'anyRole',
    query: templateQuery,
    responses: { 200: TEMPLATE_RESPONSE },
    handler: async ({ query, download, res }) => {
      await writeTemplate(res, query.format, download.lang, STATEMENT_TEMPLATE);
    },
  });
}
