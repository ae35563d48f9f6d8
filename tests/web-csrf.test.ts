import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, count, createTestContext, type TestContext } from './support/harness.js';
import { consoleClient, HOST, ORIGIN, signedInPage } from './support/console-http.js';

let t: TestContext;
let c: ReturnType<typeof consoleClient>;
beforeAll(async () => {
  t = await createTestContext();
  c = consoleClient(t.app);
});
afterEach(() => t.setNow('2026-11-20T10:00:00'));
afterAll(async () => t.close());

const get = (path: string, cookie?: string) => c.get(path, cookie);
const post = (path: string, form: Record<string, string>, headers?: Record<string, string>) =>
  c.post(path, form, headers);
const signIn = (token: string) => c.signIn(token);

describe('cross-site checks on console forms', () => {
  it('when a signed-in write lacks the token, carries another, or comes from another origin, then it is refused with nothing done', async () => {
    const { cookie, csrf } = await signIn(t.tokens.auditor);
    const before = await count(t.db, 'audit_events', { action: 'session.sign_out' });
    const attempts = [
      post('/keluar', {}, { Origin: ORIGIN, Cookie: cookie }),
      post('/keluar', { _csrf: `${csrf}x` }, { Origin: ORIGIN, Cookie: cookie }),
      post('/keluar', { _csrf: csrf }, { Origin: 'http://evil.example', Cookie: cookie }),
      post('/keluar', { _csrf: csrf }, { Origin: 'null', Cookie: cookie }),
      post('/keluar', { _csrf: csrf }, { Cookie: cookie }),
      post('/keluar', { _csrf: csrf }, { Referer: 'http://evil.example/page', Cookie: cookie }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.text).toContain('Permintaan ditolak');
    }
    expect(await count(t.db, 'audit_events', { action: 'session.sign_out' })).toBe(before);
    expect(signedInPage(await get('/', cookie))).toBe(true);

    const byReferer = await post('/keluar', { _csrf: csrf }, { Referer: `${ORIGIN}/`, Cookie: cookie });
    expect(byReferer.status).toBe(303);
  });

  it('when htmx sends the token as X-CSRF-Token, then the write is accepted', async () => {
    const { cookie, csrf } = await signIn(t.tokens.auditor);
    const res = await post(
      '/bahasa',
      { lang: 'en', next: '/' },
      { Origin: ORIGIN, Cookie: cookie, 'X-CSRF-Token': csrf },
    );
    expect(res.status).toBe(303);
    expect((await get('/', cookie)).text).toContain('<h1>Dashboard</h1>');
  });

  it('when another site posts a token to the sign-in form, then it is refused before the token is looked at', async () => {
    const res = await post('/masuk', { token: t.tokens.admin }, { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('when the return address after sign-in leads off the console, then the Beranda is used instead', async () => {
    const cases: [string, string][] = [
      ['/tagihan?period=2026-03', '/tagihan?period=2026-03'],
      ['//evil.example/', '/'],
      ['/\\evil.example', '/'],
      ['https://evil.example/', '/'],
      ['/api/v1/users', '/'],
    ];
    for (const [next, location] of cases) {
      const res = await post('/masuk', { token: t.tokens.auditor, next });
      expect(res.headers.location, next).toBe(location);
    }
  });
});

describe('the API with the console session', () => {
  it('when the cookie is sent, then reads need nothing more and writes need the token and the origin; a bearer token decides alone', async () => {
    const { cookie, csrf } = await signIn(t.tokens.finance_officer);
    const api = supertest(t.app);
    expect((await api.get('/api/v1/funding-sources').set('Cookie', cookie)).status).toBe(200);

    const body = { code: 'APBDES-SESI', name: 'APBDes Sesi', level: 'village', regionCode: '15.08' };
    const asAdmin = await signIn(ADMIN_TOKEN);
    const refused = await Promise.all([
      api.post('/api/v1/funding-sources').set('Host', HOST).set('Cookie', asAdmin.cookie).send(body),
      api
        .post('/api/v1/funding-sources')
        .set('Host', HOST)
        .set({ Cookie: asAdmin.cookie, 'X-CSRF-Token': asAdmin.csrf })
        .send(body),
      api
        .post('/api/v1/funding-sources')
        .set('Host', HOST)
        .set({ Cookie: asAdmin.cookie, 'X-CSRF-Token': csrf, Origin: ORIGIN })
        .send(body),
    ]);
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('CSRF_FAILED');
    }
    expect(await count(t.db, 'funding_sources', { code: 'APBDES-SESI' })).toBe(0);

    const wrongRole = await api
      .post('/api/v1/funding-sources')
      .set('Host', HOST)
      .set({ Cookie: cookie, 'X-CSRF-Token': csrf, Origin: ORIGIN })
      .send(body);
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.code).toBe('FORBIDDEN');

    const accepted = await api
      .post('/api/v1/funding-sources')
      .set('Host', HOST)
      .set({ Cookie: asAdmin.cookie, 'X-CSRF-Token': asAdmin.csrf, Origin: ORIGIN })
      .send(body);
    expect(accepted.status).toBe(201);
    const event = await t
      .db('audit_events')
      .where({ action: 'funding_source.create', entity_id: accepted.body.id })
      .first();
    expect(event.actor).toBe('admin-token');

    const bearer = await api
      .post('/api/v1/funding-sources')
      .set('Cookie', cookie)
      .set('Authorization', `Bearer ${t.tokens.admin}`)
      .send({ ...body, code: 'APBDES-SESI-2' });
    expect(bearer.status).toBe(201);
  });
});
