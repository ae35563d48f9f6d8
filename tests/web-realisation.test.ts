import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient } from './support/console-http.js';
import { allocate, bill, createProgram, enrolWorker, fundingSourceIds, pay } from './support/fixtures.js';
import { createTestContext, type TestContext } from './support/harness.js';

/**
 * The console's Laporan > Realisasi anggaran page and the payment's link to its daftar nominatif, over HTTP
 * as a browser without JavaScript uses them. One worker at Rp 16,800 (JKK 10,000 + JKM 6,800) in March
 * 2026, paid by Bungo on 10 March out of a pagu of 201,600.
 */
let t: TestContext;
let client: ReturnType<typeof consoleClient>;
let cookie: string;
let bungo: string;
let paymentId: string;

beforeAll(async () => {
  t = await createTestContext();
  client = consoleClient(t.app);
  bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  const program = await createProgram(t, {
    code: 'BUNGO-RENTAN',
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
  });
  await allocate(t, program.id, bungo, '201600');
  await enrolWorker(t, program.id, { startPeriod: '2026-03' });
  await bill(t, program.id, '2026-03');
  paymentId = await pay(t, {
    programId: program.id,
    fundingSourceId: bungo,
    period: '2026-03',
    amount: '16800',
  });
  cookie = (await client.signIn(t.tokens.finance_officer)).cookie;
});
afterAll(async () => t?.close());

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/\s+/g, ' ');

describe('console: realisation report and daftar nominatif', () => {
  it('when the realisation page is shown, then each kode rekening carries what was realised and the downloads', async () => {
    const res = await client.get(
      `/laporan/realisasi?fundingSourceId=${bungo}&fiscalYear=2026&asOf=2026-03-31`,
      cookie,
    );
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('Realisasi anggaran');
    expect(page).toContain('5.1.02.02.02.0006 Iuran JKK – – Rp 10.000 Rp 10.000 – –');
    expect(page).toContain('5.1.02.02.02.0007 Iuran JKM – – Rp 6.800 Rp 6.800 – –');
    // 100 × 16,800 / 201,600 = 8.33, written with the decimal comma of Bahasa Indonesia.
    expect(page).toContain('Rp 201.600 Rp 201.600 Rp 16.800 Rp 16.800 Rp 184.800 8,33');
    expect(res.text).toContain(
      `/api/v1/reports/realisation?fundingSourceId=${bungo}&amp;fiscalYear=2026&amp;asOf=2026-03-31&amp;format=xlsx&amp;lang=id`,
    );
  });

  it('when the as-of date lies outside the fiscal year, then the options form says so', async () => {
    const res = await client.get(
      `/laporan/realisasi?fundingSourceId=${bungo}&fiscalYear=2026&asOf=2027-01-01`,
      cookie,
    );
    expect(res.status).toBe(200);
    expect(text(res.text)).toContain('harus tanggal pada tahun anggaran itu');
  });

  it("when a paid payment is shown, then it links to its daftar nominatif, which the session's cookie downloads", async () => {
    const res = await client.get(`/pembayaran/${paymentId}`, cookie);
    expect(res.status).toBe(200);
    expect(text(res.text)).toContain('Daftar nominatif');
    const href = `/api/v1/payments/${paymentId}/nominative?format=csv&amp;lang=id`;
    expect(res.text).toContain(href);
    const csv = await client.get(href.replace('&amp;', '&'), cookie);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(',,,JUMLAH,,,10000,6800,16800');
  });
});
