/** Beneficiaries (the workers), their enrolments in programmes, and what other modules may ask of them. */
export { activeEnrolments, beneficiaryNiks, beneficiarySectors, niksInScope } from './active-enrolments.js';
export { enrolledInForce } from './enrolment-flows.js';
export {
  END_REASONS,
  endEnrolmentBody,
  enrolmentOut,
  type Beneficiary,
  type EndEnrolmentInput,
  type EndReason,
  type Enrolment,
} from './beneficiaries.schemas.js';
export {
  createBeneficiary,
  createEnrolment,
  eachBeneficiary,
  endEnrolment,
  getBeneficiary,
  getEnrolment,
  listBeneficiaries,
  listEnrolments,
} from './beneficiaries.service.js';
export { importBeneficiaries, type ImportResult } from './import.service.js';
export { rejectedLinesUrl } from './rejected.repository.js';
