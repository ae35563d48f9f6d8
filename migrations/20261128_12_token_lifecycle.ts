import type { Knex } from 'knex';

/** Tokens expire; settings hold switches an administrator flips at run time (the bootstrap token). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.string('expires_at', 40);
    t.string('revoked_by', 64);
  });
  await knex.schema.createTable('settings', (t) => {
    t.string('key', 64).primary();
    t.string('value', 200).notNullable();
    t.string('changed_by', 64).notNullable();
    t.string('changed_at', 40).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('settings');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('revoked_by');
    t.dropColumn('expires_at');
  });
}
