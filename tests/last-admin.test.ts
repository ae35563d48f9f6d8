import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, createTestContext, type TestContext } from './support/harness.js';

/**
 * Revoking must never leave nobody able to administer over HTTP: the last active, unexpired admin user
 * cannot be revoked (409 LAST_ADMIN), whether or not the ADMIN_TOKEN bootstrap is still on, as the
 * contract's "Scoped access and sessions" table says.
 */
let t: TestContext;

// Each test changes who may administer (revokes, expiries, the bootstrap turned off): a database of its own.
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(async () => t.close());

async function createAdmin(name: string, expiresInDays?: number): Promise<{ id: string; token: string }> {
  const res = await t
    .as('bootstrap')
    .post('/api/v1/users')
    .send({ name, role: 'admin', ...(expiresInDays ? { expiresInDays } : {}) });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const asToken = (token: string) => ({
  revoke: (id: string) =>
    supertest(t.app).post(`/api/v1/users/${id}/revoke`).set('Authorization', `Bearer ${token}`),
});

async function adminUserId(): Promise<string> {
  return String((await t.db('users').where({ name: 'Test admin' }).first('id')).id);
}

async function expectNotRevoked(id: string): Promise<void> {
  const row = await t.db('users').where({ id }).first();
  expect(row.revoked_at).toBeNull();
  expect(await count(t.db, 'audit_events', { action: 'user.revoke', entity_id: id })).toBe(0);
}

describe('the last admin', () => {
  it('when the only admin user revokes itself, then 409 LAST_ADMIN though ADMIN_TOKEN is still on', async () => {
    const id = await adminUserId();
    const res = await t.as('admin').post(`/api/v1/users/${id}/revoke`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('LAST_ADMIN');
    expect(res.body.detail).toBe(
      `user ${id} is the last active admin; create another admin before revoking this one`,
    );
    await expectNotRevoked(id);
    expect((await t.as('admin').get('/api/v1/programs')).status).toBe(200);
    expect((await t.as('bootstrap').post(`/api/v1/users/${id}/revoke`)).body.code).toBe('LAST_ADMIN');
  });

  it('when the other admin user has expired, then it does not count, and revoking it is allowed', async () => {
    const expiring = await createAdmin('Expiring admin', 1);
    t.setNow('2026-11-22T10:00:00');
    try {
      const id = await adminUserId();
      expect((await t.as('admin').post(`/api/v1/users/${id}/revoke`)).body.code).toBe('LAST_ADMIN');
      await expectNotRevoked(id);
      const revoked = await t.as('admin').post(`/api/v1/users/${expiring.id}/revoke`);
      expect(revoked.status).toBe(200);
    } finally {
      t.setNow('2026-11-20T10:00:00');
    }
  });

  it('when every admin user has expired, then the bootstrap token cannot be turned off', async () => {
    t.setNow('2027-11-21T10:00:00');
    try {
      const res = await t.as('bootstrap').post('/api/v1/settings/admin-token/disable');
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('NO_ADMIN_USER');
      expect(await count(t.db, 'settings', { key: 'admin_token_disabled' })).toBe(0);
    } finally {
      t.setNow('2026-11-20T10:00:00');
    }
  });

  it('when two admins revoke each other at once, then one of them stays', async () => {
    const a = await createAdmin('Admin A');
    const b = await createAdmin('Admin B');
    const original = await adminUserId();
    expect((await t.as('admin').post(`/api/v1/users/${original}/revoke`)).status).toBe(200);
    const answers = await Promise.all([asToken(a.token).revoke(b.id), asToken(b.token).revoke(a.id)]);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    const refused = answers.find((r) => r.status !== 200)!;
    expect([401, 409]).toContain(refused.status);
    if (refused.status === 409) expect(refused.body.code).toBe('LAST_ADMIN');
    const remaining = await t.db('users').where({ role: 'admin' }).whereNull('revoked_at').select('id');
    expect(remaining).toHaveLength(1);
  });

  it('when the bootstrap token is off, then the last admin cannot revoke itself and can still administer', async () => {
    const { id: selfId, token } = await createAdmin('Last admin');
    const [other] = await t
      .db('users')
      .where({ role: 'admin' })
      .whereNull('revoked_at')
      .whereNot({ id: selfId });
    expect((await asToken(token).revoke(String(other.id))).status).toBe(200);
    expect((await t.as('bootstrap').post('/api/v1/settings/admin-token/disable')).status).toBe(200);
    const self = { id: selfId };
    const res = await asToken(token).revoke(String(self.id));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('LAST_ADMIN');
    await expectNotRevoked(String(self.id));
    const created = await supertest(t.app)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'Still administering', role: 'auditor' });
    expect(created.status).toBe(201);
  });
});
