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
export { cancelRun, getRun, listRuns, runBilling, runRepricing, type PaidGuard } from './billing.service.js';
export { listObligations, obligationsByPeriod } from './obligations.service.js';
export {
  billedByPeriod,
  billedPeriodsBetween,
  billedTotals,
  creditedObligations,
  creditedTotals,
  creditOf,
  liveObligations,
  otherProgramObligations,
  workerTotals,
  yearKey,
  type YearTotal,
} from './billing.reads.js';
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
  summaryYearTotals,
  type CreditSum,
  type SummaryYearTotal,
} from './summaries.repository.js';
