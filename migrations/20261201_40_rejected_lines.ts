import type { Knex } from 'knex';

/**
 * The rejected lines of an upload, kept for a while so the person who uploaded the file can download them
 * (the import answer's `rejectedUrl`). The id is random, so one upload's lines cannot be guessed from
 * another's; the rows are read only by their uploader and removed once expired.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rejected_uploads', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 64).notNullable();
    t.string('kind', 32).notNullable();
    t.text('lines', 'longtext').notNullable();
    t.string('created_at', 40).notNullable();
    t.string('expires_at', 40).notNullable();
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rejected_uploads');
}
