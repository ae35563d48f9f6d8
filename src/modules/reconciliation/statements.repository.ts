import type { Knex } from 'knex';
import type { Scope } from '../../shared/scope.js';
import { programsFundedWithin } from '../programs/index.js';
import crypto from 'node:crypto';
import type { Conn } from '../../db/knex.js';
import type { FieldError } from '../../shared/errors.js';
import { isLabel, label } from '../../shared/i18n.js';
import type { Period } from '../../shared/period.js';
import type { Statement, Summary } from './reconciliation.schemas.js';

/** The SQL of the insurer's statements themselves (their lines and exceptions are elsewhere). */

export type MalformedLine = { line: number; errors: FieldError[] };

/** A statement as the service holds it: its malformed lines' reasons in both languages. */
export type StatementRecord = Omit<Statement, 'malformedLines'> & { malformedLines: MalformedLine[] };

/** Reasons stored before they were kept in both languages read as the English they were written in. */
function storedErrors(errors: { path: string; message: unknown }[]): FieldError[] {
  return errors.map((e) => ({
    path: e.path,
    message: isLabel(e.message) ? e.message : label(String(e.message), String(e.message)),
  }));
}

function toStatement(row: Record<string, unknown>): StatementRecord {
  const malformed = JSON.parse(row.malformed as string) as {
    line: number;
    errors: { path: string; message: unknown }[];
  }[];
  return {
    id: String(row.id),
    programId: String(row.program_id),
    period: row.period as Period,
    fileHash: row.file_hash as string,
    supersedesId: row.supersedes_id === null ? null : String(row.supersedes_id),
    supersededById:
      row.superseded_by === null || row.superseded_by === undefined ? null : String(row.superseded_by),
    summary: JSON.parse(row.summary as string) as Summary,
    malformedLines: malformed.map((m) => ({ line: m.line, errors: storedErrors(m.errors) })),
    createdBy: row.created_by as string,
    createdAt: row.created_at as string,
  };
}

function statementQuery(db: Conn) {
  return db('statements as s')
    .leftJoin('statements as later', 'later.supersedes_id', 's.id')
    .select('s.*', { superseded_by: 'later.id' });
}

/** Within a scope: the statements of programmes the scope's funding sources pay a share of. */
function inScope(db: Conn, q: Knex.QueryBuilder, scope: Scope | undefined): Knex.QueryBuilder {
  return scope?.fundingSourceIds ? q.whereIn('s.program_id', programsFundedWithin(db, scope)) : q;
}

export async function findStatement(db: Conn, id: number, scope?: Scope): Promise<StatementRecord | null> {
  const row = await inScope(db, statementQuery(db), scope).where('s.id', id).first();
  return row ? toStatement(row) : null;
}

export async function selectStatements(
  db: Conn,
  filter: { programId?: number | undefined; period?: Period | undefined; scope?: Scope | undefined },
  limit: number,
  afterId: number | null,
): Promise<StatementRecord[]> {
  const q = inScope(db, statementQuery(db), filter.scope)
    .orderBy('s.id')
    .limit(limit + 1);
  if (filter.programId !== undefined) q.where('s.program_id', filter.programId);
  if (filter.period) q.where('s.period', filter.period);
  if (afterId !== null) q.where('s.id', '>', afterId);
  return (await q).map(toStatement);
}

/** The statement of this programme and month already made from the same file, if any. */
export async function withHash(
  db: Conn,
  programId: number,
  period: Period,
  fileHash: string,
): Promise<number | null> {
  const row = await db('statements')
    .where({ program_id: programId, period, file_hash: fileHash })
    .first('id');
  return row ? Number(row.id) : null;
}

/** A statement row written before its file is read, so staging can name it; `complete` fills it in. */
export async function insertPending(
  trx: Conn,
  row: { programId: number; period: Period; createdBy: string; createdAt: string },
): Promise<number> {
  const [inserted] = await trx('statements')
    .insert({
      program_id: row.programId,
      period: row.period,
      file_hash: `pending:${crypto.randomUUID()}`,
      summary: '{}',
      malformed: '[]',
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .returning('id');
  return Number(inserted.id ?? inserted);
}

export async function complete(
  trx: Conn,
  id: number,
  done: {
    fileHash: string;
    supersedesId: number | null;
    summary: Summary;
    malformed: MalformedLine[];
    creditEntryId: number | null;
  },
): Promise<void> {
  await trx('statements')
    .where({ id })
    .update({
      file_hash: done.fileHash,
      supersedes_id: done.supersedesId,
      summary: JSON.stringify(done.summary),
      malformed: JSON.stringify(done.malformed),
      credit_entry_id: done.creditEntryId,
    });
}

/**
 * The insurer's statements in force, aliased `s`: a statement is active while no later (corrected)
 * statement of its programme and month supersedes it.
 */
export const activeStatements = (db: Conn) =>
  db('statements as s').whereNotExists(
    db('statements as later').whereRaw('later.supersedes_id = s.id').select(db.raw('1')),
  );

/** The newest statement of the programme and month that no later one supersedes, before `beforeId`. */
export async function activeBefore(
  trx: Conn,
  programId: number,
  period: Period,
  beforeId: number,
): Promise<{ id: number; creditEntryId: number | null } | null> {
  const row = await activeStatements(trx)
    .where({ 's.program_id': programId, 's.period': period })
    .where('s.id', '<', beforeId)
    .orderBy('s.id', 'desc')
    .first('s.id', 's.credit_entry_id');
  if (!row) return null;
  return {
    id: Number(row.id),
    creditEntryId: row.credit_entry_id === null ? null : Number(row.credit_entry_id),
  };
}
