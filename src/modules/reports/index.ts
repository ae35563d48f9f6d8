/** The read side: reports over every table, writing none. */
export { arrearsReport } from './arrears.service.js';
export { budgetPlan, type BudgetPlan } from './budget-plan.service.js';
export { budgetBurnReport, type BudgetBurnReport } from './budget-burn.service.js';
export { coverageReport, type CoverageReport } from './coverage.service.js';
export { monthlyReport, type MonthlyReport } from './monthly-report.service.js';
export { realisationReport } from './realisation.service.js';
export type { RealisationReport } from './realisation.schemas.js';
export { TOTALS_DIMENSIONS, type TotalsDimension } from './totals.dimensions.js';
export { totalsReport, type TotalsFigures, type TotalsReport } from './totals.service.js';
