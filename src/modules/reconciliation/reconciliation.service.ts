import crypto from 'node:crypto';
import { inTransaction, isPostgres, type Conn } from '../../db/knex.js';
import { findReplay, requestHash, storeReply, type IdempotencyScope } from '../../db/idempotency.js';
import type { Ctx } from '../../shared/context.js';
import { cell, openCsv, type CsvUpload } from '../../shared/csv.js';
import { AppError, conflict, notFound, unprocessable, type FieldError } from '../../shared/errors.js';
import { Decimal, parseRupiahForDb, sumByKey } from '../../shared/money.js';
import { timestamp, type Period } from '../../shared/period.js';
import { recordAudit } from '../audit/audit.service.js';
import { applyCredit, creditSums, requestRebill, type CreditSum } from '../billing/billing.service.js';
import { move, postEntry, reverseEntry } from '../ledger/ledger.service.js';
import { assertOpen } from '../periods/periods.service.js';
import { getProgram } from '../programs/programs.service.js';
import * as repo from './reconciliation.repository.js';
import type { ExceptionKind, ResolveInput, Statement, Summary } from './reconciliation.schemas.js';

/**
 * Lines per staging INSERT. A thousand keep the JSON parameter (about 80 KB) below V8's large-object
 * size, so each batch dies young instead of piling up in the old generation between major collections.
 */
const BATCH = 1_000;
const COLUMNS = { required: ['nik', 'kpj', 'name', 'amount'] as const, optional: [] as const };

/** Thrown inside the transaction when the same file was already reconciled: roll back, answer with the first. */
class AlreadyImported extends Error {
  constructor(readonly statementId: number) {
    super('statement already imported');
  }
}

export interface ImportOutcome {
  statement: Statement;
  replayed: boolean;
}

function lineErrors(
  nik: string | undefined,
  amount: string | undefined,
  kpj: string | undefined,
): { errors: FieldError[]; value: string | null } {
  const errors: FieldError[] = [];
  if (!nik || !/^[0-9]{16}$/.test(nik)) errors.push({ path: 'nik', message: 'must be 16 digits' });
  if (kpj && !/^[0-9]{1,32}$/.test(kpj)) errors.push({ path: 'kpj', message: 'must be digits' });
  const parsed = parseRupiahForDb(amount ?? '', 'nonNegative');
  if ('refused' in parsed) errors.push({ path: 'amount', message: parsed.refused });
  return { errors, value: 'amount' in parsed ? parsed.amount : null };
}

type Malformed = { line: number; errors: FieldError[] };

/** Malformed lines kept for the statement's record; the summary counts them all. */
const MALFORMED_KEPT = 1000;

/**
 * Batches parsed but not yet written. The database is busy with the month's billed workers while the first
 * ones are parsed; each waits as its JSON text of some 55 KB, so the queue holds at most about 6 MB (and
 * V8's heap grows by some 15 MB more while it is full).
 */
const QUEUED_BATCHES = 100;

/**
 * Validates the uploaded lines and stages the valid ones in batches, writing them one after the other behind
 * `busy` (work already issued on the transaction) while parsing goes on.
 */
async function stageLines(
  trx: Conn,
  statementId: number,
  upload: CsvUpload<(typeof COLUMNS.required)[number]>,
  busy: Promise<void>,
): Promise<{ valid: number; malformedCount: number; malformed: Malformed[] }> {
  const malformed: Malformed[] = [];
  let malformedCount = 0;
  let valid = 0;
  let batch: repo.LineRow[] = [];
  let written = busy.then(() => repo.openUpload(trx));
  // Awaited once the lines are parsed; a failure before then must not count as an unhandled rejection.
  written.catch(() => undefined);
  const queued: Promise<void>[] = [];
  const write = async (rows: repo.LineRow[]) => {
    const encoded = repo.encodeLines(rows);
    if (queued.length >= QUEUED_BATCHES) await queued.shift();
    written = written.then(() => repo.insertLines(trx, encoded));
    // Awaited in turn; a failure meanwhile must not count as an unhandled rejection.
    written.catch(() => undefined);
    queued.push(written);
  };
  try {
    for await (const { line, record } of upload.rows) {
      const nik = cell(upload, record, 'nik');
      const kpj = cell(upload, record, 'kpj');
      const { errors, value } = lineErrors(nik, cell(upload, record, 'amount'), kpj);
      if (record.length > upload.width)
        errors.unshift({
          path: '',
          message: `has ${record.length} fields but the header only ${upload.width}`,
        });
      if (errors.length > 0 || !nik || !value) {
        malformedCount += 1;
        if (malformed.length < MALFORMED_KEPT) malformed.push({ line, errors });
        continue;
      }
      valid += 1;
      batch.push([line, nik, kpj ?? null, cell(upload, record, 'name')?.slice(0, 200) ?? null, value]);
      if (batch.length >= BATCH) {
        await write(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await write(batch);
  } finally {
    // A refused upload leaves no write running behind the rollback.
    await written.catch(() => undefined);
  }
  await written;
  await repo.stageUpload(trx, statementId);
  return { valid, malformedCount, malformed };
}

/** Credited amounts per funding source and fiscal year: the lines of the statement's journal entry. */
const perSourceAndYear = (sums: CreditSum[]) =>
  sumByKey(
    sums.map(({ fundingSourceId, fiscalYear, amount }) => ({ fundingSourceId, fiscalYear, amount })),
    (c) => `${c.fundingSourceId}/${c.fiscalYear}`,
  );

/** The newest statement of the programme and month that no later one supersedes. */
async function activeStatement(trx: Conn, programId: number, period: Period, beforeId: number) {
  return trx('statements as s')
    .where({ 's.program_id': programId, 's.period': period })
    .where('s.id', '<', beforeId)
    .whereNotExists(trx('statements as later').whereRaw('later.supersedes_id = s.id').select(trx.raw('1')))
    .orderBy('s.id', 'desc')
    .first('s.id', 's.credit_entry_id');
}

/**
 * Streams the insurer's CSV into staging rows, then reconciles it against the programme's obligations of
 * the month in set-based SQL. Matched workers' obligations become credited (journal: Dr credited / Cr
 * credit_confirmed); a corrected statement supersedes the previous one, whose credits are reversed first.
 * The same file again (same hash) creates nothing and answers with the first statement.
 */
export async function importStatement(
  db: Conn,
  ctx: Ctx,
  programId: number,
  period: Period,
  body: AsyncIterable<Buffer>,
  idempotency?: Omit<IdempotencyScope, 'hash'>,
): Promise<ImportOutcome> {
  const program = await getProgram(db, programId);
  if (!program)
    throw unprocessable('UNKNOWN_REFERENCE', 'the programme does not exist', [
      { path: 'programId', message: 'is not a known programme' },
    ]);
  await assertOpen(db, period);
  const hash = crypto.createHash('sha256');
  const upload = await openCsv(body, COLUMNS, (chunk) => hash.update(chunk));
  try {
    return await inTransaction(db, async (trx) => {
      await assertOpen(trx, period);
      const [row] = await trx('statements')
        .insert({
          program_id: programId,
          period,
          file_hash: `pending:${crypto.randomUUID()}`,
          summary: '{}',
          malformed: '[]',
          created_by: ctx.actor.id,
          created_at: timestamp(ctx.clock),
        })
        .returning('id');
      const statementId = Number(row.id ?? row);
      // Who was billed does not depend on the file: the database stages it while the first lines are parsed.
      const billed = repo.stageBilledWorkers(trx, statementId, programId, period);
      const { valid, malformedCount, malformed } = await stageLines(trx, statementId, upload, billed);
      const fileHash = hash.digest('hex');
      // The request is the programme, the month and the file: a key reused with another file is a 409.
      const scope = idempotency
        ? { ...idempotency, hash: requestHash({ programId, period, fileHash }) }
        : null;
      const replay = scope ? await findReplay(trx, scope) : null;
      if (replay) throw new AlreadyImported(Number((replay.body as { id: string }).id));
      const existing = await trx('statements')
        .where({ program_id: programId, period, file_hash: fileHash })
        .first('id');
      if (existing) throw new AlreadyImported(Number(existing.id));
      if (valid === 0) {
        throw new AppError(
          400,
          'NO_VALID_LINES',
          'the statement has no valid line',
          malformed.slice(0, 100).flatMap((m) =>
            m.errors.map((e) => ({
              path: `line ${m.line}${e.path ? `.${e.path}` : ''}`,
              message: e.message,
            })),
          ),
        );
      }
      const previous = await activeStatement(trx, programId, period, statementId);
      if (previous) {
        await applyCredit(trx, await creditSums(trx, Number(previous.id)), -1);
        if (previous.credit_entry_id !== null) {
          await reverseEntry(
            trx,
            ctx,
            Number(previous.credit_entry_id),
            'credit_reversal',
            `statement ${previous.id} superseded by ${statementId}`,
          );
        }
      }
      // PostgreSQL plans the reconciliation joins from table statistics: the staging rows have none yet and
      // the month's obligations may have been written since autovacuum last looked.
      if (isPostgres(trx)) await trx.raw('ANALYZE statement_lines, statement_billed, obligations');
      await repo.findExceptions(trx, statementId, programId, period);
      await repo.insertCredits(trx, statementId, programId, period);
      const sums = await creditSums(trx, statementId);
      await applyCredit(trx, sums, 1);
      const credits = perSourceAndYear(sums);
      const creditEntryId =
        credits.length > 0
          ? await postEntry(trx, ctx, {
              kind: 'credit',
              memo: `statement ${statementId}: ${program.code} ${period} credited by the insurer`,
              sourceType: 'statement',
              sourceId: statementId,
              lines: credits.flatMap((c) => {
                const key = { programId, fundingSourceId: c.fundingSourceId, fiscalYear: c.fiscalYear };
                return move({ stage: 'credited', ...key }, { stage: 'credit_confirmed', ...key }, c.amount);
              }),
            })
          : null;
      const counts = await repo.exceptionCounts(trx, statementId);
      const count = (kind: ExceptionKind) => counts.get(kind) ?? 0;
      const summary: Summary = {
        lines: valid + malformedCount,
        // A first line of a NIK either matches its bill exactly, differs from it, or has none.
        matched: valid - count('duplicate') - count('amount_mismatch') - count('unexpected'),
        amountMismatch: count('amount_mismatch'),
        notCredited: count('not_credited'),
        unexpected: count('unexpected'),
        duplicate: count('duplicate'),
        doubleCoverage: count('double_coverage'),
        malformed: malformedCount,
        creditedAmount: credits.reduce((acc, c) => acc.plus(c.amount), new Decimal(0)).toFixed(0),
      };
      await trx('statements')
        .where({ id: statementId })
        .update({
          file_hash: fileHash,
          supersedes_id: previous ? previous.id : null,
          summary: JSON.stringify(summary),
          malformed: JSON.stringify(malformed),
          credit_entry_id: creditEntryId,
        });
      await recordAudit(trx, ctx, {
        action: 'statement.import',
        entity: 'statement',
        entityId: statementId,
        change: { programId, period, fileHash, summary },
      });
      const statement = (await getStatement(trx, statementId))!;
      if (scope) await storeReply(trx, scope, { status: 201, body: statement }, ctx.clock);
      return { statement, replayed: false };
    });
  } catch (err) {
    if (err instanceof AlreadyImported)
      return { statement: (await getStatement(db, err.statementId))!, replayed: true };
    throw err;
  }
}

export async function getStatement(db: Conn, id: number): Promise<Statement | null> {
  const row = await db('statements as s')
    .leftJoin('statements as later', 'later.supersedes_id', 's.id')
    .where('s.id', id)
    .first('s.*', { superseded_by: 'later.id' });
  if (!row) return null;
  return {
    id: String(row.id),
    programId: String(row.program_id),
    period: row.period,
    fileHash: row.file_hash,
    supersedesId: row.supersedes_id === null ? null : String(row.supersedes_id),
    supersededById: row.superseded_by === null ? null : String(row.superseded_by),
    summary: JSON.parse(row.summary) as Summary,
    malformedLines: JSON.parse(row.malformed) as Statement['malformedLines'],
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function listStatements(
  db: Conn,
  filter: { programId?: number | undefined; period?: string | undefined },
  limit: number,
  afterId: number | null,
) {
  const q = db('statements')
    .orderBy('id')
    .limit(limit + 1)
    .select('id');
  if (filter.programId !== undefined) q.where('program_id', filter.programId);
  if (filter.period) q.where('period', filter.period);
  if (afterId !== null) q.where('id', '>', afterId);
  const out = [];
  for (const r of await q) out.push((await getStatement(db, Number(r.id)))!);
  return out;
}

/**
 * Records how an exception was settled; it moves no money. `rebill` marks the worker for the programme's
 * next billing run, which bills them once more.
 */
export async function resolveException(db: Conn, ctx: Ctx, id: number, input: ResolveInput) {
  return inTransaction(db, async (trx) => {
    const exception = await repo.getException(trx, id);
    if (!exception) throw notFound('reconciliation exception');
    if (exception.resolution)
      throw conflict('ALREADY_RESOLVED', `exception ${id} was already resolved as ${exception.resolution}`);
    if (input.resolution === 'rebill') {
      if (!exception.beneficiaryId) {
        throw unprocessable(
          'NOT_A_BENEFICIARY',
          `NIK of exception ${id} is not a registered beneficiary, so it cannot be rebilled`,
          [{ path: 'resolution', message: 'rebill needs a registered beneficiary' }],
        );
      }
      await requestRebill(trx, {
        exception_id: id,
        beneficiary_id: Number(exception.beneficiaryId),
        program_id: exception.programId,
        period: exception.period,
      });
    }
    await trx('exception_resolutions').insert({
      exception_id: id,
      resolution: input.resolution,
      note: input.note,
      resolved_by: ctx.actor.id,
      resolved_at: timestamp(ctx.clock),
    });
    await recordAudit(trx, ctx, {
      action: 'exception.resolve',
      entity: 'reconciliation_exception',
      entityId: id,
      change: input,
    });
    const { programId: _p, period: _q, ...resolved } = (await repo.getException(trx, id))!;
    return resolved;
  });
}

export { listExceptions } from './reconciliation.repository.js';
