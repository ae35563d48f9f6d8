import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestContext, makeNik, type TestContext } from './support/harness.js';
import { createProgram, fundingSourceIds } from './support/fixtures.js';

let t: TestContext;
/** The province's programme and a regency's, both open-ended from January 2026, and one that ends. */
let prov: string;
let kab: string;
let seasonal: string;
let serial = 0;

beforeAll(async () => {
  t = await createTestContext();
  const fs = await fundingSourceIds(t);
  prov = (
    await createProgram(t, { fundingShares: [{ fundingSourceId: fs['APBD-PROV-JAMBI']!, share: '1' }] })
  ).id;
  kab = (
    await createProgram(t, {
      fundingShares: [
        { fundingSourceId: fs['APBD-KAB-BUNGO']!, share: '0.6' },
        { fundingSourceId: fs['APBD-PROV-JAMBI']!, share: '0.4' },
      ],
    })
  ).id;
  seasonal = (
    await createProgram(t, {
      startPeriod: '2026-03',
      endPeriod: '2026-09',
      fundingShares: [{ fundingSourceId: fs['APBD-PROV-JAMBI']!, share: '1' }],
    })
  ).id;
});
afterAll(async () => t.close());

async function person(): Promise<string> {
  serial += 1;
  const res = await t
    .as('program_manager')
    .post('/api/v1/beneficiaries')
    .send({ nik: makeNik('08', serial), name: `Pekerja ${serial}`, regionCode: '15.08' });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

const enrol = (body: Record<string, unknown>) =>
  t.as('program_manager').post('/api/v1/enrolments').send(body);
const end = (id: string, body: Record<string, unknown>) =>
  t.as('program_manager').post(`/api/v1/enrolments/${id}/end`).send(body);

async function snapshot() {
  return {
    enrolments: await count(t.db, 'enrolments'),
    audit: await count(t.db, 'audit_events'),
    ends: await count(t.db, 'audit_events', { action: 'enrolment.end' }),
  };
}

describe('POST /enrolments', () => {
  it('when a person is enrolled, then 201, it is audited and shows on the person', async () => {
    const beneficiaryId = await person();
    const res = await enrol({ beneficiaryId, programId: prov, startPeriod: '2026-02' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      beneficiaryId,
      programId: prov,
      startPeriod: '2026-02',
      endPeriod: null,
      endReason: null,
      createdAt: '2026-11-20T10:00:00.000+07:00',
    });
    const events = await t.db('audit_events').where({ action: 'enrolment.create', entity_id: res.body.id });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].change)).toEqual({
      beneficiaryId,
      programId: prov,
      startPeriod: '2026-02',
      endPeriod: null,
    });
    const one = await t.as('auditor').get(`/api/v1/enrolments/${res.body.id}`);
    expect(one.body).toEqual(res.body);
    const detail = await t.as('finance_officer').get(`/api/v1/beneficiaries/${beneficiaryId}`);
    expect(detail.body.enrolments).toEqual([res.body]);
  });

  it('when the months overlap an enrolment in another programme, then 409 ENROLMENT_OVERLAP names it and nothing is written', async () => {
    const beneficiaryId = await person();
    const first = await enrol({
      beneficiaryId,
      programId: prov,
      startPeriod: '2026-01',
      endPeriod: '2026-06',
    });
    const before = await snapshot();
    for (const [startPeriod, endPeriod] of [
      ['2026-06', '2026-08'],
      ['2026-01', undefined],
      ['2026-03', '2026-04'],
    ]) {
      const res = await enrol({
        beneficiaryId,
        programId: kab,
        startPeriod,
        ...(endPeriod ? { endPeriod } : {}),
      });
      expect(res.status, `${startPeriod}..${endPeriod}`).toBe(409);
      expect(res.body).toMatchObject({
        code: 'ENROLMENT_OVERLAP',
        conflictingEnrolment: {
          id: first.body.id,
          programId: prov,
          startPeriod: '2026-01',
          endPeriod: '2026-06',
        },
      });
    }
    const same = await enrol({ beneficiaryId, programId: prov, startPeriod: '2026-05' });
    expect(same.status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });

  it('when the months follow on without sharing one, then the second programme is accepted', async () => {
    const beneficiaryId = await person();
    expect(
      (await enrol({ beneficiaryId, programId: prov, startPeriod: '2026-01', endPeriod: '2026-06' })).status,
    ).toBe(201);
    const next = await enrol({ beneficiaryId, programId: kab, startPeriod: '2026-07' });
    expect(next.status, next.text).toBe(201);
    const later = await enrol({ beneficiaryId, programId: prov, startPeriod: '2027-01' });
    expect(later.status).toBe(409);
    expect(later.body.conflictingEnrolment).toMatchObject({
      id: next.body.id,
      programId: kab,
      endPeriod: null,
    });
  });

  it('when two overlapping enrolments arrive at once, then exactly one is created', async () => {
    const beneficiaryId = await person();
    const results = await Promise.all([
      enrol({ beneficiaryId, programId: prov, startPeriod: '2026-03' }),
      enrol({ beneficiaryId, programId: kab, startPeriod: '2026-04' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await count(t.db, 'enrolments', { beneficiary_id: Number(beneficiaryId) })).toBe(1);
  });

  it('when the beneficiary or the programme is unknown, then 422 UNKNOWN_REFERENCE names each and nothing is written', async () => {
    const beneficiaryId = await person();
    const before = await snapshot();
    const both = await enrol({ beneficiaryId: '999999', programId: '999999', startPeriod: '2026-02' });
    expect(both.status).toBe(422);
    expect(both.body.code).toBe('UNKNOWN_REFERENCE');
    expect((both.body.errors as { path: string }[]).map((e) => e.path)).toEqual([
      'beneficiaryId',
      'programId',
    ]);
    const program = await enrol({ beneficiaryId, programId: '999999', startPeriod: '2026-02' });
    expect(program.status).toBe(422);
    expect(program.body.errors).toEqual([{ path: 'programId', message: 'is not a known programme' }]);
    expect(await snapshot()).toEqual(before);
  });

  it('when the input is malformed or ends before it starts, then 400 names the field and nothing is written', async () => {
    const beneficiaryId = await person();
    const before = await snapshot();
    const backwards = await enrol({
      beneficiaryId,
      programId: prov,
      startPeriod: '2026-05',
      endPeriod: '2026-04',
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ path: 'endPeriod', message: 'must not be before startPeriod' }]);
    const malformed = await enrol({ beneficiaryId: 7, programId: prov, startPeriod: '2026-5' });
    expect(malformed.status).toBe(400);
    expect((malformed.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'beneficiaryId',
      'startPeriod',
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('when the months fall outside the programme, then 422 OUTSIDE_PROGRAM; without an end, it ends with the programme', async () => {
    const beneficiaryId = await person();
    const before = await snapshot();
    const early = await enrol({ beneficiaryId, programId: seasonal, startPeriod: '2026-02' });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({
      code: 'OUTSIDE_PROGRAM',
      errors: [{ path: 'startPeriod' }],
      program: { startPeriod: '2026-03', endPeriod: '2026-09' },
    });
    const late = await enrol({
      beneficiaryId,
      programId: seasonal,
      startPeriod: '2026-04',
      endPeriod: '2026-10',
    });
    expect(late.status).toBe(422);
    expect(late.body.errors).toEqual([
      { path: 'endPeriod', message: 'must not be after the programme ends (2026-09)' },
    ]);
    const after = await enrol({ beneficiaryId, programId: seasonal, startPeriod: '2026-10' });
    expect(after.status).toBe(422);
    expect(after.body.errors[0].path).toBe('startPeriod');
    expect(await snapshot()).toEqual(before);
    const ok = await enrol({ beneficiaryId, programId: seasonal, startPeriod: '2026-04' });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body).toMatchObject({ startPeriod: '2026-04', endPeriod: '2026-09', endReason: null });
  });

  it('when a finance officer enrols someone, then 403 and nothing is written', async () => {
    const beneficiaryId = await person();
    const before = await snapshot();
    const res = await t
      .as('finance_officer')
      .post('/api/v1/enrolments')
      .send({ beneficiaryId, programId: prov, startPeriod: '2026-02' });
    expect(res.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('POST /enrolments/{id}/end', () => {
  it('when an enrolment is ended, then 200, it is audited, and the person may join another programme afterwards', async () => {
    const beneficiaryId = await person();
    const enrolment = (await enrol({ beneficiaryId, programId: prov, startPeriod: '2026-01' })).body;
    const res = await end(enrolment.id, { endPeriod: '2026-08', reason: 'moved' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ ...enrolment, affected: [], endPeriod: '2026-08', endReason: 'moved' });
    const events = await t.db('audit_events').where({ action: 'enrolment.end', entity_id: enrolment.id });
    expect(events.map((e) => JSON.parse(e.change))).toEqual([
      { endPeriod: '2026-08', reason: 'moved', previousEndPeriod: null },
    ]);
    expect((await t.as('auditor').get(`/api/v1/enrolments/${enrolment.id}`)).body.endReason).toBe('moved');
    expect((await enrol({ beneficiaryId, programId: kab, startPeriod: '2026-08' })).status).toBe(409);
    expect((await enrol({ beneficiaryId, programId: kab, startPeriod: '2026-09' })).status).toBe(201);
  });

  it('when it is ended a second time, then 409 ENROLMENT_ENDED and nothing changes', async () => {
    const beneficiaryId = await person();
    const enrolment = (await enrol({ beneficiaryId, programId: prov, startPeriod: '2026-01' })).body;
    expect((await end(enrolment.id, { endPeriod: '2026-05', reason: 'deceased' })).status).toBe(200);
    const before = await snapshot();
    const again = await end(enrolment.id, { endPeriod: '2026-04', reason: 'other' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'ENROLMENT_ENDED',
      enrolment: { endPeriod: '2026-05', endReason: 'deceased' },
    });
    expect(await snapshot()).toEqual(before);
  });

  it('when the end would extend the enrolment or precede its start, then 422 and nothing changes', async () => {
    const beneficiaryId = await person();
    const enrolment = (
      await enrol({ beneficiaryId, programId: prov, startPeriod: '2026-03', endPeriod: '2026-10' })
    ).body;
    const before = await snapshot();
    const extend = await end(enrolment.id, { endPeriod: '2026-11', reason: 'other' });
    expect(extend.status).toBe(422);
    expect(extend.body).toMatchObject({ code: 'INVALID_END_PERIOD', errors: [{ path: 'endPeriod' }] });
    const early = await end(enrolment.id, { endPeriod: '2026-02', reason: 'other' });
    expect(early.status).toBe(422);
    expect(early.body.errors[0].message).toContain('2026-03');
    expect(await snapshot()).toEqual(before);
    expect((await t.db('enrolments').where({ id: enrolment.id }).first()).end_period).toBe('2026-10');
    const shorten = await end(enrolment.id, { endPeriod: '2026-03', reason: 'employer_covered' });
    expect(shorten.status).toBe(200);
    expect(shorten.body).toMatchObject({ endPeriod: '2026-03', endReason: 'employer_covered' });
  });

  it('when the enrolment is unknown, the body invalid or the role not allowed, then 404, 400, 403', async () => {
    const beneficiaryId = await person();
    const enrolment = (await enrol({ beneficiaryId, programId: prov, startPeriod: '2026-01' })).body;
    const before = await snapshot();
    expect((await end('999999', { endPeriod: '2026-05', reason: 'moved' })).status).toBe(404);
    const bad = await end(enrolment.id, { endPeriod: '2026-13', reason: 'bored' });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'endPeriod',
      'reason',
    ]);
    const auditor = await t
      .as('auditor')
      .post(`/api/v1/enrolments/${enrolment.id}/end`)
      .send({ endPeriod: '2026-05', reason: 'moved' });
    expect(auditor.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('GET /enrolments', () => {
  it('when filtered and paged, then each matching enrolment is listed once in id order', async () => {
    const beneficiaryId = await person();
    const mine = [
      (await enrol({ beneficiaryId, programId: prov, startPeriod: '2026-01', endPeriod: '2026-02' })).body.id,
      (await enrol({ beneficiaryId, programId: kab, startPeriod: '2026-03', endPeriod: '2026-04' })).body.id,
      (await enrol({ beneficiaryId, programId: prov, startPeriod: '2026-05' })).body.id,
    ];
    const byPerson = await t.as('auditor').get(`/api/v1/enrolments?beneficiaryId=${beneficiaryId}`);
    expect(byPerson.body).toEqual({
      data: mine.map((id) => expect.objectContaining({ id })),
      nextCursor: null,
    });
    const both = await t
      .as('auditor')
      .get(`/api/v1/enrolments?beneficiaryId=${beneficiaryId}&programId=${prov}`);
    expect((both.body.data as { id: string }[]).map((e) => e.id)).toEqual([mine[0], mine[2]]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.as('auditor').get(`/api/v1/enrolments?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...(res.body.data as { id: string }[]).map((e) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const all = (await t.db('enrolments').orderBy('id').select('id')).map((r) => String(r.id));
    expect(seen).toEqual(all);
  });

  it('when a filter is malformed or an id unknown, then 400 names it, and 404', async () => {
    const res = await t.as('auditor').get('/api/v1/enrolments?beneficiaryId=x&programId=0');
    expect(res.status).toBe(400);
    expect((res.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'query.beneficiaryId',
      'query.programId',
    ]);
    expect((await t.as('auditor').get('/api/v1/enrolments/999999')).status).toBe(404);
  });
});
