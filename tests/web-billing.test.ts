import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient } from './support/console-http.js';
import { allocate, createProgram, enrolWorker, fundingSourceIds } from './support/fixtures.js';
import { count, createTestContext, type TestContext } from './support/harness.js';

/**
 * The Tagihan pages over HTTP, as a browser without JavaScript uses them. A programme of Bungo alone with
 * three workers from January 2026 at Rp 16,800 each (JKK 1% of Rp 1,000,000 + JKM Rp 6,800): a month is
 * 3 × 16,800 = 50,400, and the budget of 50,400 covers exactly one month.
 */
let t: TestContext;
let client: ReturnType<typeof consoleClient>;
let programId: string;
let finance: { cookie: string; csrf: string };

beforeAll(async () => {
  t = await createTestContext({ now: '2026-11-20T10:00:00' });
  client = consoleClient(t.app);
  const bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  programId = (
    await createProgram(t, { code: 'BUNGO-RENTAN', fundingShares: [{ fundingSourceId: bungo, share: '1' }] })
  ).id;
  await allocate(t, programId, bungo, '50400');
  for (let i = 0; i < 3; i += 1) await enrolWorker(t, programId, { startPeriod: '2026-01' });
  finance = await client.signIn(t.tokens.finance_officer);
});
afterAll(async () => t?.close());

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/\s+/g, ' ');

// One month's story in order (a month is billed through the form, then read on the board, refused when closed, cancelled and read by an auditor): each step reads what the one before wrote.
describe('the Tagihan pages', { shuffle: false }, () => {
  it('when a month is previewed and confirmed twice with the same form, then it is billed once', async () => {
    const runs = await count(t.db, 'billing_runs');
    const preview = await client
      .post('/tagihan/jalankan/pratinjau', { _csrf: finance.csrf, programId, period: '2026-03' })
      .set('Cookie', finance.cookie);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.headers['set-cookie']).toBeUndefined();
    expect(text(preview.text)).toContain('Jumlah iuran 3 Nilai Rp 50.400');
    expect(await count(t.db, 'billing_runs')).toBe(runs);
    const once = /name="_once" value="([^"]+)"/.exec(preview.text)![1]!;
    const confirm = { _csrf: finance.csrf, _once: once, programId, period: '2026-03' };
    const first = await client.post('/tagihan/jalankan', confirm).set('Cookie', finance.cookie);
    expect(first.status).toBe(303);
    const again = await client.post('/tagihan/jalankan', confirm).set('Cookie', finance.cookie);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(first.headers.location);
    expect(await count(t.db, 'billing_runs')).toBe(runs + 1);
    const month = await client.get(first.headers.location!, finance.cookie);
    expect(text(month.text)).toContain('Tagihan dibuat: 3 iuran, Rp 50.400.');
  });

  it('when the board is opened, then the billed month shows its figures and state', async () => {
    const board = await client.get(`/tagihan?tahun=2026&program=${programId}`, finance.cookie);
    expect(board.status).toBe(200);
    const row = /<th scope="row"><a href="\/tagihan\/2026-03">Maret 2026<\/a><\/th>(.*?)<\/tr>/s.exec(
      board.text,
    );
    expect(text(row![1]!)).toContain(
      'Ditagih Rincian Maret 2026, BUNGO-RENTAN Ditagih Rp 50.400 Dibayar Rp 0',
    );
    expect(text(row![1]!)).toContain('Belum dibayar Rp 50.400');
    expect(board.text).toContain(`href="/tagihan/2026-03?program=${programId}"`);
  });

  it('when billing would go over budget, then the form says which source is short and by how much', async () => {
    const refused = await client
      .post('/tagihan/jalankan/pratinjau', { _csrf: finance.csrf, programId, period: '2026-02' })
      .set('Cookie', finance.cookie);
    expect(refused.status).toBe(422);
    expect(text(refused.text)).toContain('Pagu yang tersisa tidak mencukupi untuk tagihan ini.');
    expect(text(refused.text)).toContain(
      'APBD Kabupaten Bungo: pagu kurang Rp 50.400 (sisa pagu Rp 0, dibutuhkan Rp 50.400).',
    );
  });

  it('when the month is closed, then the preview is refused with the sentence for a closed period', async () => {
    const closed = await t
      .as('auditor')
      .post('/api/v1/periods/2026-06/close')
      .send({ note: 'Tutup buku Juni' });
    expect(closed.status, closed.text).toBe(200);
    const refused = await client
      .post('/tagihan/jalankan/pratinjau', { _csrf: finance.csrf, programId, period: '2026-06' })
      .set('Cookie', finance.cookie);
    expect(refused.status).toBe(409);
    expect(text(refused.text)).toContain(
      'Periode ini sudah ditutup oleh auditor, sehingga tidak dapat diubah lagi.',
    );
    const month = await client.get('/tagihan/2026-06', finance.cookie);
    expect(text(month.text)).toContain('Ditutup oleh auditor');
    expect(text(month.text)).toContain('Catatan auditor: Tutup buku Juni');
    expect(month.text).not.toContain('href="/tagihan/jalankan?');
  });

  it('when a run is cancelled without a reason, then it is refused on the form; with one, it is cancelled', async () => {
    const run = (await t.as('auditor').get('/api/v1/billing-runs?period=2026-03')).body.data[0];
    const page = await client.get(`/tagihan/proses/${run.id}/batalkan`, finance.cookie);
    expect(page.status).toBe(200);
    expect(text(page.text)).toContain('Jumlah Rp 50.400');
    const empty = await client
      .post(`/tagihan/proses/${run.id}/batalkan`, { _csrf: finance.csrf, reason: '' })
      .set('Cookie', finance.cookie);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('href="#f-reason"');
    const done = await client
      .post(`/tagihan/proses/${run.id}/batalkan`, { _csrf: finance.csrf, reason: 'Data pekerja salah' })
      .set('Cookie', finance.cookie);
    expect(done.status).toBe(303);
    const month = await client.get(done.headers.location!, finance.cookie);
    expect(text(month.text)).toContain(`Proses tagihan ${run.id} dibatalkan.`);
    expect(text(month.text)).toContain('Alasan: Data pekerja salah');
    const twice = await client
      .post(`/tagihan/proses/${run.id}/batalkan`, { _csrf: finance.csrf, reason: 'Sekali lagi' })
      .set('Cookie', finance.cookie);
    expect(twice.status).toBe(409);
    expect(text(twice.text)).toContain('Proses tagihan ini sudah dibatalkan.');
  });

  it('when an auditor opens Tagihan, then it reads the board and offers no billing or cancelling', async () => {
    const auditor = await client.signIn(t.tokens.auditor);
    const board = await client.get('/tagihan?tahun=2026', auditor.cookie);
    expect(board.status).toBe(200);
    expect(board.text).not.toContain('href="/tagihan/jalankan"');
    const month = await client.get('/tagihan/2026-03', auditor.cookie);
    expect(month.status).toBe(200);
    expect(month.text).not.toContain('/batalkan');
    const refused = await client
      .post('/tagihan/jalankan/pratinjau', { _csrf: auditor.csrf, programId, period: '2026-04' })
      .set('Cookie', auditor.cookie);
    expect(refused.status).toBe(403);
  });
});
