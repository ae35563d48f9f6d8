import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from '../support/harness.js';
import { record, sessionCookie, signIn, startConsole, type ConsoleTest } from './support/console.js';

let c: ConsoleTest;
beforeAll(async () => {
  c = await startConsole();
});
afterAll(async () => {
  await c?.close();
});

const menuOf = (page: import('playwright-core').Page, name: string) =>
  page.getByRole('navigation', { name }).getByRole('link').allTextContents();

describe('signing in and out of the console', () => {
  it('when a finance officer signs in with their token, then the Beranda greets them by name with their menu', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await page.goto('/');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Masuk');
    await record(page, 'sign-in.id');

    await signIn(page, c.t.tokens.finance_officer);
    expect(await page.locator('.who').textContent()).toContain('Test finance_officer');
    expect(await page.locator('.who').textContent()).toContain('Petugas keuangan');
    expect(await menuOf(page, 'Menu utama')).toEqual([
      'Beranda',
      'Tagihan',
      'Pembayaran',
      'Rekonsiliasi',
      'Laporan',
    ]);
    await record(page, 'home-empty.id');

    expect(await sessionCookie(context)).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const events = await c.t.db('audit_events').where({ action: 'session.sign_in' });
    expect(events.at(-1)).toMatchObject({
      actor: expect.any(String),
      role: 'finance_officer',
      entity: 'session',
    });
    await context.close();
  });

  it('when a token is wrong, then the form says so at the top and beside the field, and a right one then works', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await page.goto('/masuk');
    await page.getByLabel('Token akses').fill('il_not-a-real-token');
    const response = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/masuk') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Masuk' }).click(),
    ]);
    expect(response[0].status()).toBe(401);
    const summary = page.getByRole('alert');
    expect(await summary.locator('h2').textContent()).toBe('Ada masalah');
    expect(await summary.getByRole('link').textContent()).toContain('Token tidak dikenal');
    expect(await page.locator('#f-token-error').textContent()).toContain('Token tidak dikenal');
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('error-summary');
    await record(page, 'sign-in-refused.id');

    await page.getByRole('button', { name: /English/ }).click();
    await page.getByLabel('Access token').fill('');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('#f-token-error').textContent()).toContain('Enter your access token');
    await record(page, 'sign-in-refused.en');

    await signIn(page, c.t.tokens.auditor);
    expect(await page.locator('h1').textContent()).toBe('Dashboard');
    await context.close();
  });

  it('when the reader switches to English and back, then the words and the menu follow, on every page', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: /English/ }).click();
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await record(page, 'sign-in.en');

    await signIn(page, c.t.tokens.admin);
    expect(await page.locator('h1').textContent()).toBe('Dashboard');
    expect(await menuOf(page, 'Main menu')).toEqual([
      'Dashboard',
      'Beneficiaries',
      'Billing',
      'Payments',
      'Reconciliation',
      'Reports',
      'Audit',
      'Users',
    ]);
    await record(page, 'home-empty.en');

    await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
    expect(await page.locator('h1').textContent()).toBe('Beranda');
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe('Beranda');
    await context.close();
  });

  it('when the reader signs out, then their session cookie opens nothing any more, neither a page nor the API', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.program_manager);
    expect(await menuOf(page, 'Menu utama')).toEqual(['Beranda', 'Penerima', 'Laporan']);
    const cookie = (await sessionCookie(context))!;

    await page.getByRole('button', { name: 'Keluar' }).click();
    expect(await page.locator('h1').textContent()).toBe('Masuk');
    expect(await page.getByRole('status').textContent()).toBe('Anda telah keluar.');
    await record(page, 'signed-out.id');
    expect(await sessionCookie(context)).toBeUndefined();
    const events = await c.t.db('audit_events').where({ action: 'session.sign_out' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ role: 'program_manager', entity: 'session' });

    const replay = await c.newContext();
    await replay.addCookies([{ ...cookie }]);
    const again = await replay.newPage();
    await again.goto('/');
    expect(await again.locator('h1').textContent()).toBe('Masuk');
    const api = await supertest(c.t.app)
      .get('/api/v1/programs')
      .set('Cookie', `iuran_session=${cookie.value}`);
    expect(api.status).toBe(401);
    await replay.close();
    await context.close();
  });

  it('when an administrator revokes a signed-in user, then that user is signed out on their next click', async () => {
    const created = await supertest(c.t.app)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ name: 'Rina Bungo', role: 'finance_officer' });
    expect(created.status).toBe(201);
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, created.body.token as string);
    expect(await page.locator('.who strong').textContent()).toBe('Rina Bungo');

    const revoked = await supertest(c.t.app)
      .post(`/api/v1/users/${created.body.id}/revoke`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(revoked.status).toBe(200);
    await page.getByRole('link', { name: 'Beranda' }).click();
    expect(await page.locator('h1').textContent()).toBe('Masuk');
    expect(await page.getByRole('status').textContent()).toBe(
      'Sesi Anda telah berakhir. Silakan masuk kembali.',
    );
    await record(page, 'session-ended.id');
    const row = await c.t
      .db('web_sessions')
      .where({ user_id: String(created.body.id) })
      .first();
    expect(row).toMatchObject({ ended_reason: 'revoked' });
    await context.close();
  });
});
