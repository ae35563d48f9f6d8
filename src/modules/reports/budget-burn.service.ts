import { coversWholeSource, type Scope } from '../../shared/scope.js';
import { exactSum, type Conn } from '../../db/knex.js';
import { whereSourceInScope } from '../../db/scope.js';
import { Decimal, fromDb } from '../../shared/money.js';
import { addMonths, periodRange, yearEnd, yearStart, type Period } from '../../shared/period.js';
import { enrolledInForce } from '../beneficiaries/index.js';
import { getProgram, priceShares, ratesInForce, type Program, type Sector } from '../programs/index.js';

/** The sector a newly registered worker gets unless told otherwise, so the price of "one more worker". */
const NEW_WORKER_SECTOR: Sector = 'other';

export interface BudgetBurnRow {
  programId: string;
  programCode: string;
  fundingSourceId: string;
  fundingSourceCode: string;
  ceiling: string;
  committed: string;
  paid: string;
  remaining: string;
  enrolments: number;
  runRate: string;
  costPerWorker: string;
  forecastMonths: Period[];
  projectedSpend: string;
  projectedBalance: string;
  runsOutIn: Period | null;
  workersCoverable: number | null;
  additionalWorkers: number | null;
}

export interface BudgetBurnReport {
  fiscalYear: number;
  asOf: Period;
  rows: BudgetBurnRow[];
}

type PairMap<T> = Map<string, T>;
const pairKey = (programId: unknown, fundingSourceId: unknown) => `${programId}:${fundingSourceId}`;

/**
 * Programmes that run in the fiscal year or have a ceiling in it (billing refuses months a programme does
 * not run in, so every bill of the year belongs to one of these).
 */
async function programsOfYear(db: Conn, first: Period, last: Period, fiscalYear: number): Promise<Program[]> {
  const ids = await db('programs')
    .select('id')
    .where('start_period', '<=', last)
    .andWhere((w) => w.whereNull('end_period').orWhere('end_period', '>=', first))
    .union([db('budget_allocations').select('program_id').where('fiscal_year', fiscalYear)]);
  const sorted = [...new Set(ids.map((r: Record<string, unknown>) => Number(r.id)))].sort((a, b) => a - b);
  const programs: Program[] = [];
  for (const id of sorted) {
    const program = await getProgram(db, id);
    if (program) programs.push(program);
  }
  return programs;
}

async function sumsByPair(db: Conn, q: ReturnType<Conn>, column: string): Promise<PairMap<Decimal>> {
  const rows = (await q
    .groupBy('program_id', 'funding_source_id')
    .select('program_id', 'funding_source_id', exactSum(db, column, 'total'))) as Record<string, unknown>[];
  return new Map(rows.map((r) => [pairKey(r.program_id, r.funding_source_id), fromDb(r.total)]));
}

/**
 * Per programme and funding source of the fiscal year: the ceiling, what is billed (committed) and paid,
 * and a forecast at the run-rate of the enrolments in force in `asOf`, priced at `asOf`'s rates. The months
 * forecast are those after `asOf` to December that the programme runs in and that are not billed yet for
 * that source (a billed month is already in `committed`). The ceiling runs out in the first of them whose
 * cumulative run-rate exceeds the remaining ceiling. Within a scope, only the lines of its funding sources,
 * whole: a budget line is not split by region, so a scope of regions alone holds none.
 */
export async function budgetBurnReport(
  db: Conn,
  fiscalYear: number,
  asOf: Period,
  scope?: Scope,
): Promise<BudgetBurnReport> {
  const first = yearStart(fiscalYear);
  const last = yearEnd(fiscalYear);
  const programs = await programsOfYear(db, first, last, fiscalYear);
  if (programs.length === 0) return { fiscalYear, asOf, rows: [] };
  const programIds = programs.map((p) => Number(p.id));

  const narrow = (q: ReturnType<Conn>) => whereSourceInScope(q, 'funding_source_id', scope);
  const ceilings = await sumsByPair(
    db,
    narrow(db('budget_allocations').where('fiscal_year', fiscalYear)),
    'amount',
  );
  const paid = await sumsByPair(
    db,
    narrow(db('payment_allocations').whereBetween('period', [first, last])),
    'amount',
  );
  // From the summaries kept with the obligations (a few rows per programme, source, month and region), not
  // a year of obligations; a month is billed while it counts a live obligation.
  const billedMonths = (await narrow(db('obligation_totals'))
    .whereBetween('period', [first, last])
    .groupBy('program_id', 'funding_source_id', 'period')
    .havingRaw('SUM(obligations) > 0')
    .select('program_id', 'funding_source_id', 'period', exactSum(db, 'billed', 'total'))) as Record<
    string,
    unknown
  >[];
  const committed: PairMap<Decimal> = new Map();
  const billed = new Set<string>();
  for (const r of billedMonths) {
    const key = pairKey(r.program_id, r.funding_source_id);
    committed.set(key, (committed.get(key) ?? new Decimal(0)).plus(fromDb(r.total)));
    billed.add(`${key}:${r.period as string}`);
  }

  const enrolled = (await db
    .from(enrolledInForce(db, asOf).as('a'))
    .whereIn('a.program_id', programIds)
    .groupBy('a.program_id', 'a.sector')
    .select('a.program_id', 'a.sector')
    .sum({ n: 'a.n' })) as Record<string, unknown>[];
  const sources = new Map(
    ((await db('funding_sources').select('id', 'code')) as Record<string, unknown>[]).map((s) => [
      String(s.id),
      s.code as string,
    ]),
  );
  const rates = await ratesInForce(db, asOf);
  const afterAsOf = periodRange(addMonths(asOf, 1), last);

  const rows: BudgetBurnRow[] = [];
  for (const program of programs) {
    const shareOf = (sector: Sector) => priceShares(rates, program, sector, asOf).shares;
    const runRates = program.fundingShares.map(() => new Decimal(0));
    let enrolments = 0;
    for (const e of enrolled.filter((r) => Number(r.program_id) === Number(program.id))) {
      const n = Number(e.n);
      enrolments += n;
      shareOf(e.sector as Sector).forEach((part, i) => (runRates[i] = runRates[i]!.plus(part.times(n))));
    }
    const newWorker = shareOf(NEW_WORKER_SECTOR);
    const running = afterAsOf.filter(
      (m) => m >= program.startPeriod && (program.endPeriod === null || m <= program.endPeriod),
    );
    program.fundingShares.forEach((share, i) => {
      if (!coversWholeSource(scope, Number(share.fundingSourceId))) return;
      const key = pairKey(program.id, share.fundingSourceId);
      const ceiling = ceilings.get(key) ?? new Decimal(0);
      const billedSoFar = committed.get(key) ?? new Decimal(0);
      const remaining = ceiling.minus(billedSoFar);
      rows.push({
        programId: program.id,
        programCode: program.code,
        fundingSourceId: share.fundingSourceId,
        fundingSourceCode: sources.get(share.fundingSourceId) ?? '',
        ceiling: ceiling.toFixed(0),
        committed: billedSoFar.toFixed(0),
        paid: (paid.get(key) ?? new Decimal(0)).toFixed(0),
        remaining: remaining.toFixed(0),
        enrolments,
        ...forecast(
          remaining,
          runRates[i]!,
          newWorker[i]!,
          running.filter((m) => !billed.has(`${key}:${m}`)),
        ),
      });
    });
  }
  rows.sort(
    (a, b) =>
      Number(a.programId) - Number(b.programId) || Number(a.fundingSourceId) - Number(b.fundingSourceId),
  );
  return { fiscalYear, asOf, rows };
}

type Forecast = Pick<
  BudgetBurnRow,
  | 'runRate'
  | 'costPerWorker'
  | 'forecastMonths'
  | 'projectedSpend'
  | 'projectedBalance'
  | 'runsOutIn'
  | 'workersCoverable'
  | 'additionalWorkers'
>;

/** Bills each forecast month at `runRate`; `cost` is one more worker's month for this source. */
function forecast(remaining: Decimal, runRate: Decimal, cost: Decimal, months: Period[]): Forecast {
  const projectedSpend = runRate.times(months.length);
  const projectedBalance = remaining.minus(projectedSpend);
  const perWorkerToDecember = cost.times(months.length);
  const workersFor = (amount: Decimal) =>
    perWorkerToDecember.isZero()
      ? null
      : Decimal.max(0, amount.dividedToIntegerBy(perWorkerToDecember)).toNumber();
  return {
    runRate: runRate.toFixed(0),
    costPerWorker: cost.toFixed(0),
    forecastMonths: months,
    projectedSpend: projectedSpend.toFixed(0),
    projectedBalance: projectedBalance.toFixed(0),
    runsOutIn: runsOut(months, runRate, remaining),
    workersCoverable: workersFor(remaining),
    additionalWorkers: workersFor(projectedBalance),
  };
}

/** The first forecast month whose cumulative spend at `runRate` exceeds `remaining`; null if none does. */
function runsOut(months: Period[], runRate: Decimal, remaining: Decimal): Period | null {
  if (runRate.lte(0)) return null;
  let spent = new Decimal(0);
  for (const month of months) {
    spent = spent.plus(runRate);
    if (spent.gt(remaining)) return month;
  }
  return null;
}
