import { Decimal } from '../../shared/money.js';

/** Where a month stands, in the order a month lives through: open → … → closed. */
export const MONTH_STATES = ['open', 'billed', 'paid', 'reconciled', 'closed'] as const;
export type MonthState = (typeof MONTH_STATES)[number];

export interface MonthFacts {
  /** An auditor closed the month (periods). */
  closed: boolean;
  billed: string;
  outstanding: string | null;
  /** An insurer statement of the month is uploaded (reconciliation). */
  reconciled: boolean;
}

/**
 * A month's state as the Tagihan board and the Audit calendar show it: the API keeps only open or closed,
 * so the steps between come from the figures: nothing billed is open, a statement makes it reconciled,
 * otherwise it is paid once nothing is outstanding.
 */
export function monthState(facts: MonthFacts): MonthState {
  if (facts.closed) return 'closed';
  if (new Decimal(facts.billed).lte(0)) return 'open';
  if (facts.reconciled) return 'reconciled';
  return new Decimal(facts.outstanding ?? '0').gt(0) ? 'billed' : 'paid';
}
