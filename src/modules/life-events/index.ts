/**
 * Life events that reach back into billed months: an enrolment ended after its months were billed cancels
 * what is unpaid and turns what was paid into overpayments, claims on the insurer settled by offset or refund.
 */
export { endEnrolmentWithEffects } from './life-events.service.js';
export {
  getOverpayment,
  listOverpayments,
  openClaimTotals,
  settleOverpayment,
} from './overpayments.service.js';
export type { Affected, Overpayment } from './life-events.schemas.js';
