/**
 * Programmes (who pays which share of a worker's contribution) and the contribution rates that price a
 * worker's month (docs/domain.md, "Statutory schedule").
 */
export {
  BENEFITS,
  MIN_DECLARED_INCOME,
  SECTORS,
  type Benefit,
  type Program,
  type Rate,
  type Sector,
} from './programs.schemas.js';
export {
  createProgram,
  getProgram,
  getProgramByCode,
  listPrograms,
  programsFundedWithin,
  programsRunningIn,
} from './programs.service.js';
export {
  benefitAmount,
  priceShares,
  priceWorker,
  ratesById,
  ratesInForce,
  standingRates,
  type BenefitPrice,
  type WorkerPrice,
} from './rates.service.js';
