import type { Knex } from 'knex';

/**
 * Life events that reach back: an enrolment ended before months already billed and paid leaves those
 * months overpaid, a claim on the insurer (docs/architecture.md, "The journal"). Each overpayment is settled
 * once, by offset against the programme's and source's next months (a payment of its own) or by refund.
 * Rows are only inserted; a settlement is a row of its own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('overpayments', (t) => {
    t.increments('id');
    t.bigInteger('obligation_id').notNullable().unique();
    t.integer('enrolment_id').notNullable().references('id').inTable('enrolments');
    t.integer('beneficiary_id').notNullable().references('id').inTable('beneficiaries');
    t.integer('program_id').notNullable().references('id').inTable('programs');
    t.integer('funding_source_id').notNullable().references('id').inTable('funding_sources');
    t.string('period', 7).notNullable();
    t.integer('fiscal_year').notNullable();
    t.bigInteger('amount').notNullable();
    t.bigInteger('journal_entry_id').notNullable().references('id').inTable('journal_entries');
    t.string('created_by', 64).notNullable();
    t.string('created_at', 40).notNullable();
    t.index(['funding_source_id', 'program_id']);
  });
  await knex.schema.createTable('overpayment_settlements', (t) => {
    t.integer('overpayment_id').primary().references('id').inTable('overpayments');
    t.string('method', 16).notNullable();
    t.string('document_ref', 200).notNullable();
    t.integer('payment_id').references('id').inTable('payments');
    t.bigInteger('journal_entry_id').notNullable().references('id').inTable('journal_entries');
    t.string('created_by', 64).notNullable();
    t.string('created_at', 40).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('overpayment_settlements');
  await knex.schema.dropTable('overpayments');
}
