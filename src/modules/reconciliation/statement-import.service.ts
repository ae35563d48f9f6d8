import { assertSharesInScope } from '../../shared/scope.js';
import crypto from 'node:crypto';
import { discard, inTransaction, isPostgres, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError, unknownProgramme, type FieldError } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { Decimal, sumByKey } from '../../shared/money.js';
import { timestamp, type Period } from '../../shared/period.js';
import {
  cell,
  cellValue,
  openUpload,
  parseAmount,
  readNik,
  reasonLabel,
  STATEMENT_COLUMNS,
  type Upload,
  type UploadBody,
  type UploadRow,
} from '../../shared/upload/index.js';
import { recordAudit } from '../audit/index.js';
import {
  applyCredit,
  benefitPrices,
  creditSums,
  recordCreditSums,
  type CreditSum,
} from '../billing/index.js';
import { move, postEntry, reverseEntry } from '../ledger/index.js';
import { assertOpen } from '../periods/index.js';
import { getProgram } from '../programs/index.js';
import * as repo from './reconciliation.repository.js';
import type { ExceptionKind, Summary } from './reconciliation.schemas.js';
import * as staging from './statement-staging.repository.js';
import * as stmts from './statements.repository.js';
import type { StatementRecord } from './statements.repository.js';

type Column = keyof typeof STATEMENT_COLUMNS;

export interface ImportOutcome {
  statement: StatementRecord;
  /** The same file was already reconciled for this programme and month: this is the first statement. */
  replayed: boolean;
}

interface CheckedLine {
  errors: FieldError[];
  nik: string | null;
  amount: string | null;
  /** What the line says each benefit costs, where the file has that column and the cell is filled. */
  jkk: string | null;
  jkm: string | null;
}

/** A line's NIK, KPJ, amount and benefits as the insurer wrote them, or every reason the line is refused. */
function checkLine(upload: Upload<Column>, row: UploadRow): CheckedLine {
  const errors: FieldError[] = [];
  const nik = readNik(cellValue(upload, row, 'nik'));
  if ('reason' in nik) errors.push({ path: 'nik', message: reasonLabel(nik.reason) });
  const kpj = cell(upload, row, 'kpj');
  if (kpj && !/^[0-9]{1,32}$/.test(kpj)) errors.push({ path: 'kpj', message: FIELD.digits() });
  const amount = parseAmount(cellValue(upload, row, 'amount'));
  if ('reason' in amount) errors.push({ path: 'amount', message: reasonLabel(amount.reason) });
  const benefit = (column: 'jkk' | 'jkm'): string | null => {
    const value = cellValue(upload, row, column);
    if (value === undefined) return null;
    const parsed = parseAmount(value);
    if ('amount' in parsed) return parsed.amount;
    errors.push({ path: column, message: reasonLabel(parsed.reason) });
    return null;
  };
  const [jkk, jkm] = [benefit('jkk'), benefit('jkm')];
  return {
    errors,
    nik: 'nik' in nik ? nik.nik : null,
    amount: 'amount' in amount ? amount.amount : null,
    jkk,
    jkm,
  };
}

type Malformed = { line: number; errors: FieldError[] };

/** Malformed lines kept for the statement's record; the summary counts them all. */
const MALFORMED_KEPT = 1000;

/**
 * Validates the uploaded lines and stages the valid ones, written behind `busy` (work already issued on the
 * transaction) while parsing goes on.
 */
async function stageLines(
  trx: Conn,
  statementId: number,
  upload: Upload<Column>,
  busy: Promise<void>,
): Promise<{ valid: number; malformedCount: number; malformed: Malformed[] }> {
  const malformed: Malformed[] = [];
  let malformedCount = 0;
  let valid = 0;
  const lines = staging.openUpload(trx, busy);
  try {
    for await (const row of upload.rows) {
      const { line, record } = row;
      const { errors, nik, amount, jkk, jkm } = checkLine(upload, row);
      if (record.length > upload.width)
        errors.unshift({
          path: '',
          message: FIELD.fieldCount({ fields: record.length, width: upload.width }),
        });
      if (errors.length > 0 || nik === null || amount === null) {
        malformedCount += 1;
        if (malformed.length < MALFORMED_KEPT) malformed.push({ line, errors });
        continue;
      }
      valid += 1;
      const name = cell(upload, row, 'name')?.slice(0, 200) ?? null;
      const staged: staging.LineRow = [line, nik, cell(upload, row, 'kpj') ?? null, name, amount, jkk, jkm];
      await lines.push(staged);
    }
    await lines.close();
  } catch (err) {
    // A refused upload leaves no write running behind the rollback.
    await lines.abandon();
    throw err;
  }
  await staging.stageUpload(trx, statementId);
  return { valid, malformedCount, malformed };
}

/** Credited amounts per funding source and fiscal year: the lines of the statement's journal entry. */
const perSourceAndYear = (sums: CreditSum[]) =>
  sumByKey(
    sums.map(({ fundingSourceId, fiscalYear, amount }) => ({ fundingSourceId, fiscalYear, amount })),
    (c) => `${c.fundingSourceId}/${c.fiscalYear}`,
  );

/**
 * Streams the insurer's statement (CSV or XLSX, shared/upload) into staging rows, then reconciles it against the programme's obligations of
 * the month in set-based SQL. Matched workers' obligations become credited (journal: Dr credited / Cr
 * credit_confirmed); a corrected statement supersedes the previous one, whose credits are reversed first.
 * The same file again (same hash) keeps nothing of its staging and answers with the first statement.
 */
export async function importStatement(
  db: Conn,
  ctx: Ctx,
  programId: number,
  period: Period,
  body: UploadBody,
): Promise<ImportOutcome> {
  const program = await getProgram(db, programId);
  if (!program) throw unknownProgramme();
  assertSharesInScope(ctx.actor.scope, program.fundingShares);
  await assertOpen(db, period);
  const hash = crypto.createHash('sha256');
  const upload = await openUpload(body, body.contentType, STATEMENT_COLUMNS, (chunk) => hash.update(chunk));
  return inTransaction<ImportOutcome>(db, async (trx) => {
    await assertOpen(trx, period);
    const statementId = await stmts.insertPending(trx, {
      programId,
      period,
      createdBy: ctx.actor.id,
      createdAt: timestamp(ctx.clock),
    });
    // Who was billed does not depend on the file: the database stages it while the first lines are parsed.
    const billed = staging.stageBilledWorkers(trx, statementId, programId, period);
    const { valid, malformedCount, malformed } = await stageLines(trx, statementId, upload, billed);
    const fileHash = hash.digest('hex');
    const existing = await stmts.withHash(trx, programId, period, fileHash);
    if (existing !== null)
      return discard({ statement: (await stmts.findStatement(trx, existing))!, replayed: true });
    if (valid === 0) {
      throw new AppError(
        'NO_VALID_LINES',
        DETAILS.noValidLines,
        malformed.slice(0, 100).flatMap((m) =>
          m.errors.map((e) => ({
            path: `line ${m.line}${e.path ? `.${e.path}` : ''}`,
            message: e.message,
          })),
        ),
      );
    }
    const previous = await stmts.activeBefore(trx, programId, period, statementId);
    if (previous) {
      await applyCredit(trx, await creditSums(trx, previous.id), -1);
      if (previous.creditEntryId !== null) {
        await reverseEntry(
          trx,
          ctx,
          previous.creditEntryId,
          'credit_reversal',
          `statement ${previous.id} superseded by ${statementId}`,
        );
      }
    }
    // PostgreSQL plans the reconciliation joins from table statistics: the staging rows have none yet and
    // the month's obligations may have been written since autovacuum last looked.
    if (isPostgres(trx)) await trx.raw('ANALYZE statement_lines, statement_billed, obligations');
    // Per benefit only when the insurer's file splits each amount into JKK and JKM.
    const perBenefit = upload.columns.has('jkk') || upload.columns.has('jkm');
    const prices = perBenefit ? await benefitPrices(trx, programId, period) : null;
    await repo.findExceptions(trx, statementId, programId, period, prices);
    await repo.insertCredits(trx, statementId, programId, period);
    const sums = await recordCreditSums(trx, statementId);
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
    await stmts.complete(trx, statementId, {
      fileHash,
      supersedesId: previous ? previous.id : null,
      summary,
      malformed,
      creditEntryId,
    });
    await recordAudit(trx, ctx, {
      action: 'statement.import',
      entity: 'statement',
      entityId: statementId,
      change: { programId, period, fileHash, summary },
    });
    return { statement: (await stmts.findStatement(trx, statementId))!, replayed: false };
  });
}
