import fs from 'node:fs';
import { parse } from 'csv-parse';
import { appendRows } from '../src/db/bulk.js';
import { inTransaction, type Db } from '../src/db/knex.js';

/**
 * The ceilings: each step's plainest form on the same data, timed beside the step in the same run, so that a
 * step is judged by its ratio to its ceiling rather than by an absolute time on a noisy machine.
 */

/**
 * The beneficiary lists loaded as plainly as the tables allow, into a database set up as the import's:
 * streamed parsing, each engine's bulk path (COPY … FROM STDIN on PostgreSQL, batches unpacked by
 * `json_each` on SQLite: the faster of the SQLite paths measured, see docs/performance.md) straight into
 * `beneficiaries`, then one INSERT … SELECT of their enrolments, one transaction per list. No checks, no
 * duplicate detection, no flows, no audit; the same indexes and constraints.
 */
export async function importCeiling(
  db: Db,
  lists: { file: string; programId: number }[],
  createdAt: string,
): Promise<number> {
  let loaded = 0;
  for (const { file, programId } of lists) {
    loaded += await inTransaction(db, async (trx) => {
      const before = (await trx('beneficiaries').max({ id: 'id' }).first()) as { id: unknown };
      const rows = appendRows(trx, 'beneficiaries', ['nik', 'name', 'region_code', 'sector', 'created_at']);
      let n = 0;
      try {
        for await (const record of fs.createReadStream(file).pipe(parse({ from_line: 2 })) as AsyncIterable<
          string[]
        >) {
          await rows.push([record[0], record[1], record[2], record[3], createdAt]);
          n += 1;
        }
        await rows.close();
      } catch (err) {
        await rows.abandon();
        throw err;
      }
      await trx.raw(
        `INSERT INTO enrolments (beneficiary_id, program_id, start_period, created_at)
         SELECT id, ?, '2026-01', ? FROM beneficiaries WHERE id > ? ORDER BY id`,
        [programId, createdAt, Number(before.id ?? 0)],
      );
      return n;
    });
  }
  return loaded;
}

/** The definitions of the obligations table's indexes, renamed for the scratch table. */
async function obligationIndexes(db: Db): Promise<string[]> {
  const pg = db.client.config.client === 'pg';
  const result = pg
    ? await db.raw(
        `SELECT indexdef AS sql FROM pg_indexes WHERE tablename = 'obligations' AND schemaname = current_schema() AND indexname <> 'obligations_pkey'`,
      )
    : await db.raw(
        `SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'obligations' AND sql IS NOT NULL`,
      );
  const rows = (Array.isArray(result) ? result : result.rows) as { sql: string }[];
  return rows.map((r) =>
    r.sql.replace(
      /INDEX\s+(\S+)\s+ON\s+(\S*?)obligations\b/i,
      (_m, name: string, schema: string) =>
        `INDEX ${name.replace(/"|`/g, '')}_ceiling ON ${schema}bench_ceiling`,
    ),
  );
}

/**
 * The same month's obligations by a plain INSERT … SELECT into a scratch table with the same columns and
 * indexes: no pricing, no budget check, no journal, no audit.
 */
export async function billingCeiling(db: Db, period: string): Promise<number> {
  await db.schema.dropTableIfExists('bench_ceiling');
  await db.raw('CREATE TABLE bench_ceiling AS SELECT * FROM obligations WHERE 1 = 0');
  for (const sql of await obligationIndexes(db)) await db.raw(sql);
  const run = await db('billing_runs').where({ period, kind: 'billing' }).first('id');
  await db.raw(
    `INSERT INTO bench_ceiling (run_id, beneficiary_id, enrolment_id, program_id, funding_source_id, period, fiscal_year, amount, price_id, kind, status, region_code)
     SELECT p.run_id, e.beneficiary_id, e.id, e.program_id, p.funding_source_id, ?, 2026, p.amount, p.id, 'regular', 'billed', b.region_code
     FROM enrolments e JOIN beneficiaries b ON b.id = e.beneficiary_id
     JOIN billing_prices p ON p.run_id = ? AND p.program_id = e.program_id AND p.sector = b.sector
     WHERE e.start_period <= ? AND (e.end_period IS NULL OR e.end_period >= ?)`,
    [period, run.id, period, period],
  );
  const row = await db('bench_ceiling').count({ n: '*' }).first();
  await db.schema.dropTable('bench_ceiling');
  return Number(row?.n ?? 0);
}

/**
 * A plain staging load of the statement (streamed parse, batched inserts of its four columns, which the
 * service must keep as the insurer sent them) and one join against the bills.
 */
export async function reconcileCeiling(db: Db, file: string, programId: number): Promise<number> {
  await db.schema.dropTableIfExists('bench_staging');
  await db.schema.createTable('bench_staging', (t) => {
    t.string('nik', 16);
    t.string('kpj', 32);
    t.string('name', 200);
    t.bigInteger('amount');
  });
  let batch: { nik: string; kpj: string; name: string; amount: string }[] = [];
  for await (const record of fs.createReadStream(file).pipe(parse({ from_line: 2 })) as AsyncIterable<
    string[]
  >) {
    batch.push({ nik: record[0]!, kpj: record[1]!, name: record[2]!, amount: record[3]! });
    if (batch.length === 500) {
      await db('bench_staging').insert(batch);
      batch = [];
    }
  }
  if (batch.length) await db('bench_staging').insert(batch);
  const row = await db.raw(
    `SELECT COUNT(*) AS n FROM bench_staging s JOIN beneficiaries b ON b.nik = s.nik
     JOIN (SELECT beneficiary_id, SUM(amount) AS total FROM obligations WHERE program_id = ? AND period = '2026-01' AND status <> 'cancelled' GROUP BY beneficiary_id) o
       ON o.beneficiary_id = b.id AND o.total = s.amount`,
    [programId],
  );
  await db.schema.dropTable('bench_staging');
  return Number((Array.isArray(row) ? row[0] : row.rows[0]).n);
}
