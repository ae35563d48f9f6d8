import type { Knex } from 'knex';
import { appendRows, type Appender } from '../../db/bulk.js';
import { isPostgres, type Conn } from '../../db/knex.js';
import type { Period } from '../../shared/period.js';
import { beneficiaryNiks } from '../beneficiaries/index.js';
import { workerTotals } from '../billing/index.js';

/**
 * Staging of an insurer's statement: its lines as read, and who the programme billed that month, written
 * to plain tables first so that every kind of difference is then one join between them.
 */

/** A valid statement line as staged: line number, NIK, KPJ, name, amount, JKK and JKM (decimal strings). */
export type LineRow = [
  line: number,
  nik: string,
  kpj: string | null,
  name: string | null,
  amount: string,
  jkk: string | null,
  jkm: string | null,
];

/** Each element of a JSON array parameter as a row with one column, `value`, in either engine. */
export const jsonElements = (trx: Conn) =>
  isPostgres(trx) ? 'json_array_elements(CAST(? AS json))' : 'json_each(?)';

/**
 * The upload is first written, in file order, to a scratch table of the transaction's own connection: plain
 * appends (each engine's bulk path, db/bulk), without the NIK index that makes random-order inserts into
 * statement_lines slow once the index outgrows the page cache. Writing starts once `after` (work already
 * issued on the transaction) is done; the appender takes the lines as they are parsed.
 */
export function openUpload(trx: Conn, after: Promise<unknown>): Appender {
  const created = after.then(() =>
    trx.raw(
      `CREATE TEMPORARY TABLE statement_upload
       (line_no INTEGER NOT NULL, nik VARCHAR(16) NOT NULL, kpj VARCHAR(32), name VARCHAR(200), amount BIGINT NOT NULL,
        jkk BIGINT, jkm BIGINT)`,
    ),
  );
  return appendRows(
    trx,
    'statement_upload',
    ['line_no', 'nik', 'kpj', 'name', 'amount', 'jkk', 'jkm'],
    created,
  );
}

/**
 * Moves the upload into statement_lines sorted by NIK, pointing each later line of a NIK at its first line
 * (only first lines reconcile). Sorted, the rows append to the NIK index and the table in the same order,
 * which every reconciliation join then reads sequentially; the window sorts the same way, so SQLite sorts
 * once.
 */
export async function stageUpload(trx: Conn, statementId: number): Promise<void> {
  await trx.raw(
    `INSERT INTO statement_lines (statement_id, line_no, nik, kpj, name, amount, jkk, jkm, duplicate_of_line)
     SELECT ?, line_no, nik, kpj, name, amount, jkk, jkm,
            NULLIF(FIRST_VALUE(line_no) OVER (PARTITION BY nik ORDER BY line_no), line_no)
     FROM statement_upload
     ORDER BY nik, line_no`,
    [statementId],
  );
  await trx.raw('DROP TABLE statement_upload');
}

/**
 * Stages who the programme billed that month, with NIK, billed total and the price last billed, once per
 * statement: every kind of difference then joins two plain tables instead of re-aggregating the month's
 * obligations each time.
 */
export async function stageBilledWorkers(
  trx: Conn,
  statementId: number,
  programId: number,
  period: Period,
): Promise<void> {
  const { sql, bindings } = trx
    .from(workerTotals(trx, programId, period).as('w'))
    .join(beneficiaryNiks(trx).as('n'), 'n.beneficiary_id', 'w.beneficiary_id')
    .select(
      trx.raw('CAST(? AS INTEGER)', [statementId]),
      'w.beneficiary_id',
      'n.nik',
      'w.total',
      'w.price_id',
    )
    .orderBy('n.nik')
    .toSQL();
  await trx.raw(
    `INSERT INTO statement_billed (statement_id, beneficiary_id, nik, total, price_id) ${sql}`,
    bindings as Knex.RawBinding[],
  );
}
