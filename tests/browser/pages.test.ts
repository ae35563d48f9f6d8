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
 * Three programmes billed for January to March 2026 (JKK 1% of Rp 1,000,000 + JKM Rp 6,800 = Rp 16,800 a
 * worker and month; Rp 8,400 from April, PP 50/2025), the clock at 20 November 2026:
 * - DUMISAKE-BUNGO, 0.6 province / 0.4 Bungo, three workers. Province: budget 120,960,000, billed
 *   3 × 3 × 10,080 = 90,720, January paid 30,240, left 120,869,280. Bungo: budget 80,640,000, billed
 *   3 × 3 × 6,720 = 60,480, left 80,579,520.
 * - BUNGO-MANDIRI, Bungo alone, two workers: budget 40,320,000, billed 2 × 3 × 16,800 = 100,800, January
 *   paid 33,600, left 40,219,200.
 * - BUNGO-TIPIS, Bungo alone, one worker: budget 58,400, billed 3 × 16,800 = 50,400, left 8,000; December
 *   (the only month forecast after November) costs 8,400, so the budget runs out in December 2026.
 * Totals: budget 241,978,400, billed 302,400, paid 63,840, credited 0, left 241,676,000.
 * All six workers are registered in Bungo (15.08), whose recorded workforce is 20 (target 55%); Tebo's
 * is 10 with nobody enrolled; the province's is 1,000.
 *
 * Coverage in November 2026 as the province counts it, at the full rate of Rp 16,800 a worker and month:
 * - Bungo: the insurer counts 8 active members: 8 / 20 = 40.00%; ceil(0.55 × 20) = 11 − 8 = 3 workers
 *   short, Rp 50,400 a month, Rp 604,800 a year; its 6 workers are the APBD's beneficiaries.
 * - Tebo: no count, so the gap counts the beneficiaries: ceil(5.5) = 6 − 0 = 6, Rp 100,800 a month,
 *   Rp 1,209,600 a year, marked.
 * - The province: 412 active members: 41.20%; 550 − 412 = 138 short, Rp 2,318,400 a month,
 *   Rp 27,820,800 a year.
 * 2025 has the province's workforce (1,000) and a count for November only (500): the Beranda of 2025
 * speaks of December, has no count for it, and shows November's: 50.00%, 550 − 500 = 50 short,
 * Rp 840,000 a month, Rp 10,080,000 a year.
 */
beforeAll(async () => {
  c = await startConsole();
  const src = await fundingSourceIds(c.t);
  const province = src['APBD-PROV-JAMBI']!;
  const bungo = src['APBD-KAB-BUNGO']!;
  const dumisake = await createCoFundedProgram(c.t, 'DUMISAKE-BUNGO', province, bungo);
  const mandiri = await createProgram(c.t, {
    code: 'BUNGO-MANDIRI',
    name: 'Jaminan Pekerja Rentan Bungo',
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
  });
  const tipis = await createProgram(c.t, {
    code: 'BUNGO-TIPIS',
    name: 'Uji pagu tipis',
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
  });
  await allocate(c.t, dumisake.id, province, '120960000');
  await allocate(c.t, dumisake.id, bungo, '80640000');
  await allocate(c.t, mandiri.id, bungo, '40320000');
  await allocate(c.t, tipis.id, bungo, '58400');
  for (let i = 0; i < 3; i++) await enrolWorker(c.t, dumisake.id, { startPeriod: '2026-01' });
  for (let i = 0; i < 2; i++) await enrolWorker(c.t, mandiri.id, { startPeriod: '2026-01' });
  await enrolWorker(c.t, tipis.id, { startPeriod: '2026-01' });
  for (const period of ['2026-01', '2026-02', '2026-03']) {
    for (const program of [dumisake, mandiri, tipis]) await bill(c.t, program.id, period);
  }
  await pay(c.t, { programId: dumisake.id, fundingSourceId: province, period: '2026-01', amount: '30240' });
  await pay(c.t, { programId: mandiri.id, fundingSourceId: bungo, period: '2026-01', amount: '33600' });
  await recordCoverage(c.t, {
    workforce: { '15.08/2026': 20, '15.09/2026': 10, '15/2026': 1000, '15/2025': 1000 },
    insured: { '15.08/2026-11': 8, '15/2026-11': 412, '15/2025-11': 500 },
  });
});
afterAll(async () => {
  await c?.close();
});

/** The summary tiles, each as `term|value|note`. */
const tileTexts = (page: Page) =>
  page.locator('.home-tile').evaluateAll((tiles) =>
    tiles.map((t) =>
      Array.from(t.children)
        .map((cell) => (cell.textContent ?? '').replace(/\u00a0/g, ' '))
        .join('|'),
    ),
  );

const rowTexts = (page: Page, caption: RegExp) =>
  page
    .locator('table', { has: page.locator('caption', { hasText: caption }) })
    .locator('tbody tr, tfoot tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.children).map((cell) => (cell.textContent ?? '').replace(/\u00a0/g, ' '))),
    );

describe('the console pages', () => {
  it('when a finance officer opens the Beranda, then the year, each budget line, the months, the forecast and the coverage are there, exact to the rupiah', async () => {
    const context = await c.newContext({ width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = browserErrors(page);
    await signIn(page, c.t.tokens.finance_officer);
    expect(await page.locator('#tahun').inputValue()).toBe('2026');
    expect(await tileTexts(page)).toEqual([
      'Pagu|Rp 241.978.400',
      'Ditagih|Rp 302.400|0,1% dari pagu',
      'Sisa pagu|Rp 241.676.000|99,9% dari pagu',
      'Dibayar|Rp 63.840|21,1% dari tagihan',
      'Dikreditkan BPJS|Rp 0|0,0% dari tagihan',
    ]);
    // Each amount's header says Rp, so that five amounts of a province's size fit the panel without it.
    expect(await headerTexts(page, 'lines-table')).toEqual([
      'Program',
      'Sumber dana',
      ...['Pagu', 'Ditagih', 'Dibayar', 'Dikreditkan BPJS', 'Sisa pagu'].map((name) => `${name} (Rp)`),
      'Terserap',
    ]);
    expect(await rowTexts(page, /^Pagu, tagihan/)).toEqual([
      [
        'DUMISAKE-BUNGO',
        'APBD Provinsi Jambi',
        '120.960.000',
        '90.720',
        '30.240',
        '0',
        '120.869.280',
        '0,1%',
      ],
      ['DUMISAKE-BUNGO', 'APBD Kabupaten Bungo', '80.640.000', '60.480', '0', '0', '80.579.520', '0,1%'],
      ['BUNGO-MANDIRI', 'APBD Kabupaten Bungo', '40.320.000', '100.800', '33.600', '0', '40.219.200', '0,3%'],
      ['BUNGO-TIPIS', 'APBD Kabupaten Bungo', '58.400', '50.400', '0', '0', '8.000', '86,3%'],
      ['Jumlah', '241.978.400', '302.400', '63.840', '0', '241.676.000', '0,1%'],
    ]);
    const none = ['Rp 0', 'Rp 0', 'Rp 0', 'Rp 0'];
    expect(await rowTexts(page, /^Tagihan, pembayaran dan pengkreditan BPJS per bulan/)).toEqual([
      ['Januari 2026', 'Rp 100.800', 'Rp 63.840', 'Rp 0', 'Rp 36.960'],
      ['Februari 2026', 'Rp 100.800', 'Rp 0', 'Rp 0', 'Rp 100.800'],
      ['Maret 2026', 'Rp 100.800', 'Rp 0', 'Rp 0', 'Rp 100.800'],
      ...['April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'].map(
        (month) => [`${month} 2026`, ...none],
      ),
      ['Jumlah', 'Rp 302.400', 'Rp 63.840', 'Rp 0', 'Rp 238.560'],
    ]);
    expect(await page.locator('.home-verdict--warn li').allTextContents()).toEqual([
      'BUNGO-TIPIS · APBD Kabupaten Bungo: dengan laju Rp 8.400 per bulan, pagu habis pada Desember 2026.',
    ]);
    expect(await rowTexts(page, /^Perkiraan pemakaian pagu/)).toEqual([
      [
        'DUMISAKE-BUNGO',
        'APBD Provinsi Jambi',
        'Rp 120.869.280',
        '3',
        'Rp 15.120',
        'Rp 15.120',
        'Rp 120.854.160',
        'Cukup',
      ],
      [
        'DUMISAKE-BUNGO',
        'APBD Kabupaten Bungo',
        'Rp 80.579.520',
        '3',
        'Rp 10.080',
        'Rp 10.080',
        'Rp 80.569.440',
        'Cukup',
      ],
      [
        'BUNGO-MANDIRI',
        'APBD Kabupaten Bungo',
        'Rp 40.219.200',
        '2',
        'Rp 16.800',
        'Rp 16.800',
        'Rp 40.202.400',
        'Cukup',
      ],
      [
        'BUNGO-TIPIS',
        'APBD Kabupaten Bungo',
        'Rp 8.000',
        '1',
        'Rp 8.400',
        'Rp 8.400',
        '-Rp 400',
        'Desember 2026',
      ],
    ]);
    const left = await rowTexts(page, /^Sisa pagu pada akhir setiap bulan/);
    expect(left[0]).toEqual([
      'Januari 2026',
      'Rp 120.929.760 (100,0%)',
      'Rp 80.619.840 (100,0%)',
      'Rp 40.286.400 (99,9%)',
      'Rp 41.600 (71,2%)',
    ]);
    expect(left[11]).toEqual([
      'Desember 2026',
      'Rp 120.854.160 (99,9%)',
      'Rp 80.569.440 (99,9%)',
      'Rp 40.202.400 (99,7%)',
      '-Rp 400 (-0,7%)',
    ]);
    expect(await page.locator('#coverage-title ~ .home-verdict').textContent()).toBe(
      'Cakupan Provinsi Jambi: 41,20% dari angkatan kerja, target 55,00%. Untuk mencapai target masih kurang 138 pekerja, Rp 2.318.400 per bulan dengan tarif penuh.',
    );
    const coverage = await rowTexts(page, /^Cakupan kepesertaan per kabupaten\/kota, November 2026$/);
    expect(coverage).toHaveLength(12);
    const region = (code: string) => coverage.find((r) => r[0]!.endsWith(`(${code})`));
    expect(region('15.01')).toEqual(unrecordedRegion('Kabupaten Kerinci (15.01)', 0));
    expect(region('15.08')).toEqual([
      'Kabupaten Bungo (15.08)',
      '20',
      '8',
      '40,00%',
      '55,00%',
      '3',
      'Rp 50.400',
      'Rp 604.800',
      '6',
    ]);
    expect(region('15.09')).toEqual([
      'Kabupaten Tebo (15.09)',
      '10',
      'belum dicatat',
      '–',
      '55,00%',
      '6 *',
      'Rp 100.800',
      'Rp 1.209.600',
      '0',
    ]);
    expect(coverage.at(-1)).toEqual([
      'Provinsi Jambi',
      '1.000',
      '412',
      '41,20%',
      '55,00%',
      '138',
      'Rp 2.318.400',
      'Rp 27.820.800',
      '6',
    ]);
    expect(await page.locator('#coverage-title ~ p.small').allTextContents()).toContain(
      '* Tanpa jumlah peserta aktif yang dicatat, kekurangan dan biayanya dihitung dari penerima iuran APBD saja.',
    );
    for (const chart of ['monthly-chart', 'forecast-chart', 'coverage-chart'])
      await page.locator(`#${chart}[data-drawn]`).waitFor();
    await expectFits(page);
    await record(page, 'home.id');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation').isVisible()).toBe(false);
    expect(await page.locator('form').first().isVisible()).toBe(false);
    await screenshot(page, 'home-print.id');
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('button', { name: /English/ }).click();
    expect(await rowTexts(page, /^Budget, billed/)).toContainEqual([
      'Total',
      '241.978.400',
      '302.400',
      '63.840',
      '0',
      '241.676.000',
      '0.1%',
    ]);
    expect(await page.locator('.home-verdict--warn li').allTextContents()).toEqual([
      'BUNGO-TIPIS · APBD Kabupaten Bungo: at Rp 8.400 a month, the budget runs out in December 2026.',
    ]);
    expect(await page.locator('#coverage-title ~ .home-verdict').textContent()).toBe(
      'Coverage of Provinsi Jambi: 41.20% of the workforce, target 55.00%. Reaching the target takes 138 more workers, Rp 2.318.400 a month at the full rate.',
    );
    for (const chart of ['monthly-chart', 'forecast-chart', 'coverage-chart'])
      await page.locator(`#${chart}[data-drawn]`).waitFor();
    await expectFits(page);
    await record(page, 'home.en');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('when a reader chooses another fiscal year, then the address carries it and a year without figures says so', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.auditor);
    await page.getByLabel('Tahun anggaran', { exact: true }).selectOption('2027');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    expect(new URL(page.url()).search).toBe('?tahun=2027');
    expect(await page.locator('h2').first().textContent()).toBe('Belum ada angka untuk tahun anggaran 2027');
    expect(await page.locator('#coverage-title + p + p.notice').textContent()).toMatch(
      /^Angkatan kerja per kabupaten dan kota tahun 2027 belum dicatat/,
    );
    // 2025 has no count for December, the month its Beranda speaks of: the coverage is November's.
    await page.goto('/?tahun=2025');
    expect(await page.locator('#coverage-title ~ .home-verdict').textContent()).toBe(
      'Cakupan Provinsi Jambi: 50,00% dari angkatan kerja, target 55,00%. Untuk mencapai target masih kurang 50 pekerja, Rp 840.000 per bulan dengan tarif penuh.',
    );
    expect((await rowTexts(page, /^Cakupan kepesertaan per kabupaten\/kota, November 2025$/)).at(-1)).toEqual(
      ['Provinsi Jambi', '1.000', '500', '50,00%', '55,00%', '50', 'Rp 840.000', 'Rp 10.080.000', '0'],
    );
    expect(await page.getByRole('link', { name: /^Cakupan bulan lain/ }).getAttribute('href')).toBe(
      '/laporan/cakupan?period=2025-11',
    );
    await page.goto('/?tahun=abc');
    expect(await page.locator('#tahun').inputValue()).toBe('2026');
    await context.close();
  });

  it('when a fresh install opens the Beranda, then each part says what will appear there, in both languages', async () => {
    const fresh = await startConsole();
    try {
      const context = await fresh.newContext();
      const page = await context.newPage();
      const errors = browserErrors(page);
      await signIn(page, fresh.t.tokens.admin);
      expect(await page.locator('main h2').allTextContents()).toEqual([
        'Belum ada angka untuk tahun anggaran 2026',
        'Cakupan kepesertaan terhadap target',
        'Program',
      ]);
      expect(await page.locator('canvas').count()).toBe(0);
      expect(await page.locator('#programs-title + p').textContent()).toBe(
        'Belum ada program yang terdaftar.',
      );
      await record(page, 'home-empty.id');
      await page.getByRole('button', { name: /English/ }).click();
      expect(await page.locator('main h2').first().textContent()).toBe('No figures for fiscal year 2026 yet');
      await record(page, 'home-empty.en');
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('when the Beranda is opened on a 360-pixel phone, then nothing spills out of the screen but the tables, which scroll', async () => {
    const context = await c.newContext({ width: 360, height: 740 });
    const page = await context.newPage();
    await signIn(page, c.t.tokens.program_manager);
    await page.locator('#monthly-chart[data-drawn]').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await record(page, 'home-phone.id');
    await context.close();
  });

  it('when the Beranda loads with its chart, then its scripts and styles weigh well under 300 KB as transferred', async () => {
    const signedIn = await c.newContext();
    await signIn(await signedIn.newPage(), c.t.tokens.auditor);
    const cookies = await signedIn.cookies();
    await signedIn.close();

    // A browser that has never loaded an asset, with a live session: the first Beranda of a new office.
    const context = await c.newContext();
    await context.addCookies(cookies);
    const page = await context.newPage();
    const assets: Promise<{ url: string; bytes: number; encoding: string | undefined }>[] = [];
    page.on('requestfinished', (request) => {
      if (!['script', 'stylesheet'].includes(request.resourceType())) return;
      assets.push(
        Promise.all([request.response(), request.sizes()]).then(([response, sizes]) => ({
          url: request.url(),
          bytes: sizes.responseBodySize + sizes.responseHeadersSize,
          encoding: response?.headers()['content-encoding'],
        })),
      );
    });
    await page.goto('/');
    await page.locator('#monthly-chart[data-drawn]').waitFor();
    await expect.poll(() => assets.length).toBe(4);
    const loaded = await Promise.all(assets);
    const total = loaded.reduce((sum, a) => sum + a.bytes, 0);
    console.log(
      `Beranda JS and CSS as transferred: ${total} bytes (${loaded.map((a) => `${a.url.split('/').pop()} ${a.bytes}`).join(', ')})`,
    );
    expect(loaded.every((a) => a.encoding === 'gzip' && a.bytes > 0)).toBe(true);
    expect(total).toBeLessThan(150_000);
    await context.close();
  });

  it('when an address does not exist, then a page says so in the reader’s language with the way back', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.admin);
    const response = await page.goto('/tidak-ada');
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Halaman tidak ditemukan');
    await record(page, 'not-found.id');
    await page.getByRole('button', { name: /English/ }).click();
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await record(page, 'not-found.en');
    await page.getByRole('link', { name: 'Back to the dashboard' }).click();
    expect(await page.locator('h1').textContent()).toBe('Dashboard');
    await context.close();
  });
});
