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

type Benefit = 'JKK' | 'JKM' | 'JHT';

/**
 * The BPU schedule a fresh install carries, written out here rather than read from the code: JKK and JHT
 * in basis points of the declared income (1% = 100), JKM flat in rupiah. PP 44/2015 (1% and Rp 6,800),
 * PP 49/2020 (99% relief for August 2020 to January 2021), PP 50/2025 (half from April to December 2026,
 * and for transport workers from January 2026 to March 2027), PP 46/2015 (JHT 2%).
 */
const SCHEDULE: {
  benefit: Benefit;
  sector?: 'transport';
  from: string;
  to: string;
  bp?: bigint;
  flat?: bigint;
}[] = [
  { benefit: 'JKK', from: '2015-07', to: '2020-07', bp: 100n },
  { benefit: 'JKK', from: '2020-08', to: '2021-01', bp: 1n },
  { benefit: 'JKK', from: '2021-02', to: '2026-03', bp: 100n },
  { benefit: 'JKK', from: '2026-04', to: '2026-12', bp: 50n },
  { benefit: 'JKK', from: '2027-01', to: '9999-12', bp: 100n },
  { benefit: 'JKK', sector: 'transport', from: '2026-01', to: '2027-03', bp: 50n },
  { benefit: 'JKM', from: '2015-07', to: '2020-07', flat: 6800n },
  { benefit: 'JKM', from: '2020-08', to: '2021-01', flat: 68n },
  { benefit: 'JKM', from: '2021-02', to: '2026-03', flat: 6800n },
  { benefit: 'JKM', from: '2026-04', to: '2026-12', flat: 3400n },
  { benefit: 'JKM', from: '2027-01', to: '9999-12', flat: 6800n },
  { benefit: 'JKM', sector: 'transport', from: '2026-01', to: '2027-03', flat: 3400n },
  { benefit: 'JHT', from: '2015-07', to: '9999-12', bp: 200n },
];

/** A worker's month: each benefit of the programme from the row in force (a sector's own row first), rounded half up, then added. */
function monthlyPrice(benefits: Benefit[], income: bigint, sector: string, period: string): bigint {
  let total = 0n;
  for (const benefit of benefits) {
    const rows = SCHEDULE.filter((r) => r.benefit === benefit && r.from <= period && period <= r.to);
    const row = rows.find((r) => r.sector === sector) ?? rows.find((r) => r.sector === undefined)!;
    total += row.bp !== undefined ? (income * row.bp + 5_000n) / 10_000n : row.flat!;
  }
  return total;
}

/**
 * `total` split by shares given in thousandths: each part rounded down, then the rupiah left over one each
 * to the largest remainders, the earlier share first on a tie.
 */
function splitByThousandths(total: bigint, thousandths: bigint[]): bigint[] {
  const parts = thousandths.map((th) => (total * th) / 1000n);
  const remainders = thousandths.map((th, index) => ({ index, remainder: (total * th) % 1000n }));
  remainders.sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  let left = total - parts.reduce((a, b) => a + b, 0n);
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index]! += 1n;
    left -= 1n;
  }
  return parts;
}

const SECTORS = ['agriculture', 'fisheries', 'transport', 'trade', 'other'] as const;
/** The first and last month of every row of the schedule, and the months on either side of each change. */
const PERIODS = [
  '2020-07',
  '2020-08',
  '2021-01',
  '2021-02',
  '2026-01',
  '2026-03',
  '2026-04',
  '2026-12',
  '2027-01',
  '2027-03',
  '2027-04',
];

/** Shares in thousandths (each at least 1) that sum to exactly 1,000. */
const sharesArb = fc
  .array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 3 })
  .map((weights) => {
    const sum = weights.reduce((a, b) => a + b, 0);
    const thousandths = weights.map((w) => Math.max(1, Math.floor((w * 1000) / sum)));
    const excess = thousandths.reduce((a, b) => a + b, 0) - 1000;
    thousandths[thousandths.length - 1] = thousandths[thousandths.length - 1]! - excess;
    return thousandths;
  })
  .filter((th) => th.every((x) => x > 0));

const asShare = (th: number) => (th === 1000 ? '1' : `0.${String(th).padStart(3, '0')}`);

describe('billing property', () => {
  it('for random shares, sectors, incomes, benefits and months, each obligation is the schedule price split by largest remainder', async () => {
    await fc.assert(
      fc.asyncProperty(
        sharesArb,
        fc.array(fc.constantFrom(...SECTORS), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1_000_000, max: 9_999_999 }),
        fc.boolean(),
        fc.constantFrom(...PERIODS),
        async (thousandths, sectors, income, withJht, period) => {
          const benefits: Benefit[] = withJht ? ['JKK', 'JKM', 'JHT'] : ['JKK', 'JKM'];
          const fundingShares = thousandths.map((th, i) => ({
            fundingSourceId: sources[i]!,
            share: asShare(th),
          }));
          const program = await createProgram(t, {
            benefits,
            declaredIncome: String(income),
            startPeriod: '2020-01',
            fundingShares,
          });
          const year = Number(period.slice(0, 4));
          for (const s of fundingShares) await allocate(t, program.id, s.fundingSourceId, '100000000', year);
          const workers = [];
          for (const sector of sectors)
            workers.push({
              // Random shares over every source, a regency's included: the prices hold whoever pays, so the
              // workers are enrolled as data from before the residence rule.
              id: await enrolWorker(t, program.id, {
                sector,
                startPeriod: period,
                beforeResidenceRule: true,
              }),
              sector,
            });
          const run = await t
            .as('finance_officer')
            .post('/api/v1/billing-runs')
            .send({ period, programId: program.id });
          expect(run.status, run.text).toBe(201);
          const obligations = (
            await t.as('auditor').get(`/api/v1/obligations?runId=${run.body.id}&limit=1000`)
          ).body.data as { beneficiaryId: string; fundingSourceId: string; amount: string }[];
          expect(obligations).toHaveLength(workers.length * fundingShares.length);

          const bySource = new Map<string, bigint>();
          for (const w of workers) {
            const price = monthlyPrice(benefits, BigInt(income), w.sector, period);
            const parts = splitByThousandths(price, thousandths.map(BigInt));
            const mine = obligations.filter((o) => o.beneficiaryId === w.id);
            const where = `${w.sector} worker, ${period}, income ${income}, ${benefits.join('+')}, shares ${thousandths.join('/')}`;
            expect(
              fundingShares.map((s) => mine.find((o) => o.fundingSourceId === s.fundingSourceId)?.amount),
              where,
            ).toEqual(parts.map(String));
            fundingShares.forEach((s, i) =>
              bySource.set(s.fundingSourceId, (bySource.get(s.fundingSourceId) ?? 0n) + parts[i]!),
            );
          }
          expect(run.body.byFundingSource).toEqual(
            [...bySource]
              .sort(([a], [b]) => Number(a) - Number(b))
              .map(([fundingSourceId, amount]) => ({ fundingSourceId, amount: String(amount) })),
          );
          expect(run.body.totalAmount).toBe(String([...bySource.values()].reduce((a, b) => a + b, 0n)));
          await expectLedgerClean(t);
        },
      ),
      {
        numRuns: 12,
        // 1% of 1,000,050 is 10,000.5 (rounds up), 0.5% of it 5,000.25 (rounds down); 1/3 each leaves 2 rupiah over.
        examples: [
          [[334, 333, 333], ['agriculture', 'transport'], 1_000_050, true, '2026-03'],
          [[500, 500], ['transport', 'other'], 1_000_050, false, '2026-04'],
          [[1000], ['fisheries'], 1_234_567, true, '2020-08'],
        ],
      },
    );
  });
});
