import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocate, bill, createProgram, enrolWorker, fundingSourceIds, pay } from '../support/fixtures.js';
import { ADMIN_TOKEN, count, makeNik } from '../support/harness.js';
import { record, signIn, startConsole, type ConsoleTest } from './support/console.js';

let c: ConsoleTest;

/** Each test walks several pages, each screenshotted and checked by axe in two languages. */
const LONG = 480_000;

/**
 * BUNGO-MANDIRI (Bungo alone), two workers from January 2026 at Rp 16,800 each (JKK 1% of Rp 1,000,000 +
 * JKM Rp 6,800): January to March billed, 2 × 16,800 = 33,600 a month; January and February paid in full;
 * the insurer's January statement credits both workers. So January is reconciled, February paid, March
 * billed, and April to December open.
 */
beforeAll(async () => {
  c = await startConsole();
  const bungo = (await fundingSourceIds(c.t))['APBD-KAB-BUNGO']!;
  const program = await createProgram(c.t, {
    code: 'BUNGO-MANDIRI',
    name: 'Jaminan Pekerja Rentan Bungo',
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
  });
  await allocate(c.t, program.id, bungo, '40320000');
  const niks = [makeNik('08', 901), makeNik('08', 902)];
  for (const nik of niks) await enrolWorker(c.t, program.id, { startPeriod: '2026-01', nik });
  for (const period of ['2026-01', '2026-02', '2026-03']) await bill(c.t, program.id, period);
  for (const period of ['2026-01', '2026-02']) {
    await pay(c.t, { programId: program.id, fundingSourceId: bungo, period, amount: '33600' });
  }
  const statement = await c.t
    .as('finance_officer')
    .post(`/api/v1/statements?programId=${program.id}&period=2026-01`)
    .set('Content-Type', 'text/csv')
    .send(['nik,kpj,name,amount', `${niks[0]},11,Satu,16800`, `${niks[1]},12,Dua,16800`].join('\n'));
  expect(statement.status, statement.text).toBe(201);
});
afterAll(async () => {
  await c?.close();
});

async function switchLanguage(page: Page): Promise<void> {
  const before = await page.locator('html').getAttribute('lang');
  await page.locator('.lang-switch button').click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).not.toBe(before);
}

/** Each month's name and state as the calendar shows them. */
const calendar = (page: Page) =>
  page
    .locator('.audit-month')
    .evaluateAll((cards) =>
      cards.map((card) => [
        card.querySelector('h3')?.textContent ?? '',
        card.querySelector('.audit-state')?.textContent ?? '',
      ]),
    );

const summaryText = (page: Page) => page.locator('.error-summary').textContent();

describe('the Audit pages', { timeout: LONG }, () => {
  it('when an auditor opens the calendar, then each month of the year shows its state and figures', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.auditor);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Audit' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Kalender periode');
    await page.getByLabel('Tahun', { exact: true }).selectOption('2026');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    expect(page.url()).toMatch(/\/audit\?tahun=2026$/);
    const months = await calendar(page);
    expect(months.slice(0, 4)).toEqual([
      ['Januari 2026', 'Direkonsiliasi'],
      ['Februari 2026', 'Lunas'],
      ['Maret 2026', 'Ditagih'],
      ['April 2026', 'Terbuka'],
    ]);
    expect(months).toHaveLength(12);
    const march = page.locator('.audit-month', { hasText: 'Maret 2026' });
    expect((await march.locator('dd').allTextContents()).map((s) => s.replace(/\u00a0/g, ' '))).toEqual([
      'Rp 33.600',
      'Rp 0',
      'Rp 0',
    ]);
    await record(page, 'audit-calendar.id');
    await switchLanguage(page);
    expect((await calendar(page))[0]).toEqual(['January 2026', 'Reconciled']);
    await record(page, 'audit-calendar.en');
    await context.close();
  });

  it('when an auditor closes a month with a note and reopens it, then the calendar follows; a refused close says why', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.auditor);
    await page.goto('/audit?tahun=2026');
    await page.getByRole('link', { name: 'Tutup bulan April 2026' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Tutup bulan April 2026');

    await page.getByRole('button', { name: 'Tutup bulan' }).click();
    expect(await summaryText(page)).toContain('Catatan');
    expect(await page.getByLabel('Catatan').getAttribute('aria-invalid')).toBe('true');
    expect(await count(c.t.db, 'period_locks', { period: '2026-04' })).toBe(0);
    await record(page, 'audit-close-refused.id');

    await page.getByLabel('Catatan').fill('Tidak ada kegiatan April, BA 12/2026');
    await page.getByRole('button', { name: 'Tutup bulan' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toBe('Bulan April 2026 telah ditutup.');
    expect((await calendar(page))[3]).toEqual(['April 2026', 'Ditutup']);
    const april = page.locator('.audit-month', { hasText: 'April 2026' });
    expect(await april.textContent()).toContain('Ditutup oleh Test auditor, 20 November 2026 10.00 WIB');
    expect(await april.textContent()).toContain('Tidak ada kegiatan April, BA 12/2026');
    const api = await c.t.as('finance_officer').get('/api/v1/periods/2026-04');
    expect(api.body).toMatchObject({ status: 'closed', note: 'Tidak ada kegiatan April, BA 12/2026' });

    // Someone else closes May while this auditor has its form open: the form says so.
    await page.getByRole('link', { name: 'Tutup bulan Mei 2026' }).click();
    const other = await c.t.as('admin').post('/api/v1/periods/2026-05/close').send({ note: 'Ditutup admin' });
    expect(other.status).toBe(200);
    await page.getByLabel('Catatan').fill('Mei selesai');
    const [refused] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/audit/2026-05/tutup') && r.request().method() === 'POST',
      ),
      page.getByRole('button', { name: 'Tutup bulan' }).click(),
    ]);
    expect(refused.status()).toBe(409);
    expect(await summaryText(page)).toContain('Bulan ini sudah ditutup.');

    await page.goto('/audit?tahun=2026');
    await page.getByRole('link', { name: 'Buka kembali April 2026' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Buka kembali bulan April 2026');
    await record(page, 'audit-reopen.id');
    await page.getByLabel('Catatan').fill('Koreksi SP2D April');
    await page.getByRole('button', { name: 'Buka kembali' }).click();
    await expect
      .poll(() => page.locator('.notice').textContent())
      .toBe('Bulan April 2026 telah dibuka kembali.');
    expect((await calendar(page)).slice(3, 5)).toEqual([
      ['April 2026', 'Terbuka'],
      ['Mei 2026', 'Ditutup'],
    ]);
    expect(await april.textContent()).toContain('Dibuka kembali oleh Test auditor');
    expect((await c.t.as('auditor').get('/api/v1/periods/2026-04')).body).toMatchObject({
      status: 'open',
      note: 'Koreksi SP2D April',
    });

    await switchLanguage(page);
    await page.getByRole('link', { name: 'Close April 2026' }).click();
    await record(page, 'audit-close.en');
    await page.goto('/audit/2026-05/buka');
    await record(page, 'audit-reopen.en');
    await page.goto('/audit/2026-04/tutup');
    await page.getByRole('button', { name: 'Close month' }).click();
    expect(await summaryText(page)).toContain('Note');
    await context.close();
  });

  it('when an auditor filters the trail to the closing of June, then the event shows its note readably', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    const closed = await c.t
      .as('auditor')
      .post('/api/v1/periods/2026-06/close')
      .send({ note: 'Rekonsiliasi Juni selesai' });
    expect(closed.status).toBe(200);
    await signIn(page, c.t.tokens.auditor);
    await page.goto('/audit/jejak');
    await record(page, 'audit-trail.id');
    await page.getByLabel('Tindakan').selectOption({ label: 'Bulan ditutup' });
    await page.getByLabel('Pelaku').selectOption({ label: 'Test auditor (Auditor)' });
    await page.getByLabel('Dari tanggal').fill('2026-11-20');
    await page.getByLabel('Sampai tanggal').fill('2026-11-20');
    await page.getByRole('button', { name: 'Saring' }).click();
    const url = new URL(page.url());
    expect(url.searchParams.get('action')).toBe('period.close');
    expect(url.searchParams.get('to')).toBe('2026-11-20');
    const actions = await page.locator('#trail-table tbody th').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a.startsWith('Bulan ditutup'))).toBe(true);
    const row = page.locator('#trail-table tbody tr', { hasText: 'period 2026-06' });
    expect(await row.locator('td').nth(2).textContent()).toBe('period 2026-06');
    expect(await row.locator('.audit-change dt').allTextContents()).toEqual(['note']);
    expect(await row.locator('.audit-change dd').allTextContents()).toEqual(['Rekonsiliasi Juni selesai']);
    await record(page, 'audit-trail-filtered.id');

    await page.getByLabel('Dari tanggal').fill('2026-11-21');
    await page.getByRole('button', { name: 'Saring' }).click();
    expect(await page.locator('.notice').textContent()).toBe(
      'Tidak ada kejadian yang cocok dengan saringan ini.',
    );
    await switchLanguage(page);
    await page.goto('/audit/jejak?entity=period');
    expect(await page.locator('#trail-table tbody tr', { hasText: 'Month closed' }).count()).toBeGreaterThan(
      0,
    );
    await record(page, 'audit-trail.en');
    await context.close();
  });

  it('when an auditor runs the verifications, then both say what they checked, and a tampered event is named', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.auditor);
    await page.goto('/audit/verifikasi');
    await record(page, 'audit-verify.id');
    await page.getByRole('button', { name: 'Jalankan pemeriksaan' }).click();
    expect(page.url()).toMatch(/\/audit\/verifikasi\?jalankan=1$/);
    const events = await count(c.t.db, 'audit_events');
    const chain = await page.locator('section', { hasText: 'Rantai jejak audit' }).textContent();
    expect(chain).toContain(`Utuh. ${events} kejadian diperiksa`);
    const journal = await page.locator('section', { hasText: 'Jurnal' }).textContent();
    expect(journal).toContain('Setiap entri jurnal seimbang');
    expect(journal).toContain('Saldo setiap akun sama dengan data operasional');
    await record(page, 'audit-verify-run.id');

    const victim = await c.t.db('audit_events').where({ action: 'program.create' }).first();
    await c.t.db('audit_events').where({ id: victim.id }).update({ change: '{"code":"DIUBAH"}' });
    try {
      await page.getByRole('button', { name: 'Jalankan lagi' }).click();
      expect(await page.locator('section', { hasText: 'Rantai jejak audit' }).textContent()).toContain(
        `Rantai putus pada kejadian nomor ${victim.id}`,
      );
      await switchLanguage(page);
      expect(await page.locator('section', { hasText: 'Audit chain' }).textContent()).toContain(
        `The chain breaks at event number ${victim.id}`,
      );
      await record(page, 'audit-verify-run.en');
    } finally {
      await c.t.db('audit_events').where({ id: victim.id }).update({ change: victim.change });
    }
    await page.goto('/audit/verifikasi');
    await record(page, 'audit-verify.en');
    await context.close();
  });

  it('when a finance officer asks for the Audit pages, then they are refused', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.finance_officer);
    const res = await page.goto('/audit/jejak');
    expect(res?.status()).toBe(403);
    await context.close();
  });
});

describe('the Pengguna pages', { timeout: LONG }, () => {
  it('when an admin creates a finance officer, then the token is shown once, signs in, and revoking it ends that session', async () => {
    const context = await c.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    await signIn(page, c.t.tokens.admin);
    await page.getByRole('link', { name: 'Pengguna' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Pengguna');
    await record(page, 'users.id');
    await page.getByRole('link', { name: 'Buat pengguna' }).click();

    await page.getByRole('button', { name: 'Buat pengguna' }).click();
    const summary = await summaryText(page);
    expect(summary).toContain('Nama lengkap');
    expect(summary).toContain('Peran');
    await record(page, 'users-new-refused.id');

    await page.getByLabel('Nama lengkap').fill('Siti Rahmawati');
    await page.getByLabel('Petugas keuangan').check();
    await page.getByLabel('Masa berlaku token (hari)').fill('30');
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/pengguna/baru') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Buat pengguna' }).click(),
    ]);
    expect(created.headers()['cache-control']).toBe('no-store');
    expect(await page.locator('h1').textContent()).toBe('Pengguna dibuat');
    expect(await page.getByRole('alert').textContent()).toContain('hanya ditampilkan sekali');
    const token = await page.getByLabel('Token akses').inputValue();
    expect(token.length).toBeGreaterThan(30);
    expect(await page.locator('p', { hasText: 'Token berlaku sampai' }).textContent()).toBe(
      'Token berlaku sampai 20 Desember 2026 10.00 WIB.',
    );
    await page.getByRole('button', { name: 'Salin token' }).click();
    await expect.poll(() => page.locator('.users-token__status').textContent()).toBe('Token disalin.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await record(page, 'users-created.id');

    await page.goto('/pengguna');
    expect(await page.content()).not.toContain(token);
    const siti = page.locator('#users-table tbody tr', { hasText: 'Siti Rahmawati' });
    expect(await siti.locator('td').allTextContents()).toEqual([
      'Petugas keuangan',
      'Aktif',
      '20 November 2026',
      '20 Desember 2026',
      'Cakupan Siti Rahmawati Cabut Siti Rahmawati',
    ]);

    const hers = await c.newContext();
    const herPage = await hers.newPage();
    await signIn(herPage, token);
    expect(await herPage.locator('.who').textContent()).toContain('Siti Rahmawati');

    await siti.getByRole('link', { name: 'Cabut Siti Rahmawati' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Cabut akses Siti Rahmawati');
    await record(page, 'users-revoke.id');
    await page.getByRole('button', { name: 'Ya, cabut aksesnya' }).click();
    await expect
      .poll(() => page.locator('.notice').textContent())
      .toBe('Akses Siti Rahmawati telah dicabut.');
    expect(
      await page.locator('#users-table tbody tr', { hasText: 'Siti Rahmawati' }).textContent(),
    ).toContain('Dicabut');

    await herPage.reload();
    await expect.poll(() => herPage.locator('h1').textContent()).toBe('Masuk');
    expect(await herPage.locator('.notice').textContent()).toBe(
      'Sesi Anda telah berakhir. Silakan masuk kembali.',
    );
    await hers.close();

    await switchLanguage(page);
    await record(page, 'users.en');
    await page.goto('/pengguna/baru');
    await record(page, 'users-new.en');
    await page.getByLabel('Full name').fill('Budi Santoso');
    await page.getByLabel('Auditor').check();
    await page.getByRole('button', { name: 'Create user' }).click();
    expect(await page.locator('h1').textContent()).toBe('User created');
    await record(page, 'users-created.en');
    await context.close();
  });

  it('when an admin revokes the last admin, then it is refused with a sentence and nothing changes', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, ADMIN_TOKEN);
    await page.goto('/pengguna');
    await page
      .locator('#users-table tbody tr', { hasText: 'Test admin' })
      .getByRole('link', { name: 'Cabut Test admin' })
      .click();
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/cabut') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Ya, cabut aksesnya' }).click(),
    ]);
    expect(refused.status()).toBe(409);
    expect(await summaryText(page)).toContain('Pengguna ini adalah administrator aktif terakhir.');
    expect(await count(c.t.db, 'users', { role: 'admin', revoked_at: null })).toBe(1);
    await record(page, 'users-revoke-refused.id');
    await switchLanguage(page);
    await page.goto(new URL(page.url()).pathname);
    await page.getByRole('button', { name: 'Yes, revoke access' }).click();
    expect(await summaryText(page)).toContain('This user is the last active administrator.');
    await record(page, 'users-revoke-refused.en');
    await context.close();
  });
});
