import type { Knex } from 'knex';

/**
 * Demonstration coverage figures: Jambi's 1.3 million workers with a 55% target for 2026, of whom the insurer
 * counts 539,000 active members (41%, wage and non-wage) in November 2026 (docs/domain.md). The split over
 * regencies and cities is made up, so that every row of the coverage report has figures; it adds up to the
 * province's. Marked `is_demo` so reports can say these are not official figures. Safe to rerun: it replaces
 * its own rows.
 */
export const DEMO_COVERAGE_PERIOD = '2026-11';

/** Region → [workforce, insured members]. */
const DEMO_FIGURES: Record<string, [number, number]> = {
  '15': [1_300_000, 539_000],
  '15.01': [110_000, 42_000],
  '15.02': [150_000, 58_000],
  '15.03': [110_000, 43_000],
  '15.04': [110_000, 44_000],
  '15.05': [160_000, 66_000],
  '15.06': [120_000, 50_000],
  '15.07': [95_000, 36_000],
  '15.08': [125_000, 52_000],
  '15.09': [140_000, 55_000],
  '15.71': [140_000, 75_000],
  '15.72': [40_000, 18_000],
};

export async function seedDemoWorkforce(knex: Knex, now: string): Promise<void> {
  const who = { is_demo: true, updated_by: 'demo-seed', updated_at: now };
  const figures = Object.entries(DEMO_FIGURES);
  await knex('workforce')
    .insert(
      figures.map(([region, [workers]]) => ({
        region_code: region,
        year: 2026,
        workers,
        target_rate: '0.55',
        ...who,
      })),
    )
    .onConflict(['region_code', 'year'])
    .merge();
  await knex('insured_counts')
    .insert(
      figures.map(([region, [, insured]]) => ({
        region_code: region,
        period: DEMO_COVERAGE_PERIOD,
        insured,
        document_ref: 'Data contoh (demo)',
        ...who,
      })),
    )
    .onConflict(['region_code', 'period'])
    .merge();
}
