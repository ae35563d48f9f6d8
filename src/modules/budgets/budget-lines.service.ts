import type { Scope } from '../../shared/scope.js';
import { whereSourceInScope } from '../../db/scope.js';
import { exactSum, exactText, type Conn } from '../../db/knex.js';
import { Decimal, fromDb } from '../../shared/money.js';
import { getFundingSources, type AccountBenefit } from '../funding-sources/index.js';
import { balances, benefitBalances } from '../ledger/index.js';
import type { Allocation } from './budgets.schemas.js';

export interface LineFilter {
  programId?: number | undefined;
  fundingSourceId?: number | undefined;
  fiscalYear?: number | undefined;
  scope?: Scope | undefined;
}

/** One budget line's allocations: the original (APBD murni) and the amended total (with APBD-P). */
export interface LineBudget {
  programId: number;
  fundingSourceId: number;
  fiscalYear: number;
  benefit: Allocation['benefit'];
  original: Decimal;
  amended: Decimal;
}

/** Original and amended per budget line (programme, source, year and benefit, null for a pooled line). */
export async function lineBudgets(db: Conn, filter: LineFilter): Promise<LineBudget[]> {
  const q = db('budget_allocations')
    .groupBy('program_id', 'funding_source_id', 'fiscal_year', 'benefit')
    .select('program_id', 'funding_source_id', 'fiscal_year', 'benefit')
    .select(
      db.raw(`${exactText(db, "SUM(CASE WHEN kind = 'original' THEN amount ELSE 0 END)")} AS original`),
      exactSum(db, 'amount', 'amended'),
    )
    .orderBy(['fiscal_year', 'program_id', 'funding_source_id', 'benefit']);
  if (filter.programId !== undefined) q.where('program_id', filter.programId);
  if (filter.fundingSourceId !== undefined) q.where('funding_source_id', filter.fundingSourceId);
  if (filter.fiscalYear !== undefined) q.where('fiscal_year', filter.fiscalYear);
  whereSourceInScope(q, 'funding_source_id', filter.scope);
  return ((await q) as Record<string, unknown>[]).map((r) => ({
    programId: Number(r.program_id),
    fundingSourceId: Number(r.funding_source_id),
    fiscalYear: Number(r.fiscal_year),
    benefit: (r.benefit as Allocation['benefit']) ?? null,
    original: fromDb(r.original),
    amended: fromDb(r.amended),
  }));
}

const lineOf = (l: { programId: number; fundingSourceId: number; fiscalYear: number }) =>
  `${l.programId}:${l.fundingSourceId}:${l.fiscalYear}`;

/**
 * Per budget line: original and amended from the allocations, billed, paid and remaining read from the
 * journal. A line kept per benefit reads the postings of its benefit: allocations, billing runs and
 * payments each post their benefit (docs/architecture.md, "A payment's postings carry the benefit").
 */
export async function budgetLines(db: Conn, filter: LineFilter) {
  const stageFilter = {
    ...(filter.programId !== undefined ? { programId: filter.programId } : {}),
    ...(filter.fundingSourceId !== undefined ? { fundingSourceId: filter.fundingSourceId } : {}),
    ...(filter.fiscalYear !== undefined ? { fiscalYears: [filter.fiscalYear] } : {}),
    scope: filter.scope,
  };
  const stages = new Map<string, Record<string, Decimal>>();
  for (const b of await balances(db, {
    ...stageFilter,
    stages: ['pagu', 'available', 'committed', 'paid'],
  })) {
    const line = stages.get(lineOf(b)) ?? {};
    line[b.stage] = b.balance;
    stages.set(lineOf(b), line);
  }
  const byBenefit = new Map<string, Record<string, Decimal>>();
  for (const b of await benefitBalances(db, {
    ...stageFilter,
    stages: ['pagu', 'available', 'committed', 'paid'],
  })) {
    const line = byBenefit.get(`${lineOf(b)}:${b.benefit}`) ?? {};
    line[b.stage] = b.balance;
    byBenefit.set(`${lineOf(b)}:${b.benefit}`, line);
  }
  const budgets = await lineBudgets(db, filter);
  const sources = new Map(
    (await getFundingSources(db, [...new Set(budgets.map((b) => b.fundingSourceId))])).map((s) => [
      Number(s.id),
      s,
    ]),
  );
  const zero = new Decimal(0);
  return budgets.map((b) => {
    const line =
      (b.benefit === null ? stages.get(lineOf(b)) : byBenefit.get(`${lineOf(b)}:${b.benefit}`)) ?? {};
    const common = {
      programId: String(b.programId),
      fundingSourceId: String(b.fundingSourceId),
      fiscalYear: b.fiscalYear,
      benefit: b.benefit,
      accountCode:
        b.benefit === null
          ? null
          : (sources.get(b.fundingSourceId)?.accounts[b.benefit as AccountBenefit] ?? null),
      original: b.original.toFixed(0),
      amended: b.amended.toFixed(0),
    };
    const paid = line.paid ?? zero;
    return {
      ...common,
      allocated: (line.pagu ?? zero).negated().toFixed(0),
      billed: (line.committed ?? zero).plus(paid).toFixed(0),
      paid: paid.toFixed(0),
      remaining: (line.available ?? zero).toFixed(0),
    };
  });
}
