import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allocate,
  bill,
  createCoFundedProgram,
  createProgram,
  enrolWorker,
  fundingSourceIds,
  pay,
  recordCoverage,
} from '../support/fixtures.js';
import {
  browserErrors,
  expectFits,
  headerTexts,
  record,
  screenshot,
  signIn,
  startConsole,
  unrecordedRegion,
  type ConsoleTest,
} from './support/console.js';

let c: ConsoleTest;

/**
 * Two programmes billed for January to March 2026 at Rp 16,800 a worker and month (JKK 1% of
 * Rp 1,000,000 + JKM Rp 6,800, before the PP 50/2025 discount from April), all workers in Bungo:
 * - DUMISAKE-BUNGO, 0.6 province / 0.4 Bungo, three workers: the province's share of a worker is 10,080,
 *   Bungo's 6,720. Province: billed 9 × 10,080 = 90,720, January paid 3 × 10,080 = 30,240, outstanding
 *   60,480, budget 120,960,000, left 120,869,280. Bungo: billed 9 × 6,720 = 60,480, nothing paid, budget
 *   80,640,000, left 80,579,520.
 * - BUNGO-MANDIRI, Bungo alone, two workers: billed 6 × 16,800 = 100,800, January paid 33,600, outstanding
 *   67,200, budget 40,320,000, left 40,219,200.
 * Totals: budget 241,920,000, billed 252,000, paid 63,840, outstanding 188,160, left 241,668,000,
 * 24 obligations, 5 people.
 *
 * Coverage in March 2026 as the province counts it, at the full rate of Rp 16,800 a worker and month:
 * - Bungo: workforce 10, target 55%, 4 active members counted by the insurer: 40.00%; ceil(5.5) = 6 − 4 = 2
 *   workers short, Rp 33,600 a month, Rp 403,200 a year; the 5 workers above are its beneficiaries.
 * - Muaro Jambi: workforce 20, no insured count: the gap counts the beneficiaries, ceil(11) − 0 = 11,
 *   Rp 184,800 a month, Rp 2,217,600 a year.
 * - The province: workforce 100,000, 41,000 insured: 41.00%; 55,000 − 41,000 = 14,000 short,
 *   Rp 235,200,000 a month, Rp 2,822,400,000 a year.
 *
 * The province's 2025 Dumisake line is at a province's scale, so that the realisation table, the totals
 * and the Beranda of 2025 are measured with the widest figures they show: Rp 23,587,200,000 (117,000
 * workers × 16,800 × 12) amended by Rp 1,000,000,000 to Rp 24,587,200,000, nothing billed or paid.
 */
let mandiri: { id: string; code: string };
let provinceId: string;
/** The reconciled programme's workers' NIKs: December 2025 only, so the reports of 2026 never see it. */
let reconNiks: string[];
beforeAll(async () => {
  c = await startConsole();
  const src = await fundingSourceIds(c.t);
  const province = src['APBD-PROV-JAMBI']!;
  const bungo = src['APBD-KAB-BUNGO']!;
  provinceId = province;
  const dumisake = await createCoFundedProgram(c.t, 'DUMISAKE-BUNGO', province, bungo);
  mandiri = await createProgram(c.t, {
    code: 'BUNGO-MANDIRI',
    name: 'Jaminan Pekerja Rentan Bungo',
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
  });
  await allocate(c.t, dumisake.id, province, '120960000');
  await allocate(c.t, dumisake.id, bungo, '80640000');
  await allocate(c.t, mandiri.id, bungo, '40320000');
  for (let i = 0; i < 3; i++) await enrolWorker(c.t, dumisake.id, { startPeriod: '2026-01' });
  for (let i = 0; i < 2; i++) await enrolWorker(c.t, mandiri.id, { startPeriod: '2026-01' });
  for (const period of ['2026-01', '2026-02', '2026-03']) {
    await bill(c.t, dumisake.id, period);
    await bill(c.t, mandiri.id, period);
  }
  await pay(c.t, { programId: dumisake.id, fundingSourceId: province, period: '2026-01', amount: '30240' });
  await pay(c.t, { programId: mandiri.id, fundingSourceId: bungo, period: '2026-01', amount: '33600' });
  await recordCoverage(c.t, {
    workforce: { '15.08/2026': 10, '15.05/2026': 20, '15/2026': 100_000 },
    insured: { '15.08/2026-03': 4, '15/2026-03': 41_000 },
  });

  const dumisake2025 = await programOf2025(
    'DUMISAKE-2025',
    'Dumisake - Jaminan Sosial Pekerja Rentan Provinsi Jambi',
    province,
    '23587200000',
  );
  const amended = await c.t.as('finance_officer').post('/api/v1/budget-allocations').send({
    programId: dumisake2025.id,
    fundingSourceId: province,
    fiscalYear: 2025,
    amount: '1000000000',
    kind: 'amendment',
    documentRef: 'DPA-P 2025',
  });
  expect(amended.status, amended.text).toBe(201);

  const recon = await programOf2025('RECON-2025', 'Rekonsiliasi Desember', bungo, '201600');
  for (let i = 0; i < 3; i++)
    await enrolWorker(c.t, recon.id, { startPeriod: '2025-12', endPeriod: '2025-12' });
  await bill(c.t, recon.id, '2025-12');
  await pay(c.t, { programId: recon.id, fundingSourceId: bungo, period: '2025-12', amount: '50400' });
  const people = await c.t.as('admin').get(`/api/v1/beneficiaries?programId=${recon.id}`);
  reconNiks = (people.body.data as { nik: string }[]).map((p) => p.nik);
  expect(reconNiks).toHaveLength(3);
});
afterAll(async () => {
  await c?.close();
});

/** A programme of 2025 alone, paid by one source, with its budget for 2025. */
async function programOf2025(code: string, name: string, fundingSourceId: string, budget: string) {
  const program = await createProgram(c.t, {
    code,
    name,
    startPeriod: '2025-01',
    endPeriod: '2025-12',
    fundingShares: [{ fundingSourceId, share: '1' }],
  });
  await allocate(c.t, program.id, fundingSourceId, budget, 2025);
  return program;
}

const rowTexts = (page: Page, caption: RegExp) =>
  page
    .locator('table', { has: page.locator('caption', { hasText: caption }) })
    .locator('tbody tr, tfoot tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.children).map((cell) => (cell.textContent ?? '').replace(/\u00a0/g, ' '))),
    );

/** Screenshot and axe in Bahasa Indonesia, then the same page in English. */
async function bothLanguages(page: Page, name: string, ready?: () => Promise<void>): Promise<void> {
  await ready?.();
  await record(page, `${name}.id`);
  await page.getByRole('button', { name: /English/ }).click();
  await ready?.();
  await record(page, `${name}.en`);
  await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
}

/** The machine the tests run on is shared; a page with axe in two languages can take a while there. */
const SLOW = { timeout: 240_000 };

describe('Laporan', SLOW, () => {
  it('when a programme manager asks for the totals by programme and funding source, then every figure is exact and the XLSX link downloads the same', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    const errors = browserErrors(page);
    await signIn(page, c.t.tokens.program_manager);
    await page.getByRole('link', { name: 'Laporan' }).click();
    await record(page, 'reports.id');
    await page
      .getByRole('navigation', { name: 'Jenis laporan' })
      .getByRole('link', { name: 'Rekapitulasi' })
      .click();
    await page.getByLabel('Dari bulan').fill('2026-01');
    await page.getByLabel('Sampai bulan').fill('2026-03');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    expect(new URL(page.url()).search).toBe('?from=2026-01&to=2026-03&groupBy=program&groupBy=fundingSource');
    expect(await rowTexts(page, /Rekapitulasi iuran/)).toEqual([
      [
        'DUMISAKE-BUNGO',
        'APBD-PROV-JAMBI',
        '120.960.000',
        '90.720',
        '30.240',
        '0',
        '60.480',
        '120.869.280',
        '9',
        '3',
      ],
      [
        'DUMISAKE-BUNGO',
        'APBD-KAB-BUNGO',
        '80.640.000',
        '60.480',
        '0',
        '0',
        '60.480',
        '80.579.520',
        '9',
        '3',
      ],
      [
        'BUNGO-MANDIRI',
        'APBD-KAB-BUNGO',
        '40.320.000',
        '100.800',
        '33.600',
        '0',
        '67.200',
        '40.219.200',
        '6',
        '2',
      ],
      ['Jumlah', '241.920.000', '252.000', '63.840', '0', '188.160', '241.668.000', '24', '5'],
    ]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^XLSX/ }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    // exceljs declares its own Buffer type; at run time it reads Node's.
    await workbook.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    const totalRow = sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(1).value === 'Jumlah / Total')!;
    expect(totalRow.getCell(4).value).toBe(252000);
    await bothLanguages(page, 'reports-totals');

    // By month and region, budget and paid are not split: dashes, and a sentence saying why.
    await page.goto('/laporan/total?from=2026-02&to=2026-03&groupBy=period&groupBy=region');
    expect(await rowTexts(page, /Rekapitulasi iuran/)).toEqual([
      ['Februari 2026', 'Kabupaten Bungo (15.08)', '–', '84.000', '–', '0', '–', '–', '8', '5'],
      ['Maret 2026', 'Kabupaten Bungo (15.08)', '–', '84.000', '–', '0', '–', '–', '8', '5'],
      ['Jumlah', '–', '168.000', '–', '0', '–', '–', '16', '5'],
    ]);
    await expect.poll(() => page.getByText(/Tanda – berarti/).isVisible()).toBe(true);

    // A province's budget of eleven digits still fits the screen: `Rp` is written once, in the headers.
    await page.goto('/laporan/total?from=2025-01&to=2025-12&groupBy=program&groupBy=fundingSource');
    expect(await headerTexts(page, 'totals-table')).toEqual([
      'Program',
      'Sumber dana',
      'Pagu (Rp)',
      'Ditagih (Rp)',
      'Dibayar (Rp)',
      'Dikreditkan BPJS (Rp)',
      'Belum dibayar (Rp)',
      'Sisa pagu (Rp)',
      'Jumlah tagihan',
      'Jumlah peserta',
    ]);
    expect((await rowTexts(page, /Rekapitulasi iuran/))[0]).toEqual([
      'DUMISAKE-2025',
      'APBD-PROV-JAMBI',
      '24.587.200.000',
      '0',
      '0',
      '0',
      '0',
      '24.587.200.000',
      '0',
      '0',
    ]);
    await bothLanguages(page, 'reports-totals-province', () => expectFits(page));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('when the months are out of order, then the options form says so in a sentence beside the field', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.auditor);
    await page.goto('/laporan/total?from=2026-05&to=2026-03');
    await expect
      .poll(() => page.getByRole('alert').getByRole('link').textContent())
      .toBe('Sampai bulan: tidak boleh sebelum from');
    await page.getByRole('alert').getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-to');
    expect(await page.locator('table').count()).toBe(0);
    await record(page, 'reports-totals-refused.id');
    await context.close();
  });

  it('when the arrears, coverage and budget burn are opened, then they show the hand-computed figures and their charts', async () => {
    const context = await c.newContext({ width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = browserErrors(page);
    await signIn(page, c.t.tokens.finance_officer);

    await page.goto('/laporan/tunggakan?asOf=2026-03');
    expect(await rowTexts(page, /belum lunas/)).toEqual([
      ['DUMISAKE-BUNGO', 'APBD-PROV-JAMBI', 'Februari 2026', 'Rp 30.240', 'Rp 0', 'Rp 30.240'],
      ['DUMISAKE-BUNGO', 'APBD-PROV-JAMBI', 'Maret 2026', 'Rp 30.240', 'Rp 0', 'Rp 30.240'],
      ['DUMISAKE-BUNGO', 'APBD-KAB-BUNGO', 'Januari 2026', 'Rp 20.160', 'Rp 0', 'Rp 20.160'],
      ['DUMISAKE-BUNGO', 'APBD-KAB-BUNGO', 'Februari 2026', 'Rp 20.160', 'Rp 0', 'Rp 20.160'],
      ['DUMISAKE-BUNGO', 'APBD-KAB-BUNGO', 'Maret 2026', 'Rp 20.160', 'Rp 0', 'Rp 20.160'],
      ['BUNGO-MANDIRI', 'APBD-KAB-BUNGO', 'Februari 2026', 'Rp 33.600', 'Rp 0', 'Rp 33.600'],
      ['BUNGO-MANDIRI', 'APBD-KAB-BUNGO', 'Maret 2026', 'Rp 33.600', 'Rp 0', 'Rp 33.600'],
    ]);
    const members = await rowTexts(page, /Peserta dengan 2 bulan/);
    expect(members.map((r) => [r[2], r[4], r[5], r[6], r[7]])).toEqual([
      ...Array(3).fill(['DUMISAKE-BUNGO', '3', 'Januari 2026', 'Rp 40.320', 'Ya']),
      ...Array(2).fill(['BUNGO-MANDIRI', '2', 'Februari 2026', 'Rp 33.600', 'Tidak']),
    ]);
    await expectFits(page);
    await bothLanguages(page, 'reports-arrears');

    await page.goto('/laporan/cakupan?period=2026-03');
    expect(await headerTexts(page, 'coverage-table')).toEqual([
      'Kabupaten/kota',
      'Angkatan kerja',
      'Peserta aktif BPJS',
      'Cakupan',
      'Target',
      'Kekurangan menuju target (pekerja)',
      'Biaya per bulan, tarif penuh',
      'Biaya per tahun, tarif penuh',
      'Penerima iuran APBD',
    ]);
    const coverage = await rowTexts(page, /Cakupan kepesertaan per/);
    const region = (name: string) => coverage.find((r) => r[0]!.startsWith(name));
    expect(region('Kabupaten Bungo')).toEqual([
      'Kabupaten Bungo (15.08)',
      '10',
      '4',
      '40,00%',
      '55,00%',
      '2',
      'Rp 33.600',
      'Rp 403.200',
      '5',
    ]);
    expect(region('Kabupaten Muaro Jambi')).toEqual([
      'Kabupaten Muaro Jambi (15.05)',
      '20',
      'belum dicatat',
      '–',
      '55,00%',
      '11 *',
      'Rp 184.800',
      'Rp 2.217.600',
      '0',
    ]);
    expect(region('Kabupaten Tebo')).toEqual(unrecordedRegion('Kabupaten Tebo (15.09)', 0));
    expect(coverage.at(-1)).toEqual([
      'Provinsi Jambi',
      '100.000',
      '41.000',
      '41,00%',
      '55,00%',
      '14.000',
      'Rp 235.200.000',
      'Rp 2.822.400.000',
      '5',
    ]);
    await expectFits(page);
    const chartReady = () => page.locator('#coverage-chart[data-drawn]').waitFor();
    await bothLanguages(page, 'reports-coverage', chartReady);

    await page.goto('/laporan/serapan?fiscalYear=2026&asOf=2026-03');
    // BUNGO-MANDIRI: two workers at 16,800 a month for the nine months April to December still unbilled.
    const spent = await rowTexts(page, /Pagu dan realisasi/);
    expect(spent.find((r) => r[0] === 'BUNGO-MANDIRI / APBD-KAB-BUNGO')!.slice(1)).toEqual([
      'Rp 40.320.000',
      'Rp 100.800',
      'Rp 33.600',
      'Rp 40.219.200',
      '2',
    ]);
    const forecast = await rowTexts(page, /Perkiraan sampai Desember 2026/);
    expect(forecast.find((r) => r[0] === 'BUNGO-MANDIRI / APBD-KAB-BUNGO')!.slice(1, 5)).toEqual([
      'Rp 33.600',
      'Rp 302.400',
      'Rp 39.916.800',
      'cukup',
    ]);
    await expectFits(page);
    await bothLanguages(page, 'reports-burn', () => page.locator('#burn-chart[data-drawn]').waitFor());

    await page.goto('/laporan/realisasi?fiscalYear=2026&asOf=2026-01-31');
    await page.getByLabel('Sumber dana').selectOption({ label: 'APBD Kabupaten Bungo (APBD-KAB-BUNGO)' });
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    const realised = await rowTexts(page, /Realisasi anggaran tahun 2026/);
    // BUNGO-MANDIRI's January SP2D of 33,600: two workers' JKK 10,000 and JKM 6,800.
    expect(
      realised.filter((r) => r[1]!.startsWith('Iuran') || r[1]!.startsWith('BUNGO-MANDIRI')),
    ).toContainEqual(['5.1.02.02.02.0006', 'Iuran JKK', '–', '–', 'Rp 20.000', 'Rp 20.000', '–', '–']);
    await bothLanguages(page, 'reports-realisation');

    // A province's line: eleven-digit amounts and a long programme name still fit the screen.
    await page.goto(`/laporan/realisasi?fundingSourceId=${provinceId}&fiscalYear=2025&asOf=2025-12-31`);
    expect((await rowTexts(page, /Realisasi anggaran tahun 2025/))[0]).toEqual([
      '–',
      'DUMISAKE-2025 Dumisake - Jaminan Sosial Pekerja Rentan Provinsi Jambi',
      'Rp 23.587.200.000',
      'Rp 24.587.200.000',
      'Rp 0',
      'Rp 0',
      'Rp 24.587.200.000',
      '0,00',
    ]);
    await expectFits(page);
    await bothLanguages(page, 'reports-realisation-province');

    // The Beranda of that year: its budget lines, forecast and coverage fit the screen as well.
    await page.goto('/?tahun=2025');
    expect((await rowTexts(page, /^Pagu, tagihan/))[0]).toEqual([
      'DUMISAKE-2025',
      'APBD Provinsi Jambi',
      '24.587.200.000',
      '0',
      '0',
      '0',
      '24.587.200.000',
      '0,0%',
    ]);
    await bothLanguages(page, 'home-province', async () => {
      await page.locator('#monthly-chart[data-drawn]').waitFor();
      await expectFits(page);
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('when the monthly statement of Bungo for March is chosen, then its PDF link answers a PDF and the page prints without the menu', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.auditor);
    await page.goto('/laporan/bulanan');
    await page.getByLabel('Sumber dana').selectOption({ label: 'APBD Kabupaten Bungo (APBD-KAB-BUNGO)' });
    await page.getByLabel('Bulan').fill('2026-03');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    const pdf = await page.getByRole('link', { name: 'Buka PDF (A4)' }).getAttribute('href');
    const answer = await page.request.get(pdf!);
    expect(answer.headers()['content-type']).toBe('application/pdf');
    expect((await answer.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await bothLanguages(page, 'reports-monthly');

    await page.goto('/laporan/total?from=2026-01&to=2026-03');
    await page.emulateMedia({ media: 'print' });
    for (const hidden of [
      page.locator('.site-nav'),
      page.locator('.report-tabs'),
      page.locator('form.report-filters'),
    ])
      expect(await hidden.isVisible()).toBe(false);
    expect(await page.locator('.report-subtitle').textContent()).toBe(
      'Januari 2026 s.d. Maret 2026, per program dan sumber dana',
    );
    await screenshot(page, 'reports-totals-print.id');
    await context.close();
  });
});

describe('Rekonsiliasi', SLOW, () => {
  it('when a finance officer uploads a statement with one amount wrong and one worker missing, then the summary counts them and each exception is settled or refused in sentences', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    const errors = browserErrors(page);
    await signIn(page, c.t.tokens.finance_officer);
    await page.getByRole('link', { name: 'Rekonsiliasi' }).click();
    await record(page, 'reconciliation.id');

    // The first worker as billed (16,800), the second at 16,000, the third absent.
    const [first, second, third] = reconNiks as [string, string, string];
    const statement = ['nik,kpj,name,amount', `${first},,Pekerja A,16800`, `${second},,Pekerja B,16000`].join(
      '\n',
    );
    // A file without the statement's columns is refused in place, the choices kept.
    await page.locator('#f-programId').selectOption({ label: 'RECON-2025 – Rekonsiliasi Desember' });
    await page.locator('#f-period').fill('2025-12');
    await page.getByLabel('Berkas laporan').setInputFiles({
      name: 'salah.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('nomor,nama\n1,A\n', 'utf8'),
    });
    await page.getByRole('button', { name: 'Unggah dan cocokkan' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^Ada masalah/);
    expect(await page.locator('#f-period').inputValue()).toBe('2025-12');
    expect(new URL(page.url()).pathname).toBe('/rekonsiliasi');
    await record(page, 'reconciliation-upload-refused.id');

    await page.locator('#f-programId').selectOption({ label: 'RECON-2025 – Rekonsiliasi Desember' });
    await page.locator('#f-period').fill('2025-12');
    await page.getByLabel('Berkas laporan').setInputFiles({
      name: 'bpjs-desember.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(statement, 'utf8'),
    });
    await page.getByRole('button', { name: 'Unggah dan cocokkan' }).click();
    await page.waitForURL(/\/rekonsiliasi\/\d+$/);
    const figures = await page
      .locator('.summary-figures > div')
      .evaluateAll((items) =>
        items.map((i) => [i.querySelector('dt')!.textContent, i.querySelector('dd')!.textContent]),
      );
    expect(figures).toEqual([
      ['Baris data', '2'],
      ['Cocok', '1'],
      ['Jumlah berbeda', '1'],
      ['Ditagih, tidak dikreditkan', '1'],
      ['Tidak ditagih', '0'],
      ['Baris ganda', '0'],
      ['Ditanggung program lain', '0'],
      ['Baris tidak terbaca', '0'],
      ['Jumlah dikreditkan', 'Rp 16.800'],
    ]);
    expect(await rowTexts(page, /^Jumlah berbeda: 1/)).toEqual([
      [second, '3', 'Rp 16.800', 'Rp 16.000', expect.any(String)],
    ]);
    expect((await rowTexts(page, /^Ditagih, tidak dikreditkan BPJS: 1/))[0]!.slice(0, 4)).toEqual([
      third,
      '–',
      'Rp 16.800',
      '–',
    ]);
    await bothLanguages(page, 'reconciliation-statement');

    await page.getByLabel(`Penyelesaian untuk NIK ${second}`).selectOption('accepted');
    await page.getByLabel(`Catatan untuk NIK ${second}`).fill('Selisih Rp 800 dibulatkan BPJS; diterima.');
    await page
      .getByRole('row', { name: new RegExp(second) })
      .getByRole('button', { name: 'Selesaikan' })
      .click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe(`Pengecualian NIK ${second} sudah diselesaikan.`);
    expect((await rowTexts(page, /^Jumlah berbeda: 1/))[0]![4]).toMatch(
      /^Diterima · .*WIBSelisih Rp 800 dibulatkan BPJS; diterima\.$/,
    );

    // December 2025 is closed by an auditor: a rebill into it is refused, and nothing is resolved.
    const closed = await c.t
      .as('auditor')
      .post('/api/v1/periods/2025-12/close')
      .send({ note: 'Tutup buku 2025' });
    expect(closed.status, closed.text).toBe(200);
    await page.getByLabel(`Penyelesaian untuk NIK ${third}`).selectOption('rebill');
    await page.getByLabel(`Catatan untuk NIK ${third}`).fill('Tagih ulang bulan Desember');
    await page
      .getByRole('row', { name: new RegExp(third) })
      .getByRole('button', { name: 'Selesaikan' })
      .click();
    const refusal = 'Periode ini sudah ditutup oleh auditor, sehingga tidak dapat diubah lagi.';
    await expect.poll(() => page.getByRole('alert').textContent()).toContain(refusal);
    expect(await page.locator(`#exception-${await exceptionIdOf(third)}-error`).textContent()).toContain(
      refusal,
    );
    expect(await page.getByLabel(`Catatan untuk NIK ${third}`).inputValue()).toBe(
      'Tagih ulang bulan Desember',
    );
    await record(page, 'reconciliation-refused.id');
    // The refused forms come back under the refusals' statuses, which the browser notes; nothing else.
    expect(errors).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
      'Failed to load resource: the server responded with a status of 409 (Conflict)',
    ]);
    await context.close();
  });

  it('when an auditor opens the statements, then they read every figure but are offered no upload and no resolution', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.auditor);
    await page.goto('/rekonsiliasi');
    expect(await page.locator('form.upload-form').count()).toBe(0);
    await page
      .getByRole('link', { name: /^Laporan #\d+$/ })
      .first()
      .click();
    expect(await page.locator('form.resolve').count()).toBe(0);
    expect(await page.getByText('Anda dapat membaca rekonsiliasi').count()).toBeGreaterThan(0);
    await bothLanguages(page, 'reconciliation-auditor');
    await context.close();
  });
});

/** The id of the open exception of a NIK, as the API lists it. */
async function exceptionIdOf(nik: string): Promise<string> {
  const statements = await c.t.as('auditor').get('/api/v1/statements');
  const id = (statements.body.data as { id: string }[]).at(-1)!.id;
  const exceptions = await c.t.as('finance_officer').get(`/api/v1/statements/${id}/exceptions`);
  return (exceptions.body.data as { id: string; nik: string }[]).find((e) => e.nik === nik)!.id;
}
