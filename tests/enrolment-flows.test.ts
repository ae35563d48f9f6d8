import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../migrations/index.js';
import { enrolledInForce } from '../src/modules/beneficiaries/index.js';
import type { Period } from '../src/shared/period.js';
import { createTestContext, type TestContext } from './support/harness.js';
import { createProgram, enrolWorker, fundingSourceIds } from './support/fixtures.js';

/**
 * The enrolments in force that reports read from `enrolment_flows` are, month by month, the enrolments
 * counted one by one: after enrolling, ending, and rebuilding the flows from the enrolments (the migration
 * that made them, undone and done again).
 */

const MONTHS = ['2026-01', '2026-02', '2026-05', '2026-06', '2026-12', '2027-01', '2027-03'];

let t: TestContext;
const programs: string[] = [];

beforeAll(async () => {
  t = await createTestContext();
  const fs = await fundingSourceIds(t);
  for (const code of ['FLOW-A', 'FLOW-B'])
    programs.push(
      (
        await createProgram(t, {
          code,
          fundingShares: [{ fundingSourceId: fs['APBD-PROV-JAMBI']!, share: '1' }],
        })
      ).id,
    );
});
afterAll(async () => t.close());

type Count = { program_id: string; region_code: string; sector: string; n: number };

const sorted = (rows: Record<string, unknown>[]): Count[] =>
  rows
    .map((r) => ({
      program_id: String(r.program_id),
      region_code: r.region_code as string,
      sector: r.sector as string,
      n: Number(r.n),
    }))
    .filter((r) => r.n !== 0)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** Each enrolment whose months hold `period`, counted from the enrolments themselves. */
async function countedOneByOne(period: string): Promise<Count[]> {
  return sorted(
    await t
      .db('enrolments as e')
      .join('beneficiaries as b', 'b.id', 'e.beneficiary_id')
      .where('e.start_period', '<=', period)
      .andWhere((w) => w.whereNull('e.end_period').orWhere('e.end_period', '>=', period))
      .groupBy('e.program_id', 'b.region_code', 'b.sector')
      .select('e.program_id', 'b.region_code', 'b.sector')
      .count({ n: '*' }),
  );
}

async function expectFlowsMatch(): Promise<void> {
  for (const month of MONTHS)
    expect(sorted(await enrolledInForce(t.db, month as Period)), month).toEqual(await countedOneByOne(month));
}

const planArb = fc.array(
  fc.record({
    program: fc.nat(1),
    region: fc.constantFrom('15.01', '15.08', '15.71'),
    sector: fc.constantFrom('agriculture', 'transport', 'other'),
    start: fc.nat(3),
    length: fc.option(fc.nat(4), { nil: undefined }),
    endLater: fc.option(fc.nat(3), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 5 },
);

describe('enrolments in force, from the flows', () => {
  it('for random enrolments and ends, every month counts what the enrolments hold', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        for (const w of plan) {
          const start = MONTHS[w.start]!;
          const end = w.length === undefined ? undefined : MONTHS[Math.min(w.start + w.length, 6)]!;
          const id = await enrolWorker(t, programs[w.program]!, {
            regionCode: w.region,
            sector: w.sector,
            startPeriod: start,
            ...(end ? { endPeriod: end } : {}),
          });
          if (w.endLater === undefined) continue;
          const [enrolment] = await t.db('enrolments').where('beneficiary_id', id).pluck('id');
          const last = MONTHS[Math.min(w.start + w.endLater, 6)]!;
          if (end !== undefined && last > end) continue;
          const res = await t
            .as('program_manager')
            .post(`/api/v1/enrolments/${enrolment}/end`)
            .send({ endPeriod: last, reason: 'moved' });
          expect(res.status, res.text).toBe(200);
        }
        await expectFlowsMatch();
      }),
      { numRuns: 8 },
    );
  });

  it('when the flows are rebuilt from the enrolments (their migration undone, then done), then every month still matches', async () => {
    await enrolWorker(t, programs[0]!, { startPeriod: '2026-02', endPeriod: '2026-06' });
    // Migration 20261203_10 replaced the worker counts that migration 60 also made: it is undone first.
    await t.db.migrate.down({ migrationSource, name: '20261203_10_worker_set_counts' });
    await t.db.migrate.down({ migrationSource, name: '20261202_60_count_summaries' });
    expect(await t.db.schema.hasTable('enrolment_flows')).toBe(false);
    await t.db.migrate.latest({ migrationSource });
    await expectFlowsMatch();
  });
});
