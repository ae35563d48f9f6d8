import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestContext, type TestContext } from './support/harness.js';
import { fundingSourceIds } from './support/fixtures.js';
import { scopedUser } from './support/scope.js';

let t: TestContext;
let bungo: string;
let province: string;

beforeAll(async () => {
  t = await createTestContext();
  const sources = await fundingSourceIds(t);
  bungo = sources['APBD-KAB-BUNGO']!;
  province = sources['APBD-PROV-JAMBI']!;
});
afterAll(async () => t.close());

const PROVINCE_WIDE = { fundingSourceIds: null, regionCodes: null };

describe('storing a scope', () => {
  it('when an admin creates a user with a scope, then the answer and the user list show it', async () => {
    const res = await t
      .as('admin')
      .post('/api/v1/users')
      .send({
        name: 'Inspektorat Bungo',
        role: 'auditor',
        scope: { fundingSourceIds: [bungo], regionCodes: ['15.08'] },
      });
    expect(res.status, res.text).toBe(201);
    expect(res.body.scope).toEqual({ fundingSourceIds: [bungo], regionCodes: ['15.08'] });
    const list = await t.as('auditor').get('/api/v1/users');
    const listed = (list.body.data as { id: string; scope: unknown }[]).find((u) => u.id === res.body.id);
    expect(listed?.scope).toEqual({ fundingSourceIds: [bungo], regionCodes: ['15.08'] });
  });

  it('when a user is created without a scope, then it is province-wide', async () => {
    const res = await t.as('admin').post('/api/v1/users').send({ name: 'Provinsi', role: 'finance_officer' });
    expect(res.status).toBe(201);
    expect(res.body.scope).toEqual(PROVINCE_WIDE);
  });

  it('when an admin sets and then clears a scope, then each answer shows the scope in force', async () => {
    const user = await scopedUser(t, 'finance_officer', {});
    const set = await t
      .as('admin')
      .put(`/api/v1/users/${user.id}/scope`)
      .send({ fundingSourceIds: [bungo, province] });
    expect(set.status, set.text).toBe(200);
    expect(set.body.scope).toEqual({
      fundingSourceIds: [bungo, province].sort((a, b) => Number(a) - Number(b)),
      regionCodes: null,
    });
    const cleared = await t.as('admin').put(`/api/v1/users/${user.id}/scope`).send({});
    expect(cleared.status).toBe(200);
    expect(cleared.body.scope).toEqual(PROVINCE_WIDE);
    expect(await count(t.db, 'user_scope_sources', { user_id: Number(user.id) })).toBe(0);
  });
});

describe('refusing a scope', () => {
  it.each([
    ['finance_officer', { regionCodes: ['15.08'] }, 'scope.regionCodes'],
    ['program_manager', { fundingSourceIds: ['1'] }, 'scope.fundingSourceIds'],
    ['admin', { regionCodes: ['15.08'] }, 'scope.regionCodes'],
  ] as const)(
    'when a %s is given the scope %j, then it is a 422 SCOPE_NOT_FOR_ROLE on %s and no user is created',
    async (role, scope, path) => {
      const before = await count(t.db, 'users');
      const res = await t.as('admin').post('/api/v1/users').send({ name: 'Salah', role, scope });
      expect(res.status, res.text).toBe(422);
      expect(res.body.code).toBe('SCOPE_NOT_FOR_ROLE');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
      expect(await count(t.db, 'users')).toBe(before);
    },
  );

  it('when a scope names an unknown funding source or region, then it is a 422 UNKNOWN_REFERENCE naming it', async () => {
    const user = await scopedUser(t, 'auditor', {});
    const source = await t
      .as('admin')
      .put(`/api/v1/users/${user.id}/scope`)
      .send({ fundingSourceIds: [bungo, '999999'] });
    expect(source.status).toBe(422);
    expect(source.body).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ path: 'fundingSourceIds.1' }],
    });
    const region = await t
      .as('admin')
      .put(`/api/v1/users/${user.id}/scope`)
      .send({ regionCodes: ['15.99'] });
    expect(region.status).toBe(422);
    expect(region.body).toMatchObject({ code: 'UNKNOWN_REFERENCE', errors: [{ path: 'regionCodes.0' }] });
    const listed = await t.as('admin').get('/api/v1/users');
    expect(
      (listed.body.data as { id: string; scope: unknown }[]).find((u) => u.id === user.id)?.scope,
    ).toEqual(PROVINCE_WIDE);
  });

  it.each([
    [{ fundingSourceIds: [] }, 'fundingSourceIds'],
    [{ regionCodes: ['15.08', '15.08'] }, 'regionCodes'],
    [{ regionCodes: ['Bungo'] }, 'regionCodes.0'],
    [{ funding: ['1'] }, ''],
  ])('when the scope is %j, then it is a 400 naming %s', async (body, path) => {
    const user = await scopedUser(t, 'auditor', {});
    const res = await t.as('admin').put(`/api/v1/users/${user.id}/scope`).send(body);
    expect(res.status, res.text).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('when the user does not exist, then it is a 404', async () => {
    const res = await t.as('admin').put('/api/v1/users/999999/scope').send({});
    expect(res.status).toBe(404);
  });

  it('when someone other than an admin sets a scope, then it is a 403', async () => {
    const user = await scopedUser(t, 'auditor', {});
    const res = await t.as('auditor').put(`/api/v1/users/${user.id}/scope`).send({});
    expect(res.status).toBe(403);
  });
});
