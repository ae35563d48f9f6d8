import type { Knex } from 'knex';

/**
 * Each obligation carries its worker's region, copied when it is written (a worker's region never changes
 * once registered). A run's summaries (its totals per region, each worker's months) and a statement's credit
 * sums then read the run's own rows alone, without looking every worker up again: at the province's size
 * that lookup cost about as much as the rest of the summaries together (docs/performance.md).
 * Existing obligations take their worker's region here.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('obligations', (t) => {
    t.string('region_code', 8);
  });
  await knex.raw(
    knex.client.config.client === 'pg'
      ? `UPDATE obligations o SET region_code = b.region_code FROM beneficiaries b WHERE b.id = o.beneficiary_id`
      : `UPDATE obligations SET region_code = (SELECT region_code FROM beneficiaries b WHERE b.id = obligations.beneficiary_id)`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('obligations', (t) => {
    t.dropColumn('region_code');
  });
}
