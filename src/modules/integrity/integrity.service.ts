import type { Conn } from '../../db/knex.js';
import { Decimal } from '../../shared/money.js';
import { verifyAuditChain } from '../audit/index.js';
import {
  billedTotals,
  creditedTotals,
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

/** The report summaries, rolled up per programme, source and year, against the obligations they sum. */
async function summaryProblems(
  db: Conn,
  billed: YearTotal[],
  credited: YearTotal[],
): Promise<LedgerProblem[]> {
  const expected = new Map<string, { billed: Decimal; credited: Decimal }>();
  const at = (k: string) => expected.get(k) ?? { billed: new Decimal(0), credited: new Decimal(0) };
  for (const b of billed) expected.set(yearKey(b), { ...at(yearKey(b)), billed: b.amount });
  for (const c of credited) expected.set(yearKey(c), { ...at(yearKey(c)), credited: c.amount });
  const summarised = new Map((await summaryYearTotals(db)).map((s) => [yearKey(s), s]));
  const problems: LedgerProblem[] = [];
  for (const k of new Set([...expected.keys(), ...summarised.keys()])) {
    const e = at(k);
    const s = summarised.get(k) ?? { billed: new Decimal(0), credited: new Decimal(0) };
    for (const field of ['billed', 'credited'] as const) {
      if (!e[field].eq(s[field])) {
        problems.push({
          kind: 'mismatch',
          detail: `report summary ${k} ${field}: obligations give ${e[field].toFixed(0)}, obligation_totals holds ${s[field].toFixed(0)}`,
          expected: e[field].toFixed(0),
          actual: s[field].toFixed(0),
        });
      }
    }
  }
  return problems;
}

export async function verifyLedgerAgainstOperations(db: Conn) {
  const billed = await billedTotals(db);
  const credited = await creditedTotals(db);
  const ledger = await verifyLedger(db, await operationTotals(db, billed, credited), [...STAGES]);
  const summaries = await summaryProblems(db, billed, credited);
  return {
    balanced: ledger.balanced,
    matchesOperations: ledger.matchesOperations && summaries.length === 0,
    problems: [...ledger.problems, ...summaries],
    ruleBreaks: await ruleBreaks(db),
  };
}

/** Ledger and audit trail together: what a restore checks before a copy is trusted. */
export async function verifyAll(db: Conn) {
  const [ledger, audit] = [await verifyLedgerAgainstOperations(db), await verifyAuditChain(db)];
  return { ok: ledger.balanced && ledger.matchesOperations && audit.valid, ledger, audit };
}
