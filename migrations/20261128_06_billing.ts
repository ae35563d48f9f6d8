import type { Knex } from 'knex';

/**
 * Billing runs, the prices each run used (with the rate ids, so any bill can be reproduced) and the
 * obligations: one per beneficiary, programme, period and funding share. A partial unique index makes
 * "bill each share once" a database rule, while a cancelled run's obligations no longer block rebilling.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('billing_runs', (t) => {
    t.increments('id');
    t.string('kind', 16).notNullable();
    t.string('period', 7).notNullable();
    t.integer('program_id').references('id').inTable('programs');
    t.integer('obligation_count').notNullable();
    t.bigInteger('total_amount').notNullable();
    t.string('status', 16).notNullable();
    t.string('created_by', 64).notNullable();
    t.string('created_at', 40).notNullable();
    t.index(['period']);
  });
  await knex.schema.createTable('billing_run_cancellations', (t) => {
    t.integer('run_id').primary().references('id').inTable('billing_runs');
    t.string('reason', 500).notNullable();
    t.bigInteger('journal_entry_id').references('id').inTable('journal_entries');
    t.string('created_by', 64).notNullable();
    t.string('created_at', 40).notNullable();
  });
  await knex.schema.createTable('billing_prices', (t) => {
    t.increments('id');
    t.integer('run_id').notNullable().references('id').inTable('billing_runs');
    t.integer('program_id').notNullable().references('id').inTable('programs');
    t.string('sector', 32).notNullable();
    t.integer('funding_source_id').notNullable().references('id').inTable('funding_sources');
    t.bigInteger('amount').notNullable();
    t.bigInteger('worker_total').notNullable();
    t.string('rate_ids', 200).notNullable();
    t.unique(['run_id', 'program_id', 'sector', 'funding_source_id']);
  });
  // The bulk table: its rows are written only by INSERT … SELECT joins over their parents (runs, prices,
  // enrolments, beneficiaries), so row-by-row foreign-key triggers would re-check what the join already
  // guarantees, at a cost that dominates a province-wide run on PostgreSQL. ledger/verify cross-checks it.
  await knex.schema.createTable('obligations', (t) => {
    t.bigIncrements('id');
    t.integer('run_id').notNullable();
    t.integer('beneficiary_id').notNullable();
    t.integer('enrolment_id');
    t.integer('program_id').notNullable();
    t.integer('funding_source_id').notNullable();
    t.string('period', 7).notNullable();
    t.integer('fiscal_year').notNullable();
    t.bigInteger('amount').notNullable();
    t.integer('price_id').notNullable();
    t.string('kind', 16).notNullable();
    t.string('status', 16).notNullable();
    t.index(['program_id', 'period', 'funding_source_id']);
    t.index(['period', 'funding_source_id']);
    t.index(['beneficiary_id', 'period']);
    t.index(['run_id']);
  });
  await knex.raw(
    `CREATE UNIQUE INDEX obligations_once_per_share ON obligations (beneficiary_id, program_id, period, funding_source_id)
     WHERE kind = 'regular' AND status <> 'cancelled'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('obligations');
  await knex.schema.dropTable('billing_prices');
  await knex.schema.dropTable('billing_run_cancellations');
  await knex.schema.dropTable('billing_runs');
}
