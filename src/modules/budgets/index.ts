/** Budget ceilings (pagu) per programme, funding source and fiscal year, and the lines read from the journal. */
export { allocationTotals, createAllocation, listAllocations } from './budgets.service.js';
export { budgetLines, lineBudgets, type LineBudget } from './budget-lines.service.js';
export type { Allocation } from './budgets.schemas.js';
