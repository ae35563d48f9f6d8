import type { Knex } from 'knex';

/**
 * A corrected rate is replaced by a new row; the old one stays (bills priced with it keep pointing to it)
 * and records which row superseded it and why.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contribution_rates', (t) => {
    t.integer('superseded_by_id').references('id').inTable('contribution_rates');
    t.string('correction_reason', 500);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contribution_rates', (t) => {
    t.dropColumn('correction_reason');
    t.dropColumn('superseded_by_id');
  });
}
