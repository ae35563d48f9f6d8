import { exactSum, type Conn } from '../../db/knex.js';
import { whereRegionInScope, whereSourceInScope } from '../../db/scope.js';
import { Decimal, fromDb } from '../../shared/money.js';
import { periodRange, yearEnd, yearStart, type Period } from '../../shared/period.js';
import { coversWholeSource, type Scope } from '../../shared/scope.js';
import { splitOverBenefits } from '../billing/index.js';
import { getFundingSources } from '../funding-sources/index.js';
import {
  getProgram,
  priceShares,
  ratesInForce,
  type Benefit,
  type Program,
  type Rate,
  type Sector,
} from '../programs/index.js';

export interface BudgetPlanRow {
  programCode: string;
  fundingSourceId: string;
  benefit: Benefit;
  accountCode: string | null;
  workers: number;
  amount: string;
}

export interface BudgetPlan {
  fiscalYear: number;
  rows: BudgetPlanRow[];
  arrears: { programCode: string; fundingSourceId: string; amount: string }[];
  total: string;
}

/**
 * The enrolments active in the year's first month, per programme, sector and last month (null: open-ended),
 * within the scope's regions: the workers the year will bill unless someone joins or leaves.
 */
async function cohort(db: Conn, first: Period, scope: Scope | undefined) {
  const q = db('enrolments as e')
    .join('beneficiaries as b', 'b.id', 'e.beneficiary_id')
    .where('e.start_period', '<=', first)
    .andWhere((w) => w.whereNull('e.end_period').orWhere('e.end_period', '>=', first))
    .groupBy('e.program_id', 'b.sector', 'e.end_period')
    .select('e.program_id', 'b.sector', 'e.end_period')
    .count({ n: '*' });
  const rows = (await whereRegionInScope(q, 'b.region_code', scope)) as Record<string, unknown>[];
  return rows.map((r) => ({
    programId: Number(r.program_id),
    sector: r.sector as Sector,
    last: (r.end_period as Period | null) ?? null,
    n: Number(r.n),
  }));
}

/** Unpaid money of the account months before the year, per programme and source: billed less paid. */
async function arrearsBefore(db: Conn, first: Period, scope: Scope | undefined) {
  const billed = (await whereSourceInScope(
    db('obligation_totals').where('period', '<', first),
    'funding_source_id',
    scope,
  )
    .groupBy('program_id', 'funding_source_id', 'period')
    .select('program_id', 'funding_source_id', 'period', exactSum(db, 'billed', 'amount'))) as Record<
    string,
    unknown
  >[];
  const paid = (await whereSourceInScope(
    db('payment_allocations').where('period', '<', first),
    'funding_source_id',
    scope,
  )
    .groupBy('program_id', 'funding_source_id', 'period')
    .select('program_id', 'funding_source_id', 'period', exactSum(db, 'amount', 'amount'))) as Record<
    string,
    unknown
  >[];
  const key = (r: Record<string, unknown>) => `${r.program_id}:${r.funding_source_id}:${r.period}`;
  const paidOf = new Map(paid.map((r) => [key(r), fromDb(r.amount)]));
  const owed = new Map<string, Decimal>();
  for (const r of billed) {
    const left = fromDb(r.amount).minus(paidOf.get(key(r)) ?? 0);
    if (left.lte(0)) continue;
    const line = `${r.program_id}:${r.funding_source_id}`;
    owed.set(line, (owed.get(line) ?? new Decimal(0)).plus(left));
  }
  return owed;
}

/**
 * What a fiscal year will cost: every enrolment active in its first month, priced month by month until it
 * ends (or December) by the schedule in force each month, discounts included, each worker's price split
 * over the programme's sources and each share over benefits as billing splits them; and, apart, what is
 * still unpaid of the months before the year. Within a scope, the people of its regions and the lines of
 * its sources (a scope of regions alone holds no budget line).
 */
export async function budgetPlan(db: Conn, fiscalYear: number, scope?: Scope): Promise<BudgetPlan> {
  const first = yearStart(fiscalYear);
  const months = periodRange(first, yearEnd(fiscalYear));
  const groups = await cohort(db, first, scope);
  const rates = new Map<Period, Rate[]>();
  for (const m of months) rates.set(m, await ratesInForce(db, m));
  const programs = new Map<number, Program>();
  for (const id of new Set(groups.map((g) => g.programId))) {
    const program = await getProgram(db, id);
    if (program) programs.set(id, program);
  }
  const lines = new Map<string, { programId: number; sourceId: number; benefit: Benefit; amount: Decimal }>();
  const workers = new Map<number, number>();
  for (const g of groups) {
    const program = programs.get(g.programId);
    if (!program) continue;
    workers.set(g.programId, (workers.get(g.programId) ?? 0) + g.n);
    for (const m of months) {
      if (m < program.startPeriod || (program.endPeriod !== null && m > program.endPeriod)) continue;
      if (g.last !== null && m > g.last) break;
      const price = priceShares(rates.get(m)!, program, g.sector, m);
      const weights = {
        benefits: price.benefits.map((b) => b.benefit),
        amounts: price.benefits.map((b) => b.amount),
      };
      program.fundingShares.forEach((share, i) => {
        const sourceId = Number(share.fundingSourceId);
        if (!coversWholeSource(scope, sourceId)) return;
        for (const [benefit, amount] of splitOverBenefits(price.shares[i]!, weights)) {
          const key = `${g.programId}:${sourceId}:${benefit}`;
          const line = lines.get(key) ?? {
            programId: g.programId,
            sourceId,
            benefit,
            amount: new Decimal(0),
          };
          line.amount = line.amount.plus(amount.times(g.n));
          lines.set(key, line);
        }
      });
    }
  }
  const owed = await arrearsBefore(db, first, scope);
  const codes = new Map<number, string>();
  for (const id of new Set([
    ...[...lines.values()].map((l) => l.programId),
    ...[...owed.keys()].map((k) => Number(k.split(':')[0])),
  ])) {
    codes.set(id, programs.get(id)?.code ?? (await getProgram(db, id))?.code ?? '');
  }
  const sources = new Map(
    (await getFundingSources(db, [...new Set([...lines.values()].map((l) => l.sourceId))])).map((s) => [
      Number(s.id),
      s,
    ]),
  );
  const rows = [...lines.values()]
    .sort(
      (a, b) => a.programId - b.programId || a.sourceId - b.sourceId || a.benefit.localeCompare(b.benefit),
    )
    .map((l) => ({
      programCode: codes.get(l.programId)!,
      fundingSourceId: String(l.sourceId),
      benefit: l.benefit,
      accountCode: sources.get(l.sourceId)?.accounts[l.benefit] ?? null,
      workers: workers.get(l.programId) ?? 0,
      amount: l.amount.toFixed(0),
    }));
  const arrears = [...owed.entries()]
    .filter(([key]) => coversWholeSource(scope, Number(key.split(':')[1])))
    .map(([key, amount]) => ({
      programCode: codes.get(Number(key.split(':')[0]))!,
      fundingSourceId: key.split(':')[1]!,
      amount: amount.toFixed(0),
    }));
  const total = [...rows, ...arrears].reduce((acc, r) => acc.plus(r.amount), new Decimal(0));
  return { fiscalYear, rows, arrears, total: total.toFixed(0) };
}
