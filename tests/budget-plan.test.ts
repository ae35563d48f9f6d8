import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/harness.js';
import {
  allocate,
  bill,
  createCoFundedProgram,
  enrolWorker,
  fundingSourceIds,
  pay,
} from './support/fixtures.js';
import { scopedUser } from './support/scope.js';

/**
 * The plan of 2027 for a programme the province pays 0.6 of and Bungo 0.4, figures by hand:
 *   A works from December 2026, open-ended; B from December 2026 to March 2027; C joins in February 2027,
 *   after January, so the plan does not count C. A and B are 12 + 3 = 15 worker-months of 2027.
 *   In 2027 a worker costs JKK 1% of 1,000,000 = 10,000 and JKM 6,800: 16,800. The province's 0.6 is
 *   10,080 (JKK 6,000, JKM 4,080 in proportion 10,000 : 6,800), Bungo's 0.4 is 6,720 (JKK 4,000, JKM 2,720).
 *   Province: JKK 15 × 6,000 = 90,000, JKM 15 × 4,080 = 61,200; Bungo: JKK 60,000, JKM 40,800.
 *   December 2026 billed A and B at 8,400 each (JKK 0.5% and JKM halved): the province 10,080, Bungo 6,720;
 *   the province paid 5,040 of its part, so 5,040 and 6,720 are arrears. Total 252,000 + 11,760 = 263,760.
 */
let t: TestContext;
let province: string;
let bungo: string;

beforeAll(async () => {
  t = await createTestContext();
  const sources = await fundingSourceIds(t);
  province = sources['APBD-PROV-JAMBI']!;
  bungo = sources['APBD-KAB-BUNGO']!;
  const program = await createCoFundedProgram(t, 'PLAN-2027', province, bungo);
  await allocate(t, program.id, province, '1000000');
  await allocate(t, program.id, bungo, '1000000');
  await enrolWorker(t, program.id, { startPeriod: '2026-12', regionCode: '15.08' });
  await enrolWorker(t, program.id, { startPeriod: '2026-12', endPeriod: '2027-03', regionCode: '15.08' });
  await enrolWorker(t, program.id, { startPeriod: '2027-02', regionCode: '15.08' });
  await bill(t, program.id, '2026-12');
  await pay(t, {
    programId: program.id,
    fundingSourceId: province,
    period: '2026-12',
    amount: '5040',
    paidOn: '2026-11-15',
  });
});
afterAll(async () => t.close());

describe('the budget plan of a year', () => {
  it('when 2027 is planned, then January’s enrolments are priced month by month, split over sources and benefits, with the arrears of 2026', async () => {
    const res = await t.as('auditor').get('/api/v1/reports/budget-plan?fiscalYear=2027');
    expect(res.status, res.text).toBe(200);
    const line = (sourceId: string, benefit: string, accountCode: string, amount: string) => ({
      programCode: 'PLAN-2027',
      fundingSourceId: sourceId,
      benefit,
      accountCode,
      workers: 2,
      amount,
    });
    const [first, second] = Number(province) < Number(bungo) ? [province, bungo] : [bungo, province];
    const expected = {
      [province]: [
        line(province, 'JKK', '5.1.02.02.02.0006', '90000'),
        line(province, 'JKM', '5.1.02.02.02.0007', '61200'),
      ],
      [bungo]: [
        line(bungo, 'JKK', '5.1.02.02.02.0006', '60000'),
        line(bungo, 'JKM', '5.1.02.02.02.0007', '40800'),
      ],
    };
    expect(res.body.rows).toEqual([...expected[first!]!, ...expected[second!]!]);
    expect(res.body.arrears).toEqual(
      expect.arrayContaining([
        { programCode: 'PLAN-2027', fundingSourceId: province, amount: '5040' },
        { programCode: 'PLAN-2027', fundingSourceId: bungo, amount: '6720' },
      ]),
    );
    expect(res.body.arrears).toHaveLength(2);
    expect(res.body.total).toBe('263760');
  });

  it('when Bungo’s officer plans 2027, then only Bungo’s lines and arrears count; a scope of regions alone holds none', async () => {
    const officer = await scopedUser(t, 'finance_officer', { fundingSourceIds: [bungo] });
    const mine = await officer.get('/api/v1/reports/budget-plan?fiscalYear=2027');
    expect(mine.body.rows.map((r: { amount: string }) => r.amount)).toEqual(['60000', '40800']);
    expect(mine.body.arrears).toEqual([{ programCode: 'PLAN-2027', fundingSourceId: bungo, amount: '6720' }]);
    expect(mine.body.total).toBe('107520');
    const manager = await scopedUser(t, 'program_manager', { regionCodes: ['15.08'] });
    const none = await manager.get('/api/v1/reports/budget-plan?fiscalYear=2027');
    expect(none.body).toMatchObject({ rows: [], arrears: [], total: '0' });
  });

  it('when the year is missing or not a year, then it is a 400 naming fiscalYear', async () => {
    for (const query of ['', '?fiscalYear=27', '?fiscalYear=20x7']) {
      const res = await t.as('auditor').get(`/api/v1/reports/budget-plan${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.errors[0].path, query).toBe('query.fiscalYear');
    }
  });
});
