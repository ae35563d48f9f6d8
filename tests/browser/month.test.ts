import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNik } from '../support/harness.js';
import { fourEyesRegency } from '../support/fixtures.js';
import {
  browserErrors,
  clean,
  textOf,
  record,
  signIn,
  startConsole,
  type ConsoleTest,
} from './support/console.js';

/**
 * One whole month, October 2026, in Kabupaten Tanjung Jabung Timur, played through the console by each role
 * in turn, as the people of a Dinas would: the programme manager uploads the village's list, the finance
 * officer bills it with a preview and records the SP2D, a second finance officer approves it (the source
 * has four-eyes approval), the finance officer uploads the insurer's statement and settles its exception,
 * the auditor closes the month, reads the Beranda and downloads the totals as a workbook.
 *
 * Figures by hand: in October 2026 a worker declaring Rp 1,000,000 costs JKK 0.5% = 5,000 plus JKM 3,400
 * (both halved from April to December 2026), Rp 8,400; three workers are Rp 25,200 a month. The statement
 * credits two at 8,400 and reports the third at 8,000, an amount mismatch that is accepted.
 */

let c: ConsoleTest;
let tanjab: { source: string; program: string };
let approverToken: string;
const niks = [makeNik('07', 701), makeNik('07', 702), makeNik('07', 703)];

beforeAll(async () => {
  c = await startConsole();
  const regency = await fourEyesRegency(c.t, {
    sourceCode: 'APBD-KAB-TANJABTIM',
    sourceName: 'APBD Kabupaten Tanjung Jabung Timur',
    regionCode: '15.07',
    programCode: 'TANJABTIM-RENTAN',
    programName: 'Pekerja Rentan Tanjung Jabung Timur',
    budget: '500000',
    approver: 'Rahmat Hidayat',
  });
  tanjab = { source: regency.source, program: regency.program };
  approverToken = regency.approverToken;
});
afterAll(async () => {
  await c?.close();
});

/** A signed-in session of one role, with its own cookies. */
async function sessionOf(token: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await c.newContext();
  // A step that cannot happen fails by its own name rather than by the test's timeout.
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors = browserErrors(page, { refusals: true });
  await signIn(page, token);
  return { context, page, errors };
}

const STEP = { timeout: 300_000 };

// The steps are one month in order: each builds on what the one before left.
describe('October 2026, as each role plays it', { shuffle: false }, () => {
  it(
    'when the programme manager uploads the village list into the programme from October, then three are registered and enrolled',
    STEP,
    async () => {
      const { context, page, errors } = await sessionOf(c.t.tokens.program_manager);
      await page.goto('/penerima');
      await page.getByRole('link', { name: /^Unggah daftar penerima/ }).click();
      await page.getByLabel('Program', { exact: true }).selectOption(tanjab.program);
      await page.locator('input[name="startPeriod"]').fill('2026-10');
      const csv = [
        'NIK;Nama;Kode Wilayah;Sektor',
        ...niks.map((nik, i) => `${nik};Warga ${i + 1};15.07;pertanian`),
      ];
      await page.locator('input[name="file"]').setInputFiles({
        name: 'desa-nipah-panjang.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`${csv.join('\n')}\n`, 'utf8'),
      });
      await page.getByRole('button', { name: 'Unggah' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Hasil unggahan');
      expect(await page.locator('.counts__item').allTextContents()).toEqual([
        'Didaftarkan3',
        'Didaftarkan dalam program3',
        'Ditolak0',
      ]);
      await record(page, 'month-upload.id');
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it(
    'when the finance officer previews October and confirms, then three contributions of Rp 8.400 are billed',
    STEP,
    async () => {
      const { context, page, errors } = await sessionOf(c.t.tokens.finance_officer);
      await page.goto('/tagihan/jalankan');
      await page.locator('#f-programId').selectOption(tanjab.program);
      await page.locator('#f-period').fill('2026-10');
      await page.locator('form[action="/tagihan/jalankan/pratinjau"] button[type="submit"]').click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Pratinjau tagihan');
      expect(await textOf(page, '.summary-list')).toBe('Jumlah iuran 3 Nilai Rp 25.200');
      expect(await textOf(page, '#preview tbody')).toBe('APBD Kabupaten Tanjung Jabung Timur Rp 25.200');
      await record(page, 'month-preview.id');
      await page.getByRole('button', { name: 'Konfirmasi dan buat tagihan' }).click();
      await page.waitForURL(/notice=billed/);
      expect(await textOf(page, '.notice--success')).toBe('Tagihan dibuat: 3 iuran, Rp 25.200.');
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it(
    'when the finance officer records the SP2D, then it waits for another officer, who approves it; paying October again is refused in a sentence',
    STEP,
    async () => {
      const { context, page, errors } = await sessionOf(c.t.tokens.finance_officer);
      await page.goto('/pembayaran/catat');
      await page.locator('#f-programId').selectOption(tanjab.program);
      await page.locator('#f-fundingSourceId').selectOption(tanjab.source);
      await page.locator('#f-period').fill('2026-10');
      await page.locator('#f-amount').fill('25200');
      await expect.poll(() => textOf(page, '#outstanding')).toContain('bulan ini akan lunas');
      await page.locator('#f-paidOn').fill('2026-11-05');
      await page.locator('#f-sp2dNumber').fill('0101/SP2D/BPKAD-TJT/2026');
      await page.getByRole('button', { name: 'Catat pembayaran' }).click();
      await page.waitForURL(/notice=recordedPending/);
      expect(await textOf(page, '.notice--success')).toBe(
        'Pembayaran dicatat dan menunggu persetujuan petugas keuangan lain.',
      );

      const approver = await sessionOf(approverToken);
      await approver.page.goto('/pembayaran');
      await approver.page
        .getByRole('button', { name: 'Setujui pembayaran 0101/SP2D/BPKAD-TJT/2026' })
        .click();
      await approver.page.waitForURL(/notice=approved/);
      expect(await textOf(approver.page, '#allocations tbody')).toBe('Oktober 2026 Rp 25.200');
      expect(approver.errors).toEqual([]);
      await approver.context.close();

      // October is paid in full: one more SP2D for it is refused, and the page says why.
      await page.goto('/pembayaran/catat');
      await page.locator('#f-programId').selectOption(tanjab.program);
      await page.locator('#f-fundingSourceId').selectOption(tanjab.source);
      await page.locator('#f-period').fill('2026-10');
      await page.locator('#f-amount').fill('8400');
      await page.locator('#f-paidOn').fill('2026-11-06');
      await page.locator('#f-sp2dNumber').fill('0102/SP2D/BPKAD-TJT/2026');
      await page.getByRole('button', { name: 'Catat pembayaran' }).click();
      await expect.poll(() => page.locator('.error-summary').count()).toBe(1);
      expect(await textOf(page, '.error-summary')).toBe(
        'Ada masalah Jumlahnya melebihi tagihan yang belum dibayar. Jumlah (Rp): tidak boleh melebihi sisa tagihan 0',
      );
      await record(page, 'month-overpayment-refused.id');
      const payments = await c.t.as('auditor').get(`/api/v1/payments?fundingSourceId=${tanjab.source}`);
      expect((payments.body.data as unknown[]).length).toBe(1);
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it(
    "when the finance officer uploads the insurer's statement, then two match and the third's Rp 8.000 is an exception, settled by accepting it with a note",
    STEP,
    async () => {
      const { context, page, errors } = await sessionOf(c.t.tokens.finance_officer);
      await page.goto('/rekonsiliasi');
      await page.locator('#f-programId').selectOption(tanjab.program);
      await page.locator('#f-period').fill('2026-10');
      const statement = [
        'nik,kpj,name,amount',
        `${niks[0]},,Warga 1,8400`,
        `${niks[1]},,Warga 2,8400`,
        `${niks[2]},,Warga 3,8000`,
      ];
      await page.getByLabel('Berkas laporan').setInputFiles({
        name: 'bpjs-oktober.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(statement.join('\n'), 'utf8'),
      });
      await page.getByRole('button', { name: 'Unggah dan cocokkan' }).click();
      await page.waitForURL(/\/rekonsiliasi\/\d+$/);
      const figures = await page
        .locator('.summary-figures > div')
        .evaluateAll((items) =>
          items.map((i) => [i.querySelector('dt')!.textContent, i.querySelector('dd')!.textContent]),
        );
      expect(figures).toContainEqual(['Cocok', '2']);
      expect(figures).toContainEqual(['Jumlah berbeda', '1']);
      expect(figures).toContainEqual(['Jumlah dikreditkan', 'Rp 16.800']);
      await page.getByLabel(`Penyelesaian untuk NIK ${niks[2]}`).selectOption('accepted');
      await page
        .getByLabel(`Catatan untuk NIK ${niks[2]}`)
        .fill('Selisih Rp 400 sesuai tagihan BPJS; diterima.');
      await page
        .getByRole('row', { name: new RegExp(niks[2]!) })
        .getByRole('button', { name: 'Selesaikan' })
        .click();
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toBe(`Pengecualian NIK ${niks[2]} sudah diselesaikan.`);
      await record(page, 'month-statement.id');
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it(
    'when the auditor closes October, reads the Beranda and downloads the totals, then every figure is the month’s',
    STEP,
    async () => {
      const { context, page, errors } = await sessionOf(c.t.tokens.auditor);
      await page.goto('/audit?tahun=2026');
      await page.getByRole('link', { name: 'Tutup bulan Oktober 2026' }).click();
      await page.getByLabel('Catatan').fill('Rekonsiliasi Oktober selesai, BA 10/2026');
      await page.getByRole('button', { name: 'Tutup bulan' }).click();
      await expect
        .poll(() => page.locator('.notice').textContent())
        .toBe('Bulan Oktober 2026 telah ditutup.');

      await page.goto('/?tahun=2026');
      const line = await page
        .locator('table', { has: page.locator('caption', { hasText: /program/i }) })
        .locator('tbody tr', { hasText: 'TANJABTIM-RENTAN' })
        .first()
        .innerText();
      // Pagu 500,000; billed and paid 25,200; remaining 474,800.
      expect(clean(line)).toContain('500.000');
      expect(clean(line)).toContain('25.200');
      expect(clean(line)).toContain('474.800');
      const coverage = await page
        .locator('table', { has: page.locator('caption', { hasText: /Cakupan kepesertaan/ }) })
        .locator('tbody tr', { hasText: 'Tanjung Jabung Timur' })
        .innerText();
      // No workforce and no count of active members recorded: only its three beneficiaries.
      expect(clean(coverage)).toBe(
        'Kabupaten Tanjung Jabung Timur (15.07) belum dicatat belum dicatat – – – – – 3',
      );
      await record(page, 'month-home.id');
      await page.getByRole('button', { name: /English/ }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Dashboard');
      await record(page, 'month-home.en');
      await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Beranda');

      await page.goto('/laporan/total?from=2026-10&to=2026-10&groupBy=program&groupBy=fundingSource');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /^XLSX/ }).click(),
      ]);
      const workbook = new ExcelJS.Workbook();
      // exceljs declares its own Buffer type; at run time it reads Node's.
      await workbook.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ExcelJS.Buffer);
      const sheet = workbook.worksheets[0]!;
      const row = sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(1).value === 'TANJABTIM-RENTAN')!;
      const numbers = (row.values as unknown[]).filter((v) => typeof v === 'number');
      // Budget, billed, paid, credited, outstanding, remaining, obligations, workers.
      expect(numbers).toEqual([500000, 25200, 25200, 16800, 0, 474800, 3, 3]);
      expect(errors).toEqual([]);
      await context.close();
    },
  );
});
