/** Each region's workforce and coverage target per year: what the coverage report divides by. */
export { listWorkforce, setWorkforce } from './workforce.service.js';
export type { Workforce } from './workforce.schemas.js';
