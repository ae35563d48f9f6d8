import type { Conn } from '../../db/knex.js';
import { whereRegionInScope } from '../../db/scope.js';
import { Decimal } from '../../shared/money.js';
import { periodRange, yearEnd, yearStart, type Period } from '../../shared/period.js';
import { coversWholeSource, type Scope } from '../../shared/scope.js';
import { splitOverBenefits } from '../billing/index.js';
import { getFundingSources } from '../funding-sources/index.js';
import { unpaidAccountMonths } from './arrears.service.js';
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

/** What is still unpaid of the account months before the year, per programme and source. */
async function arrearsBefore(db: Conn, fiscalYear: number, scope: Scope | undefined) {
  const owed = new Map<string, { programCode: string; fundingSourceId: string; amount: Decimal }>();
  for (const m of await unpaidAccountMonths(db, yearEnd(fiscalYear - 1), scope)) {
    const key = `${m.programId}:${m.fundingSourceId}`;
    const line = owed.get(key) ?? {
      programCode: m.programCode,
      fundingSourceId: String(m.fundingSourceId),
      amount: new Decimal(0),
    };
    line.amount = line.amount.plus(m.billed.minus(m.paid));
    owed.set(key, line);
  }
  return [...owed.values()];
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
      programCode: programs.get(l.programId)!.code,
      fundingSourceId: String(l.sourceId),
      benefit: l.benefit,
      accountCode: sources.get(l.sourceId)?.accounts[l.benefit] ?? null,
      workers: workers.get(l.programId) ?? 0,
      amount: l.amount.toFixed(0),
    }));
  const arrears = (await arrearsBefore(db, fiscalYear, scope))
    .filter((a) => coversWholeSource(scope, Number(a.fundingSourceId)))
    .map((a) => ({ ...a, amount: a.amount.toFixed(0) }));
  const total = [...rows, ...arrears].reduce((acc, r) => acc.plus(r.amount), new Decimal(0));
  return { fiscalYear, rows, arrears, total: total.toFixed(0) };
}
