/** Month closing: a closed contribution month refuses every write that names it. */
export {
  assertOpen,
  closedPeriods,
  getPeriod,
  listPeriodStates,
  setPeriodClosed,
  type PeriodState,
} from './periods.service.js';
