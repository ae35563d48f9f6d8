import type { Knex } from 'knex';

/**
 * Statements that carry JKK and JKM columns are reconciled per benefit as well as in total: a staged line
 * keeps those amounts, a staged billed worker the price it was last billed at (whose rates give what each
 * benefit costs), and an amount mismatch names the benefit that differs when the totals agree.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('statement_lines', (t) => {
    t.bigInteger('jkk');
    t.bigInteger('jkm');
  });
  await knex.schema.alterTable('statement_billed', (t) => {
    t.integer('price_id');
  });
  await knex.schema.alterTable('reconciliation_exceptions', (t) => {
    t.string('benefit', 8);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reconciliation_exceptions', (t) => {
    t.dropColumn('benefit');
  });
  await knex.schema.alterTable('statement_billed', (t) => {
    t.dropColumn('price_id');
  });
  await knex.schema.alterTable('statement_lines', (t) => {
    t.dropColumn('jkk');
    t.dropColumn('jkm');
  });
}
