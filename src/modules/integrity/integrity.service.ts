import type { Conn } from '../../db/knex.js';
import { Decimal } from '../../shared/money.js';
import { verifyAuditChain } from '../audit/index.js';
import {
  billedTotals,
  creditedTotals,
  runBilledTotals,
  statementCreditedTotals,
  summaryYearTotals,
  yearKey,
  type YearTotal,
} from '../billing/index.js';
import { allocationTotals } from '../budgets/index.js';
import { STAGES, verifyLedger, type LedgerProblem, type OperationTotal } from '../ledger/index.js';
import { openClaimTotals } from '../life-events/index.js';
import { paidTotals } from '../payments/index.js';
import { ruleBreaks } from './rule-breaks.js';

/**
 * The auditor's checks: the journal knows accounts, not programmes, so the totals the operational tables
 * give are gathered here from each module's published reads and held against the journal's balances.
 */
/** What the operational tables say each stage account must hold (the other side of ledger/verify). */
async function operationTotals(
  db: Conn,
  billed: YearTotal[],
  credited: YearTotal[],
): Promise<OperationTotal[]> {
  const out: OperationTotal[] = [];
  for (const a of await allocationTotals(db)) {
    out.push({ stage: 'pagu', ...a, expected: a.amount.negated(), source: 'budget_allocations' });
    out.push({ stage: 'available', ...a, expected: a.amount, source: 'budget_allocations' });
  }
  for (const b of billed) {
    out.push({ stage: 'available', ...b, expected: b.amount.negated(), source: 'obligations' });
    out.push({ stage: 'committed', ...b, expected: b.amount, source: 'obligations' });
  }
  for (const p of await paidTotals(db)) {
    out.push({ stage: 'committed', ...p, expected: p.amount.negated(), source: 'payments' });
    out.push({ stage: 'paid', ...p, expected: p.amount, source: 'payments' });
  }
  // An open claim holds the budget of the month it overpaid until it is settled.
  for (const c of await openClaimTotals(db)) {
    out.push({ stage: 'available', ...c, expected: c.amount.negated(), source: 'overpayments' });
    out.push({ stage: 'claim', ...c, expected: c.amount, source: 'overpayments' });
  }
  for (const c of credited) {
    out.push({ stage: 'credited', ...c, expected: c.amount, source: 'credited obligations' });
    out.push({
      stage: 'credit_confirmed',
      ...c,
      expected: c.amount.negated(),
      source: 'credited obligations',
    });
  }
  return out;
}

/** Differences between two sets of totals per programme, source and year, as problems without an account. */
function differences(
  expected: Map<string, { billed: Decimal; credited: Decimal }>,
  actual: Map<string, { billed: Decimal; credited: Decimal }>,
  describe: (key: string, field: 'billed' | 'credited', e: Decimal, a: Decimal) => string,
): LedgerProblem[] {
  const zero = { billed: new Decimal(0), credited: new Decimal(0) };
  const problems: LedgerProblem[] = [];
  for (const k of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(k) ?? zero;
    const a = actual.get(k) ?? zero;
    for (const field of ['billed', 'credited'] as const) {
      if (!e[field].eq(a[field])) {
        problems.push({
          kind: 'mismatch',
          detail: describe(k, field, e[field], a[field]),
          expected: e[field].toFixed(0),
          actual: a[field].toFixed(0),
        });
      }
    }
  }
  return problems;
}

/** Billed and credited totals together, per programme, source and year. */
function byYear(
  billed: YearTotal[],
  credited: YearTotal[],
): Map<string, { billed: Decimal; credited: Decimal }> {
  const totals = new Map<string, { billed: Decimal; credited: Decimal }>();
  const at = (k: string) => totals.get(k) ?? { billed: new Decimal(0), credited: new Decimal(0) };
  for (const b of billed) totals.set(yearKey(b), { ...at(yearKey(b)), billed: b.amount });
  for (const c of credited) totals.set(yearKey(c), { ...at(yearKey(c)), credited: c.amount });
  return totals;
}

/** The report summaries, rolled up per programme, source and year, against the obligations as recorded. */
async function summaryProblems(
  db: Conn,
  billed: YearTotal[],
  credited: YearTotal[],
): Promise<LedgerProblem[]> {
  return differences(
    byYear(billed, credited),
    new Map((await summaryYearTotals(db)).map((s) => [yearKey(s), s])),
    (k, field, e, a) =>
      `report summary ${k} ${field}: obligations give ${e.toFixed(0)}, obligation_totals holds ${a.toFixed(0)}`,
  );
}

/**
 * The runs' and statements' recorded totals against the obligations and credits themselves, recounted row
 * by row: what the journal and the summaries were held against is in turn held against what it records.
 */
async function recountProblems(
  db: Conn,
  billed: YearTotal[],
  credited: YearTotal[],
): Promise<LedgerProblem[]> {
  return differences(
    byYear(await billedTotals(db), await creditedTotals(db)),
    byYear(billed, credited),
    (k, field, e, a) =>
      `recorded totals ${k} ${field}: obligations give ${e.toFixed(0)}, ${field === 'billed' ? 'billing runs' : 'statements'} record ${a.toFixed(0)}`,
  );
}

/**
 * The journal against what the operations record (allocations; the runs' totals less the obligations
 * cancelled one by one; the active statements' credits; payments; open claims), and the report summaries
 * against the same, a few rows per run, statement and account, never a row per worker. `recount` also
 * recounts those records from the obligations and credits themselves, row by row: the check a restore
 * makes before it trusts a copy, which may take seconds at the province's size.
 */
export async function verifyLedgerAgainstOperations(db: Conn, options: { recount?: boolean } = {}) {
  const billed = await runBilledTotals(db);
  const credited = await statementCreditedTotals(db);
  const ledger = await verifyLedger(db, await operationTotals(db, billed, credited), [...STAGES]);
  const summaries = [
    ...(await summaryProblems(db, billed, credited)),
    ...(options.recount ? await recountProblems(db, billed, credited) : []),
  ];
  return {
    balanced: ledger.balanced,
    matchesOperations: ledger.matchesOperations && summaries.length === 0,
    problems: [...ledger.problems, ...summaries],
    ruleBreaks: await ruleBreaks(db),
  };
}

/** Ledger and audit trail together, the records recounted: what a restore checks before a copy is trusted. */
export async function verifyAll(db: Conn) {
  const [ledger, audit] = [
    await verifyLedgerAgainstOperations(db, { recount: true }),
    await verifyAuditChain(db),
  ];
  return { ok: ledger.balanced && ledger.matchesOperations && audit.valid, ledger, audit };
}
