import type { Knex } from 'knex';

/**
 * The insurer's count of all its active members (wage and non-wage) living in a region in a month, so the
 * coverage report can count as the province does: every insured worker, not only those a budget pays for.
 * `is_demo` marks counts loaded as demonstration data rather than entered by a user.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('insured_counts', (t) => {
    t.string('region_code', 8).notNullable().references('code').inTable('regions');
    t.string('period', 7).notNullable();
    t.bigInteger('insured').notNullable();
    t.string('document_ref', 200).notNullable();
    t.boolean('is_demo').notNullable().defaultTo(false);
    t.string('updated_by', 64).notNullable();
    t.string('updated_at', 40).notNullable();
    t.primary(['region_code', 'period']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('insured_counts');
}
