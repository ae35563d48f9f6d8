import type { Knex } from 'knex';

/**
 * Summaries that let reports count workers without reading a row per worker, each kept by the same
 * transactions that change what it counts and backfilled here:
 * - enrolment_flows: enrolments starting (`starts`) and ending (`ends`, in their last month) per programme,
 *   region, sector and month; those in force in a month are the starts up to it less the ends before it,
 *   and since no two enrolments of one person share a month, they are also the people enrolled;
 * - worker_months: per worker and fiscal year, a bit per month with a live obligation in any programme
 *   (bit 0 = January), as beneficiary_months holds per programme and source;
 * - worker_mask_counts: how many workers share each set of months, per fiscal year, programme, source and
 *   region (from beneficiary_months) and, with programme and source 0, in any programme (from
 *   worker_months). A year holds a few dozen such sets, so distinct workers per month or over any months of
 *   the year are sums over a few rows.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.createTable('enrolment_flows', (t) => {
    t.integer('program_id').notNullable();
    t.string('region_code', 8).notNullable();
    t.string('sector', 32).notNullable();
    t.string('period', 7).notNullable();
    t.integer('starts').notNullable();
    t.integer('ends').notNullable();
    t.primary(['program_id', 'region_code', 'sector', 'period']);
  });
  const workers = knex.schema
    .createTable('worker_months', (t) => {
      t.integer('fiscal_year').notNullable();
      t.integer('beneficiary_id').notNullable();
      t.string('region_code', 8).notNullable();
      t.integer('months').notNullable();
      t.primary(['fiscal_year', 'beneficiary_id']);
    })
    .toString();
  // As for beneficiary_months: the table is its key on SQLite, and has room to update in place on PostgreSQL.
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

  await knex.raw(
    `INSERT INTO enrolment_flows (program_id, region_code, sector, period, starts, ends)
     SELECT program_id, region_code, sector, period, SUM(starts), SUM(ends) FROM (
       SELECT e.program_id, b.region_code, b.sector, e.start_period AS period, 1 AS starts, 0 AS ends
       FROM enrolments e JOIN beneficiaries b ON b.id = e.beneficiary_id
       UNION ALL
       SELECT e.program_id, b.region_code, b.sector, e.end_period, 0, 1
       FROM enrolments e JOIN beneficiaries b ON b.id = e.beneficiary_id
       WHERE e.end_period IS NOT NULL
     ) f
     GROUP BY program_id, region_code, sector, period`,
  );
  await knex.raw(
    `INSERT INTO worker_months (fiscal_year, beneficiary_id, region_code, months)
     SELECT o.fiscal_year, o.beneficiary_id, b.region_code,
            SUM(DISTINCT 1 << (CAST(SUBSTR(o.period, 6, 2) AS INTEGER) - 1))
     FROM obligations o JOIN beneficiaries b ON b.id = o.beneficiary_id
     WHERE o.status <> 'cancelled'
     GROUP BY o.fiscal_year, o.beneficiary_id, b.region_code`,
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
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('worker_mask_counts');
  await knex.schema.dropTable('worker_months');
  await knex.schema.dropTable('enrolment_flows');
}
