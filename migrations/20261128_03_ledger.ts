import type { Knex } from 'knex';

/**
 * The double-entry journal. Postings carry signed whole rupiah (debit positive, credit negative), so an
 * entry balances when its postings sum to zero. Rows here are only ever inserted.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ledger_accounts', (t) => {
    t.increments('id');
    t.string('code', 120).notNullable().unique();
    t.string('stage', 32).notNullable();
    t.integer('program_id').notNullable().references('id').inTable('programs');
    t.integer('funding_source_id').notNullable().references('id').inTable('funding_sources');
    t.integer('fiscal_year').notNullable();
  });
  await knex.schema.createTable('journal_entries', (t) => {
    t.bigIncrements('id');
    t.string('at', 40).notNullable();
    t.string('kind', 32).notNullable();
    t.string('memo', 500).notNullable();
    t.string('source_type', 32).notNullable();
    t.string('source_id', 64).notNullable();
    t.bigInteger('reverses_entry_id').unique().references('id').inTable('journal_entries');
    t.string('actor', 64).notNullable();
    t.index(['source_type', 'source_id']);
  });
  await knex.schema.createTable('postings', (t) => {
    t.bigIncrements('id');
    t.bigInteger('entry_id').notNullable().references('id').inTable('journal_entries');
    t.integer('account_id').notNullable().references('id').inTable('ledger_accounts');
    t.bigInteger('amount').notNullable();
    t.index(['entry_id']);
    t.index(['account_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('postings');
  await knex.schema.dropTable('journal_entries');
  await knex.schema.dropTable('ledger_accounts');
}
