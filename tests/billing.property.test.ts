import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/harness.js';
import {
  allocate,
  createProgram,
  enrolWorker,
  expectLedgerClean,
  fundingSourceIds,
} from './support/fixtures.js';

let t: TestContext;
let sources: string[];
beforeAll(async () => {
  t = await createTestContext();
  sources = Object.values(await fundingSourceIds(t));
});
afterAll(async () => t.close());

const SECTORS = ['agriculture', 'fisheries', 'transport', 'trade', 'other'] as const;

/** Shares with up to 3 decimals that sum to exactly 1, built from integer thousandths. */
const sharesArb = fc
  .array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 3 })
  .map((weights) => {
    const sum = weights.reduce((a, b) => a + b, 0);
    const thousandths = weights.map((w) => Math.max(1, Math.floor((w * 1000) / sum)));
    const excess = thousandths.reduce((a, b) => a + b, 0) - 1000;
    thousandths[thousandths.length - 1] = thousandths[thousandths.length - 1]! - excess;
    return thousandths;
  })
  .filter((th) => th.every((x) => x > 0))
  .map((th) => th.map((x) => (x === 1000 ? '1' : `0.${String(x).padStart(3, '0')}`)));

let year = 2030;

describe('billing property', () => {
  it('for random shares, sectors, incomes and a sector rate, the journal balances and every source total equals its obligations', async () => {
    await fc.assert(
      fc.asyncProperty(
        sharesArb,
        fc.array(fc.constantFrom(...SECTORS), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1_000_000, max: 9_999_999 }),
        fc.integer({ min: 0, max: 20_000 }),
        async (shares, sectors, income, sectorJkm) => {
          year += 1;
          const period = `${year}-03`;
          const fundingShares = shares.map((share, i) => ({ fundingSourceId: sources[i]!, share }));
          const program = await createProgram(t, {
            declaredIncome: String(income),
            startPeriod: `${year}-01`,
            fundingShares,
          });
          for (const s of fundingShares) await allocate(t, program.id, s.fundingSourceId, '100000000', year);
          const rate = await t
            .as('admin')
            .post('/api/v1/contribution-rates')
            .send({
              benefit: 'JKM',
              flatAmount: String(sectorJkm),
              sector: 'fisheries',
              effectiveFrom: period,
              effectiveTo: period,
            });
          expect(rate.status).toBe(201);
          const workers = [];
          for (const sector of sectors)
            workers.push({ id: await enrolWorker(t, program.id, { sector, startPeriod: period }), sector });
          const run = await t
            .as('finance_officer')
            .post('/api/v1/billing-runs')
            .send({ period, programId: program.id });
          expect(run.status).toBe(201);
          const obligations = (
            await t.as('auditor').get(`/api/v1/obligations?runId=${run.body.id}&limit=1000`)
          ).body.data as {
            beneficiaryId: string;
            fundingSourceId: string;
            amount: string;
          }[];
          expect(obligations).toHaveLength(workers.length * shares.length);
          for (const s of run.body.byFundingSource as { fundingSourceId: string; amount: string }[]) {
            const sum = obligations
              .filter((o) => o.fundingSourceId === s.fundingSourceId)
              .reduce((acc, o) => acc + BigInt(o.amount), 0n);
            expect(String(sum)).toBe(s.amount);
          }
          for (const w of workers) {
            const price = await t
              .as('auditor')
              .get(`/api/v1/programs/${program.id}/price?period=${period}&sector=${w.sector}`);
            const mine = obligations
              .filter((o) => o.beneficiaryId === w.id)
              .reduce((acc, o) => acc + BigInt(o.amount), 0n);
            expect(String(mine)).toBe(price.body.total);
          }
          await expectLedgerClean(t);
        },
      ),
      { numRuns: 12 },
    );
  });
});
