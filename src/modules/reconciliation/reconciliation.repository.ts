import type { Knex } from 'knex';
import type { Conn } from '../../db/knex.js';
import { fromDb } from '../../shared/money.js';
import type { Period } from '../../shared/period.js';
import type { Scope } from '../../shared/scope.js';
import { beneficiaryNiks, niksInScope } from '../beneficiaries/index.js';
import { liveObligations, otherProgramObligations, type BenefitPrice } from '../billing/index.js';
import type { ExceptionKind, ReconciliationException } from './reconciliation.schemas.js';
import { jsonElements } from './statement-staging.repository.js';

/**
 * Reconciliation SQL: each kind of difference is one INSERT … SELECT over the staged lines
 * (statement-staging.repository.ts), then the credits and the exceptions' reads.
 */

/** First line of each NIK in the statement. */
function primaryLines(trx: Conn, statementId: number): Knex.QueryBuilder {
  return trx('statement_lines')
    .where({ statement_id: statementId })
    .whereNull('duplicate_of_line')
    .select('nik', 'line_no', 'amount', 'jkk', 'jkm');
}

/** The staged billed workers of a statement: beneficiary_id, nik, total, price_id. */
function billedWorkers(trx: Conn, statementId: number): Knex.QueryBuilder {
  return trx('statement_billed')
    .where({ statement_id: statementId })
    .select('beneficiary_id', 'nik', 'total', 'price_id');
}

/**
 * The month's prices as a table (price_id, worker_total, jkk, jkm), bound as one JSON parameter: a benefit
 * the programme does not have costs 0.
 */
function pricesTable(trx: Conn, prices: readonly BenefitPrice[]): Knex.Raw {
  const rows = prices.map((p) => [
    p.priceId,
    p.workerTotal.toFixed(0),
    p.benefits.JKK?.toFixed(0) ?? '0',
    p.benefits.JKM?.toFixed(0) ?? '0',
  ]);
  return trx.raw(
    `(SELECT CAST(value->>0 AS INTEGER) AS price_id, CAST(value->>1 AS BIGINT) AS worker_total,
             CAST(value->>2 AS BIGINT) AS jkk, CAST(value->>3 AS BIGINT) AS jkm
      FROM ${jsonElements(trx)}) AS pr`,
    [JSON.stringify(rows)],
  );
}

const EXCEPTION_COLUMNS =
  '(statement_id, kind, nik, beneficiary_id, line_no, expected_amount, statement_amount, other_program_id, benefit)';

async function insertExceptions(trx: Conn, select: Knex.QueryBuilder): Promise<void> {
  const { sql, bindings } = select.toSQL();
  await trx.raw(
    `INSERT INTO reconciliation_exceptions ${EXCEPTION_COLUMNS} ${sql}`,
    bindings as Knex.RawBinding[],
  );
}

const kindColumn = (trx: Conn, kind: ExceptionKind) => trx.raw(`CAST(? AS VARCHAR(32))`, [kind]);
const idColumn = (trx: Conn, id: number) => trx.raw('CAST(? AS INTEGER)', [id]);
const nullInt = (trx: Conn) => trx.raw('CAST(NULL AS INTEGER)');
const nullBig = (trx: Conn) => trx.raw('CAST(NULL AS BIGINT)');
const nullText = (trx: Conn) => trx.raw('CAST(NULL AS VARCHAR(8))');

/**
 * A line whose total matches its bill but which gives a benefit (JKK, JKM) another amount than the price the
 * worker was billed at: only where that total is one month at that price, which is the only total whose
 * split into benefits is known (a rebill doubles it).
 */
const BENEFIT_DIFFERS = `b.total = pr.worker_total AND (
  (p.jkk IS NOT NULL AND p.jkk <> pr.jkk) OR (p.jkm IS NOT NULL AND p.jkm <> pr.jkm))`;
/** The first benefit that differs, in the order JKK, JKM. */
const DIFFERING = `CASE WHEN p.jkk IS NOT NULL AND p.jkk <> pr.jkk THEN 'JKK' ELSE 'JKM' END`;

export async function findExceptions(
  trx: Conn,
  statementId: number,
  programId: number,
  period: Period,
  /** The month's prices per benefit, when the statement has JKK or JKM columns; null otherwise. */
  prices: readonly BenefitPrice[] | null,
): Promise<void> {
  const billed = () => billedWorkers(trx, statementId).as('b');
  const primary = () => primaryLines(trx, statementId).as('p');
  await insertExceptions(
    trx,
    trx('statement_lines as l')
      .leftJoin(beneficiaryNiks(trx).as('n'), 'n.nik', 'l.nik')
      .where('l.statement_id', statementId)
      .whereNotNull('l.duplicate_of_line')
      .select(
        idColumn(trx, statementId),
        kindColumn(trx, 'duplicate'),
        'l.nik',
        'n.beneficiary_id',
        'l.line_no',
        nullBig(trx),
        'l.amount',
        nullInt(trx),
        nullText(trx),
      ),
  );
  // A first line either has no bill, a bill of another total, or (with JKK and JKM columns) the same total
  // split otherwise between the benefits: one pass finds all three. A benefit's mismatch carries that
  // benefit's amounts, a total's the totals. Without those columns the pass is the plain join.
  const split = prices && `b.nik IS NOT NULL AND p.amount = b.total AND ${BENEFIT_DIFFERS}`;
  const lines = trx.from(primary()).leftJoin(billed(), 'b.nik', 'p.nik');
  if (prices) lines.leftJoin(pricesTable(trx, prices), 'pr.price_id', 'b.price_id');
  await insertExceptions(
    trx,
    lines
      .where((w) => {
        w.whereNull('b.nik').orWhereRaw('p.amount <> b.total');
        if (split) w.orWhereRaw(split);
      })
      .select(
        idColumn(trx, statementId),
        trx.raw(`CASE WHEN b.nik IS NULL THEN 'unexpected' ELSE 'amount_mismatch' END`),
        'p.nik',
        trx.raw('COALESCE(b.beneficiary_id, (SELECT id FROM beneficiaries WHERE nik = p.nik))'),
        'p.line_no',
        split
          ? trx.raw(
              `CASE WHEN ${split} THEN (CASE WHEN ${DIFFERING} = 'JKK' THEN pr.jkk ELSE pr.jkm END) ELSE b.total END`,
            )
          : 'b.total',
        split
          ? trx.raw(
              `CASE WHEN ${split} THEN (CASE WHEN ${DIFFERING} = 'JKK' THEN p.jkk ELSE p.jkm END) ELSE p.amount END`,
            )
          : 'p.amount',
        nullInt(trx),
        split ? trx.raw(`CASE WHEN ${split} THEN ${DIFFERING} END`) : nullText(trx),
      ),
  );
  await insertExceptions(
    trx,
    trx
      .from(billed())
      .leftJoin(primary(), 'p.nik', 'b.nik')
      .whereNull('p.nik')
      .select(
        idColumn(trx, statementId),
        kindColumn(trx, 'not_credited'),
        'b.nik',
        'b.beneficiary_id',
        nullInt(trx),
        'b.total',
        nullBig(trx),
        nullInt(trx),
        nullText(trx),
      ),
  );
  // Driven from the other programmes' obligations of the month, which are fewer than the lines, each
  // worker's programme once however many shares it bills.
  await insertExceptions(
    trx,
    trx
      .from(otherProgramObligations(trx, programId, period).as('o'))
      .join(beneficiaryNiks(trx).as('n'), 'n.beneficiary_id', 'o.beneficiary_id')
      .join(primary(), 'p.nik', 'n.nik')
      // Grouped in the order of the month's per-worker index, which SQLite then reads from the start.
      .groupBy('o.beneficiary_id', 'o.program_id', 'p.nik', 'p.line_no', 'p.amount')
      .select(
        idColumn(trx, statementId),
        kindColumn(trx, 'double_coverage'),
        'p.nik',
        'o.beneficiary_id',
        'p.line_no',
        nullBig(trx),
        'p.amount',
        'o.program_id',
        nullText(trx),
      ),
  );
}

/**
 * Records which obligations this statement credits: every live share of each worker matched exactly. The
 * month's billed workers are exactly those with a live obligation of the programme, and each of them either
 * matched, differs in amount or is missing from the statement; so the credited shares are the month's live
 * obligations less those of the workers with one of those two exceptions, found in one pass over the month
 * (called after findExceptions).
 */
export async function insertCredits(
  trx: Conn,
  statementId: number,
  programId: number,
  period: Period,
): Promise<void> {
  const unmatched = trx('reconciliation_exceptions')
    .where({ statement_id: statementId })
    .whereIn('kind', ['amount_mismatch', 'not_credited'] satisfies ExceptionKind[])
    .whereNotNull('beneficiary_id')
    .select('beneficiary_id');
  const { sql, bindings } = liveObligations(trx, programId, period)
    .clearSelect()
    .whereNotIn('beneficiary_id', unmatched)
    .select(idColumn(trx, statementId), 'id')
    .toSQL();
  await trx.raw(
    `INSERT INTO statement_credits (statement_id, obligation_id) ${sql}`,
    bindings as Knex.RawBinding[],
  );
}

export async function exceptionCounts(trx: Conn, statementId: number): Promise<Map<ExceptionKind, number>> {
  const rows = (await trx('reconciliation_exceptions')
    .where({ statement_id: statementId })
    .groupBy('kind')
    .select('kind')
    .count({ n: '*' })) as Record<string, unknown>[];
  return new Map(rows.map((r) => [r.kind as ExceptionKind, Number(r.n)]));
}

function toException(r: Record<string, unknown>): ReconciliationException {
  const amount = (v: unknown) => (v === null || v === undefined ? null : fromDb(v).toFixed(0));
  const ref = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: String(r.id),
    statementId: String(r.statement_id),
    kind: r.kind as ExceptionKind,
    nik: r.nik as string,
    beneficiaryId: ref(r.beneficiary_id),
    line: r.line_no === null || r.line_no === undefined ? null : Number(r.line_no),
    expectedAmount: amount(r.expected_amount),
    statementAmount: amount(r.statement_amount),
    otherProgramId: ref(r.other_program_id),
    benefit: (r.benefit as ReconciliationException['benefit']) ?? null,
    resolution: (r.resolution as ReconciliationException['resolution']) ?? null,
    note: (r.note as string | null) ?? null,
    resolvedBy: (r.resolved_by as string | null) ?? null,
    resolvedAt: (r.resolved_at as string | null) ?? null,
  };
}

function exceptionQuery(db: Conn) {
  return db('reconciliation_exceptions as x')
    .leftJoin('exception_resolutions as r', 'r.exception_id', 'x.id')
    .select('x.*', 'r.resolution', 'r.note', 'r.resolved_by', 'r.resolved_at');
}

/**
 * A statement's exceptions by id. Within a scope of regions, only those of people registered in its
 * regions: a line whose NIK is nobody's belongs to no region, so only a province-wide reader sees it.
 */
export async function listExceptions(
  db: Conn,
  statementId: number,
  kind: ExceptionKind | undefined,
  limit: number,
  afterId: number | null,
  scope?: Scope,
) {
  const q = exceptionQuery(db)
    .where('x.statement_id', statementId)
    .orderBy('x.id')
    .limit(limit + 1);
  if (kind) q.where('x.kind', kind);
  if (scope?.regionCodes) q.whereIn('x.nik', niksInScope(db, scope));
  if (afterId !== null) q.where('x.id', '>', afterId);
  return (await q).map(toException);
}

export async function getException(
  db: Conn,
  id: number,
): Promise<(ReconciliationException & { programId: number; period: Period }) | null> {
  const row = await exceptionQuery(db)
    .join('statements as s', 's.id', 'x.statement_id')
    .where('x.id', id)
    .first('s.program_id', 's.period');
  return row
    ? { ...toException(row), programId: Number(row.program_id), period: row.period as Period }
    : null;
}

export async function insertResolution(
  trx: Conn,
  row: { exceptionId: number; resolution: string; note: string; by: string; at: string },
): Promise<void> {
  await trx('exception_resolutions').insert({
    exception_id: row.exceptionId,
    resolution: row.resolution,
    note: row.note,
    resolved_by: row.by,
    resolved_at: row.at,
  });
}
