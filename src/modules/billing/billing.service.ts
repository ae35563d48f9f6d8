import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError, conflict, notFound, unprocessable } from '../../shared/errors.js';
import { Decimal, toDb } from '../../shared/money.js';
import { periodYear, timestamp, type Period } from '../../shared/period.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  move,
  postEntry,
  remainingBudget,
  reverseEntry,
  type PostingLine,
} from '../ledger/ledger.service.js';
import { assertOpen } from '../periods/periods.service.js';
import { SECTORS, type Program } from '../programs/programs.schemas.js';
import { getProgram, programsRunningIn } from '../programs/programs.service.js';
import { priceShares, ratesInForce } from '../programs/rates.service.js';
import type { BillingRun } from './billing.schemas.js';
import * as repo from './billing.repository.js';
import * as summaries from './summaries.repository.js';

export {
  billedByPeriod,
  billedPeriodsBetween,
  billedTotals,
  creditedTotals,
  creditOf,
  insertRebillRequest as requestRebill,
  liveObligations,
  otherProgramObligations,
  workerTotals,
  yearKey,
} from './billing.repository.js';
export { applyCredit, creditSums, summaryYearTotals, type CreditSum } from './summaries.repository.js';

type RunKind = 'billing' | 'repricing';

async function runPrograms(trx: Conn, period: Period, programId: number | undefined): Promise<Program[]> {
  if (programId !== undefined) {
    const program = await getProgram(trx, programId);
    if (!program)
      throw unprocessable('UNKNOWN_REFERENCE', 'the programme does not exist', [
        { path: 'programId', message: 'is not a known programme' },
      ]);
    if (program.startPeriod > period || (program.endPeriod !== null && program.endPeriod < period)) {
      throw unprocessable('PROGRAM_NOT_RUNNING', `programme ${program.code} does not run in ${period}`, [
        { path: 'period', message: `must be within ${program.startPeriod}..${program.endPeriod ?? 'open'}` },
      ]);
    }
    return [program];
  }
  return programsRunningIn(trx, period);
}

/** One price row per programme, sector and share: what a worker of that sector costs each source this month. */
async function priceRun(trx: Conn, runId: number, period: Period, programs: Program[]): Promise<void> {
  const rates = await ratesInForce(trx, period);
  const rows: repo.PriceRow[] = [];
  for (const program of programs) {
    for (const sector of SECTORS) {
      const price = priceShares(rates, program, sector, period);
      const rateIds = price.benefits.map((b) => `${b.benefit}:${b.rateId}`).join(',');
      program.fundingShares.forEach((s, i) =>
        rows.push({
          run_id: runId,
          program_id: Number(program.id),
          sector,
          funding_source_id: Number(s.fundingSourceId),
          amount: toDb(price.shares[i]!),
          worker_total: toDb(price.total),
          rate_ids: rateIds,
        }),
      );
    }
  }
  await repo.insertPrices(trx, rows);
}

/** Refuses (422, naming each shortfall) when any source would go over what remains of its ceiling. */
async function assertWithinBudget(trx: Conn, totals: repo.SourceTotal[], fiscalYear: number): Promise<void> {
  const shortfalls = [];
  for (const t of totals) {
    if (t.amount.lte(0)) continue;
    const remaining = await remainingBudget(trx, t.programId, t.fundingSourceId, fiscalYear);
    if (t.amount.gt(remaining)) {
      shortfalls.push({
        programId: String(t.programId),
        fundingSourceId: String(t.fundingSourceId),
        fiscalYear,
        required: t.amount.toFixed(0),
        remainingBudget: remaining.toFixed(0),
        shortfall: t.amount.minus(remaining).toFixed(0),
      });
    }
  }
  if (shortfalls.length > 0) {
    throw new AppError(
      422,
      'OVER_BUDGET',
      `the run exceeds the remaining budget of ${shortfalls.length} funding source(s): ${shortfalls.map((s) => `source ${s.fundingSourceId} short by ${s.shortfall}`).join('; ')}`,
      shortfalls.map((s) => ({
        path: `fundingSource.${s.fundingSourceId}`,
        message: `short by ${s.shortfall} (remaining ${s.remainingBudget}, required ${s.required})`,
      })),
      { shortfalls },
    );
  }
}

function ledgerLines(totals: repo.SourceTotal[], fiscalYear: number): PostingLine[] {
  return totals.flatMap((t) => {
    const key = { programId: t.programId, fundingSourceId: t.fundingSourceId, fiscalYear };
    return move({ stage: 'committed', ...key }, { stage: 'available', ...key }, t.amount);
  });
}

/**
 * A billing run creates every missing obligation of the period (regular), a repricing run the differences
 * between what is billed and what the rates in force now say (adjustments). Both are one transaction: run,
 * prices, obligations, the journal entry and the audit event commit together or not at all.
 */
async function executeRun(
  db: Conn,
  ctx: Ctx,
  kind: RunKind,
  period: Period,
  programId: number | undefined,
): Promise<BillingRun> {
  return inTransaction(db, async (trx) => {
    await assertOpen(trx, period);
    const programs = await runPrograms(trx, period, programId);
    const fiscalYear = periodYear(period);
    const [run] = await trx('billing_runs')
      .insert({
        kind,
        period,
        program_id: programId ?? null,
        obligation_count: 0,
        total_amount: 0,
        status: 'posted',
        created_by: ctx.actor.id,
        created_at: timestamp(ctx.clock),
      })
      .returning('id');
    const runId = Number(run.id ?? run);
    const programIds = programs.map((p) => Number(p.id));
    let totals: repo.SourceTotal[] = [];
    if (programs.length > 0) {
      await priceRun(trx, runId, period, programs);
      if (kind === 'billing') {
        await repo.insertMissingObligations(trx, { runId, period, fiscalYear }, programIds);
        await repo.insertRebills(trx, { runId, period, fiscalYear }, programIds);
      } else {
        await repo.insertAdjustments(trx, { runId, period, fiscalYear }, programIds);
      }
      // Totals come from what was written (one pass over the run's index), and a refusal rolls it all back.
      await summaries.recordRunTotals(trx, runId);
      totals = await repo.runTotals(trx, runId);
      await assertWithinBudget(trx, totals, fiscalYear);
      await summaries.addRun(trx, runId, period);
    }
    const count = totals.reduce((acc, t) => acc + t.count, 0);
    const total = totals.reduce((acc, t) => acc.plus(t.amount), new Decimal(0));
    await trx('billing_runs')
      .where({ id: runId })
      .update({ obligation_count: count, total_amount: toDb(total) });
    if (count > 0) {
      await postEntry(trx, ctx, {
        kind,
        memo: `${kind} ${period}${programId ? ` programme ${programs[0]!.code}` : ''}: ${count} obligations`,
        sourceType: 'billing_run',
        sourceId: runId,
        lines: ledgerLines(totals, fiscalYear),
      });
    }
    await recordAudit(trx, ctx, {
      action: kind === 'billing' ? 'billing.run' : 'billing.reprice',
      entity: 'billing_run',
      entityId: runId,
      change: { period, programId: programId ?? null, obligationCount: count, totalAmount: total.toFixed(0) },
    });
    return (await getRun(trx, runId))!;
  });
}

export const runBilling = (db: Conn, ctx: Ctx, period: Period, programId?: number) =>
  executeRun(db, ctx, 'billing', period, programId);
export const runRepricing = (db: Conn, ctx: Ctx, period: Period, programId?: number) =>
  executeRun(db, ctx, 'repricing', period, programId);

export async function getRun(db: Conn, id: number): Promise<BillingRun | null> {
  const row = await db('billing_runs as r')
    .leftJoin('billing_run_cancellations as c', 'c.run_id', 'r.id')
    .where('r.id', id)
    .first('r.*', {
      c_reason: 'c.reason',
      c_by: 'c.created_by',
      c_at: 'c.created_at',
      c_entry: 'c.journal_entry_id',
    });
  if (!row) return null;
  const totals = await repo.runTotals(db, id);
  const bySource = new Map<number, Decimal>();
  for (const t of totals)
    bySource.set(t.fundingSourceId, (bySource.get(t.fundingSourceId) ?? new Decimal(0)).plus(t.amount));
  return {
    id: String(row.id),
    kind: row.kind,
    period: row.period,
    programId: row.program_id === null ? null : String(row.program_id),
    status: row.c_reason ? 'cancelled' : 'posted',
    obligationCount: Number(row.obligation_count),
    totalAmount: new Decimal(String(row.total_amount)).toFixed(0),
    byFundingSource: [...bySource.entries()]
      .sort(([a], [b]) => a - b)
      .map(([id, amount]) => ({ fundingSourceId: String(id), amount: amount.toFixed(0) })),
    createdBy: row.created_by,
    createdAt: row.created_at,
    cancellation: row.c_reason
      ? {
          reason: row.c_reason,
          by: row.c_by,
          at: row.c_at,
          journalEntryId: row.c_entry === null ? null : String(row.c_entry),
        }
      : null,
  };
}

export async function listRuns(
  db: Conn,
  filter: { period?: string | undefined; programId?: number | undefined },
  limit: number,
  afterId: number | null,
) {
  const q = db('billing_runs')
    .orderBy('id')
    .limit(limit + 1)
    .select('id');
  if (filter.period) q.where('period', filter.period);
  if (filter.programId !== undefined) q.where('program_id', filter.programId);
  if (afterId !== null) q.where('id', '>', afterId);
  const ids = (await q).map((r) => Number(r.id));
  const runs = [];
  for (const id of ids) runs.push((await getRun(db, id))!);
  return runs;
}

/**
 * Reverses a run: its journal entry is reversed and its obligations become `cancelled`. Refused once any
 * of it is credited or paid (`paidGuard` names what is paid), or while a later repricing run of the same
 * period still adjusts it.
 */
export async function cancelRun(
  db: Conn,
  ctx: Ctx,
  runId: number,
  reason: string,
  paidGuard: (trx: Conn, keys: repo.SourceTotal[], period: Period) => Promise<string | null>,
): Promise<BillingRun> {
  return inTransaction(db, async (trx) => {
    const run = await getRun(trx, runId);
    if (!run) throw notFound('billing run');
    if (run.status === 'cancelled')
      throw conflict('ALREADY_CANCELLED', `billing run ${runId} is already cancelled`);
    await assertOpen(trx, run.period);
    const credited = await trx('obligations as o')
      .where('o.run_id', runId)
      .whereExists(repo.creditOf(trx, 'o'))
      .first('o.id');
    if (credited)
      throw conflict('RUN_CREDITED', `billing run ${runId} has obligations the insurer already credited`);
    const totals = await repo.runTotals(trx, runId);
    const paid = await paidGuard(trx, totals, run.period);
    if (paid) throw conflict('RUN_PAID', `billing run ${runId} is already paid: ${paid}`);
    if (run.kind === 'billing') {
      const later = await trx('billing_runs as r')
        .leftJoin('billing_run_cancellations as c', 'c.run_id', 'r.id')
        .where({ 'r.kind': 'repricing', 'r.period': run.period })
        .where('r.id', '>', runId)
        .whereNull('c.run_id')
        .where('r.obligation_count', '>', 0)
        .first('r.id');
      if (later)
        throw conflict('RUN_REPRICED', `repricing run ${later.id} adjusts this period; cancel it first`);
    }
    const entry = await trx('journal_entries')
      .where({ source_type: 'billing_run', source_id: String(runId) })
      .whereNull('reverses_entry_id')
      .first('id');
    const reversalId = entry
      ? await reverseEntry(trx, ctx, Number(entry.id), 'billing_cancel', `cancel run ${runId}: ${reason}`)
      : null;
    await trx('billing_run_cancellations').insert({
      run_id: runId,
      reason,
      journal_entry_id: reversalId,
      created_by: ctx.actor.id,
      created_at: timestamp(ctx.clock),
    });
    await trx('obligations').where({ run_id: runId }).update({ status: 'cancelled' });
    await summaries.removeRun(trx, runId, run.period);
    await repo.releaseRebills(trx, runId);
    await recordAudit(trx, ctx, {
      action: 'billing.cancel',
      entity: 'billing_run',
      entityId: runId,
      change: { reason },
    });
    return (await getRun(trx, runId))!;
  });
}
