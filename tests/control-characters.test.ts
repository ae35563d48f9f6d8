import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestContext, makeNik, type TestContext } from './support/harness.js';
import { createProgram, fundingSourceIds } from './support/fixtures.js';

/**
 * A control character in any text a request carries is a 400 on both databases (PostgreSQL cannot store
 * NUL, and would answer 500), wherever it comes in: the query string, the path, the JSON body, an upload.
 */
let t: TestContext;
let programId: string;

beforeAll(async () => {
  t = await createTestContext();
  const province = (await fundingSourceIds(t))['APBD-PROV-JAMBI']!;
  programId = (await createProgram(t, { fundingShares: [{ fundingSourceId: province, share: '1' }] })).id;
});
afterAll(async () => t.close());

const refusedAt = (res: { status: number; text: string; body: { errors?: { path: string }[] } }) => {
  expect(res.status, res.text).toBe(400);
  return (res.body.errors ?? []).map((e) => e.path);
};

describe('control characters in requests', () => {
  it('when a search carries NUL, then it is a 400 naming query.q, not a 500 or a match', async () => {
    const res = await t.as('auditor').get('/api/v1/beneficiaries?q=a%00b');
    expect(refusedAt(res)).toEqual(['query.q']);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('when query values that are not text fields carry a control character, then each is a 400', async () => {
    for (const [url, path] of [
      ['/api/v1/audit-events?actor=a%01b', 'query.actor'],
      ['/api/v1/journal-entries?kind=%00', 'query.kind'],
      ['/api/v1/beneficiaries?q=ab%0Acd', 'query.q'],
      ['/api/v1/programs?limit=1%7F', 'query.limit'],
    ] as const) {
      expect(refusedAt(await t.as('auditor').get(url)), url).toEqual([path]);
    }
  });

  it('when a path parameter carries NUL, then it is a 400 naming it', async () => {
    const res = await t.as('auditor').get(`/api/v1/programs/${programId}%00`);
    expect(refusedAt(res)).toEqual(['path.id']);
  });

  it('when a JSON string or key carries NUL, then it is a 400 and nothing is written', async () => {
    const before = await count(t.db, 'beneficiaries');
    const named = await t
      .as('program_manager')
      .post('/api/v1/beneficiaries')
      .send({ nik: makeNik('08', 901), name: 'Siti\u0000', regionCode: '15.08' });
    expect(refusedAt(named)).toEqual(['name']);
    const keyed = await t
      .as('program_manager')
      .post('/api/v1/beneficiaries')
      .send({ nik: makeNik('08', 902), name: 'Siti', regionCode: '15.08', 'x\u0000': 1 });
    expect(refusedAt(keyed)).toEqual(['x\u0000']);
    const nested = await t
      .as('admin')
      .post('/api/v1/programs')
      .send({ code: 'NUL1', name: 'Nul', benefits: ['JKK\u0000'], declaredIncome: '1000000' });
    expect(refusedAt(nested)).toContain('benefits.0');
    expect(await count(t.db, 'beneficiaries')).toBe(before);
  });

  it('when a JSON string holds a tab, then it passes this check and the field decides', async () => {
    const res = await t
      .as('program_manager')
      .post('/api/v1/beneficiaries')
      .send({ nik: makeNik('08', 903), name: 'Siti\tAminah', regionCode: '15.08' });
    expect(res.status, res.text).toBe(201);
  });
});

describe('beneficiary upload', () => {
  const upload = (csv: Buffer) =>
    t
      .as('program_manager')
      .post('/api/v1/beneficiaries/import')
      .set('Content-Type', 'text/csv')
      .set('Accept-Language', 'en')
      .send(csv);

  it('when a line is not UTF-8, then the upload is a 400 INVALID_UTF8 naming it and writes nothing', async () => {
    const before = await count(t.db, 'beneficiaries');
    const csv = Buffer.concat([
      Buffer.from(`nik,name,regionCode\n${makeNik('08', 904)},Siti,15.08\n${makeNik('08', 905)},Jos`),
      Buffer.from([0xe9]), // "é" in Latin-1, as a spreadsheet saves it without "CSV UTF-8"
      Buffer.from(',15.08\n'),
    ]);
    const res = await upload(csv);
    expect(res.status, res.text).toBe(400);
    expect(res.body.code).toBe('INVALID_UTF8');
    expect(res.body.detail).toBe('line 3 is not valid UTF-8: save the file as CSV UTF-8');
    expect(await count(t.db, 'beneficiaries')).toBe(before);
  });

  it('when a cell holds NUL, then the file is a 400 naming its line and column, and nothing is created', async () => {
    const before = await count(t.db, 'beneficiaries');
    const good = makeNik('08', 906);
    const csv = Buffer.from(
      `nik,name,regionCode\n${makeNik('08', 907)},Si\u0000ti,15.08\n${good},Siti,15.08\n`,
    );
    const res = await upload(csv);
    expect(res.status, res.text).toBe(400);
    expect(res.body).toMatchObject({
      code: 'CONTROL_CHARACTER',
      detail: 'line 2, column 2 (name) holds the control character U+0000, which a list must not contain',
    });
    expect(await count(t.db, 'beneficiaries')).toBe(before);
  });
});
