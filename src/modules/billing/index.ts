/**
 * Billing: monthly runs that turn enrolments into obligations (one per worker, programme, month and
 * funding share), and the reads other modules rely on (billing.reads.ts defines "live" and "credited").
 */
export {
  billingRunOut,
  obligationsByPeriodOut,
  type BillingRun,
  type Obligation,
} from './billing.schemas.js';
export {
  cancelRun,
  getRun,
  listRuns,
  runBilling,
  runRepricing,
  RUN_STEPS,
  type PaidGuard,
  type RunStep,
} from './billing.service.js';
export { benefitPrices, type BenefitPrice } from './benefit-prices.js';
export { listObligations, obligationsByPeriod } from './obligations.service.js';
export {
  billedByPeriod,
  billedPeriodsBetween,
  billedPeriodsOf,
  billedTotals,
  creditedObligations,
  creditedTotals,
  liveObligations,
  liveSharesAfter,
  otherProgramObligations,
  runBilledTotals,
  statementCreditedTotals,
  workerTotals,
  yearKey,
  type LiveShare,
  type YearTotal,
} from './billing.reads.js';
export { cancelShares } from './cancel-shares.js';
export {
  addBenefits,
  lineKey,
  monthBenefits,
  priceBenefits,
  splitOverBenefits,
  type PriceBenefits,
} from './benefit-split.js';
export { insertRebillRequest as requestRebill } from './billing.repository.js';
export {
  applyCredit,
  creditSums,
  monthBit,
  recordCreditSums,
  summaryYearTotals,
  type CreditSum,
  type SummaryYearTotal,
} from './summaries.repository.js';
