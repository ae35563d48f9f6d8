import type { Knex } from 'knex';

/**
 * What ledger/verify reads instead of the year's obligations (millions of rows), so that it answers in well
 * under a second at the province's size:
 * - statement_credit_totals: what each statement credited, per programme, source, month, fiscal year and
 *   region (the worker's), written once with the statement and never changed; the credited totals are
 *   those of the active statements;
 * - an index of the cancelled obligations by run, with the columns their sums need: the billed totals are
 *   the runs' own totals (`billing_run_totals`) of the runs not cancelled, less the obligations of those
 *   runs that an ended enrolment cancelled one by one, read from it alone. It holds no row of an obligation
 *   billed and not cancelled, so a run's inserts do not write to it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('statement_credit_totals', (t) => {
    t.integer('statement_id').notNullable().references('id').inTable('statements');
    t.integer('program_id').notNullable();
    t.integer('funding_source_id').notNullable();
    t.string('period', 7).notNullable();
    t.integer('fiscal_year').notNullable();
    t.string('region_code', 8).notNullable();
    t.bigInteger('amount').notNullable();
    t.primary(['statement_id', 'program_id', 'funding_source_id', 'period', 'region_code']);
  });
  await knex.raw(
    `INSERT INTO statement_credit_totals
       (statement_id, program_id, funding_source_id, period, fiscal_year, region_code, amount)
     SELECT c.statement_id, o.program_id, o.funding_source_id, o.period, o.fiscal_year, b.region_code, SUM(o.amount)
     FROM statement_credits c
     JOIN obligations o ON o.id = c.obligation_id
     JOIN beneficiaries b ON b.id = o.beneficiary_id
     GROUP BY c.statement_id, o.program_id, o.funding_source_id, o.period, o.fiscal_year, b.region_code`,
  );
  await knex.raw(
    `CREATE INDEX obligations_cancelled_by_run ON obligations (run_id) WHERE status = 'cancelled'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX obligations_cancelled_by_run');
  await knex.schema.dropTable('statement_credit_totals');
}
