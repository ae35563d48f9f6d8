import supertest from 'supertest';
import { expect } from 'vitest';
import type { Role } from '../../src/shared/context.js';
import type { AuthedAgent, TestContext } from './harness.js';

export interface ScopeInput {
  fundingSourceIds?: string[];
  regionCodes?: string[];
}

/** Creates a user with a scope through the API (as the bootstrap admin) and returns an agent signed in as it. */
export async function scopedUser(
  t: TestContext,
  role: Role,
  scope: ScopeInput,
): Promise<AuthedAgent & { id: string; token: string }> {
  const res = await t
    .as('bootstrap')
    .post('/api/v1/users')
    .send({ name: `Scoped ${role}`, role, scope });
  expect(res.status, res.text).toBe(201);
  const token = res.body.token as string;
  const withToken = (req: supertest.Test) => req.set('Authorization', `Bearer ${token}`);
  return {
    id: res.body.id as string,
    token,
    get: (url) => withToken(supertest(t.app).get(url)),
    post: (url) => withToken(supertest(t.app).post(url)),
    put: (url) => withToken(supertest(t.app).put(url)),
    patch: (url) => withToken(supertest(t.app).patch(url)),
  };
}

/** Expects a 403 OUT_OF_SCOPE whose detail names `what`. */
export function expectOutOfScope(res: supertest.Response, what: string): void {
  expect(res.status, res.text).toBe(403);
  expect(res.body.code).toBe('OUT_OF_SCOPE');
  expect(res.body.detail).toContain(what);
}
