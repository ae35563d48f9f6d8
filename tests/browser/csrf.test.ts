import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, count } from '../support/harness.js';
import { record, signIn, startConsole, type ConsoleTest } from './support/console.js';

let c: ConsoleTest;
let foreign: http.Server;
let foreignBase: string;

/**
 * Another origin (same host, another port: the same site for cookies, so the browser does send the
 * session cookie along) serving a page whose form posts to the console's sign-out.
 */
beforeAll(async () => {
  c = await startConsole();
  foreign = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(
      `<!DOCTYPE html><html lang="en"><title>Prize</title><form method="post" action="${c.base}/keluar">` +
        `<input type="hidden" name="next" value="/"><button>Claim your prize</button></form></html>`,
    );
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  foreignBase = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});
afterAll(async () => {
  foreign?.closeAllConnections();
  await new Promise((resolve) => foreign?.close(resolve));
  await c?.close();
});

const FUNDING_SOURCE = { code: 'APBDES-TEST', name: 'APBDes Test', level: 'village', regionCode: '15.08' };

describe('cross-site requests to the console', () => {
  it('when a page of another origin posts a form to the console, then it is refused and the session lives on', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.finance_officer);

    await page.goto(foreignBase);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${c.base}/keluar`),
      page.getByRole('button', { name: 'Claim your prize' }).click(),
    ]);
    expect(response.status()).toBe(403);
    expect((await response.request().allHeaders()).cookie).toContain('iuran_session=');
    expect(await page.locator('h1').textContent()).toBe('Permintaan ditolak');
    await record(page, 'csrf-refused.id');
    expect(await count(c.t.db, 'audit_events', { action: 'session.sign_out' })).toBe(0);

    await page.getByRole('button', { name: /English/ }).click();
    await page.goto(foreignBase);
    await page.getByRole('button', { name: 'Claim your prize' }).click();
    expect(await page.locator('h1').textContent()).toBe('Request refused');
    await record(page, 'csrf-refused.en');

    await page.goto('/');
    expect(await page.locator('h1').textContent()).toBe('Dashboard');
    await context.close();
  });

  it('when a console form is posted without its CSRF token, then it is refused; with the token it goes through', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.auditor);
    const post = (body: string) =>
      page.evaluate(
        (b) =>
          fetch('/keluar', {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: b,
            redirect: 'manual',
          }).then((r) => r.status),
        body,
      );
    expect(await post('next=%2F')).toBe(403);
    expect(await post('_csrf=not-the-token')).toBe(403);
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe('Beranda');

    const token = await page.locator('form[action="/keluar"] input[name="_csrf"]').inputValue();
    expect(await post(`_csrf=${encodeURIComponent(token)}`)).toBe(0);
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe('Masuk');
    await context.close();
  });

  it('when the API is called with the session cookie but without the CSRF token, then a write is refused; a bearer token needs none', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, ADMIN_TOKEN);

    const noToken = await page.request.post('/api/v1/funding-sources', { data: FUNDING_SOURCE });
    expect(noToken.status()).toBe(403);
    expect(noToken.headers()['content-type']).toContain('application/problem+json');
    expect(await noToken.json()).toMatchObject({ status: 403, code: 'CSRF_FAILED' });

    const token = await page.locator('form[action="/keluar"] input[name="_csrf"]').inputValue();
    const noOrigin = await page.request.post('/api/v1/funding-sources', {
      data: FUNDING_SOURCE,
      headers: { 'X-CSRF-Token': token },
    });
    expect(noOrigin.status()).toBe(403);
    expect(await count(c.t.db, 'funding_sources', { code: FUNDING_SOURCE.code })).toBe(0);

    const reads = await page.request.get('/api/v1/funding-sources');
    expect(reads.status()).toBe(200);

    const bearer = await page.request.post('/api/v1/funding-sources', {
      data: FUNDING_SOURCE,
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(bearer.status()).toBe(201);

    const fromConsole = await page.evaluate(
      ([csrf, body]) =>
        fetch('/api/v1/funding-sources', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
          body,
        }).then((r) => r.status),
      [token, JSON.stringify({ ...FUNDING_SOURCE, code: 'APBDES-TEST-2' })] as const,
    );
    expect(fromConsole).toBe(201);
    const created = await c.t.db('audit_events').where({ action: 'funding_source.create' }).orderBy('id');
    expect(created.map((e) => e.actor)).toEqual(['admin-token', 'admin-token']);
    await context.close();
  });
});
