import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { notFound } from '../../shared/errors.js';
import { DOWNLOADS, exportQueryFields } from '../../shared/fields.js';
import { localize, type Lang } from '../../shared/i18n.js';
import { BENEFICIARY_COLUMNS, SECTOR_NAMES } from '../../shared/upload/index.js';
import { listRegions } from '../regions/index.js';
import {
  COLUMNS,
  TEMPLATE_RESPONSE,
  templateQuery,
  writeDownload,
  writeTemplate,
  type Table,
  type Template,
} from '../tables/index.js';
import { findRejected, REJECTED_PATH, type RejectedRow } from './rejected.repository.js';

/** The sample row: a worker of Bungo as a village head would write one. */
const SAMPLE = [
  '1508014203850001',
  'Siti Aminah',
  'Kabupaten Bungo',
  'pertanian',
  'Petani karet',
  '',
  '081234567890',
];

/** The beneficiary list's template, its regency column offering the regencies and cities of the regions table. */
function beneficiaryTemplate(regencies: readonly string[]): Template {
  const c = BENEFICIARY_COLUMNS;
  return {
    fileName: 'template-peserta',
    sheet: { id: 'Daftar Peserta', en: 'Beneficiaries' },
    columns: [
      { header: c.nik.names[0], width: 20, text: true },
      { header: c.name.names[0], width: 30 },
      {
        header: c.regionCode.names[1],
        width: 28,
        choices: { title: { id: 'Kabupaten/Kota', en: 'Regency or city' }, values: regencies },
      },
      {
        header: c.sector.names[0],
        width: 16,
        choices: { title: { id: 'Sektor', en: 'Sector' }, values: Object.keys(SECTOR_NAMES) },
      },
      { header: c.occupation.names[0], width: 22 },
      { header: c.kpjNumber.names[0], width: 16, text: true },
      { header: c.phone.names[0], width: 16, text: true },
    ],
    sample: SAMPLE,
  };
}

const rejectedLinesOut = z.object({
  createdAt: z.string(),
  lines: z.array(
    z.object({
      line: z.number(),
      nik: z.string(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  ),
});

/** The rejected lines as a table, each line's reasons in one cell in the language asked for. */
function rejectedTable(lines: readonly RejectedRow[], producedAt: string, lang: Lang): Table {
  return {
    title: { id: 'Baris yang ditolak', en: 'Rejected lines' },
    filters: [],
    producedAt,
    columns: [
      { key: 'line', id: 'Baris', en: 'Line', kind: 'integer', width: 8 },
      COLUMNS.nik,
      { key: 'reasons', id: 'Alasan', en: 'Reasons', kind: 'text', width: 90 },
    ],
    rows: lines.map(({ line, nik, errors }) => ({
      line,
      nik,
      reasons: errors.map((e) => (e.path ? `${e.path}: ${e.message[lang]}` : e.message[lang])).join('; '),
    })),
  };
}

/** Files around the beneficiary upload; registered before `/beneficiaries/{id}`, whose pattern would take their paths. */
export function registerBeneficiaryFileRoutes(api: Api): void {
  api.route({
    operationId: 'getBeneficiaryImportTemplate',
    method: 'get',
    path: '/beneficiaries/import-template',
    tag: 'beneficiaries',
    summary: 'Download the template of a beneficiary list',
    description:
      'The columns POST /beneficiaries/import reads, under their Indonesian names, with a sample row. The workbook offers the sectors and the regencies and cities of the regions table as lists to pick from, and keeps NIK, KPJ and phone columns as text.',
    access: 'anyRole',
    query: templateQuery,
    responses: { 200: TEMPLATE_RESPONSE },
    handler: async ({ query, db, download, res }) => {
      const regions = await listRegions(db);
      const regencies = regions.filter((r) => r.level !== 'province').map((r) => r.name);
      await writeTemplate(res, query.format, download.lang, beneficiaryTemplate(regencies));
    },
  });
  api.route({
    operationId: 'getRejectedBeneficiaryLines',
    method: 'get',
    path: `${REJECTED_PATH}/{id}`,
    tag: 'beneficiaries',
    summary: 'Download the rejected lines of an import',
    description:
      "The rejectedUrl of an import's answer: each rejected line with its NIK and reasons, for the user who uploaded the file, for 7 days. Another user, an unknown id or an expired one is a 404. A download (CSV by default, XLSX with format=xlsx or the Accept header) is audited as an export; format=json answers the same lines as JSON, as the import answered them (the console's upload result page reads them so).",
    access: 'anyRole',
    query: z.object(exportQueryFields),
    responses: {
      200: {
        description:
          'The rejected lines, as CSV unless format=xlsx (or the Accept header) asks for a workbook, reasons in Bahasa Indonesia unless lang=en; with format=json, as JSON in the language of Accept-Language',
        schema: rejectedLinesOut,
        downloads: DOWNLOADS,
      },
    },
    handler: async ({ params, query, ctx, db, download, res, recordDownload, lang }) => {
      const kept = await findRejected(db, ctx.clock, params.id ?? '', ctx.actor.id);
      if (!kept) throw notFound('rejectedLines');
      if (query.format === 'json') return { status: 200, body: localize(kept, lang) };
      const table = rejectedTable(kept.lines, kept.createdAt, download.lang);
      return writeDownload(res, download.format ?? 'csv', download.lang, table, {
        fileName: 'rejected-lines',
        audit: recordDownload,
      });
    },
  });
}
