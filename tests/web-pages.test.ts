import express, { type ErrorRequestHandler } from 'express';
import { DateTime } from 'luxon';
import { h } from 'preact';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../src/http/api.js';
import { FailedAuthLimiter } from '../src/http/rate-limit.js';
import { parseOrThrow } from '../src/http/validation.js';
import { registerFundingSourceRoutes } from '../src/modules/funding-sources/funding-sources.routes.js';
import { createFundingSourceBody } from '../src/modules/funding-sources/funding-sources.schemas.js';
import { createFundingSource } from '../src/modules/funding-sources/funding-sources.service.js';
import type { Role } from '../src/shared/context.js';
import { AppError } from '../src/shared/errors.js';
import { ZONE } from '../src/shared/period.js';
import { describeProblem } from '../src/web/problem-text.js';
import { Pages } from '../src/web/routing.js';
import type { ConsoleSession } from '../src/web/sessions.js';
import { viewFor } from '../src/web/view.js';
import { count, createTestContext, type TestContext } from './support/harness.js';

/**
 * The declarations a console page or form is built from (src/web/routing.ts), on a small app of its own:
 * a page of a section, and a once-only form performing an API operation through the same service and
 * schema as the API route. The signed-in reader is named by a test header instead of a session.
 */
let t: TestContext;
let app: express.Express;
const clock = () => DateTime.fromISO('2026-11-20T10:00:00', { zone: ZONE });

beforeAll(async () => {
  t = await createTestContext();
  const api = new Api({
    db: t.db,
    clock,
    authenticate: async () => {
      throw new AppError(401, 'UNAUTHENTICATED', 'not used here');
    },
    authLimiter: new FailedAuthLimiter(),
  });
  registerFundingSourceRoutes(api);
  const router = express.Router();
  app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use((req, res, next) => {
    const role = req.get('x-test-role') as Role | undefined;
    const session: ConsoleSession | null = role
      ? { id: 's', actor: { id: `user-${role}`, name: role, role }, csrfToken: 'c', lang: 'id' }
      : null;
    res.locals.session = session;
    next();
  });
  const pages = new Pages({
    router,
    db: t.db,
    clock,
    api,
    view: (req, res) => viewFor(req, res, () => '/x'),
  });
  pages.page('/pengguna', { section: 'users' }, async ({ view }) => h('h1', null, view.t.nav.users));
  pages.action(
    '/sumber-dana',
    { operation: 'POST /funding-sources' },
    async ({ req, db, ctx }) => {
      const body = req.body as Record<string, string>;
      const input = parseOrThrow(createFundingSourceBody, {
        code: body.code,
        name: body.name,
        level: 'village',
        regionCode: '15.08',
      });
      const source = await createFundingSource(db, ctx, input);
      return { redirect: `/sumber-dana/${source.id}` };
    },
    {
      once: true,
      refused: async ({ view }, problem) =>
        h(
          'p',
          null,
          describeProblem(view.t, problem, { code: 'Kode' })
            .summary.map((i) => i.text)
            .join(' | '),
        ),
    },
  );
  app.use(router);
  app.use(((err, _req, res, _next) => {
    res.status(err instanceof AppError ? err.status : 500).send(err instanceof AppError ? err.code : 'error');
  }) as ErrorRequestHandler);
});
afterAll(async () => t.close());

const submit = (role: Role | null, form: Record<string, string>) => {
  const req = supertest(app).post('/sumber-dana').type('form');
  return (role ? req.set('x-test-role', role) : req).send(form);
};

describe('console pages and forms', () => {
  it('when a page of a section is opened, then only that section’s roles see it, and a reader without a session is sent to sign in', async () => {
    expect((await supertest(app).get('/pengguna').set('x-test-role', 'admin')).text).toContain(
      '<h1>Pengguna</h1>',
    );
    expect((await supertest(app).get('/pengguna').set('x-test-role', 'auditor')).status).toBe(403);
    const anonymous = await supertest(app).get('/pengguna?tab=aktif');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe('/masuk?next=%2Fpengguna%3Ftab%3Daktif');
  });

  it('when a form performs an API operation, then it admits exactly the roles the API admits for it', async () => {
    expect((await submit('finance_officer', { _once: 'k0', code: 'APBDES-X', name: 'X' })).status).toBe(403);
    expect((await submit('program_manager', { _once: 'k0', code: 'APBDES-X', name: 'X' })).status).toBe(403);
    expect((await submit(null, { _once: 'k0', code: 'APBDES-X', name: 'X' })).headers.location).toBe(
      '/masuk?next=%2F',
    );
    expect(await count(t.db, 'funding_sources', { code: 'APBDES-X' })).toBe(0);
    expect(() =>
      new Pages({
        router: express.Router(),
        db: t.db,
        clock,
        api: new Api({} as never),
        view: () => null as never,
      }).action('/x', { operation: 'POST /no-such-thing' }, async () => ({ redirect: '/' })),
    ).toThrow('unknown or public API operation: POST /no-such-thing');
  });

  it('when a once-only form is sent twice, then the second goes where the first went and writes nothing', async () => {
    const first = await submit('admin', { _once: 'k1', code: 'APBDES-A', name: 'APBDes A' });
    expect(first.status).toBe(303);
    expect(first.headers.location).toMatch(/^\/sumber-dana\/\d+$/);
    const again = await submit('admin', { _once: 'k1', code: 'APBDES-A', name: 'APBDes A' });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(first.headers.location);
    expect(await count(t.db, 'funding_sources', { code: 'APBDES-A' })).toBe(1);
    expect(await count(t.db, 'audit_events', { action: 'funding_source.create' })).toBe(1);

    const otherBody = await submit('admin', { _once: 'k1', code: 'APBDES-B', name: 'APBDes B' });
    expect(otherBody.status).toBe(409);
    expect(otherBody.text).toContain('Ini bertentangan dengan data yang sudah tercatat.');
    expect(await count(t.db, 'funding_sources', { code: 'APBDES-B' })).toBe(0);
  });

  it('when the service or the schema refuses a form, then the form is shown again with sentences and nothing is kept, not even its key', async () => {
    const duplicate = await submit('admin', { _once: 'k2', code: 'APBDES-A', name: 'APBDes A lagi' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.text).toContain('Kode ini sudah dipakai.');
    expect(await count(t.db, 'idempotency_keys', { key: 'k2' })).toBe(0);

    const invalid = await submit('admin', { _once: 'k3', code: 'apbdes kecil', name: 'APBDes' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('Kode: must be 1 to 64 upper-case letters, digits and . _ -');

    const keyless = await submit('admin', { code: 'APBDES-C', name: 'APBDes C' });
    expect(keyless.status).toBe(400);
    expect(await count(t.db, 'funding_sources', { code: 'APBDES-C' })).toBe(0);
  });
});
