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
} from '../support/fixtures.js';
import {
  browserErrors,
  record,
  screenshot,
  signIn,
  startConsole,
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
  for (const [region, workers] of [
    ['15.08', 20],
    ['15.09', 10],
    ['15', 1000],
  ] as const) {
    const res = await c.t
      .as('admin')
      .put(`/api/v1/workforce/${region}/2026`)
      .send({ workers, targetRate: '0.55' });
    expect(res.status, res.text).toBe(200);
  }
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
    const context = await c.newContext();
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
    expect(await rowTexts(page, /^Pagu, tagihan/)).toEqual([
      [
        'DUMISAKE-BUNGO',
        'APBD Provinsi Jambi',
        'Rp 120.960.000',
        'Rp 90.720',
        'Rp 30.240',
        'Rp 0',
        'Rp 120.869.280',
        '0,1%',
      ],
      [
        'DUMISAKE-BUNGO',
        'APBD Kabupaten Bungo',
        'Rp 80.640.000',
        'Rp 60.480',
        'Rp 0',
        'Rp 0',
        'Rp 80.579.520',
        '0,1%',
      ],
      [
        'BUNGO-MANDIRI',
        'APBD Kabupaten Bungo',
        'Rp 40.320.000',
        'Rp 100.800',
        'Rp 33.600',
        'Rp 0',
        'Rp 40.219.200',
        '0,3%',
      ],
      ['BUNGO-TIPIS', 'APBD Kabupaten Bungo', 'Rp 58.400', 'Rp 50.400', 'Rp 0', 'Rp 0', 'Rp 8.000', '86,3%'],
      ['Jumlah', 'Rp 241.978.400', 'Rp 302.400', 'Rp 63.840', 'Rp 0', 'Rp 241.676.000', '0,1%'],
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
    const coverage = await rowTexts(page, /^Cakupan kepesertaan per kabupaten/);
    expect(coverage).toHaveLength(12);
    expect(coverage).toContainEqual(['Kabupaten Kerinci', 'belum dicatat', '0', '–', '–', '–', '–']);
    expect(coverage).toContainEqual(['Kabupaten Bungo', '20', '6', '30,0%', '55,0%', '5', 'Rp 84.000']);
    expect(coverage).toContainEqual(['Kabupaten Tebo', '10', '0', '0,0%', '55,0%', '6', 'Rp 100.800']);
    expect(coverage.at(-1)).toEqual([
      'Provinsi Jambi (provinsi)',
      '1.000',
      '6',
      '0,6%',
      '55,0%',
      '544',
      'Rp 9.139.200',
    ]);
    for (const chart of ['monthly-chart', 'forecast-chart', 'coverage-chart'])
      await page.locator(`#${chart}[data-drawn]`).waitFor();
    await record(page, 'home.id');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation').isVisible()).toBe(false);
    expect(await page.locator('form').first().isVisible()).toBe(false);
    await screenshot(page, 'home-print.id');
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('button', { name: /English/ }).click();
    expect(await rowTexts(page, /^Budget, billed/)).toContainEqual([
      'Total',
      'Rp 241.978.400',
      'Rp 302.400',
      'Rp 63.840',
      'Rp 0',
      'Rp 241.676.000',
      '0.1%',
    ]);
    expect(await page.locator('.home-verdict--warn li').allTextContents()).toEqual([
      'BUNGO-TIPIS · APBD Kabupaten Bungo: at Rp 8.400 a month, the budget runs out in December 2026.',
    ]);
    for (const chart of ['monthly-chart', 'forecast-chart', 'coverage-chart'])
      await page.locator(`#${chart}[data-drawn]`).waitFor();
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
