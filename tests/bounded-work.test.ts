import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/harness.js';
import { allocate, bill, createProgram, enrolWorker, fundingSourceIds } from './support/fixtures.js';

/**
 * A request cannot ask for unbounded work: a report's range is at most 120 months, and a wider one is
 * refused before anything is computed, naming the limit.
 */
let t: TestContext;
let programId: string;
let sourceId: string;

beforeAll(async () => {
  t = await createTestContext();
  sourceId = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  programId = (await createProgram(t, { fundingShares: [{ fundingSourceId: sourceId, share: '1' }] })).id;
  await allocate(t, programId, sourceId, '1000000');
  // One farmer in Bungo: 16,800 a month until March 2026, 8,400 from April.
  await enrolWorker(t, programId, { regionCode: '15.08', startPeriod: '2026-01' });
  await bill(t, programId, '2026-01');
  await bill(t, programId, '2026-04');
});
afterAll(async () => t.close());

const totals = (query: string, lang = 'en') =>
  t.as('auditor').get(`/api/v1/reports/totals?${query}`).set('Accept-Language', lang);

describe('totals report range', () => {
  it('when the range is the whole century, then it is a 400 RANGE_TOO_LARGE naming the limit', async () => {
    const res = await totals('from=2000-01&to=2099-12&groupBy=program,fundingSource,period,region');
    expect(res.status, res.text).toBe(400);
    expect(res.body.code).toBe('RANGE_TOO_LARGE');
    expect(res.body.detail).toBe('2000-01..2099-12 spans 1200 months; a report covers at most 120 months');
    const id = await totals('from=2000-01&to=2099-12', 'id');
    expect(id.body.detail).toBe(
      '2000-01..2099-12 mencakup 1200 bulan; sebuah laporan mencakup paling banyak 120 bulan',
    );
  });

  it('when the range is one month over the limit, then it is refused, downloads included', async () => {
    for (const query of ['from=2020-01&to=2030-01', 'from=2020-01&to=2030-01&format=csv']) {
      const res = await totals(query);
      expect(res.status, query).toBe(400);
      expect(res.body.code).toBe('RANGE_TOO_LARGE');
    }
  });

  it('when the range is exactly 120 months with every grouping, then it answers the months billed', async () => {
    const res = await totals('from=2020-01&to=2029-12&groupBy=program,fundingSource,period,region');
    expect(res.status, res.text).toBe(200);
    expect(
      res.body.rows.map((r: Record<string, unknown>) => [r.period, r.regionCode, r.billed, r.beneficiaries]),
    ).toEqual([
      ['2026-01', '15.08', '16800', 1],
      ['2026-04', '15.08', '8400', 1],
    ]);
    expect(res.body.total).toMatchObject({ billed: '25200', obligations: 2, beneficiaries: 1 });
  });

  it('when the 120 months span eleven fiscal years, then budget and distinct workers are whole', async () => {
    const res = await totals('from=2016-07&to=2026-06');
    expect(res.status, res.text).toBe(200);
    expect(res.body.rows).toEqual([
      expect.objectContaining({
        programId,
        fundingSourceId: sourceId,
        budget: '1000000',
        billed: '25200',
        paid: '0',
        outstanding: '25200',
        remainingBudget: '974800',
        obligations: 2,
        beneficiaries: 1,
      }),
    ]);
  });

  it('when the range reaches only months before the bills, then the distinct workers are none', async () => {
    const res = await totals('from=2026-02&to=2026-03&groupBy=period');
    expect(res.status, res.text).toBe(200);
    expect(res.body.rows).toEqual([]);
    expect(res.body.total).toMatchObject({ billed: '0', beneficiaries: 0 });
  });
});
