import type { Knex } from 'knex';

/**
 * One count of workers for every grouping of the totals report, where migration 60 had two: how many
 * workers of a region share the same sets of months in a fiscal year, taken together over every programme
 * and funding source that billed them (`sets`: `programme/source/months` per programme and source, in that
 * order, joined by spaces). A worker's months in a programme (any source), in a source (any programme), in
 * the sources of a scope or in any programme at all are all unions of those sets, so one table answers
 * them all; `worker_mask_counts`, which held only the sets per programme and source and those across every
 * programme, and `worker_months`, kept only to count the latter, go.
 */
const aggregate = (knex: Knex) =>
  `${knex.client.config.client === 'pg' ? 'string_agg' : 'group_concat'}(program_id || '/' || funding_source_id || '/' || months, ' ' ORDER BY program_id, funding_source_id)`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('worker_set_counts', (t) => {
    t.integer('fiscal_year').notNullable();
    t.string('region_code', 8).notNullable();
    t.text('sets').notNullable();
    t.integer('workers').notNullable();
    t.primary(['fiscal_year', 'region_code', 'sets']);
  });
  await knex.raw(
    `INSERT INTO worker_set_counts (fiscal_year, region_code, sets, workers)
     SELECT fiscal_year, region_code, sets, COUNT(*) FROM (
       SELECT fiscal_year, beneficiary_id, region_code, ${aggregate(knex)} AS sets
       FROM beneficiary_months WHERE months <> 0
       GROUP BY fiscal_year, beneficiary_id, region_code
     ) w
     GROUP BY fiscal_year, region_code, sets`,
  );
  await knex.schema.dropTable('worker_mask_counts');
  await knex.schema.dropTable('worker_months');
}

/** The two tables of migration 60 again, each worker's months in any programme united from its sets. */
export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  const workers = knex.schema
    .createTable('worker_months', (t) => {
      t.integer('fiscal_year').notNullable();
      t.integer('beneficiary_id').notNullable();
      t.string('region_code', 8).notNullable();
      t.integer('months').notNullable();
      t.primary(['fiscal_year', 'beneficiary_id']);
    })
    .toString();
  if (pg) {
    await knex.raw(workers);
    await knex.raw('ALTER TABLE worker_months SET (fillfactor = 50)');
  } else {
    await knex.raw(`${workers} WITHOUT ROWID`);
  }
  await knex.schema.createTable('worker_mask_counts', (t) => {
    t.integer('fiscal_year').notNullable();
    t.integer('program_id').notNullable();
    t.integer('funding_source_id').notNullable();
    t.string('region_code', 8).notNullable();
    t.integer('months').notNullable();
    t.integer('workers').notNullable();
    t.primary(['fiscal_year', 'program_id', 'funding_source_id', 'region_code', 'months']);
  });
  // OR is no SQL aggregate: per month, the largest of the month's bit over the worker's sets.
  const union = Array.from({ length: 12 }, (_, i) => `MAX(months & ${1 << i})`).join(' | ');
  await knex.raw(
    `INSERT INTO worker_months (fiscal_year, beneficiary_id, region_code, months)
     SELECT fiscal_year, beneficiary_id, region_code, ${union}
     FROM beneficiary_months
     GROUP BY fiscal_year, beneficiary_id, region_code`,
  );
  await knex.raw(
    `INSERT INTO worker_mask_counts (fiscal_year, program_id, funding_source_id, region_code, months, workers)
     SELECT fiscal_year, program_id, funding_source_id, region_code, months, COUNT(*)
     FROM beneficiary_months WHERE months <> 0
     GROUP BY fiscal_year, program_id, funding_source_id, region_code, months
     UNION ALL
     SELECT fiscal_year, 0, 0, region_code, months, COUNT(*)
     FROM worker_months WHERE months <> 0
     GROUP BY fiscal_year, region_code, months`,
  );
  await knex.schema.dropTable('worker_set_counts');
}
