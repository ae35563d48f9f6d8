import express, { type ErrorRequestHandler } from 'express';
import { DateTime } from 'luxon';
import { h } from 'preact';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../src/http/api.js';
import { recordAccess } from '../src/modules/audit/index.js';
import { registerBudgetRoutes } from '../src/modules/budgets/budgets.routes.js';
import { registerFundingSourceRoutes } from '../src/modules/funding-sources/funding-sources.routes.js';
import type { ConsoleSession } from '../src/modules/users/index.js';
import type { Role } from '../src/shared/context.js';
import { AppError } from '../src/shared/errors.js';
import { DETAILS } from '../src/shared/messages/index.js';
import { ZONE } from '../src/shared/period.js';
import { describeProblem } from '../src/web/problem-text.js';
import { Pages } from '../src/web/routing.js';
import { viewFor } from '../src/web/view.js';
import { createProgram, fundingSourceIds } from './support/fixtures.js';
import { count, createTestContext, type TestContext } from './support/harness.js';

/**
 * The declarations a console page or form is built from (src/web/routing.ts), on a small app of its own:
 * a page of a section, and forms performing API operations through the API's own declarations (one
 * idempotent, one not). The signed-in reader is named by a test header instead of a session.
 */
let t: TestContext;
let app: express.Express;
let programId: string;
let bungo: string;
const clock = () => DateTime.fromISO('2026-11-20T10:00:00', { zone: ZONE });

beforeAll(async () => {
  t = await createTestContext();
  bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  programId = (await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] })).id;
  const api = new Api({
    db: t.db,
    clock,
    authenticate: async () => {
      throw new AppError('UNAUTHENTICATED', DETAILS.bearerRequired);
    },
    recordAccess,
  });
  registerFundingSourceRoutes(api);
  registerBudgetRoutes(api);
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
    clock,
    api,
    view: (req, res) => viewFor(req, res, () => '/x'),
  });
  pages.page('/pengguna', { section: 'users' }, async ({ view }) => h('h1', null, view.t.nav.users));
  pages.action(
    '/sumber-dana',
    { operation: 'createFundingSource' },
    async ({ req, call }) => {
      const body = req.body as Record<string, string>;
      const source = await call<{ id: string }>('createFundingSource', {
        body: { code: body.code, name: body.name, level: 'village', regionCode: '15.08' },
      });
      return { redirect: `/sumber-dana/${source.id}` };
    },
    {
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
  pages.action('/pagu', { operation: 'createBudgetAllocation' }, async ({ req, call }) => {
    const body = req.body as Record<string, string>;
    const allocation = await call<{ id: string }>('createBudgetAllocation', {
      body: { programId, fundingSourceId: bungo, fiscalYear: 2026, amount: body.amount, documentRef: 'DPA' },
    });
    return { redirect: `/pagu/${allocation.id}` };
  });
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
    expect((await submit('finance_officer', { code: 'APBDES-X', name: 'X' })).status).toBe(403);
    expect((await submit('program_manager', { code: 'APBDES-X', name: 'X' })).status).toBe(403);
    expect((await submit(null, { code: 'APBDES-X', name: 'X' })).headers.location).toBe('/masuk?next=%2F');
    expect(await count(t.db, 'funding_sources', { code: 'APBDES-X' })).toBe(0);
    expect(() =>
      new Pages({
        router: express.Router(),
        clock,
        api: new Api({} as never),
        view: () => null as never,
      }).action('/x', { operation: 'noSuchThing' }, async () => ({ redirect: '/' })),
    ).toThrow('no route with operationId noSuchThing');
  });

  it('when a form of an idempotent operation is sent twice with its once-only key, then the second goes where the first went and writes nothing', async () => {
    const pagu = (form: Record<string, string>) =>
      supertest(app).post('/pagu').type('form').set('x-test-role', 'finance_officer').send(form);
    const first = await pagu({ _once: 'k1', amount: '201600' });
    expect(first.status).toBe(303);
    expect(first.headers.location).toMatch(/^\/pagu\/\d+$/);
    const again = await pagu({ _once: 'k1', amount: '201600' });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(first.headers.location);
    expect(await count(t.db, 'budget_allocations', { program_id: programId })).toBe(1);
    expect(await count(t.db, 'audit_events', { action: 'budget.allocate' })).toBe(1);

    const otherBody = await pagu({ _once: 'k1', amount: '1' });
    expect(otherBody.status).toBe(409);
    expect(await count(t.db, 'budget_allocations', { program_id: programId })).toBe(1);
  });

  it('when the operation refuses a form, then the form is shown again with sentences and nothing is kept', async () => {
    expect((await submit('admin', { code: 'APBDES-A', name: 'APBDes A' })).status).toBe(303);
    const duplicate = await submit('admin', { code: 'APBDES-A', name: 'APBDes A lagi' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.text).toContain('Kode ini sudah dipakai.');
    expect(await count(t.db, 'funding_sources', { code: 'APBDES-A' })).toBe(1);

    const invalid = await submit('admin', { code: 'apbdes kecil', name: 'APBDes' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('Kode: harus 1 sampai 64 huruf kapital, angka dan . _ -');
    expect(await count(t.db, 'funding_sources', { code: 'apbdes kecil' })).toBe(0);
  });
});
