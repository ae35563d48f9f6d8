import { Writable } from 'node:stream';
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, count, createTestContext, makeNik, type TestContext } from './support/harness.js';
import { createProgram, fundingSourceIds } from './support/fixtures.js';

const logLines: string[] = [];
let t: TestContext;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await createTestContext({ logger: pino({ level: 'trace' }, sink) });
});
afterAll(async () => t.close());

describe('tokens', () => {
  it('when a token expires, then it is refused with TOKEN_EXPIRED', async () => {
    const user = await t
      .as('admin')
      .post('/api/v1/users')
      .send({ name: 'Temp', role: 'auditor', expiresInDays: 1 });
    expect(user.status).toBe(201);
    const ok = await supertest(t.app)
      .get('/api/v1/programs')
      .set('Authorization', `Bearer ${user.body.token}`);
    expect(ok.status).toBe(200);
    t.setNow('2026-11-21T10:00:01');
    const expired = await supertest(t.app)
      .get('/api/v1/programs')
      .set('Authorization', `Bearer ${user.body.token}`);
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('TOKEN_EXPIRED');
    t.setNow('2026-11-20T10:00:00');
  });

  it('when a user is revoked, then its token stops working at once, and twice is a 409', async () => {
    const user = await t.as('admin').post('/api/v1/users').send({ name: 'Leaver', role: 'finance_officer' });
    const revoked = await t.as('admin').post(`/api/v1/users/${user.body.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const denied = await supertest(t.app)
      .get('/api/v1/programs')
      .set('Authorization', `Bearer ${user.body.token}`);
    expect(denied.status).toBe(401);
    expect((await t.as('admin').post(`/api/v1/users/${user.body.id}/revoke`)).status).toBe(409);
    expect((await t.as('finance_officer').post(`/api/v1/users/${user.body.id}/revoke`)).status).toBe(403);
    expect(await count(t.db, 'audit_events', { action: 'user.revoke', entity_id: user.body.id })).toBe(1);
  });

  it('when the bootstrap token is turned off, then ADMIN_TOKEN is refused and users still work', async () => {
    const res = await t.as('admin').post('/api/v1/settings/admin-token/disable');
    expect(res.status).toBe(200);
    const bootstrap = await t.as('bootstrap').get('/api/v1/programs');
    expect(bootstrap.status).toBe(401);
    expect((await t.as('admin').get('/api/v1/programs')).status).toBe(200);
    expect((await t.as('admin').post('/api/v1/settings/admin-token/disable')).status).toBe(409);
  });
});

describe('personal data in logs', () => {
  it('when requests carry NIKs and names, then no log line contains them', async () => {
    const fs = await fundingSourceIds(t);
    const program = await createProgram(t, {
      fundingShares: [{ fundingSourceId: fs['APBD-KAB-BUNGO']!, share: '1' }],
    });
    const nik = makeNik('08', 4242);
    const name = 'Sulastri Binti Rahmat';
    logLines.length = 0;
    await t.as('program_manager').post('/api/v1/beneficiaries').send({ nik, name, regionCode: '15.08' });
    await t.as('program_manager').post('/api/v1/beneficiaries').send({ nik, name, regionCode: '15.08' });
    await t
      .as('program_manager')
      .post('/api/v1/beneficiaries')
      .send({ nik: `${nik}9`, name, regionCode: '15.08' });
    await t.as('auditor').get(`/api/v1/beneficiaries?q=${nik}`);
    await t
      .as('program_manager')
      .post(`/api/v1/beneficiaries/import?programId=${program.id}&startPeriod=2026-01`)
      .set('Content-Type', 'text/csv')
      .send(`nik,name,regionCode\n${nik},${name},15.08\n`);
    await t
      .as('finance_officer')
      .post(`/api/v1/statements?programId=${program.id}&period=2026-03`)
      .set('Content-Type', 'text/csv')
      .send(`nik,kpj,name,amount\n${nik},1,${name},16800\n`);
    expect(logLines.length).toBeGreaterThan(4);
    const text = logLines.join('');
    expect(text).not.toContain(nik);
    expect(text).not.toContain('Sulastri');
    expect(text).not.toContain(ADMIN_TOKEN);
  });
});

describe('personal data in paths and caches', () => {
  it('when a NIK is in the URL path, then the log names the route pattern, never the path', async () => {
    const nik = makeNik('08', 4343);
    logLines.length = 0;
    expect((await t.as('auditor').get(`/api/v1/beneficiaries/${nik}`)).status).toBe(404);
    expect((await t.as('admin').post(`/api/v1/users/${nik}/revoke`)).status).toBe(404);
    expect((await t.as('auditor').get(`/api/v1/no-such-route/${nik}`)).status).toBe(404);
    expect((await t.as('auditor').get(`/api/v1/programs?nik=${nik}`)).status).not.toBe(500);
    const requests = logLines.map((l) => JSON.parse(l)).filter((l) => l.res);
    expect(requests.map((l) => [l.req.method, l.route, l.res.statusCode])).toEqual([
      ['GET', '/api/v1/beneficiaries/{id}', 404],
      ['POST', '/api/v1/users/{id}/revoke', 404],
      ['GET', null, 404],
      ['GET', '/api/v1/programs', requests[3]?.res.statusCode],
    ]);
    expect(logLines.join('')).not.toContain(nik);
  });

  it('when an API answer is sent, then it may not be stored by caches, except the OpenAPI document', async () => {
    const answers = await Promise.all([
      t.as('auditor').get('/api/v1/beneficiaries'),
      t.as('admin').get('/api/v1/users'),
      t.as('auditor').get('/api/v1/reports/arrears?asOf=2026-11'),
      t.as('auditor').get('/api/v1/beneficiaries?format=csv'),
      t.as('auditor').get('/api/v1/beneficiaries/999999'),
      supertest(t.app).get('/api/v1/beneficiaries'),
    ]);
    expect(answers.map((r) => [r.status, r.headers['cache-control']])).toEqual([
      [200, 'no-store'],
      [200, 'no-store'],
      [200, 'no-store'],
      [200, 'no-store'],
      [404, 'no-store'],
      [401, 'no-store'],
    ]);
    const openapi = await supertest(t.app).get('/api/v1/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.headers['cache-control']).toBeUndefined();
  });
});

describe('the Authorization header', () => {
  it('when the scheme is written in any case, then the token is accepted (RFC 7235)', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const res = await supertest(t.app)
        .get('/api/v1/programs')
        .set('Authorization', `${scheme} ${t.tokens.auditor}`);
      expect(res.status, scheme).toBe(200);
    }
    const basic = await supertest(t.app)
      .get('/api/v1/programs')
      .set('Authorization', `Basic ${t.tokens.auditor}`);
    expect(basic.status).toBe(401);
  });
});
