import { assertSourcesInScope, type Scope } from '../../shared/scope.js';
import { whereSourceInScope } from '../../db/scope.js';
import { exactSum, inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError, unknownProgramme } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { Decimal, fromDb, MAX_LEDGER_TOTAL, toDb } from '../../shared/money.js';
import { timestamp } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';
import { balances, move, postEntry, remainingBudget, type AccountKey } from '../ledger/index.js';
import { getProgram } from '../programs/index.js';
import type { Allocation, CreateAllocationInput } from './budgets.schemas.js';

function toAllocation(r: Record<string, unknown>): Allocation {
  return {
    id: String(r.id),
    programId: String(r.program_id),
    fundingSourceId: String(r.funding_source_id),
    fiscalYear: Number(r.fiscal_year),
    amount: fromDb(r.amount).toFixed(0),
    documentRef: r.document_ref as string,
    createdBy: r.created_by as string,
    createdAt: r.created_at as string,
  };
}

/** Refuses an allocation that would take the allocations of all lines together past MAX_LEDGER_TOTAL. */
async function assertLedgerTotalFits(trx: Conn, amount: Decimal): Promise<void> {
  if (amount.isNegative()) return;
  const row = (await trx('budget_allocations').first(exactSum(trx, 'amount', 'total'))) as { total: unknown };
  const total = fromDb(row.total).plus(amount);
  if (total.lte(MAX_LEDGER_TOTAL)) return;
  const max = MAX_LEDGER_TOTAL.toFixed(0);
  throw new AppError(
    'AMOUNT_TOO_LARGE',
    DETAILS.ledgerTotalTooLarge(total.toFixed(0), max),
    [
      {
        path: 'amount',
        message: FIELD.atMost({ maximum: MAX_LEDGER_TOTAL.minus(total.minus(amount)).toFixed(0) }),
      },
    ],
    { limit: max },
  );
}

/**
 * Adds to (or, when negative, lowers) a ceiling. The new total may never drop below what is already billed
 * in that fiscal year: that is exactly "the remaining budget stays at or above zero".
 */
export async function createAllocation(
  db: Conn,
  ctx: Ctx,
  input: CreateAllocationInput,
): Promise<Allocation> {
  return inTransaction(db, async (trx) => {
    const programId = Number(input.programId);
    const fundingSourceId = Number(input.fundingSourceId);
    assertSourcesInScope(ctx.actor.scope, [fundingSourceId]);
    const program = await getProgram(trx, programId);
    if (!program) throw unknownProgramme();
    if (!program.fundingShares.some((s) => Number(s.fundingSourceId) === fundingSourceId)) {
      throw new AppError(
        'NOT_A_FUNDING_SOURCE_OF_PROGRAM',
        DETAILS.notSourceOfProgramme(fundingSourceId, program.code),
        [{ path: 'fundingSourceId', message: FIELD.programmeSource() }],
      );
    }
    const amount = new Decimal(input.amount);
    await assertLedgerTotalFits(trx, amount);
    const remaining = await remainingBudget(trx, programId, fundingSourceId, input.fiscalYear);
    if (remaining.plus(amount).isNegative()) {
      const lowerBy = amount.negated().toFixed(0);
      const removable = remaining.toFixed(0);
      throw new AppError(
        'BELOW_COMMITTED',
        remaining.isZero() ? DETAILS.nothingRemovable : DETAILS.belowCommitted(lowerBy, removable),
        [
          {
            path: 'amount',
            message: remaining.isZero() ? FIELD.nothingRemovable() : FIELD.notBelowRemovable({ removable }),
          },
        ],
        { remainingBudget: removable },
      );
    }
    const [row] = await trx('budget_allocations')
      .insert({
        program_id: programId,
        funding_source_id: fundingSourceId,
        fiscal_year: input.fiscalYear,
        amount: toDb(amount),
        document_ref: input.documentRef,
        created_by: ctx.actor.id,
        created_at: timestamp(ctx.clock),
      })
      .returning('*');
    const allocation = toAllocation(row);
    const key = { programId, fundingSourceId, fiscalYear: input.fiscalYear };
    await postEntry(trx, ctx, {
      kind: 'allocation',
      memo: `pagu ${program.code} ${input.fiscalYear}: ${input.documentRef}`,
      sourceType: 'budget_allocation',
      sourceId: allocation.id,
      lines: move({ stage: 'available', ...key }, { stage: 'pagu', ...key }, amount),
    });
    await recordAudit(trx, ctx, {
      action: 'budget.allocate',
      entity: 'budget_allocation',
      entityId: allocation.id,
      change: input,
    });
    return allocation;
  });
}

export interface AllocationFilter {
  programId?: number | undefined;
  fundingSourceId?: number | undefined;
  fiscalYear?: number | undefined;
  scope?: Scope | undefined;
}

export async function listAllocations(
  db: Conn,
  filter: AllocationFilter,
  limit: number,
  afterId: number | null,
): Promise<Allocation[]> {
  const q = db('budget_allocations')
    .orderBy('id')
    .limit(limit + 1);
  if (filter.programId !== undefined) q.where('program_id', filter.programId);
  if (filter.fundingSourceId !== undefined) q.where('funding_source_id', filter.fundingSourceId);
  if (filter.fiscalYear !== undefined) q.where('fiscal_year', filter.fiscalYear);
  whereSourceInScope(q, 'funding_source_id', filter.scope);
  if (afterId !== null) q.where('id', '>', afterId);
  return (await q).map(toAllocation);
}

/** Sum of allocations per programme, source and fiscal year, as the operational side of ledger/verify. */
export async function allocationTotals(
  db: Conn,
): Promise<(Omit<AccountKey, 'stage'> & { amount: Decimal })[]> {
  const rows = (await db('budget_allocations')
    .select('program_id', 'funding_source_id', 'fiscal_year', exactSum(db, 'amount', 'amount'))
    .groupBy('program_id', 'funding_source_id', 'fiscal_year')) as Record<string, unknown>[];
  return rows.map((r) => ({
    programId: Number(r.program_id),
    fundingSourceId: Number(r.funding_source_id),
    fiscalYear: Number(r.fiscal_year),
    amount: fromDb(r.amount),
  }));
}

/** Ceiling, billed, paid and remaining per budget line, read from the journal. */
export async function budgetLines(db: Conn, filter: AllocationFilter) {
  const rows = await balances(db, {
    ...(filter.programId !== undefined ? { programId: filter.programId } : {}),
    ...(filter.fundingSourceId !== undefined ? { fundingSourceId: filter.fundingSourceId } : {}),
    ...(filter.fiscalYear !== undefined ? { fiscalYears: [filter.fiscalYear] } : {}),
    scope: filter.scope,
    stages: ['pagu', 'available', 'committed', 'paid'],
  });
  const lines = new Map<
    string,
    {
      programId: number;
      fundingSourceId: number;
      fiscalYear: number;
      pagu: Decimal;
      available: Decimal;
      committed: Decimal;
      paid: Decimal;
    }
  >();
  for (const r of rows) {
    const code = `${r.programId}:${r.fundingSourceId}:${r.fiscalYear}`;
    const line = lines.get(code) ?? {
      programId: r.programId,
      fundingSourceId: r.fundingSourceId,
      fiscalYear: r.fiscalYear,
      pagu: new Decimal(0),
      available: new Decimal(0),
      committed: new Decimal(0),
      paid: new Decimal(0),
    };
    if (r.stage === 'pagu' || r.stage === 'available' || r.stage === 'committed' || r.stage === 'paid')
      line[r.stage] = r.balance;
    lines.set(code, line);
  }
  return [...lines.values()]
    .sort(
      (a, b) =>
        a.fiscalYear - b.fiscalYear || a.programId - b.programId || a.fundingSourceId - b.fundingSourceId,
    )
    .map((l) => ({
      programId: String(l.programId),
      fundingSourceId: String(l.fundingSourceId),
      fiscalYear: l.fiscalYear,
      allocated: l.pagu.negated().toFixed(0),
      billed: l.committed.plus(l.paid).toFixed(0),
      paid: l.paid.toFixed(0),
      remaining: l.available.toFixed(0),
    }));
}
