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
import { makeNik } from '../support/harness.js';
import {
  browserErrors,
  clean,
  record,
  signIn,
  startConsole,
  textOf,
  type ConsoleTest,
} from './support/console.js';

let c: ConsoleTest;
const billedNik = makeNik('08', 801);

/**
 * BUNGO-MANDIRI (Bungo alone) with one worker enrolled from January 2026 and billed for January and
 * February: two months of JKK 1% of Rp 1.000.000 + JKM Rp 6.800 = Rp 16.800 each, not yet credited.
 */
beforeAll(async () => {
  c = await startConsole();
  const bungo = (await fundingSourceIds(c.t))['APBD-KAB-BUNGO']!;
  const mandiri = await createProgram(c.t, {
    code: 'BUNGO-MANDIRI',
    name: 'Jaminan Pekerja Rentan Bungo',
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
  });
  await allocate(c.t, mandiri.id, bungo, '40320000');
  await enrolWorker(c.t, mandiri.id, { startPeriod: '2026-01', nik: billedNik });
  await bill(c.t, mandiri.id, '2026-01');
  await bill(c.t, mandiri.id, '2026-02');
});
afterAll(async () => {
  await c?.close();
});

/** Screenshot and axe in Bahasa Indonesia, then in English, and back to Bahasa Indonesia. */
async function bothLanguages(page: Page, name: string): Promise<void> {
  await record(page, `${name}.id`);
  await page.getByRole('button', { name: /English/ }).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
  await record(page, `${name}.en`);
  await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('id');
}

const newRow = makeNik('08', 811);
const badRow = makeNik('08', 812);
const CSV = [
  'nik;name;regionCode;sector',
  `${newRow};Siti Rahmawati;15.08;agriculture`,
  `${makeNik('08', 813)};Budi Santoso;15.71;trade`,
  `${badRow};Tanpa Wilayah;99.99;other`,
].join('\n');

describe('Penerima, as a programme manager', () => {
  let page: Page;
  beforeAll(async () => {
    page = await (await c.newContext()).newPage();
  });

  it('when a CSV is uploaded through the page, then the progress bar runs and the result lists the rejected row with its reason', async () => {
    await signIn(page, c.t.tokens.program_manager);
    await page.getByRole('link', { name: 'Penerima' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Penerima');
    await bothLanguages(page, 'beneficiaries-list');
    await page.getByRole('link', { name: 'Unggah daftar penerima (CSV)' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Unggah daftar penerima');

    // A submission without a file is refused on the form, sent by htmx and swapped in all the same.
    await page.getByRole('button', { name: 'Unggah' }).click();
    await expect
      .poll(() => page.locator('.error-summary').textContent())
      .toContain('Berkas CSV: belum dipilih');
    await bothLanguages(page, 'beneficiaries-upload');

    // The progress the page shows, noted as htmx reports it: this listener runs after console.js's (added
    // later, on the same element), so it reads the value the bar was just given, before the answer replaces it.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { seen: number[] }).seen = seen;
      document.addEventListener('htmx:xhr:progress', () => {
        const bar = document.querySelector<HTMLProgressElement>('[data-upload-progress]');
        if (bar) seen.push(bar.value);
      });
    });
    await page.getByLabel('Berkas CSV').setInputFiles({
      name: 'desa-sungai-binjai.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV, 'utf8'),
    });
    await page.getByRole('button', { name: 'Unggah' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Hasil unggahan');
    expect(await page.evaluate(() => (window as unknown as { seen: number[] }).seen)).toContain(100);
    expect(new URL(page.url()).pathname).toBe('/penerima/unggah/hasil');
    const counts = await page.locator('.counts__item').allTextContents();
    expect(counts).toEqual(['Didaftarkan2', 'Didaftarkan dalam program0', 'Ditolak1']);
    const rejected = page.locator('#rejected tbody tr');
    expect(await rejected.count()).toBe(1);
    expect(await rejected.first().textContent()).toBe(
      `4${badRow}99.99 bukan kabupaten atau kota yang dikenal, menurut kode atau nama (misalnya 15.08, 1508 atau Kabupaten Bungo)`,
    );
    await bothLanguages(page, 'beneficiaries-upload-result');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Unduh baris yang ditolak (CSV)' }).click(),
    ]);
    // The API's rejectedUrl, read with the console's session.
    expect(download.suggestedFilename()).toMatch(/^rejected-lines-.*\.csv$/);
  }, 300_000);

  it('when searching by name and by full NIK, then the person is found and opens on their page', async () => {
    await page.goto('/penerima');
    await page.getByLabel('NIK atau nama').fill('siti rahma');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect.poll(() => page.locator('#beneficiaries tbody tr').count()).toBe(1);
    expect(page.url()).toContain('q=siti+rahma');
    await page.getByLabel('NIK atau nama').fill(billedNik);
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect
      .poll(() => page.locator('#beneficiaries tbody td.nik').allTextContents())
      .toEqual([billedNik]);
    await page.locator('#beneficiaries tbody th a').click();
    await expect.poll(() => page.locator('#obligations tbody tr').count()).toBe(2);
    const january = await page.locator('#obligations tbody').first().textContent();
    expect(january).toBe('Januari 2026jumlah Rp 16.800BUNGO-MANDIRIAPBD-KAB-BUNGORegulerRp 16.800Ditagih');
    await bothLanguages(page, 'beneficiaries-person');
  }, 300_000);

  it('when enrolling the new person and ending it with a month before its start, then the sentence shows; a valid month ends it', async () => {
    await page.goto(`/penerima?q=${newRow}`);
    await page.locator('#beneficiaries tbody th a').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Siti Rahmawati');
    await page
      .getByLabel('Program', { exact: true })
      .selectOption({ label: 'BUNGO-MANDIRI · Jaminan Pekerja Rentan Bungo' });
    await page.getByLabel('Bulan pertama').fill('2026-04');
    await page.getByRole('button', { name: 'Daftarkan' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Penerima telah didaftarkan dalam program.');
    expect(await page.locator('#enrolments tbody tr').textContent()).toBe(
      'BUNGO-MANDIRIApril 2026tanpa batasBerjalan',
    );

    await page.getByText('Akhiri kepesertaan BUNGO-MANDIRI sejak April 2026').click();
    await page.getByLabel('Bulan terakhir yang ditanggung').fill('2026-02');
    await page.getByLabel('Alasan').selectOption('moved');
    await page.getByRole('button', { name: 'Akhiri kepesertaan' }).click();
    await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true);
    expect(await page.locator('.error-summary li').allTextContents()).toContain(
      'Bulan terakhir yang ditanggung: tidak boleh sebelum kepesertaan mulai (2026-04)',
    );
    await bothLanguages(page, 'beneficiaries-person-refused');
    expect(await page.locator('h1').textContent()).toBe('Siti Rahmawati');

    await page.getByText('Akhiri kepesertaan BUNGO-MANDIRI sejak April 2026').click();
    await page.getByLabel('Bulan terakhir yang ditanggung').fill('2026-09');
    await page.getByLabel('Alasan').selectOption('employer_covered');
    await page.getByRole('button', { name: 'Akhiri kepesertaan' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Kepesertaan telah diakhiri.');
    expect(await page.locator('#enrolments tbody tr').textContent()).toBe(
      'BUNGO-MANDIRIApril 2026September 2026Diakhiri: Ditanggung pemberi kerja',
    );
  }, 300_000);
});

/** Each row of a table's body and foot, its cells' text as a reader sees it. */
const rowsOf = (page: Page, id: string) =>
  page
    .locator(`#${id}`)
    .locator('tbody tr, tfoot tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.children).map((cell) => (cell as HTMLElement).innerText)),
    )
    .then((rows) => rows.map((r) => r.map(clean)));

describe('Penerima, a death reported late', () => {
  /**
   * A programme co-funded 0.6 by the province and 0.4 by Bungo, two Bungo workers from August 2026, billed
   * for August to October at the PP 50/2025 rate: JKK 0.5% of Rp 1.000.000 = 5.000 + JKM 3.400 = 8.400 a
   * worker, the province's share 5.040 and Bungo's 3.360. The province paid August and September
   * (2 × 5.040 = 10.080 each), Bungo only August (2 × 3.360 = 6.720). Then one worker's death in August is
   * reported: their September is an overpayment of 5.040 for the province (paid) and a cancelled 3.360 for
   * Bungo (unpaid); their October is cancelled for both. Cancelled 5.040 + 3.360 + 5.040 + 3.360 = 16.800.
   */
  let deceased: string;
  beforeAll(async () => {
    const src = await fundingSourceIds(c.t);
    const province = src['APBD-PROV-JAMBI']!;
    const bungo = src['APBD-KAB-BUNGO']!;
    const program = await createCoFundedProgram(c.t, 'DUMISAKE-BUNGO', province, bungo);
    await allocate(c.t, program.id, province, '1000000');
    await allocate(c.t, program.id, bungo, '1000000');
    deceased = await enrolWorker(c.t, program.id, { startPeriod: '2026-08', nik: makeNik('08', 821) });
    await enrolWorker(c.t, program.id, { startPeriod: '2026-08', nik: makeNik('08', 822) });
    for (const period of ['2026-08', '2026-09', '2026-10']) await bill(c.t, program.id, period);
    const paid = (fundingSourceId: string, period: string, amount: string) =>
      pay(c.t, { programId: program.id, fundingSourceId, period, amount });
    await paid(province, '2026-08', '10080');
    await paid(province, '2026-09', '10080');
    await paid(bungo, '2026-08', '6720');
  });

  it('when a programme manager ends the enrolment in August, then the page names the cancelled and the overpaid months with their amounts', async () => {
    const page = await (await c.newContext()).newPage();
    const errors = browserErrors(page);
    await signIn(page, c.t.tokens.program_manager);
    await page.goto(`/penerima/${deceased}`);
    await page.getByText('Akhiri kepesertaan DUMISAKE-BUNGO sejak Agustus 2026').click();
    await page.getByLabel('Bulan terakhir yang ditanggung').fill('2026-08');
    await page.getByLabel('Alasan').selectOption('deceased');
    await page.getByRole('button', { name: 'Akhiri kepesertaan' }).click();
    await expect.poll(() => page.locator('#end-effects').count()).toBe(1);
    expect(await page.getByRole('status').locator('p').allInnerTexts()).toEqual([
      'Kepesertaan telah diakhiri.',
      'Tagihan yang belum dibayar dibatalkan dan anggarannya kembali tersedia: September 2026, Oktober 2026.',
      'Iuran yang sudah dibayar menjadi lebih bayar, klaim kepada BPJS Ketenagakerjaan: September 2026.',
    ]);
    expect(await rowsOf(page, 'end-effects')).toEqual([
      ['September 2026', 'APBD-PROV-JAMBI', 'Rp 5.040', 'Rp 5.040'],
      ['September 2026', 'APBD-KAB-BUNGO', 'Rp 3.360', '–'],
      ['Oktober 2026', 'APBD-PROV-JAMBI', 'Rp 5.040', '–'],
      ['Oktober 2026', 'APBD-KAB-BUNGO', 'Rp 3.360', '–'],
      ['Jumlah', 'Rp 16.800', 'Rp 5.040'],
    ]);
    // The link leads to the person's overpayments: the claim on the insurer, open.
    await page.getByRole('link', { name: 'Lihat lebih bayar penerima ini' }).click();
    expect(new URL(page.url()).hash).toBe('#lebih-bayar');
    expect(await rowsOf(page, 'overpayments')).toEqual([
      ['September 2026', 'DUMISAKE-BUNGO', 'APBD-PROV-JAMBI', 'Rp 5.040', 'Belum diselesaikan'],
    ]);
    await bothLanguages(page, 'beneficiaries-person-ended');
    // In English after the switch, the same figures in the reader's words.
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    expect(await textOf(page, '[role=status]')).toBe(
      'The enrolment has been ended. The unpaid bills are cancelled and their budget is available again: September 2026, October 2026. The contributions already paid are now overpayments, a claim on BPJS Ketenagakerjaan: September 2026.',
    );
    expect((await rowsOf(page, 'end-effects')).at(-1)).toEqual(['Total', 'Rp 16.800', 'Rp 5.040']);

    // Refunded by the insurer, the claim reads as settled on the person's page, which no longer recounts the end.
    const [claim] = (await c.t.as('auditor').get(`/api/v1/overpayments?beneficiaryId=${deceased}`)).body.data;
    const settled = await c.t
      .as('finance_officer')
      .post(`/api/v1/overpayments/${claim.id}/settle`)
      .send({ method: 'refund', documentRef: 'STS 12/2026' });
    expect(settled.status, settled.text).toBe(200);
    await page.goto(`/penerima/${deceased}`);
    expect(await page.locator('#end-effects').count()).toBe(0);
    expect(await rowsOf(page, 'overpayments')).toEqual([
      ['September 2026', 'DUMISAKE-BUNGO', 'APBD-PROV-JAMBI', 'Rp 5.040', 'Refunded (STS 12/2026)'],
    ]);
    expect(errors).toEqual([]);
  }, 300_000);
});

describe('Penerima, as an auditor', () => {
  it('when an auditor lists beneficiaries, then NIKs are masked and nothing can be uploaded', async () => {
    const page = await (await c.newContext()).newPage();
    await signIn(page, c.t.tokens.auditor);
    await page.goto(`/penerima?q=${billedNik}`);
    expect(await page.locator('#beneficiaries tbody td.nik').allTextContents()).toEqual([
      `${billedNik.slice(0, 4)}**********${billedNik.slice(-2)}`,
    ]);
    expect(await page.getByRole('link', { name: /Unggah/ }).count()).toBe(0);
    await bothLanguages(page, 'beneficiaries-list-auditor');
  }, 300_000);
});
