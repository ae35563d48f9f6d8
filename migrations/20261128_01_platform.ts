import type { Knex } from 'knex';

/** Users, the hash-chained audit trail and stored idempotent answers. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('name', 200).notNullable();
    t.string('role', 32).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.string('created_at', 40).notNullable();
    t.string('revoked_at', 40);
  });
  await knex.schema.createTable('audit_events', (t) => {
    t.bigIncrements('id');
    t.string('at', 40).notNullable();
    t.string('actor', 64).notNullable();
    t.string('role', 32).notNullable();
    t.string('action', 64).notNullable();
    t.string('entity', 64).notNullable();
    t.string('entity_id', 64);
    t.string('request_id', 64);
    t.text('change').notNullable();
    t.string('hash', 64).notNullable();
    t.string('prev_hash', 64).notNullable();
    t.index(['entity', 'entity_id']);
    t.index(['actor']);
  });
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.string('actor', 64).notNullable();
    t.string('endpoint', 200).notNullable();
    t.string('key', 200).notNullable();
    t.string('request_hash', 64).notNullable();
    t.integer('status').notNullable();
    t.text('response').notNullable();
    t.string('created_at', 40).notNullable();
    t.primary(['actor', 'endpoint', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_keys');
  await knex.schema.dropTable('audit_events');
  await knex.schema.dropTable('users');
}
