/** SP2D payments to the insurer, allocated to billed months oldest first, with four-eyes approval. */
export {
  approvePayment,
  getPayment,
  listPayments,
  outstandingAmount,
  paidGuard,
  paidTotals,
  recordPayment,
  rejectPayment,
  reversePayment,
} from './payments.service.js';
export { monthFigures, type MonthFigures } from './outstanding.service.js';
export { recordOffsetPayment } from './offset.service.js';
export type { Outstanding, Payment } from './payments.schemas.js';
