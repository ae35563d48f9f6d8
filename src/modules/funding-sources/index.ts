/** The APBD funding sources (province, regencies, cities) that pay shares of programmes. */
export {
  createFundingSource,
  getFundingSource,
  getFundingSources,
  knownFundingSourceIds,
  listFundingSources,
} from './funding-sources.service.js';
export { LEVELS, type FundingSource } from './funding-sources.schemas.js';
