import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestContext, makeNik, type TestContext } from './support/harness.js';
import { createProgram, fundingSourceIds } from './support/fixtures.js';
import { binary, downloadWorkbook } from './support/downloads.js';

let t: TestContext;
let fundingSourceId: string;
beforeAll(async () => {
  t = await createTestContext();
  fundingSourceId = (await fundingSourceIds(t))['APBD-PROV-JAMBI']!;
});
afterAll(async () => t.close());

const register = (body: Record<string, unknown>) =>
  t.as('program_manager').post('/api/v1/beneficiaries').send(body);
/** Where an import's rejected lines are downloaded. */
const REJECTED_URL = /^\/api\/v1\/beneficiaries\/import\/rejected\/[0-9a-f]{32}$/;

const importCsv = (csv: string | Buffer, query = '') =>
  t
    .as('program_manager')
    .post(`/api/v1/beneficiaries/import${query}`)
    .set('Content-Type', 'text/csv')
    .send(csv);
const program = (overrides: Record<string, unknown> = {}) =>
  createProgram(t, { fundingShares: [{ fundingSourceId, share: '1' }], ...overrides });

/** Counts of everything a refused request must leave untouched. */
async function snapshot() {
  return {
    beneficiaries: await count(t.db, 'beneficiaries'),
    enrolments: await count(t.db, 'enrolments'),
    audit: await count(t.db, 'audit_events'),
  };
}

describe('POST /beneficiaries', () => {
  it('when a program manager registers a person, then 201 and the audit event carries no name or full NIK', async () => {
    const nik = makeNik('08', 1, true);
    const res = await register({
      nik,
      name: 'Siti Aminah',
      regionCode: '15.08',
      sector: 'agriculture',
      occupation: 'Petani karet',
      kpjNumber: '12345678901',
      phone: '+6281234567890',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      nik,
      name: 'Siti Aminah',
      regionCode: '15.08',
      sector: 'agriculture',
      occupation: 'Petani karet',
      kpjNumber: '12345678901',
      phone: '+6281234567890',
      createdAt: '2026-11-20T10:00:00.000+07:00',
    });
    const row = await t.db('beneficiaries').where({ id: res.body.id }).first();
    expect(row).toMatchObject({ nik, name: 'Siti Aminah', region_code: '15.08' });
    const events = await t.db('audit_events').where({ action: 'beneficiary.create', entity_id: res.body.id });
    expect(events).toHaveLength(1);
    expect(events[0].change).not.toContain(nik);
    expect(events[0].change).not.toContain('Siti');
    expect(JSON.parse(events[0].change)).toEqual({
      nik: '1508**********02',
      regionCode: '15.08',
      sector: 'agriculture',
    });
  });

  it('when only the required fields are sent, then the sector is other and the rest null', async () => {
    const res = await register({ nik: makeNik('08', 2), name: 'Budi', regionCode: '15.01' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ sector: 'other', occupation: null, kpjNumber: null, phone: null });
  });

  it('when the NIK is already registered, then 409 DUPLICATE_NIK and nothing is written', async () => {
    const first = await register({ nik: makeNik('08', 3), name: 'Cahya', regionCode: '15.08' });
    expect(first.status).toBe(201);
    const before = await snapshot();
    const res = await register({ nik: makeNik('08', 3), name: 'Someone Else', regionCode: '15.02' });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'DUPLICATE_NIK', beneficiaryId: first.body.id });
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['15 digits', '150801150385001', ['NIK must be exactly 16 ASCII digits']],
    ['letters', '15080115038500AB', ['NIK must be exactly 16 ASCII digits']],
    ['an unknown province', '9908011503850001', ['unknown province code 99']],
    [
      '30 February',
      '1508013002850001',
      ['birth date part (DDMMYY, women +40 on the day) is not a real date'],
    ],
    [
      '29 February of 1985, not a leap year',
      '1508012902850001',
      ['birth date part (DDMMYY, women +40 on the day) is not a real date'],
    ],
    [
      'a woman born on the 32nd (day 72)',
      '1508017203850001',
      ['birth date part (DDMMYY, women +40 on the day) is not a real date'],
    ],
    ['serial 0000', '1508011503850000', ['serial must not be 0000']],
    [
      'three faults at once',
      '9908013002850000',
      [
        'unknown province code 99',
        'birth date part (DDMMYY, women +40 on the day) is not a real date',
        'serial must not be 0000',
      ],
    ],
  ])(
    'when the NIK has %s, then 400 names nik with every reason and nothing is written',
    async (_label, nik, reasons) => {
      const before = await snapshot();
      const res = await register({ nik, name: 'Invalid', regionCode: '15.08' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(reasons.map((message) => ({ path: 'nik', message })));
      expect(await snapshot()).toEqual(before);
    },
  );

  it.each([
    ['29 February 1984 (a leap year)', '1508012902840001'],
    ["a woman's birth day plus 40 (55 = the 15th)", '1508015503850001'],
    ['a woman born on 29 February 1984 (69)', '1508016902840002'],
  ])('when the NIK has %s, then it is accepted', async (_label, nik) => {
    const res = await register({ nik, name: 'Valid', regionCode: '15.08' });
    expect(res.status, res.text).toBe(201);
  });

  it('when the region is not known, then 422 UNKNOWN_REFERENCE names regionCode and nothing is written', async () => {
    const before = await snapshot();
    const res = await register({ nik: makeNik('08', 4), name: 'Dewi', regionCode: '16.01' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_REFERENCE', errors: [{ path: 'regionCode' }] });
    expect(await snapshot()).toEqual(before);
  });

  it('when several fields are invalid, then 400 names each of them and nothing is written', async () => {
    const before = await snapshot();
    const res = await register({
      nik: makeNik('08', 5),
      name: '  ',
      regionCode: 'Bungo',
      sector: 'fishing',
      kpjNumber: 'KPJ-1',
      phone: '0812-345',
      extra: true,
    });
    expect(res.status).toBe(400);
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['', 'kpjNumber', 'name', 'phone', 'regionCode', 'sector']);
    expect(await snapshot()).toEqual(before);
  });

  it('when a finance officer or an auditor registers a person, then 403 and nothing is written', async () => {
    const before = await snapshot();
    for (const role of ['finance_officer', 'auditor'] as const) {
      const res = await t
        .as(role)
        .post('/api/v1/beneficiaries')
        .send({ nik: makeNik('08', 6), name: 'Eko', regionCode: '15.08' });
      expect(res.status).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('when one is fetched by id, then it comes with its enrolments; an unknown id is a 404', async () => {
    const created = await register({ nik: makeNik('08', 7), name: 'Fitri', regionCode: '15.08' });
    const res = await t.as('auditor').get(`/api/v1/beneficiaries/${created.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...created.body, enrolments: [], obligationsByPeriod: [] });
    expect((await t.as('auditor').get('/api/v1/beneficiaries/999999')).status).toBe(404);
    expect((await t.as('auditor').get('/api/v1/beneficiaries/abc')).status).toBe(404);
  });
});

describe('POST /beneficiaries/import', () => {
  it('when the OpenAPI document is read, then it describes every beneficiary and enrolment endpoint', async () => {
    const { paths } = (await t.anon.get('/api/v1/openapi.json')).body;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/beneficiaries',
        '/api/v1/beneficiaries/import',
        '/api/v1/beneficiaries/{id}',
        '/api/v1/enrolments',
        '/api/v1/enrolments/{id}',
        '/api/v1/enrolments/{id}/end',
      ]),
    );
    expect(Object.keys(paths['/api/v1/beneficiaries/import'].post.requestBody.content)).toContain('text/csv');
    expect(paths['/api/v1/beneficiaries'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['programId', 'regionCode', 'status', 'period', 'q', 'limit', 'cursor']),
    );
  });

  it('when rows are mixed, then valid ones are created and every rejected row lists all its reasons', async () => {
    const registered = makeNik('08', 20);
    expect((await register({ nik: registered, name: 'Already', regionCode: '15.08' })).status).toBe(201);
    const [ani, gita, hadi, joko] = [21, 22, 23, 24].map((n) => makeNik('08', n)) as [
      string,
      string,
      string,
      string,
    ];
    const csv = [
      'nik,name,regionCode,sector,occupation,kpjNumber,phone',
      `${ani},Ani,15.08,agriculture,Petani,12345678901,+6281234567`,
      '9908013002850000,Budi,15.08,,,,',
      `${makeNik('08', 25)},Citra,15.99,,,,`,
      `${makeNik('08', 26)},Dedi,15.08,fishing,,,`,
      `${registered},Eka,15.08,,,,`,
      `${ani},Fajar,15.08,,,,`,
      `${gita},"Gita, S.Pd",15.01,trade,Guru,,`,
      `${makeNik('08', 27)}, ,15.01,,,,abc`,
      '',
      `${hadi},Hadi,15.02,,,,`,
      `${joko},Joko,15.02,,,,,extra`,
    ].join('\n');
    const before = await snapshot();
    const res = await importCsv(csv);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      rejectedUrl: expect.stringMatching(REJECTED_URL),
      created: 3,
      enrolled: 0,
      rejected: [
        {
          line: 3,
          nik: '9908013002850000',
          errors: [
            { path: 'nik', message: 'unknown province code 99' },
            { path: 'nik', message: 'birth date part (DDMMYY, women +40 on the day) is not a real date' },
            { path: 'nik', message: 'serial must not be 0000' },
          ],
        },
        {
          line: 4,
          nik: makeNik('08', 25),
          errors: [
            {
              path: 'regionCode',
              message:
                '15.99 is not a known regency or city, by code or name (e.g. 15.08, 1508 or Kabupaten Bungo)',
            },
          ],
        },
        {
          line: 5,
          nik: makeNik('08', 26),
          errors: [
            {
              path: 'sector',
              message:
                'fishing is not a sector; use one of pertanian, perikanan, transportasi, perdagangan, konstruksi, industri, jasa, lainnya',
            },
          ],
        },
        { line: 6, nik: registered, errors: [{ path: 'nik', message: 'is already registered' }] },
        { line: 7, nik: ani, errors: [{ path: 'nik', message: 'repeats line 2 of the file' }] },
        {
          line: 9,
          nik: makeNik('08', 27),
          errors: [
            { path: 'name', message: 'must not be empty' },
            { path: 'phone', message: 'must be 6 to 15 digits, optionally after a leading +' },
          ],
        },
        { line: 12, nik: joko, errors: [{ path: '', message: 'has 8 fields but the header only 7' }] },
      ],
    });
    expect(await count(t.db, 'beneficiaries')).toBe(before.beneficiaries + 3);
    const gitaRow = await t.db('beneficiaries').where({ nik: gita }).first();
    expect(gitaRow).toMatchObject({
      name: 'Gita, S.Pd',
      region_code: '15.01',
      sector: 'trade',
      occupation: 'Guru',
    });
    expect(await t.db('beneficiaries').where({ nik: ani }).first()).toMatchObject({
      name: 'Ani',
      phone: '+6281234567',
    });
    expect(await count(t.db, 'beneficiaries', { nik: joko })).toBe(0);
    expect((await t.db('beneficiaries').where({ nik: registered }).first()).name).toBe('Already');
    const events = await t.db('audit_events').where({ action: 'beneficiary.import' }).orderBy('id', 'desc');
    expect(JSON.parse(events[0].change)).toEqual({ created: 3, rejected: 7, enrolled: 0 });
    expect(await count(t.db, 'audit_events')).toBe(before.audit + 1);
  });

  it('when the file is ;-separated with a BOM, CRLF and headers in another order and case, then it is read', async () => {
    const [sari, tono] = [30, 31].map((n) => makeNik('05', n)) as [string, string];
    const csv = `\uFEFFRegionCode;NAME;Nik\r\n15.05;Sari;${sari}\r\n15.05;Tono;${tono}\r\n15.05;Umar;12345\r\n`;
    const res = await importCsv(Buffer.from(csv, 'utf8'));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      rejectedUrl: expect.stringMatching(REJECTED_URL),
      created: 2,
      enrolled: 0,
      rejected: [{ line: 4, nik: '12345', errors: [{ path: 'nik', message: 'must be 16 digits' }] }],
    });
    expect(await t.db('beneficiaries').where({ nik: sari }).first()).toMatchObject({
      name: 'Sari',
      sector: 'other',
    });
  });

  it('when a required column is missing, then 400 names it and nothing is written', async () => {
    const before = await snapshot();
    const res = await importCsv(`nik,name\n${makeNik('08', 40)},Wati\n`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'INVALID_HEADER',
      errors: [
        {
          path: 'regionCode',
          message:
            'is a required column missing from the header (accepted names: Kode Wilayah, Kabupaten/Kota, regionCode)',
        },
      ],
    });
    const empty = await importCsv('');
    expect(empty.status).toBe(400);
    expect((empty.body.errors as { path: string }[]).map((e) => e.path)).toEqual([
      'nik',
      'name',
      'regionCode',
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('when the body is not CSV, then 415 and nothing is written', async () => {
    const before = await snapshot();
    const json = await t
      .as('program_manager')
      .post('/api/v1/beneficiaries/import')
      .send({ nik: makeNik('08', 41), name: 'X', regionCode: '15.08' });
    expect(json.status).toBe(415);
    const xml = await t
      .as('program_manager')
      .post('/api/v1/beneficiaries/import')
      .set('Content-Type', 'application/xml')
      .send(`nik,name,regionCode\n${makeNik('08', 41)},X,15.08\n`);
    expect(xml.status).toBe(415);
    expect(await snapshot()).toEqual(before);
  });

  it('when the CSV breaks after valid rows, then 400 and not even the earlier rows are written', async () => {
    const before = await snapshot();
    const res = await importCsv(
      `nik,name,regionCode\n${makeNik('08', 42)},Yanti,15.08\n${makeNik('08', 43)},"Zul,15.08\n`,
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_CSV');
    expect(await snapshot()).toEqual(before);
  });

  it('when an auditor imports, then 403 and nothing is written', async () => {
    const before = await snapshot();
    const res = await t
      .as('auditor')
      .post('/api/v1/beneficiaries/import')
      .set('Content-Type', 'text/csv')
      .send(`nik,name,regionCode\n${makeNik('08', 44)},A,15.08\n`);
    expect(res.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('when a programme and start month are given, then every created row is enrolled from that month', async () => {
    const open = await program();
    const bounded = await program({ startPeriod: '2026-01', endPeriod: '2026-12' });
    const niks = [50, 51].map((n) => makeNik('09', n));
    const res = await importCsv(
      `nik,name,regionCode\n${niks[0]},Ayu,15.09\n${niks[1]},Bayu,15.09\nbad,Cici,15.09\n`,
      `?programId=${open.id}&startPeriod=2026-02`,
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ created: 2, enrolled: 2, rejected: [{ line: 4, nik: 'bad' }] });
    const enrolments = await t
      .db('enrolments as e')
      .join('beneficiaries as b', 'b.id', 'e.beneficiary_id')
      .whereIn('b.nik', niks)
      .select('e.program_id', 'e.start_period', 'e.end_period', 'e.end_reason');
    expect(enrolments.map((e) => ({ ...e, program_id: String(e.program_id) }))).toEqual([
      { program_id: open.id, start_period: '2026-02', end_period: null, end_reason: null },
      { program_id: open.id, start_period: '2026-02', end_period: null, end_reason: null },
    ]);
    const event = await t
      .db('audit_events')
      .where({ action: 'beneficiary.import' })
      .orderBy('id', 'desc')
      .first();
    expect(JSON.parse(event.change)).toEqual({
      created: 2,
      rejected: 1,
      enrolled: 2,
      programId: open.id,
      startPeriod: '2026-02',
    });

    const nik = makeNik('09', 52);
    const inBounded = await importCsv(
      `nik,name,regionCode\n${nik},Dodi,15.09\n`,
      `?programId=${bounded.id}&startPeriod=2026-03`,
    );
    expect(inBounded.body.enrolled).toBe(1);
    const detail = await t.as('auditor').get(`/api/v1/beneficiaries?q=${nik}`);
    const person = await t.as('auditor').get(`/api/v1/beneficiaries/${detail.body.data[0].id}`);
    expect(person.body.enrolments).toEqual([
      expect.objectContaining({
        programId: bounded.id,
        startPeriod: '2026-03',
        endPeriod: '2026-12',
        endReason: null,
      }),
    ]);
  });

  it('when the programme is unknown, the month outside it or only one of the two given, then refused and nothing is written', async () => {
    const p = await program({ startPeriod: '2026-04' });
    const before = await snapshot();
    const csv = `nik,name,regionCode\n${makeNik('09', 60)},Eva,15.09\n`;
    const unknown = await importCsv(csv, '?programId=999999&startPeriod=2026-05');
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_REFERENCE', errors: [{ path: 'programId' }] });
    const early = await importCsv(csv, `?programId=${p.id}&startPeriod=2026-03`);
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'OUTSIDE_PROGRAM', errors: [{ path: 'startPeriod' }] });
    const half = await importCsv(csv, `?programId=${p.id}`);
    expect(half.status).toBe(400);
    expect(half.body.errors).toEqual([{ path: 'query.startPeriod', message: 'is required with programId' }]);
    const badMonth = await importCsv(csv, `?programId=${p.id}&startPeriod=2026-13`);
    expect(badMonth.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});

describe('GET /beneficiaries', () => {
  const FORMULA = '=HYPERLINK("x")';
  /**
   * People of Kota Sungai Penuh (15.72), a region no other test uses, so the filters see only them; the last
   * one's name looks like a spreadsheet formula, which every download must keep as text.
   */
  const ids: Record<string, string> = {};
  let p1: string;
  let p2: string;
  const list = async (query: string) => {
    const res = await t.as('auditor').get(`/api/v1/beneficiaries?regionCode=15.72&${query}`);
    expect(res.status, res.text).toBe(200);
    return (res.body.data as { name: string }[]).map((b) => b.name);
  };

  beforeAll(async () => {
    p1 = (await program()).id;
    p2 = (await program()).id;
    const people = ['Ended Early', 'Still In P1', 'Moved To P2', 'Never Enrolled', 'Siti Rahmawati', FORMULA];
    for (const [i, name] of people.entries()) {
      const res = await register({
        nik: makeNik('72', name === FORMULA ? 110 : 100 + i),
        name,
        regionCode: '15.72',
      });
      expect(res.status, res.text).toBe(201);
      ids[name] = res.body.id;
    }
    const enrol = async (name: string, programId: string, startPeriod: string, endPeriod?: string) => {
      const res = await t
        .as('program_manager')
        .post('/api/v1/enrolments')
        .send({ beneficiaryId: ids[name], programId, startPeriod, ...(endPeriod ? { endPeriod } : {}) });
      expect(res.status, res.text).toBe(201);
    };
    await enrol('Ended Early', p1, '2026-01', '2026-06');
    await enrol('Still In P1', p1, '2026-03');
    await enrol('Moved To P2', p2, '2026-07');
  });

  it('when filtered by programme and month, then only people enrolled there then are listed', async () => {
    expect(await list(`programId=${p1}`)).toEqual(['Ended Early', 'Still In P1']);
    expect(await list(`programId=${p1}&period=2026-08`)).toEqual(['Still In P1']);
    expect(await list('period=2026-05')).toEqual(['Ended Early', 'Still In P1']);
    expect(await list('period=2026-07')).toEqual(['Still In P1', 'Moved To P2']);
  });

  it('when filtered by status, then active means covered in the current month or the given one', async () => {
    expect(await list('status=active')).toEqual(['Still In P1', 'Moved To P2']);
    expect(await list('status=inactive')).toEqual([
      'Ended Early',
      'Never Enrolled',
      'Siti Rahmawati',
      FORMULA,
    ]);
    expect(await list('status=active&period=2026-05')).toEqual(['Ended Early', 'Still In P1']);
    expect(await list('status=inactive&period=2026-05')).toEqual([
      'Moved To P2',
      'Never Enrolled',
      'Siti Rahmawati',
      FORMULA,
    ]);
    expect(await list(`status=inactive&programId=${p1}`)).toEqual(['Ended Early']);
  });

  it('when the auditor searches, then q matches part of the name in any case or a whole NIK, wildcards literally', async () => {
    expect(await list('q=RAHMA')).toEqual(['Siti Rahmawati']);
    expect(await list('q=still%20in')).toEqual(['Still In P1']);
    expect(await list(`q=${makeNik('72', 102)}`)).toEqual(['Moved To P2']);
    expect(await list(`q=${makeNik('72', 102).slice(0, 14)}`)).toEqual([]);
    expect(await list('q=%25')).toEqual([]);
    expect(await list('q=_')).toEqual([]);
  });

  it('when filtered by a province, then the regions inside it are included', async () => {
    const res = await t.as('auditor').get('/api/v1/beneficiaries?regionCode=15&q=ended%20early');
    expect(res.body.data).toEqual([expect.objectContaining({ name: 'Ended Early', regionCode: '15.72' })]);
    expect((await t.as('auditor').get('/api/v1/beneficiaries?regionCode=16')).body.data).toEqual([]);
  });

  it('when paged with a small limit, then nextCursor walks every row exactly once in id order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await t
        .as('finance_officer')
        .get(`/api/v1/beneficiaries?regionCode=15.72&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...(res.body.data as { id: string }[]).map((b) => b.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    const all = (await t.db('beneficiaries').where({ region_code: '15.72' }).orderBy('id').select('id')).map(
      (r) => String(r.id),
    );
    expect(seen).toEqual(all);
    expect(all).toHaveLength(6);
    expect(pages).toBe(3);
  });

  it('when a query parameter is invalid, then 400 names it', async () => {
    for (const [query, path] of [
      ['status=asleep', 'query.status'],
      ['period=2026-13', 'query.period'],
      ['programId=abc', 'query.programId'],
      ['regionCode=Jambi', 'query.regionCode'],
      ['limit=0', 'query.limit'],
      ['cursor=!!', 'query.cursor'],
      ['cursor=abc', 'cursor'],
      ['format=pdf', 'query.format'],
      [`q=${'x'.repeat(101)}`, 'query.q'],
    ]) {
      const res = await t.as('auditor').get(`/api/v1/beneficiaries?${query}`);
      expect(res.status, query).toBe(400);
      expect(
        (res.body.errors as { path: string }[]).map((e) => e.path),
        query,
      ).toEqual([path]);
    }
  });

  it('when asked for CSV, then every matching row is downloaded under a title, with formulas defused', async () => {
    const res = await t
      .as('program_manager')
      .get('/api/v1/beneficiaries?regionCode=15.72&format=csv&limit=1');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="beneficiaries-2026-11-20.csv"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const lines = res.text.slice(1).trim().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Daftar Peserta',
      'Filter,Kode wilayah: 15.72',
      'Dibuat pada,20 November 2026 10.00 WIB',
      'ID,NIK,Nama,Kode wilayah,Sektor,Pekerjaan,Nomor KPJ,Telepon,Kode program,Status,Bulan mulai,Bulan berakhir,Alasan keluar,Terdaftar pada',
    ]);
    expect(lines).toHaveLength(4 + 6);
    expect(lines[9]).toContain(`${makeNik('72', 110)},"'=HYPERLINK(""x"")",15.72,lainnya`);
  });

  it('when CSV is asked for by Accept header in English, then the headers are English', async () => {
    const res = await t
      .as('auditor')
      .get('/api/v1/beneficiaries?regionCode=15.72&q=Siti&lang=en')
      .set('Accept', 'text/csv');
    expect(res.status).toBe(200);
    const lines = res.text.slice(1).trim().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Beneficiaries',
      'Filters,Region code: 15.72,Search: Siti',
      'Produced at,20 November 2026 10:00 WIB',
      'ID,NIK,Name,Region code,Sector,Occupation,KPJ number,Phone,Programme code,Status,Start month,End month,Exit reason,Registered at',
    ]);
    expect(lines.slice(4).map((l) => l.split(',')[2])).toEqual(['Siti Rahmawati']);
  });

  it('when asked for XLSX, then a workbook holds the title, a bold header and every row, text as typed (an XLSX text cell is never a formula)', async () => {
    const { res, workbook } = await downloadWorkbook(
      t,
      'auditor',
      '/api/v1/beneficiaries?regionCode=15.72&format=xlsx',
      'beneficiaries-2026-11-20.xlsx',
    );
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Daftar Peserta');
    expect(sheet.getCell('A1').value).toBe('Daftar Peserta');
    expect(sheet.getRow(2).values).toEqual([undefined, 'Filter', 'Kode wilayah: 15.72']);
    expect(sheet.getCell('B3').value).toBe('20 November 2026 10.00 WIB');
    expect(sheet.getCell('C5').value).toBe('Nama');
    expect(sheet.getCell('C5').font?.bold).toBe(true);
    const names = [];
    for (let r = 6; r <= sheet.rowCount; r += 1) names.push(sheet.getCell(r, 3).value);
    expect(names).toEqual([
      'Ended Early',
      'Still In P1',
      'Moved To P2',
      'Never Enrolled',
      'Siti Rahmawati',
      '=HYPERLINK("x")',
    ]);
    expect(sheet.getCell(sheet.rowCount, 3).formula).toBeUndefined();
  });

  it('when the Accept header asks for XLSX, then the workbook is sent', async () => {
    const res = await t
      .as('auditor')
      .get('/api/v1/beneficiaries?regionCode=15.72')
      .set('Accept', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect((res.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });
});

describe('large imports', () => {
  it('when more than 100,000 rows are rejected, then 422 TOO_MANY_REJECTED lists the first ones and nothing is written', async () => {
    const lines = ['nik,name,regionCode', `${makeNik('02', 1)},Valid Before,15.02`];
    for (let i = 0; i <= 100_000; i += 1) lines.push(`bad${i},Pekerja,15.02`);
    const before = await snapshot();
    const res = await importCsv(lines.join('\n'));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('TOO_MANY_REJECTED');
    expect(res.body.rejected).toHaveLength(100_000);
    expect(res.body.rejected[0]).toEqual({
      line: 3,
      nik: 'bad0',
      errors: [{ path: 'nik', message: 'must be 16 digits' }],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('when rows repeat rows read hundreds of lines before, then each is refused as a repeat of the first line', async () => {
    const first = makeNik('03', 1);
    const lines = ['nik,name,regionCode', `${first},Pertama,15.03`, 'not-a-nik,Salah,15.03'];
    for (let i = 2; i < 1200; i += 1) lines.push(`${makeNik('03', i)},Pekerja ${i},15.03`);
    lines.push(`${first},Ulang,15.03`, 'not-a-nik,Salah Lagi,15.03');
    const res = await importCsv(lines.join('\n'));
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    const badNik = { path: 'nik', message: 'must be 16 digits' };
    expect(res.body).toEqual({
      rejectedUrl: expect.stringMatching(REJECTED_URL),
      created: 1199,
      enrolled: 0,
      rejected: [
        { line: 3, nik: 'not-a-nik', errors: [badNik] },
        { line: 1202, nik: first, errors: [{ path: 'nik', message: 'repeats line 2 of the file' }] },
        {
          line: 1203,
          nik: 'not-a-nik',
          errors: [badNik, { path: 'nik', message: 'repeats line 3 of the file' }],
        },
      ],
    });
    expect(await t.db('beneficiaries').where({ nik: first }).pluck('name')).toEqual(['Pertama']);
  });

  it('when 100,000 rows are imported, then all are created in one go with one audit event', async () => {
    const regions = ['15.01', '15.02', '15.03', '15.04', '15.05', '15.06', '15.07', '15.08', '15.09'];
    const lines = ['nik,name,regionCode,sector,occupation,kpjNumber,phone'];
    for (let i = 0; i < 100_000; i += 1) {
      lines.push(
        `${makeNik('01', i)},Pekerja ${i},${regions[i % 9]},agriculture,Petani,${10_000_000_000 + i},+62812${i}`,
      );
    }
    const before = await snapshot();
    const res = await importCsv(Buffer.from(lines.join('\n'), 'utf8'));
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    expect(res.body).toEqual({ created: 100_000, enrolled: 0, rejected: [], rejectedUrl: null });
    expect(await count(t.db, 'beneficiaries')).toBe(before.beneficiaries + 100_000);
    expect(await count(t.db, 'audit_events')).toBe(before.audit + 1);
    const last = await t
      .db('beneficiaries')
      .where({ nik: makeNik('01', 99_999) })
      .first();
    expect(last).toMatchObject({ name: 'Pekerja 99999', region_code: '15.01', kpj_number: '10000099999' });
    const again = await importCsv(lines.slice(0, 3).join('\n'));
    expect(again.body.rejected.map((r: { errors: { message: string }[] }) => r.errors[0]!.message)).toEqual([
      'is already registered',
      'is already registered',
    ]);
  });
});

describe('personal data for auditors', () => {
  it('when an auditor lists or exports beneficiaries, NIKs are masked; opening one shows it in full and is audited', async () => {
    const nik = makeNik('71', 777);
    const created = await t
      .as('program_manager')
      .post('/api/v1/beneficiaries')
      .send({ nik, name: 'Rahmawati', regionCode: '15.71' });
    expect(created.status).toBe(201);
    const list = await t.as('auditor').get('/api/v1/beneficiaries?regionCode=15.71');
    const mine = list.body.data.find((b: { id: string }) => b.id === created.body.id);
    expect(mine.nik).toBe(`${nik.slice(0, 4)}**********${nik.slice(-2)}`);
    const csv = await t.as('auditor').get('/api/v1/beneficiaries?regionCode=15.71&format=csv');
    expect(csv.text).not.toContain(nik);
    const before = await t
      .db('audit_events')
      .where({ action: 'beneficiary.view', entity_id: created.body.id });
    const one = await t.as('auditor').get(`/api/v1/beneficiaries/${created.body.id}`);
    expect(one.body.nik).toBe(nik);
    const after = await t
      .db('audit_events')
      .where({ action: 'beneficiary.view', entity_id: created.body.id });
    expect(after.length).toBe(before.length + 1);
    const exports = await t.db('audit_events').where({ action: 'export', entity_id: '/beneficiaries' });
    expect(exports.length).toBeGreaterThan(0);
    expect(
      (await t.as('program_manager').get('/api/v1/beneficiaries?regionCode=15.71')).body.data.some(
        (b: { nik: string }) => b.nik === nik,
      ),
    ).toBe(true);
  });
});
