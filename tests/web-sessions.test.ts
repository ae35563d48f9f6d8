import crypto from 'node:crypto';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FailedAuthLimiter } from '../src/http/rate-limit.js';
import { ADMIN_TOKEN, count, createTestContext, type TestContext } from './support/harness.js';

/** Requests name a host, so that the console's same-origin check has an origin to compare with. */
const HOST = 'konsol.jambi.test';
const ORIGIN = `http://${HOST}`;

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterEach(() => t.setNow('2026-11-20T10:00:00'));
afterAll(async () => t.close());

const get = (path: string, cookie?: string) => {
  const req = supertest(t.app).get(path).set('Host', HOST);
  return cookie ? req.set('Cookie', cookie) : req;
};
const post = (
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = { Origin: ORIGIN },
) => supertest(t.app).post(path).set('Host', HOST).set(headers).type('form').send(form);

const setCookies = (res: supertest.Response): string[] =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []);

function sessionCookieOf(res: supertest.Response): string {
  const set = setCookies(res);
  const line = set.find((c) => c.startsWith('iuran_session='));
  if (!line) throw new Error(`no session cookie in ${JSON.stringify(set)}`);
  return line.split(';')[0]!;
}

/** Signs in through the form and reads the session's CSRF token off the Beranda. */
async function signIn(token: string): Promise<{ cookie: string; csrf: string }> {
  const res = await post('/masuk', { token });
  expect(res.status, res.text).toBe(303);
  const cookie = sessionCookieOf(res);
  const home = await get('/', cookie);
  expect(home.status).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home.text)?.[1];
  if (!csrf) throw new Error('no CSRF token on the Beranda');
  return { cookie, csrf };
}

const signedInPage = (res: supertest.Response) => res.status === 200 && res.text.includes('<h1>Beranda</h1>');

describe('the session cookie', () => {
  it('when a user signs in, then the cookie is HttpOnly, SameSite=Strict, for the whole site, and Secure only behind TLS', async () => {
    const plain = await post('/masuk', { token: t.tokens.auditor });
    const line = setCookies(plain).find((c) => c.startsWith('iuran_session='))!;
    expect(line).toMatch(/; Path=\//);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Strict/);
    expect(line).not.toMatch(/; Secure/);
    expect(sessionCookieOf(plain)).toMatch(/^iuran_session=[A-Za-z0-9_-]{43}$/);

    t.app.set('trust proxy', 'loopback');
    try {
      const tls = await post(
        '/masuk',
        { token: t.tokens.auditor },
        { Origin: `https://${HOST}`, 'X-Forwarded-Proto': 'https' },
      );
      expect(tls.status).toBe(303);
      expect(setCookies(tls).find((c) => c.startsWith('iuran_session='))).toMatch(/; Secure/);
    } finally {
      t.app.set('trust proxy', false);
    }
  });

  it('when a session is opened, then the table keeps only the hash of its secret, and the sign-in is audited', async () => {
    const { cookie } = await signIn(t.tokens.finance_officer);
    const secret = cookie.split('=')[1]!;
    const rows = await t.db('web_sessions').where({ role: 'finance_officer' });
    expect(rows.some((r) => JSON.stringify(r).includes(secret))).toBe(false);
    const event = await t
      .db('audit_events')
      .where({ action: 'session.sign_in', role: 'finance_officer' })
      .first();
    expect(event).toMatchObject({ entity: 'session', actor: expect.stringMatching(/^\d+$/) });
    expect(rows.map((r) => r.id)).toContain(event.entity_id);
  });

  it('when a session is idle for 8 hours, then it ends; used every 4 hours it still ends 12 hours after sign-in', async () => {
    t.setNow('2026-11-20T08:00:00');
    const idle = await signIn(t.tokens.program_manager);
    const patient = await signIn(t.tokens.program_manager);
    const busy = await signIn(t.tokens.program_manager);
    t.setNow('2026-11-20T12:00:00');
    expect(signedInPage(await get('/', busy.cookie))).toBe(true);
    t.setNow('2026-11-20T15:59:00');
    expect(signedInPage(await get('/', patient.cookie))).toBe(true);
    expect(signedInPage(await get('/', busy.cookie))).toBe(true);
    t.setNow('2026-11-20T16:00:00');
    const ended = await get('/', idle.cookie);
    expect(signedInPage(ended)).toBe(false);
    expect(ended.text).toContain('Sesi Anda telah berakhir');
    expect(ended.headers['set-cookie']?.[0]).toMatch(/^iuran_session=;/);
    t.setNow('2026-11-20T19:59:00');
    expect(signedInPage(await get('/', busy.cookie))).toBe(true);
    t.setNow('2026-11-20T20:00:00');
    expect(signedInPage(await get('/', busy.cookie))).toBe(false);
    expect(
      await t
        .db('web_sessions')
        .where({ role: 'program_manager' })
        .whereNotNull('ended_at')
        .orderBy('ended_at')
        .pluck('ended_reason'),
    ).toEqual(['idle', 'expired']);
  });

  it('when the token a session was opened with expires, then the session ends with it', async () => {
    const user = await t
      .as('admin')
      .post('/api/v1/users')
      .send({ name: 'Sementara', role: 'auditor', expiresInDays: 1 });
    expect(user.status).toBe(201);
    t.setNow('2026-11-21T06:00:00');
    const { cookie } = await signIn(user.body.token as string);
    t.setNow('2026-11-21T10:00:01');
    expect(signedInPage(await get('/', cookie))).toBe(false);
    expect(
      await t
        .db('web_sessions')
        .where({ user_id: String(user.body.id) })
        .first(),
    ).toMatchObject({
      ended_reason: 'token_expired',
    });
    t.setNow('2026-11-20T10:00:00');
  });

  it('when the reader signs out, then the session ends at once, for pages and for the API, and the sign-out is audited', async () => {
    const { cookie, csrf } = await signIn(t.tokens.admin);
    expect((await supertest(t.app).get('/api/v1/users').set('Cookie', cookie)).status).toBe(200);
    const out = await post('/keluar', { _csrf: csrf }, { Origin: ORIGIN, Cookie: cookie });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/masuk?notice=signed-out');
    expect(signedInPage(await get('/', cookie))).toBe(false);
    const api = await supertest(t.app).get('/api/v1/users').set('Cookie', cookie);
    expect(api.status).toBe(401);
    expect(api.body.code).toBe('UNAUTHENTICATED');
    expect(await count(t.db, 'audit_events', { action: 'session.sign_out', role: 'admin' })).toBe(1);
  });
});

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
      expect(res.body.code).toBe('CSRF_REFUSED');
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

describe('pages, headers and assets', () => {
  it('when a page is served, then it is not cached, its policy allows no inline script or style, and it is gzipped', async () => {
    const res = await get('/').set('Accept-Encoding', 'gzip');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-encoding']).toBe('gzip');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });

  it('when an asset is asked for by its hashed name, then it is served for a year, gzipped when accepted', async () => {
    const page = await get('/');
    const urls = [...page.text.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(urls.map((u) => u.replace(/\.[0-9a-f]{12}\./, '.#.'))).toEqual([
      '/assets/favicon.#.svg',
      '/assets/console.#.css',
      '/assets/htmx.#.js',
      '/assets/console.#.js',
    ]);
    for (const url of urls) {
      const plain = await supertest(t.app).get(url).set('Accept-Encoding', 'identity');
      expect(plain.status).toBe(200);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.headers['content-encoding']).toBeUndefined();
      const zipped = await supertest(t.app).get(url).set('Accept-Encoding', 'gzip, deflate, br');
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(Number(zipped.headers['content-length'])).toBeLessThan(Number(plain.headers['content-length']));
    }
    const stale = urls[1]!.replace(/\.[0-9a-f]{12}\./, '.000000000000.');
    expect((await get(stale)).status).toBe(404);
  });

  it('when an address is unknown, then the console answers with a page and the API with problem+json', async () => {
    const page = await get('/tidak-ada');
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('Halaman tidak ditemukan');
    const api = await supertest(t.app).get('/api/v1/tidak-ada');
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect((await supertest(t.app).get('/health')).body).toEqual({ status: 'ok' });
  });

  it('when the language is chosen before signing in, then the session starts in it', async () => {
    const chosen = await post('/bahasa', { lang: 'en', next: '/masuk' });
    expect(chosen.status).toBe(303);
    const lang = setCookies(chosen).find((c) => c.startsWith('iuran_lang='))!;
    expect(lang).toMatch(/^iuran_lang=en;/);
    const res = await post(
      '/masuk',
      { token: t.tokens.auditor },
      { Origin: ORIGIN, Cookie: lang.split(';')[0]! },
    );
    const home = await get('/', sessionCookieOf(res));
    expect(home.text).toContain('<html lang="en">');
    expect(home.text).toContain('<h1>Dashboard</h1>');
  });

  it('when the bootstrap token is turned off, then the sessions opened with it end', async () => {
    const { cookie } = await signIn(ADMIN_TOKEN);
    const off = await t.as('admin').post('/api/v1/settings/admin-token/disable');
    expect(off.status).toBe(200);
    expect(signedInPage(await get('/', cookie))).toBe(false);
    const id = crypto.createHash('sha256').update(cookie.split('=')[1]!).digest('hex');
    expect(await t.db('web_sessions').where({ id }).first()).toMatchObject({
      user_id: 'admin-token',
      ended_reason: 'revoked',
    });
  });
});

describe('failed sign-ins', () => {
  it('when a console sign-in fails, then it counts with the bearer failures of the address; a valid token still signs in', async () => {
    const limited = await createTestContext({ authLimiter: new FailedAuthLimiter(2) });
    try {
      const attempt = (token: string) =>
        supertest(limited.app)
          .post('/masuk')
          .set('Host', HOST)
          .set('Origin', ORIGIN)
          .type('form')
          .send({ token });
      expect((await attempt('il_wrong-1')).status).toBe(401);
      expect(
        (await supertest(limited.app).get('/api/v1/programs').set('Authorization', 'Bearer wrong')).status,
      ).toBe(401);
      const throttled = await attempt('il_wrong-2');
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect(throttled.text).toContain('Terlalu banyak percobaan masuk yang gagal');
      expect((await attempt(limited.tokens.auditor)).status).toBe(303);
    } finally {
      await limited.close();
    }
  });
});
