import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestContext, type TestContext } from './support/harness.js';
import { consoleClient } from './support/console-http.js';

let t: TestContext;
let c: ReturnType<typeof consoleClient>;
beforeAll(async () => {
  t = await createTestContext();
  c = consoleClient(t.app);
});
afterAll(async () => t.close());

const rowsOf = (html: string) => (html.match(/<tr>/g) ?? []).length - 1;

describe('GET /audit-events?action=', () => {
  it('when the trail is filtered by action, then only events of that action come back; an unknown action is a 400', async () => {
    const closed = await t.as('auditor').post('/api/v1/periods/2026-01/close').send({ note: 'Selesai' });
    expect(closed.status).toBe(200);
    const res = await t.as('auditor').get('/api/v1/audit-events?action=period.close');
    expect(res.status).toBe(200);
    expect(res.body.data.map((e: { action: string; entityId: string }) => [e.action, e.entityId])).toEqual([
      ['period.close', '2026-01'],
    ]);
    const unknown = await t.as('auditor').get('/api/v1/audit-events?action=period.delete');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].path).toBe('query.action');
  });
});

describe('the audit trail page', () => {
  it('when more events match than a page holds, then the page links to the next one with the filters kept', async () => {
    // The harness created 4 users; 52 more make at least 56 user.create events: 50 on the first page.
    for (let i = 0; i < 52; i++) {
      const res = await t
        .as('admin')
        .post('/api/v1/users')
        .send({ name: `Pengguna ${i}`, role: 'auditor' });
      expect(res.status).toBe(201);
    }
    const { cookie } = await c.signIn(t.tokens.auditor);
    const first = await c.get('/audit/jejak?action=user.create', cookie);
    expect(first.status).toBe(200);
    expect(rowsOf(first.text)).toBe(50);
    const next = /href="\/audit\/jejak\?(action=user\.create&amp;cursor=[^"]+)" rel="next"/.exec(first.text);
    expect(next).not.toBeNull();
    const second = await c.get(`/audit/jejak?${next![1]!.replace(/&amp;/g, '&')}`, cookie);
    expect(rowsOf(second.text)).toBe((await count(t.db, 'audit_events', { action: 'user.create' })) - 50);
    expect(second.text).not.toContain('rel="next"');
    expect(second.text).toContain('href="/audit/jejak?action=user.create"');
  });

  it('when a date filter is not a date, then the page says so beside the field and lists nothing', async () => {
    const { cookie } = await c.signIn(t.tokens.auditor);
    const res = await c.get('/audit/jejak?from=kemarin', cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Tanggal tidak dikenal');
    expect(res.text).toContain('href="#f-from"');
  });
});

describe('who may use the Audit and Pengguna pages', () => {
  it('when a finance officer posts a close, then it is refused and the month stays open', async () => {
    const { cookie, csrf } = await c.signIn(t.tokens.finance_officer);
    const res = await c.post(
      '/audit/2026-03/tutup',
      { _csrf: csrf, note: 'coba' },
      {
        Origin: 'http://konsol.jambi.test',
        Cookie: cookie,
      },
    );
    expect(res.status).toBe(403);
    expect(await count(t.db, 'period_locks', { period: '2026-03' })).toBe(0);
    expect((await c.get('/audit', cookie)).status).toBe(403);
  });

  it('when an auditor opens the users or a month that does not exist, then it is a 403 or a 404', async () => {
    const { cookie } = await c.signIn(t.tokens.auditor);
    expect((await c.get('/pengguna', cookie)).status).toBe(403);
    expect((await c.get('/audit/2026-13/tutup', cookie)).status).toBe(404);
  });

  it('when an admin creates a user, then the token is in that answer only, which no cache keeps', async () => {
    const { cookie, csrf } = await c.signIn(t.tokens.admin);
    const res = await c.post(
      '/pengguna/baru',
      { _csrf: csrf, name: 'Rina Marlina', role: 'program_manager', expiresInDays: '' },
      { Origin: 'http://konsol.jambi.test', Cookie: cookie },
    );
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const token = /id="new-token"[^>]* value="([^"]+)"|value="([^"]+)"[^>]* id="new-token"/.exec(res.text);
    const value = token?.[1] ?? token?.[2];
    expect(value).toBeDefined();
    const me = await t.anon.get('/api/v1/periods').set('Authorization', `Bearer ${value}`);
    expect(me.status).toBe(200);
    expect((await c.get('/pengguna', cookie)).text).not.toContain(value!);
  });

  it('when the lifetime is not a whole number, then the form says so beside the field and creates nobody', async () => {
    const { cookie, csrf } = await c.signIn(t.tokens.admin);
    const before = await count(t.db, 'users');
    const res = await c.post(
      '/pengguna/baru',
      { _csrf: csrf, name: 'Rina', role: 'auditor', expiresInDays: 'sebulan' },
      { Origin: 'http://konsol.jambi.test', Cookie: cookie },
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#f-expiresInDays"');
    expect(res.text).toContain('Masa berlaku token (hari)');
    expect(await count(t.db, 'users')).toBe(before);
  });
});
