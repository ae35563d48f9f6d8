import type { Knex } from 'knex';

/**
 * SP2D payments to the insurer, how each is allocated over the billed months it covers (oldest first),
 * its second-officer approval where the funding source asks for four eyes, and its reversal. Rows are only
 * inserted: approval and reversal are rows of their own, each at most once per payment.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payments', (t) => {
    t.increments('id');
    t.integer('program_id').notNullable().references('id').inTable('programs');
    t.integer('funding_source_id').notNullable().references('id').inTable('funding_sources');
    t.string('period', 7).notNullable();
    t.string('period_to', 7).notNullable();
    t.bigInteger('amount').notNullable();
    t.string('paid_on', 10).notNullable();
    t.string('sp2d_number', 100).notNullable().unique();
    t.string('reference', 200);
    t.boolean('requires_approval').notNullable();
    t.string('recorded_by', 64).notNullable();
    t.string('created_at', 40).notNullable();
    t.index(['program_id', 'funding_source_id', 'period']);
  });
  await knex.schema.createTable('payment_allocations', (t) => {
    t.increments('id');
    t.integer('payment_id').notNullable().references('id').inTable('payments');
    t.integer('program_id').notNullable().references('id').inTable('programs');
    t.integer('funding_source_id').notNullable().references('id').inTable('funding_sources');
    t.string('period', 7).notNullable();
    t.bigInteger('amount').notNullable();
    t.index(['program_id', 'funding_source_id', 'period']);
    t.index(['payment_id']);
  });
  await knex.schema.createTable('payment_approvals', (t) => {
    t.integer('payment_id').primary().references('id').inTable('payments');
    t.string('approved_by', 64).notNullable();
    t.string('approved_at', 40).notNullable();
  });
  await knex.schema.createTable('payment_reversals', (t) => {
    t.increments('id');
    t.integer('payment_id').notNullable().unique().references('id').inTable('payments');
    t.string('reason', 500).notNullable();
    t.bigInteger('journal_entry_id').references('id').inTable('journal_entries');
    t.string('created_by', 64).notNullable();
    t.string('created_at', 40).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('payment_reversals');
  await knex.schema.dropTable('payment_approvals');
  await knex.schema.dropTable('payment_allocations');
  await knex.schema.dropTable('payments');
}
