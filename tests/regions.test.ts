import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

describe('GET /regions', () => {
  it('when any signed-in role asks, then every region of the reference list is answered by code with its province', async () => {
    for (const role of ['admin', 'program_manager', 'finance_officer', 'auditor'] as const) {
      const res = await t.as(role).get('/api/v1/regions');
      expect(res.status, role).toBe(200);
      expect(res.body.data).toHaveLength(12);
    }
    const { body } = await t.as('auditor').get('/api/v1/regions');
    expect(body.data[0]).toEqual({ code: '15', name: 'Provinsi Jambi', level: 'province', parentCode: null });
    expect(body.data).toContainEqual({
      code: '15.08',
      name: 'Kabupaten Bungo',
      level: 'regency',
      parentCode: '15',
    });
  });

  it('when a level is named, then only that level is answered; an unknown level is a 400', async () => {
    const cities = await t.as('program_manager').get('/api/v1/regions?level=city');
    expect(cities.body.data.map((r: { code: string }) => r.code)).toEqual(['15.71', '15.72']);
    const regencies = await t.as('program_manager').get('/api/v1/regions?level=regency');
    expect(regencies.body.data).toHaveLength(9);
    const wrong = await t.as('program_manager').get('/api/v1/regions?level=village');
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('VALIDATION_FAILED');
  });

  it('when nobody is signed in, then it is a 401', async () => {
    const res = await supertest(t.app).get('/api/v1/regions');
    expect(res.status).toBe(401);
  });
});
