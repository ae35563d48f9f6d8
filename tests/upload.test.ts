import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BENEFICIARY_COLUMNS,
  cell,
  cellValue,
  openUpload,
  parseAmount,
  parseSector,
  readNik,
  regionReader,
  STATEMENT_COLUMNS,
  type RegionRow,
  type Upload,
  type UploadSpec,
} from '../src/shared/upload/index.js';
import { XLSX_MIME } from '../src/shared/media-types.js';
import { csvOf, xlsxOf } from './support/field-files.js';
import { createTestContext, type TestContext } from './support/harness.js';

/** Beneficiary rows as a village head's list has them: Indonesian headers, regions and sectors as written. */
const HEADER = ['NIK', 'Nama', 'Kabupaten/Kota', 'Sektor', 'Pekerjaan', 'No KPJ', 'No HP'];
const ROWS = [
  ['1508014203850001', 'Siti Aminah', 'Kab. Bungo', 'pertanian', 'Petani karet', '', '081234567890'],
  ['1508014203850002', 'Nur’aini', '1508', 'Perikanan', '', '90000001', ''],
  ['1571014203850003', 'Budi; Santoso', 'Kota Jambi', 'jasa', 'Ojek', '', ''],
  ['1572014203850004', 'José "Jo" Ḥasan', 'kota sungai penuh', '', 'Pedagang', '', '0812'],
  ['1505014203850005', 'Ani', '15.05', 'TRANSPORTASI', '', '', ''],
];

async function* body(buffer: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < buffer.length; at += 1000) yield buffer.subarray(at, at + 1000);
}

async function read<C extends string>(buffer: Buffer, type: string, spec: UploadSpec<C>) {
  const upload: Upload<C> = await openUpload(body(buffer), type, spec);
  const rows = [];
  for await (const row of upload.rows) rows.push(row);
  return { upload, rows };
}

describe('uploads from the field, CSV and XLSX alike', () => {
  let t: TestContext;
  let regions: RegionRow[];

  beforeAll(async () => {
    t = await createTestContext();
    regions = await t.db('regions').select('code', 'name', 'level');
  });
  afterAll(() => t.close());

  it('when the same rows come as a CSV and as a workbook, then both give the same header, columns and rows', async () => {
    const csv = await read(csvOf(HEADER, ROWS), 'text/csv', BENEFICIARY_COLUMNS);
    const xlsx = await read(await xlsxOf(HEADER, ROWS), XLSX_MIME, BENEFICIARY_COLUMNS);
    expect([csv.upload.format, xlsx.upload.format]).toEqual(['csv', 'xlsx']);
    expect(xlsx.upload.header).toEqual(csv.upload.header);
    expect(xlsx.upload.columns).toEqual(csv.upload.columns);
    expect(xlsx.rows.map(({ line, record }) => ({ line, record }))).toEqual(csv.rows);
    expect(csv.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
  });

  it('when their regions and sectors are read against the regions table, then each is the Kemendagri code and sector code', async () => {
    const readRegion = regionReader(regions);
    for (const [buffer, type] of [
      [csvOf(HEADER, ROWS), 'text/csv'],
      [await xlsxOf(HEADER, ROWS), XLSX_MIME],
    ] as const) {
      const { upload, rows } = await read(buffer, type, BENEFICIARY_COLUMNS);
      expect(rows.map((row) => readRegion(cellValue(upload, row, 'regionCode')))).toEqual([
        { code: '15.08' },
        { code: '15.08' },
        { code: '15.71' },
        { code: '15.72' },
        { code: '15.05' },
      ]);
      expect(rows.map((row) => parseSector(cell(upload, row, 'sector')))).toEqual([
        { sector: 'agriculture' },
        { sector: 'fisheries' },
        { sector: 'services' },
        { sector: undefined },
        { sector: 'transport' },
      ]);
    }
  });

  it('when a statement has amounts written the Indonesian way in the CSV and stored as numbers in the workbook, then both read as the same whole rupiah', async () => {
    const header = ['NIK', 'No KPJ', 'Nama', 'Iuran'];
    const written = ['16.800', 'Rp 8.400', '16800', 'Rp. 16.800,00', '8.400,50'];
    const stored = [16800, 8400, 16800, 16800, 8400.5];
    const row = (amount: string | number, i: number) => [
      `150801420385000${i + 1}`,
      `9000000${i}`,
      `Pekerja ${i}`,
      amount,
    ];
    const csv = await read(csvOf(header, written.map(row)), 'text/csv', STATEMENT_COLUMNS);
    const xlsx = await read(await xlsxOf(header, stored.map(row)), XLSX_MIME, STATEMENT_COLUMNS);
    const amounts = ({ upload, rows }: typeof csv) =>
      rows.map((r) => parseAmount(cellValue(upload, r, 'amount')));
    expect(amounts(csv).slice(0, 4)).toEqual([
      { amount: '16800' },
      { amount: '8400' },
      { amount: '16800' },
      { amount: '16800' },
    ]);
    expect(amounts(xlsx).slice(0, 4)).toEqual(amounts(csv).slice(0, 4));
    expect(amounts(csv)[4]).toEqual({ reason: { key: 'amount.fraction', params: { value: '8.400,50' } } });
    expect(amounts(xlsx)[4]).toEqual({ reason: { key: 'amount.fraction', params: { value: '8400.5' } } });
    expect(xlsx.rows.map((r) => readNik(cellValue(xlsx.upload, r, 'nik')))).toEqual(
      csv.rows.map((r) => readNik(cellValue(csv.upload, r, 'nik'))),
    );
  });
});
