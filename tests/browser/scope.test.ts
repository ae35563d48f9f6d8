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
import { record, signIn, startConsole, type ConsoleTest } from './support/console.js';

let c: ConsoleTest;
let auditorId: string;
let auditorToken: string;
let bungo: string;

/**
 * January to March 2026, Rp 16,800 a worker and month:
 * - DUMISAKE-BUNGO, 0.6 province / 0.4 Bungo, three workers: Bungo's share 3 × 3 × 6,720 = 60,480 billed,
 *   none paid (the province paid its January share); Bungo's ceiling 80,640,000, left 80,579,520.
 * - BUNGO-MANDIRI, Bungo alone, two workers: 2 × 3 × 16,800 = 100,800 billed, January paid (33,600);
 *   ceiling 40,320,000, left 40,219,200.
 * Bungo's money: budget 120,960,000, billed 161,280, paid 33,600, left 120,798,720.
 */
beforeAll(async () => {
  c = await startConsole();
  const src = await fundingSourceIds(c.t);
  const province = src['APBD-PROV-JAMBI']!;
  bungo = src['APBD-KAB-BUNGO']!;
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
  const auditor = await c.t
    .as('admin')
    .post('/api/v1/users')
    .send({ name: 'Inspektorat Bungo', role: 'auditor' });
  auditorId = auditor.body.id;
  auditorToken = auditor.body.token;
});
afterAll(async () => {
  await c?.close();
});

/**
 * The Beranda's budget lines as [programme (or the total), pagu, billed, paid, credited, remaining]: the
 * source column (the total spans it) and the share used are left out.
 */
const summaryRows = (page: Page) =>
  page
    .locator('#lines-table')
    .locator('tbody tr, tfoot tr')
    .evaluateAll((rows) =>
      rows.map((r) => {
        const cells = Array.from(r.children) as HTMLTableCellElement[];
        const text = (cell: HTMLTableCellElement) => (cell.textContent ?? '').replace(/\u00a0/g, ' ');
        const figuresFrom = cells[0]!.colSpan === 2 ? 1 : 2;
        return [text(cells[0]!), ...cells.slice(figuresFrom, -1).map(text)];
      }),
    );

describe('a user’s scope in the console', () => {
  it('when an admin limits an auditor to Bungo’s money, then the auditor’s Beranda counts only Bungo’s money', async () => {
    const admin = await c.newContext();
    const page = await admin.newPage();
    await signIn(page, c.t.tokens.admin);
    await page.goto(`/pengguna/${auditorId}/cakupan`);
    expect(await page.locator('h1').textContent()).toBe('Cakupan Inspektorat Bungo');
    expect(await page.locator('.scope-summary').textContent()).toContain('Seluruh provinsi');
    await record(page, 'user-scope.id');
    await page.getByRole('button', { name: /English/ }).click();
    expect(await page.locator('h1').textContent()).toBe('Scope of Inspektorat Bungo');
    await record(page, 'user-scope.en');
    await page.getByRole('button', { name: /Bahasa Indonesia|Indonesia/ }).click();

    await page.getByLabel('APBD Kabupaten Bungo (APBD-KAB-BUNGO)').check();
    await page.getByRole('button', { name: 'Simpan cakupan' }).click();
    await expect
      .poll(() => page.locator('.notice[role="status"]').textContent())
      .toContain('Cakupan disimpan');
    expect(await page.locator('.scope-summary').textContent()).toContain('APBD Kabupaten Bungo');
    expect(await page.getByLabel('APBD Kabupaten Bungo (APBD-KAB-BUNGO)').isChecked()).toBe(true);
    await record(page, 'user-scope-saved.id');
    const stored = await c.t.as('admin').get('/api/v1/users');
    expect(
      (stored.body.data as { id: string; scope: unknown }[]).find((u) => u.id === auditorId)?.scope,
    ).toEqual({
      fundingSourceIds: [bungo],
      regionCodes: null,
    });
    await admin.close();

    const context = await c.newContext();
    const reader = await context.newPage();
    await signIn(reader, auditorToken);
    expect(await summaryRows(reader)).toEqual([
      ['DUMISAKE-BUNGO', '80.640.000', '60.480', '0', '0', '80.579.520'],
      ['BUNGO-MANDIRI', '40.320.000', '100.800', '33.600', '0', '40.219.200'],
      ['Jumlah', '120.960.000', '161.280', '33.600', '0', '120.798.720'],
    ]);
    await reader.locator('#monthly-chart[data-drawn]').waitFor();
    await record(reader, 'user-scope-home.id');
    await reader.getByRole('button', { name: /English/ }).click();
    expect((await summaryRows(reader)).at(-1)).toEqual([
      'Total',
      '120.960.000',
      '161.280',
      '33.600',
      '0',
      '120.798.720',
    ]);
    await reader.locator('#monthly-chart[data-drawn]').waitFor();
    await record(reader, 'user-scope-home.en');
    await context.close();
  }, 300_000);

  it('when an admin opens a program manager’s scope, then only regions are offered; an admin’s page says admins are province-wide', async () => {
    const manager = await c.t
      .as('admin')
      .post('/api/v1/users')
      .send({ name: 'Pengelola Kota', role: 'program_manager' });
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.admin);
    await page.goto(`/pengguna/${manager.body.id}/cakupan`);
    expect(await page.getByRole('group', { name: 'Sumber dana' }).count()).toBe(0);
    await page.getByLabel('Kota Jambi (15.71)').check();
    await page.getByRole('button', { name: 'Simpan cakupan' }).click();
    await expect.poll(() => page.locator('.scope-summary').textContent()).toContain('Kota Jambi');
    await page.goto(`/pengguna/1/cakupan`);
    expect(await page.locator('.notice').textContent()).toContain('Administrator selalu');
    await record(page, 'user-scope-admin.id');
    await context.close();
  }, 300_000);

  it('when someone other than an admin opens a scope page, then it is refused', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.auditor);
    const res = await page.goto(`/pengguna/${auditorId}/cakupan`);
    expect(res?.status()).toBe(403);
    await context.close();
  }, 300_000);
});
