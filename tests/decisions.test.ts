import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, makeNik, type TestContext } from './support/harness.js';
import { allocate, bill, createProgram, enrolWorker, fundingSourceIds } from './support/fixtures.js';

/**
 * The decisions on what a hostile probe found ambiguous: what a closed month refuses (ending an enrolment
 * into it, a rebill into it), and a malformed time filter of the audit trail.
 */
let t: TestContext;
let programId: string;

beforeAll(async () => {
  t = await createTestContext();
  const source = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  programId = (await createProgram(t, { fundingShares: [{ fundingSourceId: source, share: '1' }] })).id;
  await allocate(t, programId, source, '10000000');
});
afterAll(async () => t.close());

const close = async (period: string) =>
  expect(
    (await t.as('admin').post(`/api/v1/periods/${period}/close`).send({ note: 'books closed' })).status,
  ).toBe(200);
const reopen = async (period: string) =>
  expect((await t.as('admin').post(`/api/v1/periods/${period}/reopen`).send({ note: 'test' })).status).toBe(
    200,
  );

describe('ending an enrolment into a closed month', () => {
  it('when the months it gives up include a closed one, then it is a 409 PERIOD_CLOSED naming it', async () => {
    const beneficiaryId = await enrolWorker(t, programId, { startPeriod: '2026-01' });
    const list = await t.as('auditor').get(`/api/v1/enrolments?beneficiaryId=${beneficiaryId}`);
    const enrolmentId = list.body.data[0].id as string;
    await bill(t, programId, '2026-01');
    await bill(t, programId, '2026-02');
    await close('2026-02');
    const end = (endPeriod: string) =>
      t
        .as('program_manager')
        .post(`/api/v1/enrolments/${enrolmentId}/end`)
        .set('Accept-Language', 'en')
        .send({ endPeriod, reason: 'moved' });

    const refused = await end('2026-01');
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'PERIOD_CLOSED',
      detail: 'period 2026-02 is closed',
      closedPeriods: ['2026-02'],
    });
    const still = await t.as('auditor').get(`/api/v1/enrolments/${enrolmentId}`);
    expect(still.body).toMatchObject({ endPeriod: null, endReason: null });

    // Ending with the closed month itself gives up only open months.
    const ended = await end('2026-02');
    expect(ended.status, ended.text).toBe(200);
    expect(ended.body).toMatchObject({ endPeriod: '2026-02', endReason: 'moved' });
    await reopen('2026-02');
  });
});

describe('rebill into a closed month', () => {
  it('when the exception month is closed, then rebill is a 409 PERIOD_CLOSED, and allowed once reopened', async () => {
    const present = makeNik('08', 811);
    await enrolWorker(t, programId, { nik: present, startPeriod: '2026-05' });
    await enrolWorker(t, programId, { nik: makeNik('08', 812), startPeriod: '2026-05' });
    await bill(t, programId, '2026-05');
    const statement = await t
      .as('finance_officer')
      .post(`/api/v1/statements?programId=${programId}&period=2026-05`)
      .set('Content-Type', 'text/csv')
      .send(`nik,kpj,name,amount\n${present},1,Hadir,8400\n`);
    expect(statement.status, statement.text).toBe(201);
    const listed = await t
      .as('finance_officer')
      .get(`/api/v1/statements/${statement.body.id}/exceptions?kind=not_credited`);
    const [missing] = listed.body.data as { id: string }[];
    expect(missing).toBeDefined();
    await close('2026-05');
    const rebill = () =>
      t
        .as('finance_officer')
        .post(`/api/v1/reconciliation-exceptions/${missing!.id}/resolve`)
        .send({ resolution: 'rebill', note: 'bill again' });
    const refused = await rebill();
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body).toMatchObject({ code: 'PERIOD_CLOSED', closedPeriods: ['2026-05'] });
    await reopen('2026-05');
    const done = await rebill();
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ resolution: 'rebill' });
  });
});

describe('audit trail time filters', () => {
  // Every event of this file is at the test clock: 2026-11-20 10:00 in Jakarta, 03:00 UTC.
  const events = (query: string) => t.as('auditor').get(`/api/v1/audit-events?limit=1&${query}`);

  it('when from or to is malformed, then it is a 400 naming it, never an empty list', async () => {
    for (const [query, path] of [
      ['from=garbage', 'query.from'],
      ['from=2026-13-45', 'query.from'],
      ['to=2026-02-30', 'query.to'],
      ['from=2026-11-20T10:00:00', 'query.from'],
      ['to=20261120', 'query.to'],
    ] as const) {
      const res = await events(query);
      expect(res.status, query).toBe(400);
      expect(res.body.errors, query).toEqual([
        { path, message: 'must be a date "YYYY-MM-DD" or an ISO 8601 timestamp with offset' },
      ]);
    }
  });

  it('when from and to are dates or timestamps with any offset, then they compare as instants', async () => {
    const found = async (query: string) => {
      const res = await events(query);
      expect(res.status, res.text).toBe(200);
      return res.body.data.length;
    };
    expect(await found('from=2026-11-20')).toBe(1);
    expect(await found('to=2026-11-20')).toBe(0);
    expect(await found('to=2026-11-21')).toBe(1);
    expect(await found('from=2026-11-20T03:00:00Z')).toBe(1);
    expect(await found('from=2026-11-20T03:00:00.001Z')).toBe(0);
    expect(await found(`from=${encodeURIComponent('2026-11-20T11:00:00+08:00')}`)).toBe(1);
    expect(await found(`to=${encodeURIComponent('2026-11-20T10:00:00.001+07:00')}`)).toBe(1);
  });
});
