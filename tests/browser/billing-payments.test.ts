import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolWorker, fourEyesRegency } from '../support/fixtures.js';
import { browserErrors, textOf, record, signIn, startConsole, type ConsoleTest } from './support/console.js';

let c: ConsoleTest;
let tebo: { source: string; program: string };
let secondToken: string;

/**
 * One month of Tagihan and Pembayaran in Kabupaten Tebo, whose funding source has four-eyes approval on:
 * four workers at Rp 16,800 a month (JKK 1% of Rp 1,000,000 + JKM Rp 6,800), so March bills
 * 4 × 16,800 = 67,200. The budget of 100,800 leaves 33,600 after March, so February (another 67,200) is
 * short by 33,600.
 */
beforeAll(async () => {
  c = await startConsole();
  const regency = await fourEyesRegency(c.t, {
    sourceCode: 'APBD-KAB-TEBO',
    sourceName: 'APBD Kabupaten Tebo',
    regionCode: '15.09',
    programCode: 'TEBO-RENTAN',
    programName: 'Perlindungan Pekerja Rentan Tebo',
    budget: '100800',
    approver: 'Siti Rahma',
  });
  tebo = { source: regency.source, program: regency.program };
  secondToken = regency.approverToken;
  for (let i = 0; i < 4; i += 1)
    await enrolWorker(c.t, tebo.program, { startPeriod: '2026-01', regionCode: '15.09' });
});
afterAll(async () => {
  await c?.close();
});

/**
 * Reaches a page in Bahasa Indonesia and records it, then again in English, and comes back to it in Bahasa
 * Indonesia. `reach` is run each time, since a page shown after a form (a preview, a refusal) has no address
 * to switch language on.
 */
async function bothLanguages(page: Page, name: string, reach: () => Promise<void>): Promise<void> {
  await reach();
  await record(page, `${name}.id`);
  await page.getByRole('button', { name: /English/ }).click();
  await page.waitForLoadState();
  await reach();
  await record(page, `${name}.en`);
  await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
  await page.waitForLoadState();
  await reach();
}

async function previewBilling(page: Page, period: string): Promise<void> {
  await page.goto('/tagihan/jalankan');
  await page.locator('#f-programId').selectOption(tebo.program);
  await page.locator('#f-period').fill(period);
  await page.locator('form[action="/tagihan/jalankan/pratinjau"] button[type="submit"]').click();
  await page.waitForLoadState();
}

/** Each step records several pages in two languages under axe, which takes a while on a busy machine. */
const STEP = { timeout: 300_000 };

/** One finance officer's session through the month, step by step (the steps run in order). */
describe('billing and payments in the console', () => {
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let monthUrl: string;
  let paymentUrl: string;

  beforeAll(async () => {
    context = await c.newContext();
    // A step that cannot happen fails by its own name rather than by the test's timeout.
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
    errors = browserErrors(page, { refusals: true });
  });
  afterAll(async () => {
    await context?.close();
  });

  it(
    'when a finance officer previews March and confirms with a double click, then it is billed once, Rp 16.800 a worker',
    STEP,
    async () => {
      await signIn(page, c.t.tokens.finance_officer);
      await bothLanguages(page, 'billing-run-form', async () => {
        await page.goto('/tagihan/jalankan');
      });
      await bothLanguages(page, 'billing-preview', () => previewBilling(page, '2026-03'));
      expect(await textOf(page, 'h1')).toBe('Pratinjau tagihan');
      expect(await textOf(page, '.summary-list')).toBe('Jumlah iuran 4 Nilai Rp 67.200');
      expect(await textOf(page, '#preview tbody')).toBe('APBD Kabupaten Tebo Rp 67.200');
      const runs = async () =>
        (await c.t.as('auditor').get('/api/v1/billing-runs?period=2026-03')).body.data.length;
      expect(await runs()).toBe(0);

      // A double click on Confirm sends the same once-only key twice: one run is created.
      await page.getByRole('button', { name: 'Konfirmasi dan buat tagihan' }).dblclick();
      await page.waitForURL(/\/tagihan\/2026-03\?/);
      expect(await textOf(page, '.notice--success')).toBe('Tagihan dibuat: 4 iuran, Rp 67.200.');
      expect(await runs()).toBe(1);
      monthUrl = page.url().replace(/\?.*$/, '');
      await bothLanguages(page, 'billing-month', async () => {
        await page.goto(monthUrl);
      });
      expect(await textOf(page, '#by-source tbody')).toContain(
        'TEBO-RENTAN APBD Kabupaten Tebo 4 Rp 67.200 Rp 0 Rp 0 Rp 67.200',
      );
    },
  );

  it(
    'when February would go over the budget, then the form says which source is short and by how much',
    STEP,
    async () => {
      // February would take 67,200 more of the 33,600 left.
      await bothLanguages(page, 'billing-over-budget', () => previewBilling(page, '2026-02'));
      expect(await textOf(page, '.error-summary')).toContain(
        'APBD Kabupaten Tebo: pagu kurang Rp 33.600 (sisa pagu Rp 33.600, dibutuhkan Rp 67.200).',
      );
    },
  );

  it(
    'when an SP2D is typed, then the outstanding amount is shown live, and the recorder cannot approve it',
    STEP,
    async () => {
      await bothLanguages(page, 'payment-form', async () => {
        await page.goto('/pembayaran/catat');
        await page.locator('#f-programId').selectOption(tebo.program);
        await page.locator('#f-fundingSourceId').selectOption(tebo.source);
        await page.locator('#f-period').fill('2026-03');
        await page.locator('#f-amount').fill('70000');
        await expect.poll(() => textOf(page, '#outstanding')).toMatch(/Rp 2\.800/);
      });
      expect(await textOf(page, '#outstanding')).toBe(
        'Sisa tagihan Maret 2026: Rp 67.200. Jumlah melebihi sisa tagihan sebesar Rp 2.800; SP2D akan ditolak.',
      );
      await page.locator('#f-amount').fill('67200');
      await expect.poll(() => textOf(page, '#outstanding')).toContain('bulan ini akan lunas');
      await page.locator('#f-paidOn').fill('2026-03-12');
      await page.locator('#f-sp2dNumber').fill('0012/SP2D/BKAD-TEBO/2026');
      await page.getByRole('button', { name: 'Catat pembayaran' }).click();
      await page.waitForURL(/\/pembayaran\/\d+\?notice=recordedPending/);
      paymentUrl = page.url().replace(/\?.*$/, '');
      expect(await textOf(page, '.notice--success')).toBe(
        'Pembayaran dicatat dan menunggu persetujuan petugas keuangan lain.',
      );

      // The recorder may not approve their own SP2D: the refusal is a sentence on the page.
      await bothLanguages(page, 'payment-own-approval-refused', async () => {
        await page.goto(paymentUrl);
        await page.getByRole('button', { name: /^(Setujui pembayaran|Approve the payment)$/ }).click();
        await page.waitForLoadState();
      });
      expect(await textOf(page, '.error-summary')).toContain(
        'Pembayaran harus disetujui atau ditolak oleh petugas keuangan lain, bukan oleh yang mencatatnya.',
      );
      expect(errors).toEqual([]);
    },
  );

  it('when a second finance officer approves it from the queue, then it is paid', STEP, async () => {
    const other = await c.newContext();
    const second = await other.newPage();
    await signIn(second, secondToken);
    await bothLanguages(second, 'payments-queue', async () => {
      await second.goto('/pembayaran');
    });
    expect(await textOf(second, '#queue tbody')).toContain('0012/SP2D/BKAD-TEBO/2026 TEBO-RENTAN');
    await second.getByRole('button', { name: 'Setujui pembayaran 0012/SP2D/BKAD-TEBO/2026' }).click();
    await second.waitForURL(/notice=approved/);
    expect(await textOf(second, '.notice--success')).toBe('Pembayaran disetujui dan dicatat di jurnal.');
    expect(await textOf(second, '#allocations tbody')).toBe('Maret 2026 Rp 67.200');
    await bothLanguages(second, 'payment-detail', async () => {
      await second.goto(paymentUrl);
    });
    await other.close();
  });

  it(
    'when the paid run is cancelled, then the refusal says why, and the board shows March paid',
    STEP,
    async () => {
      // March is paid: cancelling its run is refused with the reason.
      await page.goto(monthUrl);
      await page.getByRole('link', { name: /^Batalkan proses tagihan/ }).click();
      await bothLanguages(page, 'billing-cancel', async () => {
        await page.goto(page.url().replace(/\?.*$/, ''));
      });
      await page.locator('#f-reason').fill('Data pekerja salah');
      await page.getByRole('button', { name: 'Ya, batalkan proses ini' }).click();
      await page.waitForLoadState();
      expect(await textOf(page, '.error-summary')).toContain('Sebagian tagihan ini sudah dibayar');
      await record(page, 'billing-cancel-refused.id');

      await bothLanguages(page, 'billing-board', async () => {
        await page.goto('/tagihan?tahun=2026');
      });
      expect(await textOf(page, '#board tbody tr:nth-child(3) td')).toBe(
        'Lunas Rincian Maret 2026, TEBO-RENTAN Ditagih Rp 67.200 Dibayar Rp 67.200 Dikreditkan BPJS Rp 0 Belum dibayar Rp 0',
      );
      expect(errors).toEqual([]);
    },
  );

  it('when an auditor opens Tagihan and Pembayaran, then they read them without any form that changes money', async () => {
    const context = await c.newContext();
    const page = await context.newPage();
    await signIn(page, c.t.tokens.auditor);
    await page.goto('/tagihan?tahun=2026');
    expect(await page.getByRole('link', { name: 'Jalankan tagihan' }).count()).toBe(0);
    await page.goto('/pembayaran');
    expect(await page.getByRole('link', { name: 'Catat SP2D' }).count()).toBe(0);
    expect(await page.locator('form[method="post"][action^="/pembayaran/"]').count()).toBe(0);
    const refused = await page.goto('/pembayaran/catat');
    expect(refused?.status()).toBe(403);
    await context.close();
  });
});
