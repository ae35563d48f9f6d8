import type { Knex } from 'knex';

/**
 * A user's scope (docs/architecture.md, "Scoped access"): the funding sources whose money and the regions
 * whose people the user may see and move. A user with no row in a table is unrestricted on that axis, so a
 * user with none at all is province-wide, as every user was before scopes existed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('user_scope_sources', (t) => {
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.integer('funding_source_id').notNullable().references('id').inTable('funding_sources');
    t.primary(['user_id', 'funding_source_id']);
  });
  await knex.schema.createTable('user_scope_regions', (t) => {
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.string('region_code', 8).notNullable().references('code').inTable('regions');
    t.primary(['user_id', 'region_code']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('user_scope_regions');
  await knex.schema.dropTable('user_scope_sources');
}
