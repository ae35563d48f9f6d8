import type { Knex } from 'knex';

/**
 * What the totals report reads instead of scanning a year of obligations, each kept exact by the same
 * transactions that write the obligations (billing, cancellation, crediting) and backfilled here:
 * - billing_run_totals: each run's obligations per programme, source and region, fixed once written;
 * - obligation_totals: live (not cancelled) obligations per programme, source, month and region, with
 *   their billed and credited amounts;
 * - beneficiary_months: per worker, programme, source and fiscal year, a bit per month (bit 0 = January)
 *   with a live obligation, so distinct workers over any months are counted from one row per worker.
 *
 * The obligations' per-worker indexes now lead with the month: a billing run's rows then append to the
 * end of each index instead of landing in every leaf page of a table that grows all year.
 */
interface ObligationIndexes {
  /** The per-worker lookup index. */
  worker: string[];
  /** The once-per-share unique index over regular, live obligations. */
  onceName: string;
  once: string[];
}

const LEADING_WORKER: ObligationIndexes = {
  worker: ['beneficiary_id', 'period'],
  onceName: 'obligations_once_per_share',
  once: ['beneficiary_id', 'program_id', 'period', 'funding_source_id'],
};
const LEADING_MONTH: ObligationIndexes = {
  worker: ['period', 'beneficiary_id'],
  onceName: 'obligations_once_per_share_by_month',
  once: ['period', 'beneficiary_id', 'program_id', 'funding_source_id'],
};

async function swapIndexes(knex: Knex, from: ObligationIndexes, to: ObligationIndexes): Promise<void> {
  await knex.raw(`DROP INDEX ${from.onceName}`);
  await knex.schema.alterTable('obligations', (t) => {
    t.dropIndex(from.worker);
    t.index(to.worker);
  });
  await knex.raw(
    `CREATE UNIQUE INDEX ${to.onceName} ON obligations (${to.once.join(', ')})
     WHERE kind = 'regular' AND status <> 'cancelled'`,
  );
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('billing_run_totals', (t) => {
    t.integer('run_id').notNullable().references('id').inTable('billing_runs');
    t.integer('program_id').notNullable();
    t.integer('funding_source_id').notNullable();
    t.string('region_code', 8).notNullable();
    t.integer('obligations').notNullable();
    t.bigInteger('amount').notNullable();
    t.primary(['run_id', 'program_id', 'funding_source_id', 'region_code']);
  });
  await knex.schema.createTable('obligation_totals', (t) => {
    t.integer('program_id').notNullable();
    t.integer('funding_source_id').notNullable();
    t.string('period', 7).notNullable();
    t.string('region_code', 8).notNullable();
    t.integer('obligations').notNullable();
    t.bigInteger('billed').notNullable();
    t.bigInteger('credited').notNullable();
    t.primary(['program_id', 'funding_source_id', 'period', 'region_code']);
  });
  // On SQLite the table is its primary key (WITHOUT ROWID): a year's rows are then read in one range scan
  // rather than through the key index and a lookup of each row.
  const months = knex.schema
    .createTable('beneficiary_months', (t) => {
      t.integer('fiscal_year').notNullable();
      t.integer('program_id').notNullable();
      t.integer('funding_source_id').notNullable();
      t.integer('beneficiary_id').notNullable();
      t.string('region_code', 8).notNullable();
      t.integer('months').notNullable();
      t.primary(['fiscal_year', 'program_id', 'funding_source_id', 'beneficiary_id']);
    })
    .toString();
  if (knex.client.config.client === 'pg') {
    await knex.raw(months);
    // Every run rewrites a bit in most rows: room in each page lets PostgreSQL update in place (HOT)
    // instead of adding a key index entry per row and month.
    await knex.raw('ALTER TABLE beneficiary_months SET (fillfactor = 50)');
  } else {
    await knex.raw(`${months} WITHOUT ROWID`);
  }

  await knex.raw(
    `INSERT INTO billing_run_totals (run_id, program_id, funding_source_id, region_code, obligations, amount)
     SELECT o.run_id, o.program_id, o.funding_source_id, b.region_code, COUNT(*), SUM(o.amount)
     FROM obligations o JOIN beneficiaries b ON b.id = o.beneficiary_id
     GROUP BY o.run_id, o.program_id, o.funding_source_id, b.region_code`,
  );
  await knex.raw(
    `INSERT INTO obligation_totals (program_id, funding_source_id, period, region_code, obligations, billed, credited)
     SELECT o.program_id, o.funding_source_id, o.period, b.region_code, COUNT(*), SUM(o.amount),
            SUM(CASE WHEN o.status = 'credited' THEN o.amount ELSE 0 END)
     FROM obligations o JOIN beneficiaries b ON b.id = o.beneficiary_id
     WHERE o.status <> 'cancelled'
     GROUP BY o.program_id, o.funding_source_id, o.period, b.region_code`,
  );
  await knex.raw(
    `INSERT INTO beneficiary_months (fiscal_year, program_id, funding_source_id, beneficiary_id, region_code, months)
     SELECT o.fiscal_year, o.program_id, o.funding_source_id, o.beneficiary_id, b.region_code,
            SUM(DISTINCT 1 << (CAST(SUBSTR(o.period, 6, 2) AS INTEGER) - 1))
     FROM obligations o JOIN beneficiaries b ON b.id = o.beneficiary_id
     WHERE o.status <> 'cancelled'
     GROUP BY o.fiscal_year, o.program_id, o.funding_source_id, o.beneficiary_id, b.region_code`,
  );

  await swapIndexes(knex, LEADING_WORKER, LEADING_MONTH);
}

export async function down(knex: Knex): Promise<void> {
  await swapIndexes(knex, LEADING_MONTH, LEADING_WORKER);
  await knex.schema.dropTable('beneficiary_months');
  await knex.schema.dropTable('obligation_totals');
  await knex.schema.dropTable('billing_run_totals');
}
