import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { record, sessionCookie, signIn, startConsole, type ConsoleTest } from './support/console.js';

let c: ConsoleTest;
beforeAll(async () => {
  c = await startConsole();
});
afterAll(async () => {
  await c?.close();
});

describe('signing in and out of the console', () => {
  it('when a finance officer signs in with their token, then the Beranda greets them by name with their menu', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await page.goto('/');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Masuk');
    await record(page, 'sign-in.id');

    await signIn(page, c.t.tokens.finance_officer);
    await expect.poll(() => page.locator('.who').textContent()).toContain('Test finance_officer');
    const menu = await page
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link')
      .allTextContents();
    expect(menu).toEqual(['Beranda', 'Tagihan', 'Pembayaran', 'Rekonsiliasi', 'Laporan']);
    await record(page, 'home-empty.id');

    const cookie = await sessionCookie(context);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    await context.close();
  });
});
