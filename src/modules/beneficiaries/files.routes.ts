import type { Api } from '../../http/api.js';
import { BENEFICIARY_COLUMNS, SECTOR_NAMES } from '../../shared/upload/index.js';
import { listRegions } from '../regions/index.js';
import { TEMPLATE_RESPONSE, templateQuery, writeTemplate, type Template } from '../tables/index.js';

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
}
