import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestContext, type TestContext } from './support/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

describe('platform', () => {
  it('when the database answers, then /health is ok without a token', async () => {
    const res = await t.anon.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('when asked, then the OpenAPI document covers the contract without a token', async () => {
    const res = await t.anon.get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toContain('/api/v1/users');
  });

  it('when no token is sent, then 401 problem+json', async () => {
    const res = await t.anon.get('/api/v1/audit-events');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('when an unknown token is sent, then 401', async () => {
    const res = await t.anon.get('/api/v1/audit-events').set('Authorization', 'Bearer nope-not-a-token');
    expect(res.status).toBe(401);
  });

  it('when a route does not exist, then 404 problem+json', async () => {
    const res = await t.as('admin').get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('when the JSON is malformed, then 400 and nothing is written', async () => {
    const before = await count(t.db, 'users');
    const res = await t
      .as('admin')
      .post('/api/v1/users')
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
    expect(await count(t.db, 'users')).toBe(before);
  });

  it('when the body is over 1 MiB, then 413', async () => {
    const res = await t
      .as('admin')
      .post('/api/v1/users')
      .send({ name: 'x'.repeat(1_100_000), role: 'auditor' });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('BODY_TOO_LARGE');
  });

  it('when a user is created, then the token works, is stored hashed and the event is audited', async () => {
    const res = await t.as('bootstrap').post('/api/v1/users').send({ name: 'Siti', role: 'finance_officer' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Siti', role: 'finance_officer' });
    const token = res.body.token as string;
    expect(await count(t.db, 'users', { token_hash: token })).toBe(0);
    const me = await t.anon.get('/api/v1/audit-events').set('Authorization', `Bearer ${token}`);
    expect(me.status).toBe(200);
    const events = await t.db('audit_events').where({ action: 'user.create', entity_id: res.body.id });
    expect(events).toHaveLength(1);
    expect(events[0].actor).toBe('admin-token');
  });

  it('when a role other than admin creates a user, then 403 and nothing is written', async () => {
    const before = await count(t.db, 'users');
    const res = await t.as('finance_officer').post('/api/v1/users').send({ name: 'Eve', role: 'admin' });
    expect(res.status).toBe(403);
    expect(await count(t.db, 'users')).toBe(before);
  });

  it('when a user body is invalid, then 400 names each field', async () => {
    const res = await t.as('admin').post('/api/v1/users').send({ name: '', role: 'boss' });
    expect(res.status).toBe(400);
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['name', 'role']);
  });

  it('when the audit chain is intact it verifies, and an edited or deleted row is found', async () => {
    const ok = await t.as('auditor').get('/api/v1/audit-events/verify');
    expect(ok.body.valid).toBe(true);
    expect(ok.body.count).toBeGreaterThan(3);
    const second = await t.db('audit_events').orderBy('id').offset(1).first();
    await t.db('audit_events').where({ id: second.id }).update({ change: '{"name":"forged"}' });
    const edited = await t.as('auditor').get('/api/v1/audit-events/verify');
    expect(edited.body).toMatchObject({ valid: false, firstBrokenId: String(second.id) });
    await t.db('audit_events').where({ id: second.id }).delete();
    const deleted = await t.as('auditor').get('/api/v1/audit-events/verify');
    expect(deleted.body.valid).toBe(false);
  });
});
