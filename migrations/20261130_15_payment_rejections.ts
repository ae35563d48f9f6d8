import type { Knex } from 'knex';

/**
 * A payment awaiting four-eyes approval can be rejected by the second finance officer instead: it then
 * never counts and moves no money. One row per rejected payment, kept like approvals and reversals.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payment_rejections', (t) => {
    t.integer('payment_id').primary().references('id').inTable('payments');
    t.string('reason', 500).notNullable();
    t.string('rejected_by', 64).notNullable();
    t.string('rejected_at', 40).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('payment_rejections');
}
