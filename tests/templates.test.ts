import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX_MIME } from '../src/shared/media-types.js';
import { binary, csvLines, downloadWorkbook } from './support/downloads.js';
import { createTestContext, type TestContext } from './support/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const SECTORS = [
  'pertanian',
  'perikanan',
  'transportasi',
  'perdagangan',
  'konstruksi',
  'industri',
  'jasa',
  'lainnya',
];

describe('GET /beneficiaries/import-template', () => {
  it('when the workbook is read back, then it has the header, a sample row, NIK as text and lists for regency and sector', async () => {
    const { res, workbook } = await downloadWorkbook(
      t,
      'auditor',
      '/api/v1/beneficiaries/import-template?format=xlsx',
      'template-peserta.xlsx',
    );
    expect(res.headers['content-type']).toBe(XLSX_MIME);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Daftar Peserta');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      'NIK',
      'Nama',
      'Kabupaten/Kota',
      'Sektor',
      'Pekerjaan',
      'No KPJ',
      'No HP',
    ]);
    expect(sheet.getCell('A2').value).toBe('1508014203850001');
    expect(sheet.getCell('A2').numFmt).toBe('@');
    expect(sheet.getCell('C2').value).toBe('Kabupaten Bungo');
    expect(sheet.getCell('D2').value).toBe('pertanian');
    expect(sheet.getCell('G2').value).toBe('081234567890');

    const choices = workbook.getWorksheet('Pilihan')!;
    const column = (n: number) =>
      (choices.getColumn(n).values as unknown[]).filter((v) => v !== undefined && v !== null);
    const regencies = await t.db('regions').whereNot('level', 'province').orderBy('code').pluck('name');
    expect(regencies).toHaveLength(11);
    expect(column(1)).toEqual(['Kabupaten/Kota', ...regencies]);
    expect(column(2)).toEqual(['Sektor', ...SECTORS]);
    for (const row of [2, 500, 5001]) {
      expect(sheet.getCell(`C${row}`).dataValidation).toMatchObject({
        type: 'list',
        formulae: ["'Pilihan'!$A$2:$A$12"],
      });
      expect(sheet.getCell(`D${row}`).dataValidation).toMatchObject({
        type: 'list',
        formulae: ["'Pilihan'!$B$2:$B$9"],
      });
    }
    expect(sheet.getCell('B2').dataValidation).toBeUndefined();
  });

  it('when the workbook is uploaded back as it came, then its sample row is imported', async () => {
    const template = await t
      .as('program_manager')
      .get('/api/v1/beneficiaries/import-template')
      .buffer(true)
      .parse(binary);
    expect(template.headers['content-disposition']).toBe('attachment; filename="template-peserta.xlsx"');
    const res = await t
      .as('program_manager')
      .post('/api/v1/beneficiaries/import')
      .set('Content-Type', XLSX_MIME)
      .send(template.body as Buffer);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 1, enrolled: 0, rejected: [], rejectedUrl: null });
    expect(await t.db('beneficiaries').where({ nik: '1508014203850001' }).first()).toMatchObject({
      name: 'Siti Aminah',
      region_code: '15.08',
      sector: 'agriculture',
      phone: '081234567890',
    });
  });

  it('when English is asked for, then the sheets are named in English and the headers stay the ones the reader matches', async () => {
    const { workbook } = await downloadWorkbook(
      t,
      'auditor',
      '/api/v1/beneficiaries/import-template?lang=en',
      'template-peserta.xlsx',
    );
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Beneficiaries', 'Choices']);
    expect(workbook.worksheets[0]!.getCell('C3').dataValidation).toMatchObject({
      formulae: ["'Choices'!$A$2:$A$12"],
    });
  });

  it('when CSV is asked for, then it is the header and the sample row, ; separated after a BOM', async () => {
    const res = await t.as('auditor').get('/api/v1/beneficiaries/import-template?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="template-peserta.csv"');
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    expect(csvLines(res.text)).toEqual([
      'NIK;Nama;Kabupaten/Kota;Sektor;Pekerjaan;No KPJ;No HP',
      '1508014203850001;Siti Aminah;Kabupaten Bungo;pertanian;Petani karet;;081234567890',
    ]);
  });

  it('when the format is neither, then 400', async () => {
    const res = await t.as('auditor').get('/api/v1/beneficiaries/import-template?format=pdf');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'query.format' })]);
  });
});

describe('GET /statements/template', () => {
  it('when the workbook and the CSV are read back, then they carry the statement columns and a sample worker', async () => {
    const { workbook } = await downloadWorkbook(
      t,
      'finance_officer',
      '/api/v1/statements/template?format=xlsx',
      'template-laporan-bpjs.xlsx',
    );
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Laporan BPJS');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      'NIK',
      'No KPJ',
      'Nama',
      'Iuran',
      'JKK',
      'JKM',
    ]);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      '1508014203850001',
      '90000001',
      'Siti Aminah',
      16800,
      10000,
      6800,
    ]);
    const csv = await t.as('finance_officer').get('/api/v1/statements/template?format=csv');
    expect(csvLines(csv.text)).toEqual([
      'NIK;No KPJ;Nama;Iuran;JKK;JKM',
      '1508014203850001;90000001;Siti Aminah;16800;10000;6800',
    ]);
  });

  it('when the OpenAPI document is read, then both templates are described as downloads', async () => {
    const { paths } = (await t.anon.get('/api/v1/openapi.json')).body;
    for (const path of ['/api/v1/beneficiaries/import-template', '/api/v1/statements/template']) {
      expect(Object.keys(paths[path].get.responses['200'].content)).toEqual([XLSX_MIME, 'text/csv']);
    }
  });
});
