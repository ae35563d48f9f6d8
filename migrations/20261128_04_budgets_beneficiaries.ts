import type { Knex } from 'knex';

/** Budget ceilings (pagu) per programme, funding source and fiscal year; beneficiaries and enrolments. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('budget_allocations', (t) => {
    t.increments('id');
    t.integer('program_id').notNullable().references('id').inTable('programs');
    t.integer('funding_source_id').notNullable().references('id').inTable('funding_sources');
    t.integer('fiscal_year').notNullable();
    t.bigInteger('amount').notNullable();
    t.string('document_ref', 200).notNullable();
    t.string('created_by', 64).notNullable();
    t.string('created_at', 40).notNullable();
    t.index(['program_id', 'funding_source_id', 'fiscal_year']);
  });
  await knex.schema.createTable('beneficiaries', (t) => {
    t.increments('id');
    t.string('nik', 16).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('region_code', 8).notNullable().references('code').inTable('regions');
    t.string('sector', 32).notNullable().defaultTo('other');
    t.string('occupation', 200);
    t.string('kpj_number', 32);
    t.string('phone', 32);
    t.string('created_at', 40).notNullable();
    t.index(['region_code']);
  });
  await knex.schema.createTable('enrolments', (t) => {
    t.increments('id');
    t.integer('beneficiary_id').notNullable().references('id').inTable('beneficiaries');
    t.integer('program_id').notNullable().references('id').inTable('programs');
    t.string('start_period', 7).notNullable();
    t.string('end_period', 7);
    t.string('end_reason', 32);
    t.string('created_at', 40).notNullable();
    t.index(['beneficiary_id']);
    t.index(['program_id', 'start_period']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('enrolments');
  await knex.schema.dropTable('beneficiaries');
  await knex.schema.dropTable('budget_allocations');
}
