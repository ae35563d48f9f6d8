/**
 * Each region's workforce and coverage target per year, and the insurer's count of its insured members per
 * month: what the coverage report divides.
 */
export { listWorkforce, setWorkforce } from './workforce.service.js';
export { listInsuredCounts, setInsuredCount } from './insured-counts.service.js';
export type { Workforce } from './workforce.schemas.js';
