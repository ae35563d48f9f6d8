import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, makeNik, type TestContext } from './support/harness.js';
import { allocate, createProgram, enrolWorker, fundingSourceIds } from './support/fixtures.js';
import { binary, pdfText } from './support/downloads.js';

/**
 * Tebo's own programme (3 workers, March 2026 at Rp 16.800) and a province programme Tebo co-funds at 0.4
 * (2 workers, Rp 6.720 each for Tebo). Tebo paid 2 of its own 3 workers and all of its share; the insurer
 * credited the 2 paid workers, left the third as an open exception and listed one stranger, whose
 * exception was accepted. March was then closed by the auditor.
 */
let t: TestContext;
let tebo: string;
const url = (query: string) =>
  `/api/v1/reports/monthly-statement?fundingSourceId=${tebo}&period=2026-03${query}`;

beforeAll(async () => {
  t = await createTestContext();
  const province = (await fundingSourceIds(t))['APBD-PROV-JAMBI']!;
  const source = await t.as('admin').post('/api/v1/funding-sources').send({
    code: 'APBD-KAB-TEBO',
    name: 'APBD Kabupaten Tebo',
    level: 'regency',
    regionCode: '15.09',
    budgetLine: '5.1.02.02.02.0006',
  });
  expect(source.status, source.text).toBe(201);
  tebo = source.body.id;
  const own = await createProgram(t, {
    code: 'TEBO-RENTAN',
    name: 'Perlindungan <Pekerja> Rentan & "Tebo"',
    fundingShares: [{ fundingSourceId: tebo, share: '1' }],
  });
  const shared = await createProgram(t, {
    code: 'DUMISAKE-TEBO',
    name: 'Dumisake Tebo',
    fundingShares: [
      { fundingSourceId: province, share: '0.6' },
      { fundingSourceId: tebo, share: '0.4' },
    ],
  });
  await allocate(t, own.id, tebo, '10000000');
  await allocate(t, shared.id, tebo, '10000000');
  await allocate(t, shared.id, province, '10000000');
  const niks = [1, 2, 3].map((n) => makeNik('09', 900 + n));
  for (const nik of niks) await enrolWorker(t, own.id, { nik, regionCode: '15.09', startPeriod: '2026-03' });
  for (const n of [4, 5])
    await enrolWorker(t, shared.id, {
      nik: makeNik('09', 900 + n),
      regionCode: '15.09',
      startPeriod: '2026-03',
    });
  const run = await t.as('finance_officer').post('/api/v1/billing-runs').send({ period: '2026-03' });
  expect(run.status, run.text).toBe(201);
  const pay = async (programId: string, amount: string, sp2dNumber: string) => {
    const res = await t.as('finance_officer').post('/api/v1/payments').send({
      programId,
      fundingSourceId: tebo,
      period: '2026-03',
      amount,
      paidOn: '2026-03-12',
      sp2dNumber,
    });
    expect(res.status, res.text).toBe(201);
  };
  await pay(own.id, '33600', 'SP2D/0312/TEBO/001');
  await pay(shared.id, '13440', 'SP2D/0312/TEBO/002');
  const statement = await t
    .as('finance_officer')
    .post(`/api/v1/statements?programId=${own.id}&period=2026-03`)
    .set('Content-Type', 'text/csv')
    .send(
      [
        'nik,kpj,name,amount',
        `${niks[0]},11,Pekerja A,16800`,
        `${niks[1]},12,Pekerja B,16800`,
        `${makeNik('09', 999)},13,Orang Lain,16800`,
      ].join('\n'),
    );
  expect(statement.status, statement.text).toBe(201);
  const exceptions = await t.as('auditor').get(`/api/v1/statements/${statement.body.id}/exceptions`);
  const unexpected = (exceptions.body.data as { id: string; kind: string }[]).find(
    (e) => e.kind === 'unexpected',
  )!;
  const resolved = await t
    .as('finance_officer')
    .post(`/api/v1/reconciliation-exceptions/${unexpected.id}/resolve`)
    .send({ resolution: 'accepted', note: 'not ours' });
  expect(resolved.status, resolved.text).toBe(200);
  const closed = await t
    .as('auditor')
    .post('/api/v1/periods/2026-03/close')
    .send({ note: 'Maret 2026 selesai' });
  expect(closed.status, closed.text).toBe(200);
});
afterAll(async () => t.close());

/** The figures of the statement, in the order the table shows them. */
const OWN = ['3', 'Rp 50.400', 'Rp 33.600', 'Rp 33.600', 'Rp 16.800', '1'];
const SHARED = ['2', 'Rp 13.440', 'Rp 13.440', 'Rp 0', 'Rp 0', '0'];
const TOTAL = ['5', 'Rp 63.840', 'Rp 47.040', 'Rp 33.600', 'Rp 16.800', '1'];

describe('GET /reports/monthly-statement', () => {
  it('when a PDF is asked for, then it names the source, month and sign-off and carries every figure', async () => {
    const res = await t.as('finance_officer').get(url('')).buffer(true).parse(binary);
    expect(res.status, String(res.body)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      'inline; filename="monthly-statement-APBD-KAB-TEBO-2026-03.pdf"',
    );
    const text = (await pdfText(res.body)).replace(/[ \t]+/g, ' ');
    for (const expected of [
      'LAPORAN BULANAN IURAN BPJS KETENAGAKERJAAN',
      'APBD Kabupaten Tebo (APBD-KAB-TEBO)',
      'Kabupaten Tebo (15.09)',
      '5.1.02.02.02.0006',
      'Maret 2026 (2026-03)',
      '20 November 2026 10.00 WIB',
      'Ditutup oleh Test auditor pada 20 November 2026 10.00 WIB',
      'SP2D/0312/TEBO/001',
      'Kepala Dinas',
      'Bendahara Pengeluaran',
      'Halaman 1 dari 1',
    ]) {
      // A long value may wrap onto a second line of the page.
      expect(text.replace(/\s+/g, ' ')).toContain(expected);
    }
    // Rows are ordered by programme code; each row's figures follow its (wrapped) code and name.
    const order = [
      'DUMISAKE-TEBO\nDumisake Tebo\n',
      `\n${SHARED.join(' ')}\n`,
      'TEBO-RENTAN\n',
      `\n${OWN.join(' ')}\n`,
      `\nJumlah ${TOTAL.join(' ')}\n`,
    ].map((part) => text.indexOf(part));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('when HTML is asked for in English, then the same figures come escaped in a printable page', async () => {
    const res = await t.as('auditor').get(url('&format=html&lang=en'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const html = res.text;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Perlindungan &lt;Pekerja&gt; Rentan &amp; &quot;Tebo&quot;');
    expect(html).not.toContain('<Pekerja>');
    expect(html).toContain(
      '<dt>Period status</dt><dd>Closed by Test auditor on 20 November 2026 10:00 WIB</dd>',
    );
    expect(html).toContain('<dt>Budget line</dt><dd>5.1.02.02.02.0006</dd>');
    const cells = (row: string) => [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    const rows = html.split('<tr>').slice(1);
    expect(cells(rows.find((r) => r.includes('TEBO-RENTAN'))!)).toEqual(OWN);
    expect(cells(rows.find((r) => r.includes('DUMISAKE-TEBO'))!)).toEqual(SHARED);
    expect(cells(rows.find((r) => r.includes('>Total<'))!)).toEqual(['Total', ...TOTAL]);
    expect(html).toContain('Head of Agency (Kepala Dinas)');
  });

  it('when the month is still open, then the statement says so', async () => {
    const res = await t.as('auditor').get(url('&format=html').replace('2026-03', '2026-04'));
    expect(res.status).toBe(200);
    expect(res.text).toContain('<dt>Status periode</dt><dd>Terbuka (belum ditutup)</dd>');
    expect(res.text).toContain('Belum ada pembayaran untuk periode ini.');
  });

  it('when the funding source is unknown, then 404; when the query is malformed, then 400', async () => {
    const unknown = await t
      .as('auditor')
      .get('/api/v1/reports/monthly-statement?fundingSourceId=99999&period=2026-03');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    for (const [query, path] of [
      [`fundingSourceId=${tebo}&period=2026-3`, 'query.period'],
      [`fundingSourceId=${tebo}`, 'query.period'],
      ['period=2026-03', 'query.fundingSourceId'],
      [`fundingSourceId=${tebo}&period=2026-03&format=docx`, 'query.format'],
      [`fundingSourceId=${tebo}&period=2026-03&lang=fr`, 'query.lang'],
    ]) {
      const res = await t.as('auditor').get(`/api/v1/reports/monthly-statement?${query}`);
      expect(res.status, query).toBe(400);
      expect((res.body.errors as { path: string }[]).map((e) => e.path)).toEqual([path]);
    }
  });

  it('when the OpenAPI document is read, then it describes the statement as a PDF', async () => {
    const { paths } = (await t.anon.get('/api/v1/openapi.json')).body;
    const get = paths['/api/v1/reports/monthly-statement'].get;
    expect(Object.keys(get.responses[200].content)).toEqual(['application/pdf']);
    expect(get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'fundingSourceId',
      'period',
      'format',
      'lang',
    ]);
  });
});
