import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestContext, makeNik, type TestContext } from './support/harness.js';
import { csvLines } from './support/downloads.js';

/**
 * The auditor sees NIKs masked; a search must not unmask them a digit at a time. For that role a NIK
 * matches only whole, and a whole-NIK search is in the audit trail, as opening the record is.
 */
let t: TestContext;
const nik = makeNik('08', 4321);
let id: string;

beforeAll(async () => {
  t = await createTestContext();
  const res = await t
    .as('program_manager')
    .post('/api/v1/beneficiaries')
    .send({ nik, name: 'Rahmawati', regionCode: '15.08' });
  expect(res.status, res.text).toBe(201);
  id = res.body.id;
});
afterAll(async () => t.close());

const search = (role: 'auditor' | 'program_manager', q: string) =>
  t.as(role).get(`/api/v1/beneficiaries?q=${q}`);
const searches = () => count(t.db, 'audit_events', { action: 'beneficiary.search' });

describe('NIK search by a role that sees NIKs masked', () => {
  it('when the auditor searches a NIK prefix, then nothing matches and nothing is recorded', async () => {
    const before = await searches();
    for (const q of [nik.slice(0, 1), nik.slice(0, 6), nik.slice(0, 15)]) {
      const res = await search('auditor', q);
      expect(res.status, res.text).toBe(200);
      expect(res.body.data, q).toEqual([]);
    }
    expect(await searches()).toBe(before);
  });

  it('when the auditor downloads a prefix search, then the file lists nobody either', async () => {
    const res = await t.as('auditor').get(`/api/v1/beneficiaries?q=${nik.slice(0, 10)}&format=csv`);
    expect(res.status, res.text).toBe(200);
    expect(csvLines(res.text).some((line) => line.includes('Rahmawati'))).toBe(false);
  });

  it('when a role that sees NIKs searches a prefix, then it still matches', async () => {
    const res = await search('program_manager', nik.slice(0, 10));
    expect(res.body.data.map((b: { id: string }) => b.id)).toEqual([id]);
    expect(res.body.data[0].nik).toBe(nik);
  });

  it('when the auditor searches a whole NIK, then it matches (masked) and the search is audited', async () => {
    const res = await search('auditor', nik);
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toEqual([expect.objectContaining({ id, name: 'Rahmawati' })]);
    expect(res.body.data[0].nik).not.toBe(nik);
    const events = await t.as('admin').get(`/api/v1/audit-events?entity=beneficiary&entityId=${id}`);
    const found = (events.body.data as { action: string }[]).filter((e) => e.action === 'beneficiary.search');
    expect(found).toEqual([
      expect.objectContaining({
        role: 'auditor',
        entity: 'beneficiary',
        entityId: id,
        change: { search: 'nik', found: true },
      }),
    ]);
    expect(JSON.stringify(events.body)).not.toContain(nik);
  });

  it('when the auditor searches a whole NIK nobody has, then the search is audited as finding nobody', async () => {
    const before = await searches();
    const res = await search('auditor', makeNik('08', 4322));
    expect(res.body.data).toEqual([]);
    expect(await searches()).toBe(before + 1);
    const [event] = await t.db('audit_events').where({ action: 'beneficiary.search' }).orderBy('id', 'desc');
    expect(event).toMatchObject({ role: 'auditor', entity_id: null });
  });

  it('when a role that sees NIKs searches a whole NIK, then nothing is recorded', async () => {
    const before = await searches();
    expect((await search('program_manager', nik)).body.data).toHaveLength(1);
    expect(await searches()).toBe(before);
  });
});
