import type { Knex } from 'knex';

/**
 * Demonstration workforce figures: Jambi's 1.3 million workers and its 55% coverage target for 2026
 * (docs/domain.md). Marked `is_demo` so reports can say the denominator is not an official figure.
 * Safe to rerun: it replaces its own row.
 */
export async function seedDemoWorkforce(knex: Knex, now: string): Promise<void> {
  await knex('workforce')
    .insert({
      region_code: '15',
      year: 2026,
      workers: 1_300_000,
      target_rate: '0.55',
      is_demo: true,
      updated_by: 'demo-seed',
      updated_at: now,
    })
    .onConflict(['region_code', 'year'])
    .merge();
}
