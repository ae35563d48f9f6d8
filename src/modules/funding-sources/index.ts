/** The APBD funding sources (province, regencies, cities) that pay shares of programmes. */
export {
  createFundingSource,
  getFundingSource,
  getFundingSources,
  knownFundingSourceIds,
  listFundingSources,
  updateFundingSource,
} from './funding-sources.service.js';
export {
  BENEFIT_ACCOUNTS,
  LEVELS,
  SIGNATORY_ROLES,
  type AccountBenefit,
  type FundingSource,
  type Signatory,
} from './funding-sources.schemas.js';
