import type { Knex } from 'knex';

/**
 * The workforce of each region and year and the coverage target set for it, so coverage can be reported
 * as a rate. `is_demo` marks figures loaded as demonstration data rather than entered by a user.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('workforce', (t) => {
    t.string('region_code', 8).notNullable().references('code').inTable('regions');
    t.integer('year').notNullable();
    t.bigInteger('workers').notNullable();
    t.string('target_rate', 16).notNullable();
    t.boolean('is_demo').notNullable().defaultTo(false);
    t.string('updated_by', 64).notNullable();
    t.string('updated_at', 40).notNullable();
    t.primary(['region_code', 'year']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('workforce');
}
