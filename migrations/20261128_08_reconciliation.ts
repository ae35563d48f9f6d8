import type { Knex } from 'knex';

/**
 * The insurer's monthly statements, their lines, the exceptions reconciliation finds, how each exception
 * was resolved, which obligations a statement credited, and the workers marked for rebilling. A corrected
 * statement supersedes an earlier one: rows are added, never edited away.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('statements', (t) => {
    t.increments('id');
    t.integer('program_id').notNullable().references('id').inTable('programs');
    t.string('period', 7).notNullable();
    t.string('file_hash', 64).notNullable();
    t.integer('supersedes_id').unique().references('id').inTable('statements');
    t.text('summary').notNullable();
    t.text('malformed').notNullable();
    t.bigInteger('credit_entry_id').references('id').inTable('journal_entries');
    t.string('created_by', 64).notNullable();
    t.string('created_at', 40).notNullable();
    t.unique(['program_id', 'period', 'file_hash']);
  });
  // Staged lines and credits are bulk rows written in the statement's own transaction; like obligations
  // they carry no row-by-row foreign-key triggers (see the billing migration).
  await knex.schema.createTable('statement_lines', (t) => {
    t.bigIncrements('id');
    t.integer('statement_id').notNullable();
    t.integer('line_no').notNullable();
    t.string('nik', 16).notNullable();
    t.string('kpj', 32);
    t.string('name', 200);
    t.bigInteger('amount').notNullable();
    t.integer('duplicate_of_line');
    t.index(['statement_id', 'nik']);
  });
  await knex.schema.createTable('statement_billed', (t) => {
    t.integer('statement_id').notNullable();
    t.integer('beneficiary_id').notNullable();
    t.string('nik', 16).notNullable();
    t.bigInteger('total').notNullable();
    t.index(['statement_id', 'nik']);
  });
  await knex.schema.createTable('reconciliation_exceptions', (t) => {
    t.bigIncrements('id');
    t.integer('statement_id').notNullable().references('id').inTable('statements');
    t.string('kind', 32).notNullable();
    t.string('nik', 16).notNullable();
    t.integer('beneficiary_id').references('id').inTable('beneficiaries');
    t.integer('line_no');
    t.bigInteger('expected_amount');
    t.bigInteger('statement_amount');
    t.integer('other_program_id').references('id').inTable('programs');
    t.index(['statement_id', 'kind']);
  });
  await knex.schema.createTable('exception_resolutions', (t) => {
    t.bigInteger('exception_id').primary().references('id').inTable('reconciliation_exceptions');
    t.string('resolution', 32).notNullable();
    t.string('note', 1000).notNullable();
    t.string('resolved_by', 64).notNullable();
    t.string('resolved_at', 40).notNullable();
  });
  await knex.schema.createTable('statement_credits', (t) => {
    t.integer('statement_id').notNullable();
    t.bigInteger('obligation_id').notNullable();
    t.primary(['statement_id', 'obligation_id']);
  });
  await knex.schema.createTable('rebill_requests', (t) => {
    t.bigInteger('exception_id').primary().references('id').inTable('reconciliation_exceptions');
    t.integer('beneficiary_id').notNullable().references('id').inTable('beneficiaries');
    t.integer('program_id').notNullable().references('id').inTable('programs');
    t.string('period', 7).notNullable();
    t.integer('billed_in_run_id').references('id').inTable('billing_runs');
    t.index(['program_id', 'billed_in_run_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'statement_billed',
    'rebill_requests',
    'statement_credits',
    'exception_resolutions',
    'reconciliation_exceptions',
    'statement_lines',
    'statements',
  ]) {
    await knex.schema.dropTable(table);
  }
}
