import type { Knex } from 'knex';

/** Regions, funding sources, programmes with their co-funding shares, and contribution rates. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('regions', (t) => {
    t.string('code', 8).primary();
    t.string('name', 200).notNullable();
    t.string('level', 16).notNullable();
    t.string('parent_code', 8).references('code').inTable('regions');
  });
  await knex.schema.createTable('funding_sources', (t) => {
    t.increments('id');
    t.string('code', 64).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('level', 16).notNullable();
    t.string('region_code', 8).notNullable().references('code').inTable('regions');
    t.string('budget_line', 64);
    t.boolean('four_eyes').notNullable().defaultTo(false);
    t.string('created_at', 40).notNullable();
  });
  await knex.schema.createTable('programs', (t) => {
    t.increments('id');
    t.string('code', 64).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('benefits', 32).notNullable();
    t.bigInteger('declared_income').notNullable();
    t.string('start_period', 7).notNullable();
    t.string('end_period', 7);
    t.string('created_at', 40).notNullable();
  });
  await knex.schema.createTable('program_funding_shares', (t) => {
    t.integer('program_id').notNullable().references('id').inTable('programs');
    t.integer('funding_source_id').notNullable().references('id').inTable('funding_sources');
    t.integer('position').notNullable();
    t.string('share', 32).notNullable();
    t.primary(['program_id', 'funding_source_id']);
    t.index(['funding_source_id']);
  });
  await knex.schema.createTable('contribution_rates', (t) => {
    t.increments('id');
    t.string('benefit', 8).notNullable();
    t.string('sector', 32);
    t.string('percent_of_income', 32);
    t.bigInteger('flat_amount');
    t.string('effective_from', 7).notNullable();
    t.string('effective_to', 7);
    t.string('legal_basis', 200);
    t.string('created_at', 40).notNullable();
    t.index(['benefit', 'effective_from']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('contribution_rates');
  await knex.schema.dropTable('program_funding_shares');
  await knex.schema.dropTable('programs');
  await knex.schema.dropTable('funding_sources');
  await knex.schema.dropTable('regions');
}
