import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_DOCS_POLICY } from '../../src/web/api-docs.js';
import path from 'node:path';
import { signIn, startConsole, type ConsoleTest } from './support/console.js';

let c: ConsoleTest;

beforeAll(async () => {
  c = await startConsole();
});
afterAll(async () => {
  await c?.close();
});

describe('the API reference', () => {
  it('when an integrator without a session opens /api/v1/docs, then Redoc renders the API from this server alone, under its own policy', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));

    const response = await page.goto('/api/v1/docs');
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toBe(API_DOCS_POLICY);
    await expect
      .poll(() => page.locator('h1').first().textContent(), { timeout: 30_000 })
      .toMatch(/^iuran-ledger/);
    expect(await page.title()).toBe('iuran-ledger API reference');
    // An operation of the document is in the menu, and the search (a blob: worker) finds it.
    await page.getByRole('textbox', { name: /search/i }).fill('coverage');
    await expect
      .poll(() => page.locator('[data-role="search:results"] li').allTextContents(), { timeout: 20_000 })
      .toContainEqual(expect.stringMatching(/Coverage/));
    // The first screen only: Redoc's page is the whole document, far too long to picture at once.
    await page.screenshot({ path: path.resolve('screenshots', 'api-docs.png') });

    const foreign = requests.filter((url) => !url.startsWith(`${c.base}/`) && !url.startsWith('blob:'));
    expect(foreign).toEqual([]);
    expect(requests).toContain(`${c.base}/api/v1/openapi.json`);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('when Redoc is served, then it is a hashed, gzipped asset cached for a year, and console pages keep their strict policy', async () => {
    const page = await c.t.anon.get('/api/v1/docs');
    const script = /<script src="(\/assets\/redoc\.[0-9a-f]{12}\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const asset = await c.t.anon.get(script!).set('Accept-Encoding', 'gzip');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(asset.text).not.toContain('cdn.redoc.ly');

    const signInPage = await c.t.anon.get('/masuk');
    const policy = signInPage.headers['content-security-policy'] as string;
    expect(policy).toMatch(/style-src 'self'(;|$)/);
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('blob:');
  });

  it('when a signed-in reader follows the footer link, then the API reference opens', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.program_manager);
    await page.getByRole('link', { name: 'Referensi API' }).click();
    await expect
      .poll(() => page.locator('h1').first().textContent(), { timeout: 30_000 })
      .toMatch(/^iuran-ledger/);
    expect(new URL(page.url()).pathname).toBe('/api/v1/docs');
    await context.close();
  }, 120_000);
});
