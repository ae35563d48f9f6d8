import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient } from './support/console-http.js';
import { allocate, bill, createProgram, enrolWorker, fundingSourceIds } from './support/fixtures.js';
import { count, createTestContext, type TestContext } from './support/harness.js';

/**
 * The Pembayaran pages over HTTP, as a browser without JavaScript uses them (the live check is an htmx GET
 * of a fragment, fetched here directly). Two workers at Rp 16,800 (JKK 1% of Rp 1,000,000 + JKM Rp 6,800)
 * billed January to March 2026: 2 × 16,800 = 33,600 a month, 100,800 for the three months.
 */
let t: TestContext;
let client: ReturnType<typeof consoleClient>;
type Session = { cookie: string; csrf: string };
let finance: Session;
let second: Session;
let bungoProgram: string;
let bungo: string;
let tebo: { source: string; program: string };

beforeAll(async () => {
  t = await createTestContext({ now: '2026-11-20T10:00:00' });
  client = consoleClient(t.app);
  bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  bungoProgram = (
    await createProgram(t, { code: 'BUNGO-RENTAN', fundingShares: [{ fundingSourceId: bungo, share: '1' }] })
  ).id;
  await allocate(t, bungoProgram, bungo, '1000000');
  for (let i = 0; i < 2; i += 1) await enrolWorker(t, bungoProgram, { startPeriod: '2026-01' });
  for (const period of ['2026-01', '2026-02', '2026-03']) await bill(t, bungoProgram, period);
  const source = await t.as('admin').post('/api/v1/funding-sources').send({
    code: 'APBD-KAB-TEBO',
    name: 'APBD Kabupaten Tebo',
    level: 'regency',
    regionCode: '15.09',
    fourEyes: true,
  });
  const program = await createProgram(t, {
    code: 'TEBO-RENTAN',
    fundingShares: [{ fundingSourceId: source.body.id, share: '1' }],
  });
  tebo = { source: source.body.id, program: program.id };
  await allocate(t, tebo.program, tebo.source, '1000000');
  await enrolWorker(t, tebo.program, { startPeriod: '2026-01', regionCode: '15.09' });
  await bill(t, tebo.program, '2026-02');
  await bill(t, tebo.program, '2026-03');
  finance = await client.signIn(t.tokens.finance_officer);
  const officer = await t.as('admin').post('/api/v1/users').send({ name: 'Siti', role: 'finance_officer' });
  second = await client.signIn(officer.body.token);
});
afterAll(async () => t?.close());

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/\s+/g, ' ');

const post = (s: Session, path: string, form: Record<string, string>) =>
  client.post(path, { _csrf: s.csrf, ...form }).set('Cookie', s.cookie);

let sp2d = 0;
const sp2dForm = (overrides: Record<string, string>) => {
  sp2d += 1;
  return {
    programId: bungoProgram,
    fundingSourceId: bungo,
    period: '2026-01',
    periodTo: '',
    amount: '33600',
    paidOn: '2026-03-10',
    sp2dNumber: `SP2D-${sp2d}/BKAD/2026`,
    reference: '',
    _once: `once-${sp2d}`,
    ...overrides,
  };
};

// One month's story in order (SP2Ds are recorded, reversed, approved and rejected through the forms, then read by an auditor): each step reads what the one before wrote.
describe('the Pembayaran pages', { shuffle: false }, () => {
  it('when the form asks for the outstanding amount, then it says whether the amount is over, under or exact', async () => {
    const ask = (amount: string) =>
      client.get(
        `/pembayaran/sisa?${new URLSearchParams({ programId: bungoProgram, fundingSourceId: bungo, period: '2026-01', periodTo: '2026-03', amount }).toString()}`,
        finance.cookie,
      );
    const over = await ask('110000');
    expect(over.status).toBe(200);
    expect(text(over.text)).toContain('Sisa tagihan Januari 2026 s.d. Maret 2026: Rp 100.800.');
    // 110,000 − 100,800 = 9,200 over.
    expect(text(over.text)).toContain('Jumlah melebihi sisa tagihan sebesar Rp 9.200');
    expect(text(await ask('50000').then((r) => r.text))).toContain('Rp 50.800 akan tetap belum dibayar');
    expect(text(await ask('100800').then((r) => r.text))).toContain('bulan ini akan lunas');
    const incomplete = await client.get(`/pembayaran/sisa?programId=${bungoProgram}`, finance.cookie);
    expect(text(incomplete.text)).toContain('Pilih program, sumber dana dan bulan');
  });

  it('when an SP2D is over the outstanding amount, then the form says so and nothing is recorded', async () => {
    const before = await count(t.db, 'payments');
    const res = await post(finance, '/pembayaran/catat', sp2dForm({ amount: '33601' }));
    expect(res.status).toBe(422);
    expect(text(res.text)).toContain('Jumlahnya melebihi tagihan yang belum dibayar.');
    expect(res.text).toContain('href="#f-amount"');
    expect(text(res.text)).toContain('Sisa tagihan Januari 2026: Rp 33.600.');
    expect(await count(t.db, 'payments')).toBe(before);
  });

  it('when an SP2D is recorded and then reversed, then each step is shown, and a reversal needs a reason', async () => {
    const form = sp2dForm({});
    const recorded = await post(finance, '/pembayaran/catat', form);
    expect(recorded.status, recorded.text).toBe(303);
    const again = await post(finance, '/pembayaran/catat', form);
    expect(again.headers.location).toBe(recorded.headers.location);
    const detail = await client.get(recorded.headers.location!, finance.cookie);
    expect(text(detail.text)).toContain('Pembayaran dicatat.');
    expect(text(detail.text)).toContain('Januari 2026 Rp 33.600');
    const id = /\/pembayaran\/(\d+)/.exec(recorded.headers.location!)![1]!;
    const noReason = await post(finance, `/pembayaran/${id}/batalkan`, { reason: '', _once: 'rev-1' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('href="#f-reason"');
    const reused = await post(finance, '/pembayaran/catat', { ...form, period: '2026-02', _once: 'other' });
    expect(reused.status).toBe(409);
    expect(text(reused.text)).toContain(
      'Nomor SP2D ini sudah tercatat; nomor SP2D tidak pernah dipakai ulang.',
    );
    const reversed = await post(finance, `/pembayaran/${id}/batalkan`, {
      reason: 'SP2D ganda',
      _once: 'rev-2',
    });
    expect(reversed.status).toBe(303);
    expect(text((await client.get(reversed.headers.location!, finance.cookie)).text)).toContain(
      'Pembayaran dibatalkan dengan jurnal pembalik.',
    );
  });

  it('when four eyes is on, then the recorder cannot approve or reverse, and another officer approves from the queue', async () => {
    const form = sp2dForm({
      programId: tebo.program,
      fundingSourceId: tebo.source,
      period: '2026-03',
      amount: '16800',
    });
    const recorded = await post(finance, '/pembayaran/catat', form);
    const id = /\/pembayaran\/(\d+)/.exec(recorded.headers.location!)![1]!;
    const page = await client.get(recorded.headers.location!, finance.cookie);
    expect(text(page.text)).toContain('Pembayaran dicatat dan menunggu persetujuan petugas keuangan lain.');
    expect(text(page.text)).toContain('Anda yang mencatat pembayaran ini');
    const self = await post(finance, `/pembayaran/${id}/setujui`, {});
    expect(self.status).toBe(403);
    expect(text(self.text)).toContain('bukan oleh yang mencatatnya');
    const reverse = await post(finance, `/pembayaran/${id}/batalkan`, { reason: 'salah', _once: 'rev-3' });
    expect(reverse.status).toBe(409);
    expect(text(reverse.text)).toContain('Pembayaran ini masih menunggu persetujuan');
    const queue = await client.get('/pembayaran', second.cookie);
    expect(queue.text).toContain(`action="/pembayaran/${id}/setujui"`);
    const approved = await post(second, `/pembayaran/${id}/setujui`, {});
    expect(approved.status).toBe(303);
    const after = await client.get(approved.headers.location!, second.cookie);
    expect(text(after.text)).toContain('Pembayaran disetujui dan dicatat di jurnal.');
    expect(text(after.text)).toContain('Maret 2026 Rp 16.800');
    expect((await client.get('/pembayaran', second.cookie)).text).not.toContain(`/pembayaran/${id}/setujui`);
  });

  it('when another officer rejects without a reason, then the reason field is named; with one, it is rejected', async () => {
    const form = sp2dForm({
      programId: tebo.program,
      fundingSourceId: tebo.source,
      period: '2026-02',
      amount: '100',
    });
    const id = /\/pembayaran\/(\d+)/.exec(
      (await post(finance, '/pembayaran/catat', form)).headers.location!,
    )![1]!;
    const empty = await post(second, `/pembayaran/${id}/tolak`, { reason: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('href="#f-reject-reason"');
    const rejected = await post(second, `/pembayaran/${id}/tolak`, { reason: 'Nomor SP2D tidak cocok' });
    expect(rejected.status).toBe(303);
    const page = text((await client.get(rejected.headers.location!, second.cookie)).text);
    expect(page).toContain('Pembayaran ditolak; tidak ada uang yang dicatat.');
    expect(page).toContain('Ditolak dengan alasan: Nomor SP2D tidak cocok');
  });

  it('when an auditor opens Pembayaran, then it reads the list and cannot open the SP2D form', async () => {
    const auditor = await client.signIn(t.tokens.auditor);
    const list = await client.get('/pembayaran?status=paid', auditor.cookie);
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('href="/pembayaran/catat"');
    expect(text(list.text)).toContain('Rp 16.800');
    expect((await client.get('/pembayaran/catat', auditor.cookie)).status).toBe(403);
  });
});
