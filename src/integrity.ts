import type { Conn } from './db/knex.js';
import { verifyAuditChain } from './modules/audit/audit.service.js';
import { allocationTotals } from './modules/budgets/budgets.service.js';
import { billedTotals, creditedTotals } from './modules/billing/billing.service.js';
import { STAGES, verifyLedger, type OperationTotal } from './modules/ledger/ledger.service.js';
import { paidTotals } from './modules/payments/payments.service.js';

/**
 * The auditor's checks, composed at the edge: the journal knows accounts, not programmes, so the totals
 * the operational tables give are gathered here from each module's service and handed to it.
 */
/** What the operational tables say each stage account must hold (the other side of ledger/verify). */
async function operationTotals(db: Conn): Promise<OperationTotal[]> {
  const out: OperationTotal[] = [];
  for (const a of await allocationTotals(db)) {
    out.push({ stage: 'pagu', ...a, expected: a.amount.negated(), source: 'budget_allocations' });
    out.push({ stage: 'available', ...a, expected: a.amount, source: 'budget_allocations' });
  }
  for (const b of await billedTotals(db)) {
    out.push({ stage: 'available', ...b, expected: b.amount.negated(), source: 'obligations' });
    out.push({ stage: 'committed', ...b, expected: b.amount, source: 'obligations' });
  }
  for (const p of await paidTotals(db)) {
    out.push({ stage: 'committed', ...p, expected: p.amount.negated(), source: 'payments' });
    out.push({ stage: 'paid', ...p, expected: p.amount, source: 'payments' });
  }
  for (const c of await creditedTotals(db)) {
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

export async function verifyLedgerAgainstOperations(db: Conn) {
  return verifyLedger(db, await operationTotals(db), [...STAGES]);
}

/** Ledger and audit trail together: what a restore checks before a copy is trusted. */
export async function verifyAll(db: Conn) {
  const [ledger, audit] = [await verifyLedgerAgainstOperations(db), await verifyAuditChain(db)];
  return { ok: ledger.balanced && ledger.matchesOperations && audit.valid, ledger, audit };
}
