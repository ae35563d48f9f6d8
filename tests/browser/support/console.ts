import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createTestContext, type TestContext } from '../../support/harness.js';

/** Debian's Chromium (never a downloaded browser), headless, with nothing that reaches the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface ConsoleTest {
  t: TestContext;
  /** `http://127.0.0.1:<port>`: the console's origin. */
  base: string;
  browser: Browser;
  /** A fresh browser profile (no cookies) at a desktop size. */
  newContext: (options?: { width?: number; height?: number }) => Promise<BrowserContext>;
  close: () => Promise<void>;
}

/**
 * The real app in-process on a free port with a fresh database (SQLite, or PostgreSQL when
 * TEST_DATABASE_URL is set), its four users created through the API, and a Chromium to drive it.
 */
export async function startConsole(): Promise<ConsoleTest> {
  const t = await createTestContext();
  const server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  return {
    t,
    base,
    browser,
    newContext: ({ width = 1280, height = 900 } = {}) =>
      browser.newContext({ baseURL: base, viewport: { width, height }, locale: 'id-ID' }),
    close: async () => {
      await browser.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

/** Signs in through the sign-in form, as a person would, and waits for the Beranda. */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel(/Token akses|Access token/).fill(token);
  await page.getByRole('button', { name: /^(Masuk|Sign in)$/ }).click();
  await expect.poll(() => page.locator('h1').textContent()).toMatch(/^(Beranda|Dashboard)$/);
}

const SCREENSHOTS = path.resolve('screenshots');

/** Writes `screenshots/<name>.png` (the whole page), for people to look at; the folder is not in git. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Runs axe-core on the page and fails on any serious or critical violation, naming each. */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const grave = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = grave.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(described, `axe on ${page.url()}`).toEqual([]);
}

/** The page's screenshot and accessibility check together, since every page gets both. */
export async function record(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await expectAccessible(page);
}

/** The session cookie as the browser holds it. */
export async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((c) => c.name === 'iuran_session');
}

/**
 * Errors the browser reports (a script error, a Content-Security-Policy violation), collected as they come.
 * Where a test provokes refusals, `refusals` leaves out the browser's own line about their status.
 */
export function browserErrors(page: Page, options: { refusals?: boolean } = {}): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (options.refusals && /status of (403|404|409|422)/.test(m.text())) return;
    errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Text with its non-breaking spaces and runs of white space as single spaces. */
export const clean = (s: string) =>
  s
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The text as a reader sees it (innerText), spaces between cells and terms included. */
export const textOf = async (page: Page, selector: string) =>
  clean(await page.locator(selector).first().innerText());

/**
 * At 1280 pixels the page does not scroll sideways, and neither does any of its tables: each fits the
 * screen, its headers wrapped, rather than hiding columns behind its own scroll bar.
 */
export async function expectFits(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    page: [document.documentElement.scrollWidth, window.innerWidth],
    tables: [...document.querySelectorAll('.table-scroll')].map((d) => [
      d.querySelector('table')!.id,
      d.scrollWidth,
      d.clientWidth,
    ]),
  }));
  expect(widths.page[0], `page width at ${page.url()}`).toBeLessThanOrEqual(widths.page[1]!);
  for (const [id, scrolled, shown] of widths.tables)
    expect(scrolled, `table ${String(id)} at ${page.url()}`).toBeLessThanOrEqual(Number(shown));
}

/** The column headers of a table, as read. */
export const headerTexts = (page: Page, id: string) =>
  page.locator(`#${id} thead th`).evaluateAll((cells) => cells.map((c) => c.textContent));

/** A row of the coverage table for a region with neither a workforce nor a count of active members. */
export const unrecordedRegion = (name: string, beneficiaries: number) => [
  name,
  'belum dicatat',
  'belum dicatat',
  ...Array<string>(5).fill('–'),
  String(beneficiaries),
];
