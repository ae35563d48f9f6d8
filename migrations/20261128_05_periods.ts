import type { Knex } from 'knex';

/** Closed contribution months; a month with no row is open. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('period_locks', (t) => {
    t.string('period', 7).primary();
    t.boolean('closed').notNullable();
    t.string('note', 500).notNullable();
    t.string('changed_by', 64).notNullable();
    t.string('changed_at', 40).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('period_locks');
}
