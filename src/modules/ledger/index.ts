/**
 * The journal: balanced entries on stage accounts per programme, funding source and fiscal year
 * (docs/architecture.md, "Chart of accounts"). It knows accounts and entries, not programmes.
 */
export { type AccountNames } from './ledger-file.js';
export {
  STAGES,
  accountCode,
  balances,
  benefitBalances,
  entryOf,
  listEntries,
  move,
  postEntry,
  remainingBudget,
  reverseEntry,
  verifyLedger,
  type AccountKey,
  type LedgerProblem,
  type OperationTotal,
  type PostingLine,
  type Stage,
} from './ledger.service.js';
