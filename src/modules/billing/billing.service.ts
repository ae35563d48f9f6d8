import { assertSharesInScope, type Scope } from '../../shared/scope.js';
import { analyzeColumns, analyzeIfGrown } from '../../db/bulk.js';
import { discard, inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError, notFound, unknownProgramme } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { Decimal, toDb } from '../../shared/money.js';
import { periodYear, timestamp, type Period } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';
import { entryOf, postEntry, reverseEntry } from '../ledger/index.js';
import { assertOpen } from '../periods/index.js';
import {
  getProgram,
  priceShares,
  programsRunningIn,
  ratesInForce,
  SECTORS,
  type Benefit,
  type Program,
} from '../programs/index.js';
import { runBenefits } from './benefit-split.js';
import { assertWithinBudget, ledgerLines } from './budget-check.js';
import type { BillingRun } from './billing.schemas.js';
import * as repo from './billing.repository.js';
import * as runs from './runs.repository.js';
import * as summaries from './summaries.repository.js';

/**
 * A run over every programme bills every funding source, so only a user unrestricted by funding source
 * may start or cancel one; a scoped finance officer bills one programme at a time, and only a programme
 * whose funding sources are all in scope (a share outside would bill another government's money).
 */
function assertEveryProgrammeInScope(ctx: Ctx): void {
  if (ctx.actor.scope?.fundingSourceIds) throw new AppError('OUT_OF_SCOPE', DETAILS.everyProgrammeOutOfScope);
}

async function runPrograms(trx: Conn, period: Period, programId: number | undefined): Promise<Program[]> {
  if (programId !== undefined) {
    const program = await getProgram(trx, programId);
    if (!program) throw unknownProgramme();
    if (program.startPeriod > period || (program.endPeriod !== null && program.endPeriod < period)) {
      throw new AppError('PROGRAM_NOT_RUNNING', DETAILS.programNotRunning(program.code, period), [
        {
          path: 'period',
          message: FIELD.withinProgramme({ from: program.startPeriod, to: program.endPeriod ?? 'open' }),
        },
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
  await analyzeIfGrown(trx, 'billing_prices', rows.length);
}

/** The steps of a run, in order, each reported to `onStep` once done (the CLI shows them as progress). */
export const RUN_STEPS = ['prices', 'obligations', 'totals', 'budget check', 'summaries', 'journal'] as const;
export type RunStep = (typeof RUN_STEPS)[number];

export interface RunOptions {
  programId?: number | undefined;
  dryRun?: boolean;
  onStep?: (step: RunStep) => void;
}

/** What a run answers; a dry run has no id, since nothing of it was kept. */
export type RunAnswer = Omit<BillingRun, 'id'> & { id: string | null; dryRun?: true };

/**
 * A billing run creates every missing obligation of the period (regular), a repricing run the differences
 * between what is billed and what the rates in force now say (adjustments). Both are one transaction: run,
 * prices, obligations, summaries, the journal entry and the audit event commit together or not at all. A
 * dry run does all of it, with the same refusals, and rolls it back.
 */
async function executeRun(
  db: Conn,
  ctx: Ctx,
  kind: runs.RunKind,
  period: Period,
  options: RunOptions,
): Promise<RunAnswer> {
  const { programId } = options;
  const done = (step: RunStep) => options.onStep?.(step);
  return inTransaction<RunAnswer>(db, async (trx) => {
    await assertOpen(trx, period);
    if (programId === undefined) assertEveryProgrammeInScope(ctx);
    const programs = await runPrograms(trx, period, programId);
    for (const program of programs) assertSharesInScope(ctx.actor.scope, program.fundingShares);
    const fiscalYear = periodYear(period);
    const runId = await runs.insertRun(trx, {
      kind,
      period,
      programId: programId ?? null,
      createdBy: ctx.actor.id,
      createdAt: timestamp(ctx.clock),
    });
    const programIds = programs.map((p) => Number(p.id));
    let totals: repo.SourceTotal[] = [];
    let benefits = new Map<string, Map<Benefit, Decimal>>();
    if (programs.length > 0) {
      await priceRun(trx, runId, period, programs);
      done('prices');
      if (kind === 'billing') {
        await repo.insertMissingObligations(trx, { runId, period, fiscalYear }, programIds);
        await repo.insertRebills(trx, { runId, period, fiscalYear }, programIds);
      } else {
        await repo.insertAdjustments(trx, { runId, period, fiscalYear }, programIds);
      }
      await analyzeColumns(trx, 'obligations', ['run_id']);
      done('obligations');
      // Totals come from what was written (one pass over the run's index), and a refusal rolls it all back.
      const groups = await summaries.runGroups(trx, runId);
      await summaries.recordRunTotals(trx, runId, groups);
      totals = await repo.runTotals(trx, runId);
      done('totals');
      benefits = await runBenefits(trx, groups);
      await assertWithinBudget(trx, totals, benefits, fiscalYear);
      done('budget check');
      await summaries.addRun(trx, runId, period);
      done('summaries');
    }
    const count = totals.reduce((acc, t) => acc + t.count, 0);
    const total = totals.reduce((acc, t) => acc.plus(t.amount), new Decimal(0));
    await runs.setRunTotals(trx, runId, count, total);
    if (count > 0) {
      await postEntry(trx, ctx, {
        kind,
        memo: `${kind} ${period}${programId ? ` programme ${programs[0]!.code}` : ''}: ${count} obligations`,
        sourceType: 'billing_run',
        sourceId: runId,
        lines: ledgerLines(totals, benefits, fiscalYear),
      });
    }
    done('journal');
    await recordAudit(trx, ctx, {
      action: kind === 'billing' ? 'billing.run' : 'billing.reprice',
      entity: 'billing_run',
      entityId: runId,
      change: { period, programId: programId ?? null, obligationCount: count, totalAmount: total.toFixed(0) },
    });
    const run = (await runs.findRun(trx, runId))!;
    return options.dryRun ? discard({ ...run, id: null, dryRun: true as const }) : run;
  });
}

export const runBilling = (db: Conn, ctx: Ctx, period: Period, options: RunOptions = {}) =>
  executeRun(db, ctx, 'billing', period, options);
export const runRepricing = (db: Conn, ctx: Ctx, period: Period, options: RunOptions = {}) =>
  executeRun(db, ctx, 'repricing', period, options);

export const getRun = runs.findRun;

export async function listRuns(
  db: Conn,
  filter: { period?: Period | undefined; programId?: number | undefined; scope?: Scope | undefined },
  limit: number,
  afterId: number | null,
): Promise<BillingRun[]> {
  return runs.selectRuns(db, filter, { limit, afterId });
}

/** Names what is paid of a run's programmes and sources in its month, or null; payments answer it. */
export type PaidGuard = (
  trx: Conn,
  keys: { programId: number; fundingSourceId: number }[],
  period: Period,
) => Promise<string | null>;

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
  paidGuard: PaidGuard,
): Promise<BillingRun> {
  return inTransaction(db, async (trx) => {
    const run = await runs.findRun(trx, runId);
    if (!run) throw notFound('billingRun');
    if (run.programId === null) assertEveryProgrammeInScope(ctx);
    else assertSharesInScope(ctx.actor.scope, (await getProgram(trx, Number(run.programId)))!.fundingShares);
    if (run.status === 'cancelled') throw new AppError('ALREADY_CANCELLED', DETAILS.alreadyCancelled(runId));
    await assertOpen(trx, run.period);
    if (await runs.hasCreditedObligations(trx, runId)) {
      throw new AppError('RUN_CREDITED', DETAILS.runCredited(runId));
    }
    const paid = await paidGuard(trx, await repo.runTotals(trx, runId), run.period);
    if (paid) throw new AppError('RUN_PAID', DETAILS.runPaid(runId, paid));
    const later = run.kind === 'billing' ? await runs.laterRepricing(trx, runId, run.period) : null;
    if (later) throw new AppError('RUN_REPRICED', DETAILS.runRepriced(later));
    const entry = await entryOf(trx, { type: 'billing_run', id: runId });
    const reversalId = entry
      ? await reverseEntry(trx, ctx, entry, 'billing_cancel', `cancel run ${runId}: ${reason}`)
      : null;
    await runs.insertCancellation(trx, {
      runId,
      reason,
      journalEntryId: reversalId,
      by: ctx.actor.id,
      at: timestamp(ctx.clock),
    });
    await summaries.removeRun(trx, runId, run.period);
    await repo.releaseRebills(trx, runId);
    await recordAudit(trx, ctx, {
      action: 'billing.cancel',
      entity: 'billing_run',
      entityId: runId,
      change: { reason },
    });
    return (await runs.findRun(trx, runId))!;
  });
}
