import type { Knex } from 'knex';

/**
 * Sessions of the web console (docs/console.md, "Sessions"). The cookie carries a random
 * secret; a row is found by the secret's SHA-256, so the table never holds a usable credential.
 * `credential_hash` is the hash of the token the session was opened with: a session ends when that
 * token no longer signs in (revoked, expired, or a changed ADMIN_TOKEN).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('web_sessions', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 64).notNullable();
    t.string('role', 32).notNullable();
    t.string('name', 200).notNullable();
    t.string('credential_hash', 64).notNullable();
    t.string('csrf_token', 64).notNullable();
    t.string('lang', 8).notNullable();
    t.string('created_at', 40).notNullable();
    t.string('last_seen_at', 40).notNullable();
    t.string('expires_at', 40).notNullable();
    t.string('ended_at', 40);
    t.string('ended_reason', 32);
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('web_sessions');
}
