import crypto from 'node:crypto';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signInThrottle } from '../src/http/rate-limit.js';
import { ADMIN_TOKEN, count, createTestContext, type TestContext } from './support/harness.js';
import {
  consoleClient,
  HOST,
  ORIGIN,
  sessionCookieOf,
  setCookies,
  signedInPage,
} from './support/console-http.js';

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
    const limited = await createTestContext({ authLimiter: signInThrottle({ limit: 2 }) });
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
