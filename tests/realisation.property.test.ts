import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/harness.js';
import {
  allocate,
  bill,
  createProgram,
  enrolWorker,
  expectLedgerClean,
  fundingSourceIds,
  pay,
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
 * The 2026 schedule written out (docs/domain.md): JKK and JHT in basis points of the declared income, JKM
 * flat; PP 50/2025 halves JKK and JKM from April, and for transport workers from January.
 */
function benefitAmount(benefit: Benefit, income: bigint, sector: string, period: string): bigint {
  const halved = sector === 'transport' || period >= '2026-04';
  if (benefit === 'JHT') return (income * 200n + 5_000n) / 10_000n;
  if (benefit === 'JKM') return halved ? 3400n : 6800n;
  return (income * (halved ? 50n : 100n) + 5_000n) / 10_000n;
}

/** `total` split in proportion to `weights` by largest remainder, the earlier weight first on a tie. */
function largestRemainder(total: bigint, weights: bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  const parts = weights.map((w) => (total * w) / sum);
  const order = weights
    .map((w, index) => ({ index, remainder: (total * w) % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  let left = total - parts.reduce((a, b) => a + b, 0n);
  for (const { index } of order) {
    if (left === 0n) break;
    parts[index]! += 1n;
    left -= 1n;
  }
  return parts;
}

const sharesArb = fc
  .array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 3 })
  .map((weights) => {
    const sum = weights.reduce((a, b) => a + b, 0);
    const thousandths = weights.map((w) => Math.max(1, Math.floor((w * 1000) / sum)));
    thousandths[thousandths.length - 1]! -= thousandths.reduce((a, b) => a + b, 0) - 1000;
    return thousandths;
  })
  .filter((th) => th.every((x) => x > 0));
const asShare = (th: number) => (th === 1000 ? '1' : `0.${String(th).padStart(3, '0')}`);
const MONTHS = ['2026-02', '2026-03', '2026-04', '2026-05'];

describe('realisation property', () => {
  it('for random plans and payments, realisation per kode rekening equals the payments split from first principles', async () => {
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(
        sharesArb,
        fc.array(fc.constantFrom('agriculture', 'transport', 'trade'), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1_000_000, max: 4_999_999 }),
        fc.boolean(),
        fc.subarray(MONTHS, { minLength: 1 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 12, maxLength: 12 }),
        async (thousandths, sectors, income, withJht, months, percents) => {
          serial += 1;
          const benefits: Benefit[] = withJht ? ['JKK', 'JKM', 'JHT'] : ['JKK', 'JKM'];
          const fundingShares = thousandths.map((th, i) => ({
            fundingSourceId: sources[i]!,
            share: asShare(th),
          }));
          const code = `PROP-${serial}-${Date.now() % 100000}`;
          const program = await createProgram(t, {
            code,
            benefits,
            declaredIncome: String(income),
            fundingShares,
          });
          for (const s of fundingShares) await allocate(t, program.id, s.fundingSourceId, '100000000');
          // Random shares may join two regencies, where nobody lives in both: the residence rule is not what
          // this property is about, so the workers are enrolled as data from before it.
          for (const sector of sectors)
            await enrolWorker(t, program.id, { sector, startPeriod: '2026-01', beforeResidenceRule: true });

          // From first principles: per source and month, what each benefit bills (each worker's share split
          // over the worker's benefit amounts), then each payment split over those by largest remainder.
          const expected = new Map<string, Map<Benefit, bigint>>();
          let p = 0;
          for (const period of months) {
            await bill(t, program.id, period);
            for (const [i, s] of fundingShares.entries()) {
              const billed = new Map<Benefit, bigint>(benefits.map((b) => [b, 0n]));
              for (const sector of sectors) {
                const amounts = benefits.map((b) => benefitAmount(b, BigInt(income), sector, period));
                const price = amounts.reduce((a, b) => a + b, 0n);
                const share = largestRemainder(price, thousandths.map(BigInt))[i]!;
                largestRemainder(share, amounts).forEach((part, k) =>
                  billed.set(benefits[k]!, billed.get(benefits[k]!)! + part),
                );
              }
              const total = [...billed.values()].reduce((a, b) => a + b, 0n);
              const amount = (total * BigInt(percents[p++ % percents.length]!)) / 100n || 1n;
              const day = String(1 + (p % 28)).padStart(2, '0');
              await pay(t, {
                programId: program.id,
                fundingSourceId: s.fundingSourceId,
                period,
                amount: String(amount),
                paidOn: `${period}-${day}`,
              });
              const split = largestRemainder(amount, [...billed.values()]);
              const mine = expected.get(s.fundingSourceId) ?? new Map<Benefit, bigint>();
              benefits.forEach((b, k) => mine.set(b, (mine.get(b) ?? 0n) + split[k]!));
              expected.set(s.fundingSourceId, mine);
            }
          }
          for (const s of fundingShares) {
            const res = await t
              .as('auditor')
              .get(`/api/v1/reports/realisation?fundingSourceId=${s.fundingSourceId}&fiscalYear=2026`);
            expect(res.status, res.text).toBe(200);
            const rows = (
              res.body.rows as { programCode: string; benefit: Benefit | null; realisedToDate: string }[]
            ).filter((r) => r.programCode === code);
            const where = `${sectors.join('/')} income ${income} ${benefits.join('+')} shares ${thousandths.join('/')} months ${months.join(',')}`;
            expect(
              Object.fromEntries(
                rows.filter((r) => r.benefit !== null).map((r) => [r.benefit, r.realisedToDate]),
              ),
              where,
            ).toEqual(
              Object.fromEntries([...expected.get(s.fundingSourceId)!].map(([b, v]) => [b, String(v)])),
            );
          }
          await expectLedgerClean(t);
        },
      ),
      {
        numRuns: 8,
        examples: [
          [
            [333, 667],
            ['agriculture', 'transport'],
            1_000_050,
            true,
            ['2026-03', '2026-04'],
            Array(12).fill(37),
          ],
        ],
      },
    );
  });
});
