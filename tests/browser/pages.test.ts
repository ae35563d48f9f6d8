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
import { record, screenshot, signIn, startConsole, type ConsoleTest } from './support/console.js';

let c: ConsoleTest;

/**
 * Two programmes billed for January to March 2026 (JKK 1% of Rp 1,000,000 + JKM Rp 6,800 = Rp 16,800 a
 * worker and month, before the PP 50/2025 discount from April):
 * - DUMISAKE-BUNGO, 0.6 province / 0.4 Bungo, three workers: billed 3 × 3 × 16,800 = 151,200; the
 *   province's January share paid, 3 × 10,080 = 30,240; budget 120,960,000 + 80,640,000 = 201,600,000,
 *   left 201,600,000 − 151,200 = 201,448,800.
 * - BUNGO-MANDIRI, Bungo alone, two workers: billed 2 × 3 × 16,800 = 100,800; January paid, 33,600;
 *   budget 40,320,000, left 40,219,200.
 * Totals: budget 241,920,000, billed 252,000, paid 63,840, credited 0, left 241,668,000.
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
});
afterAll(async () => {
  await c?.close();
});

/** Errors the browser reports (a script error, or a Content-Security-Policy violation), collected. */
function browserErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

const rowTexts = (page: Page, caption: RegExp) =>
  page
    .locator('table', { has: page.locator('caption', { hasText: caption }) })
    .locator('tbody tr, tfoot tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.children).map((cell) => (cell.textContent ?? '').replace(/\u00a0/g, ' '))),
    );

describe('the console pages', () => {
  it('when a finance officer opens the Beranda, then the year figures are in a chart and a table, exact to the rupiah', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    const errors = browserErrors(page);
    await signIn(page, c.t.tokens.finance_officer);
    expect(await rowTexts(page, /Pagu, tagihan/)).toEqual([
      ['DUMISAKE-BUNGO', 'Rp 201.600.000', 'Rp 151.200', 'Rp 30.240', 'Rp 0', 'Rp 201.448.800'],
      ['BUNGO-MANDIRI', 'Rp 40.320.000', 'Rp 100.800', 'Rp 33.600', 'Rp 0', 'Rp 40.219.200'],
      ['Jumlah', 'Rp 241.920.000', 'Rp 252.000', 'Rp 63.840', 'Rp 0', 'Rp 241.668.000'],
    ]);
    expect(await rowTexts(page, /Program iuran/)).toEqual([
      [
        'DUMISAKE-BUNGO',
        'Test programme',
        'APBD Provinsi Jambi (60%)APBD Kabupaten Bungo (40%)',
        'sejak Januari 2026',
        'JKK, JKM',
      ],
      [
        'BUNGO-MANDIRI',
        'Jaminan Pekerja Rentan Bungo',
        'APBD Kabupaten Bungo (100%)',
        'sejak Januari 2026',
        'JKK, JKM',
      ],
    ]);
    await page.locator('#summary-chart[data-drawn]').waitFor();
    await record(page, 'home.id');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation').isVisible()).toBe(false);
    expect(await page.locator('form').first().isVisible()).toBe(false);
    await screenshot(page, 'home-print.id');
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('button', { name: /English/ }).click();
    expect(await rowTexts(page, /Budget, billed/)).toContainEqual([
      'Total',
      'Rp 241.920.000',
      'Rp 252.000',
      'Rp 63.840',
      'Rp 0',
      'Rp 241.668.000',
    ]);
    await page.locator('#summary-chart[data-drawn]').waitFor();
    await record(page, 'home.en');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('when the Beranda is opened on a 360-pixel phone, then nothing spills out of the screen but the tables, which scroll', async () => {
    const context = await c.newContext({ width: 360, height: 740 });
    const page = await context.newPage();
    await signIn(page, c.t.tokens.program_manager);
    await page.locator('#summary-chart[data-drawn]').waitFor();
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
    await page.locator('#summary-chart[data-drawn]').waitFor();
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
