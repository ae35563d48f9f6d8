import { assertSourcesInScope, type Scope } from '../../shared/scope.js';
import { whereSourceInScope } from '../../db/scope.js';
import { exactSum, inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError, invalid, unknownProgramme } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { Decimal, fromDb, MAX_LEDGER_TOTAL, toDb } from '../../shared/money.js';
import { timestamp } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';
import { benefitBalances, move, postEntry, remainingBudget, type AccountKey } from '../ledger/index.js';
import { getProgram, type Program } from '../programs/index.js';
import type { Allocation, CreateAllocationInput } from './budgets.schemas.js';

function toAllocation(r: Record<string, unknown>): Allocation {
  return {
    id: String(r.id),
    programId: String(r.program_id),
    fundingSourceId: String(r.funding_source_id),
    fiscalYear: Number(r.fiscal_year),
    amount: fromDb(r.amount).toFixed(0),
    documentRef: r.document_ref as string,
    benefit: (r.benefit as Allocation['benefit']) ?? null,
    kind: r.kind as Allocation['kind'],
    documentDate: (r.document_date as string | null) ?? null,
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

/** What remains of a line: the pooled line's `available` balance, or that of one benefit's postings. */
async function lineRemaining(
  trx: Conn,
  key: Omit<AccountKey, 'stage'>,
  benefit: CreateAllocationInput['benefit'],
): Promise<Decimal> {
  if (benefit === undefined) return remainingBudget(trx, key.programId, key.fundingSourceId, key.fiscalYear);
  const rows = await benefitBalances(trx, {
    programId: key.programId,
    fundingSourceId: key.fundingSourceId,
    fiscalYears: [key.fiscalYear],
    stages: ['available'],
  });
  return rows.find((r) => r.benefit === benefit)?.balance ?? new Decimal(0);
}

/**
 * A programme's budget from one source in one year is either one pooled line or one line per benefit
 * (kode rekening), never both; the line's first allocation is its original (APBD murni) unless told.
 */
async function lineKind(
  trx: Conn,
  program: Program,
  input: CreateAllocationInput,
): Promise<'original' | 'amendment'> {
  if (input.benefit !== undefined && !program.benefits.includes(input.benefit)) {
    throw invalid([{ path: 'benefit', message: FIELD.programmeBenefit() }]);
  }
  const line = await trx('budget_allocations')
    .where({
      program_id: Number(program.id),
      funding_source_id: Number(input.fundingSourceId),
      fiscal_year: input.fiscalYear,
    })
    .select('benefit');
  const pooled = line.some((a) => a.benefit === null);
  if (line.length > 0 && pooled !== (input.benefit === undefined)) {
    throw new AppError(
      'MIXED_BUDGET_LINES',
      DETAILS.mixedBudgetLines(program.code, input.fiscalYear, pooled ? 'pooled' : 'perBenefit'),
      [{ path: 'benefit', message: pooled ? FIELD.benefitNotAllowed() : FIELD.benefitRequired() }],
    );
  }
  const sameLine = line.filter((a) => (a.benefit ?? undefined) === input.benefit);
  return input.kind ?? (sameLine.length === 0 ? 'original' : 'amendment');
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
    const kind = await lineKind(trx, program, input);
    const amount = new Decimal(input.amount);
    await assertLedgerTotalFits(trx, amount);
    const remaining = await lineRemaining(
      trx,
      { programId, fundingSourceId, fiscalYear: input.fiscalYear },
      input.benefit,
    );
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
        benefit: input.benefit ?? null,
        kind,
        document_date: input.documentDate ?? null,
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
      lines: move({ stage: 'available', ...key }, { stage: 'pagu', ...key }, amount).map((l) => ({
        ...l,
        benefit: input.benefit,
      })),
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
