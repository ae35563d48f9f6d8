import { appendRows, type Appender } from '../../db/bulk.js';
import type { Conn, Trx } from '../../db/knex.js';
import type { Period } from '../../shared/period.js';
import { addFlowsFrom } from './enrolment-flows.js';

/**
 * An import's rows are staged, in file order, in a temporary table of the import's own connection; the
 * checks that need every row (a NIK repeated in the file, a NIK already registered) and the writes
 * (beneficiaries, enrolments, enrolment flows) are then each one set-based statement over it. Memory holds
 * no NIK of the file, and the database never sees a row at a time. The tables live only on the import's
 * transaction; they are dropped before it commits, and a rollback takes them away with everything else.
 *
 * A row refused by its own cells is staged too (as `valid = 0`, with its NIK only), so that a later row
 * repeating its NIK is still refused as a repeat of it.
 */
const STAGED = 'beneficiary_import';
/** Rows refused by what the other rows and the register hold: a repeat of an earlier line, or a NIK registered. */
const REFUSED = 'beneficiary_import_refused';

const STAGED_COLUMNS = [
  'line',
  'nik',
  'valid',
  'name',
  'region_code',
  'sector',
  'occupation',
  'kpj_number',
  'phone',
] as const;

/** Creates the staging tables and returns the appender that fills the first, writing behind the parse. */
export async function openStaging(trx: Trx): Promise<Appender> {
  // TEXT throughout: a refused row's NIK is kept as written, whatever its length.
  await trx.raw(
    `CREATE TEMPORARY TABLE ${STAGED} (line INTEGER NOT NULL, nik TEXT NOT NULL, valid INTEGER NOT NULL,
      name TEXT, region_code TEXT, sector TEXT, occupation TEXT, kpj_number TEXT, phone TEXT)`,
  );
  await trx.raw(
    `CREATE TEMPORARY TABLE ${REFUSED} (line INTEGER PRIMARY KEY, nik TEXT NOT NULL, valid INTEGER NOT NULL,
      first_line INTEGER NOT NULL)`,
  );
  return appendRows(trx, STAGED, STAGED_COLUMNS);
}

export async function dropStaging(trx: Trx): Promise<void> {
  await trx.raw(`DROP TABLE ${STAGED}`);
  await trx.raw(`DROP TABLE ${REFUSED}`);
}

export interface RefusedLine {
  line: number;
  nik: string;
  /** The line that first used the NIK, when it is not this one; when null, the NIK is registered already. */
  repeats: number | null;
}

/**
 * Finds the rows refused by the other rows or the register, and answers the first `limit` of them in line
 * order with how many of them in all were valid by their own cells.
 */
export async function findRefused(
  trx: Trx,
  limit: number,
): Promise<{ lines: RefusedLine[]; validCount: number }> {
  await trx.raw(
    `INSERT INTO ${REFUSED} (line, nik, valid, first_line)
     SELECT line, nik, valid, first_line FROM (
       SELECT s.line, s.nik, s.valid, MIN(s.line) OVER (PARTITION BY s.nik) AS first_line,
              CASE WHEN EXISTS (SELECT 1 FROM beneficiaries b WHERE b.nik = s.nik) THEN 1 ELSE 0 END AS registered
       FROM ${STAGED} s
     ) x
     WHERE line <> first_line OR registered = 1`,
  );
  const rows = (await trx(REFUSED).orderBy('line').limit(limit).select()) as Record<string, unknown>[];
  const counts = (await trx(REFUSED).first(trx.raw('COALESCE(SUM(valid), 0) AS valid'))) as Record<
    string,
    unknown
  >;
  return {
    lines: rows.map((r) => ({
      line: Number(r.line),
      nik: r.nik as string,
      repeats: Number(r.first_line) === Number(r.line) ? null : Number(r.first_line),
    })),
    validCount: Number(counts.valid),
  };
}

/** Which staged rows (`s`) become beneficiaries. */
const ACCEPTED = `s.valid = 1 AND NOT EXISTS (SELECT 1 FROM ${REFUSED} r WHERE r.line = s.line)`;

/**
 * Registers the accepted rows, in file order, so that their ids follow the file, and answers the largest id
 * registered before them: writers take turns (`inTransaction`), so the beneficiaries with a larger id are
 * exactly the ones this import made.
 */
export async function insertAccepted(trx: Conn, createdAt: string): Promise<number> {
  const before = (await trx('beneficiaries').max({ id: 'id' }).first()) as { id: unknown };
  await trx.raw(
    `INSERT INTO beneficiaries (nik, name, region_code, sector, occupation, kpj_number, phone, created_at)
     SELECT s.nik, s.name, s.region_code, s.sector, s.occupation, s.kpj_number, s.phone, ?
     FROM ${STAGED} s WHERE ${ACCEPTED} ORDER BY s.line`,
    [createdAt],
  );
  return Number(before.id ?? 0);
}

/** Enrols the beneficiaries registered after `afterId` (insertAccepted) and counts them in the enrolment flows. */
export async function enrolAccepted(
  trx: Conn,
  afterId: number,
  enrolment: { programId: number; startPeriod: Period; endPeriod: Period | null },
  createdAt: string,
): Promise<void> {
  const { programId, startPeriod, endPeriod } = enrolment;
  await trx.raw(
    `INSERT INTO enrolments (beneficiary_id, program_id, start_period, end_period, created_at)
     SELECT id, ?, ?, ?, ? FROM beneficiaries WHERE id > ? ORDER BY id`,
    [programId, startPeriod, endPeriod, createdAt, afterId],
  );
  await addFlowsFrom(trx, enrolment, `beneficiaries WHERE id > ${Number(afterId)}`);
}
