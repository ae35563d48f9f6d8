import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram, fundingSourceIds } from './support/fixtures.js';
import { consoleClient, HOST, ORIGIN } from './support/console-http.js';
import { count, createTestContext, makeNik, type TestContext } from './support/harness.js';

/** The Penerima pages over HTTP, as a browser without JavaScript uses them (the browser test drives the rest). */
let t: TestContext;
let c: ReturnType<typeof consoleClient>;
let pm: { cookie: string; csrf: string };
let programId: string;
let programCode: string;
const niks = Array.from({ length: 60 }, (_, i) => makeNik('08', 500 + i));

beforeAll(async () => {
  t = await createTestContext();
  c = consoleClient(t.app);
  const bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  ({ id: programId, code: programCode } = await createProgram(t, {
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
  }));
  // 60 people in Bungo, the first ten enrolled in the programme from March 2026.
  const csv = ['nik,name,regionCode', ...niks.map((nik, i) => `${nik},Warga ${i + 1},15.08`)].join('\n');
  const res = await t
    .as('program_manager')
    .post('/api/v1/beneficiaries/import')
    .set('Content-Type', 'text/csv')
    .send(csv);
  expect(res.body.created).toBe(60);
  const ids = await t.db('beneficiaries').whereIn('nik', niks.slice(0, 10)).pluck('id');
  for (const id of ids) {
    const e = await t
      .as('program_manager')
      .post('/api/v1/enrolments')
      .send({ beneficiaryId: String(id), programId, startPeriod: '2026-03' });
    expect(e.status).toBe(201);
  }
  pm = await c.signIn(t.tokens.program_manager);
});
afterAll(async () => t.close());

const rowsOf = (html: string) => [...html.matchAll(/<td class="nik">([^<]+)<\/td>/g)].map((m) => m[1]);
const idOf = async (nik: string) =>
  String(
    await t
      .db('beneficiaries')
      .where({ nik })
      .first()
      .then((r) => r.id),
  );
const postForm = (path: string, form: Record<string, string>) =>
  c.post(path, { _csrf: pm.csrf, ...form }, { Origin: ORIGIN, Cookie: pm.cookie });

describe('the beneficiary list', () => {
  it('when paging forward and back, then 50 rows a page, and the links keep the filters', async () => {
    const first = await c.get('/penerima?regionCode=15.08', pm.cookie);
    expect(first.status).toBe(200);
    expect(rowsOf(first.text)).toHaveLength(50);
    const next = /<a href="([^"]+)" rel="next">/.exec(first.text)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toMatch(/^\/penerima\?regionCode=15.08&cursor=[^&]+&trail=-$/);
    const second = await c.get(next!, pm.cookie);
    expect(rowsOf(second.text)).toHaveLength(10);
    expect(second.text).not.toContain('rel="next"');
    const previous = /<a href="([^"]+)" rel="prev">/.exec(second.text)?.[1]?.replaceAll('&amp;', '&');
    expect(previous).toBe('/penerima?regionCode=15.08');
  });

  it('when searching by a full NIK or part of a name, or filtering by programme and status, then only those match', async () => {
    const byNik = await c.get(`/penerima?q=${niks[41]}`, pm.cookie);
    expect(rowsOf(byNik.text)).toEqual([niks[41]]);
    expect(byNik.text).toContain('Warga 42');
    const byName = await c.get('/penerima?q=warga%2055', pm.cookie);
    expect(rowsOf(byName.text)).toEqual([niks[54]]);
    const enrolled = await c.get(`/penerima?programId=${programId}&status=active&period=2026-04`, pm.cookie);
    expect(rowsOf(enrolled.text)).toEqual(niks.slice(0, 10));
    const none = await c.get('/penerima?q=tidak-ada-yang-begini', pm.cookie);
    expect(none.text).toContain('Tidak ada penerima yang cocok');
  });

  it('when a filter is not valid, then the page says so beside the filter instead of failing', async () => {
    const res = await c.get('/penerima?period=2026-13', pm.cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('href="#f-period"');
  });

  it('when an auditor reads the list, then NIKs are masked and there is no upload', async () => {
    const auditor = await c.signIn(t.tokens.auditor);
    const res = await c.get(`/penerima?q=Warga%201&regionCode=15.08`, auditor.cookie);
    expect(rowsOf(res.text)[0]).toBe(`${niks[0]!.slice(0, 4)}**********${niks[0]!.slice(-2)}`);
    expect(res.text).toContain('NIK ditampilkan tersamar');
    expect(res.text).not.toContain('/penerima/unggah');
    expect((await c.get('/penerima/unggah', auditor.cookie)).status).toBe(403);
    expect((await c.get('/penerima', (await c.signIn(t.tokens.finance_officer)).cookie)).status).toBe(403);
  });
});

describe("a person's page", () => {
  it('when a manager enrols, then the enrolment is listed; a refused enrolment shows its sentence on the form', async () => {
    const id = await idOf(niks[20]!);
    const page = await c.get(`/penerima/${id}`, pm.cookie);
    expect(page.text).toContain('<h1>Warga 21</h1>');
    expect(page.text).toContain('Belum terdaftar dalam program apa pun.');
    const refused = await postForm(`/penerima/${id}/daftarkan`, {
      programId,
      startPeriod: '2025-12',
      endPeriod: '',
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('class="error-summary"');
    expect(await count(t.db, 'enrolments', { beneficiary_id: Number(id) })).toBe(0);
    const done = await postForm(`/penerima/${id}/daftarkan`, {
      programId,
      startPeriod: '2026-05',
      endPeriod: '',
    });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/penerima/${id}?selesai=terdaftar`);
    const after = await c.get(done.headers.location!, pm.cookie);
    expect(after.text).toContain('Penerima telah didaftarkan dalam program.');
    expect(after.text).toContain(`<th scope="row">${programCode}</th><td>Mei 2026</td><td>tanpa batas</td>`);
  });

  it('when an enrolment is ended before it starts, then the form says why; with a valid month and reason it ends', async () => {
    const id = await idOf(niks[2]!);
    const enrolment = await t
      .db('enrolments')
      .where({ beneficiary_id: Number(id) })
      .first();
    const path = `/penerima/${id}/kepesertaan/${enrolment.id}/akhiri`;
    const refused = await postForm(path, {
      [`endPeriod-${enrolment.id}`]: '2026-01',
      [`reason-${enrolment.id}`]: 'moved',
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(`href="#f-endPeriod-${enrolment.id}"`);
    expect(refused.text).toMatch(/<details[^>]*open/);
    const noReason = await postForm(path, {
      [`endPeriod-${enrolment.id}`]: '2026-08',
      [`reason-${enrolment.id}`]: '',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain(`href="#f-reason-${enrolment.id}"`);
    const ended = await postForm(path, {
      [`endPeriod-${enrolment.id}`]: '2026-08',
      [`reason-${enrolment.id}`]: 'moved',
    });
    expect(ended.status).toBe(303);
    const page = await c.get(ended.headers.location!, pm.cookie);
    expect(page.text).toContain('Kepesertaan telah diakhiri.');
    expect(page.text).toContain('Diakhiri: Pindah domisili');
    expect(await t.db('enrolments').where({ id: enrolment.id }).first()).toMatchObject({
      end_period: '2026-08',
      end_reason: 'moved',
    });
  });

  it('when an auditor opens a person, then the page shows what the API answers (the view is audited) and offers no form', async () => {
    const auditor = await c.signIn(t.tokens.auditor);
    const id = await idOf(niks[3]!);
    const before = await count(t.db, 'audit_events', { action: 'beneficiary.view', entity_id: id });
    const page = await c.get(`/penerima/${id}`, auditor.cookie);
    expect(page.status).toBe(200);
    expect(await count(t.db, 'audit_events', { action: 'beneficiary.view', entity_id: id })).toBe(before + 1);
    expect(page.text).not.toContain('/daftarkan');
    expect(page.text).not.toContain('/akhiri');
  });
});

describe('the CSV upload', () => {
  const upload = (fields: Record<string, string>, file: Buffer | null) => {
    const req = supertest(t.app)
      .post('/penerima/unggah')
      .set('Host', HOST)
      .set('Origin', ORIGIN)
      .set('Cookie', pm.cookie);
    for (const [name, value] of Object.entries(fields)) req.field(name, value);
    return file ? req.attach('file', file, { filename: 'desa.csv', contentType: 'text/csv' }) : req;
  };

  it('when a CSV with one bad row is posted, then the others are created and the result lists the bad row with its reason, downloadable', async () => {
    const good = makeNik('08', 700);
    const csv = Buffer.from(
      // Tebo, so that the Bungo list the paging test counts is the same whichever test runs first.
      `nik,name,regionCode\n${good},Siti Baru,15.09\n${makeNik('08', 701)},Tanpa Wilayah,99.99\n`,
    );
    const res = await upload({ _csrf: pm.csrf, programId: '', startPeriod: '' }, csv);
    expect(res.status, res.text).toBe(303);
    const location = res.headers.location!;
    // The counts travel in the address; the rejected lines are those the API keeps for the uploader.
    expect(location).toMatch(
      /^\/penerima\/unggah\/hasil\?berkas=desa\.csv&dibuat=1&didaftarkan=0&ditolak=1&baris=[0-9a-f]{32}$/,
    );
    const rejectedUrl = `/api/v1/beneficiaries/import/rejected/${new URL(location, ORIGIN).searchParams.get('baris')!}`;
    expect(await count(t.db, 'beneficiaries', { nik: good })).toBe(1);
    const result = await c.get(location, pm.cookie);
    expect(result.text).toContain('<dt>Didaftarkan</dt><dd>1</dd>');
    expect(result.text).toContain('<dt>Ditolak</dt><dd>1</dd>');
    expect(result.text).toContain(makeNik('08', 701));
    expect(result.text).toContain('99.99 bukan kabupaten atau kota yang dikenal');
    expect(result.text).toContain(`href="${rejectedUrl}?format=csv&amp;lang=id"`);
    expect(result.text).toContain(`href="${rejectedUrl}?format=xlsx&amp;lang=id"`);
    // The link works with the console's session, as any download of the console does.
    const csvOut = await c.get(`${rejectedUrl}?format=csv&lang=id`, pm.cookie);
    expect(csvOut.headers['content-type']).toContain('text/csv');
    expect(csvOut.text).toContain(
      `3,${makeNik('08', 701)},"regionCode: 99.99 bukan kabupaten atau kota yang dikenal`,
    );
    // Another user cannot read the rejected lines: the page says they are not kept for them.
    const other = await c.signIn(t.tokens.admin);
    expect((await c.get(location, other.cookie)).text).toContain('tidak lagi tersimpan');
    expect((await c.get(`${rejectedUrl}?format=csv`, other.cookie)).status).toBe(404);
  });

  it('when no file is chosen, an empty file is sent, or the CSRF token is missing, then nothing is imported and the reason is shown', async () => {
    const noFile = await supertest(t.app)
      .post('/penerima/unggah')
      .set('Host', HOST)
      .set('Origin', ORIGIN)
      .set('Cookie', pm.cookie)
      .field('_csrf', pm.csrf)
      .attach('file', Buffer.alloc(0), { filename: '', contentType: 'application/octet-stream' });
    expect(noFile.status).toBe(400);
    expect(noFile.text).toContain('Berkas CSV: belum dipilih');
    const emptyFile = await upload({ _csrf: pm.csrf }, Buffer.alloc(0));
    expect(emptyFile.status).toBe(400);
    expect(emptyFile.text).toContain('class="error-summary"');
    const before = await count(t.db, 'beneficiaries');
    const forged = await upload({}, Buffer.from(`nik,name,regionCode\n${makeNik('08', 702)},X,15.08\n`));
    expect(forged.status).toBe(403);
    expect(await count(t.db, 'beneficiaries')).toBe(before);
  });
});
