import type { Scope } from '../../shared/scope.js';
import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { decodeCursor, id, listQuery, page, rule } from '../../shared/fields.js';
import { allocationOut, budgetLineOut, createAllocationBody } from './budgets.schemas.js';
import { createAllocation, listAllocations } from './budgets.service.js';
import { budgetLines } from './budget-lines.service.js';

const yearQuery = z
  .string()
  .regex(/^20[0-9]{2}$/, rule('year'))
  .transform(Number)
  .optional();
const filterQuery = z.object({
  programId: id().optional(),
  fundingSourceId: id().optional(),
  fiscalYear: yearQuery,
});

function toFilter(q: z.output<typeof filterQuery>, scope: Scope | undefined) {
  return {
    scope,
    programId: q.programId === undefined ? undefined : Number(q.programId),
    fundingSourceId: q.fundingSourceId === undefined ? undefined : Number(q.fundingSourceId),
    fiscalYear: q.fiscalYear,
  };
}

export function registerBudgetRoutes(api: Api): void {
  api.route({
    operationId: 'createBudgetAllocation',
    method: 'post',
    path: '/budget-allocations',
    tag: 'budgets',
    summary: 'Allocate budget',
    description:
      'Adds a ceiling (pagu) for a programme, one of its funding sources and a fiscal year, booked in the journal (Dr available / Cr pagu). An amendment is another allocation; a negative one is refused (422 BELOW_COMMITTED) if the total would drop below what is billed. The allocations of all budget lines together may not exceed 1000000000000000000 rupiah (10^18), so that every total the ledger keeps fits a BIGINT; an allocation beyond is a 422 AMOUNT_TOO_LARGE naming the limit.',
    access: ['admin', 'finance_officer'],
    body: createAllocationBody,
    errors: [
      'UNKNOWN_REFERENCE',
      'MIXED_BUDGET_LINES',
      'NOT_A_FUNDING_SOURCE_OF_PROGRAM',
      'BELOW_COMMITTED',
      'AMOUNT_TOO_LARGE',
      'OUT_OF_SCOPE',
    ],
    idempotent: true,
    responses: { 201: { description: 'The allocation', schema: allocationOut } },
    handler: async ({ body, ctx, db }) => ({ status: 201, body: await createAllocation(db, ctx, body) }),
  });
  api.route({
    operationId: 'listBudgetAllocations',
    method: 'get',
    path: '/budget-allocations',
    tag: 'budgets',
    summary: 'List budget allocations',
    access: 'anyRole',
    query: listQuery.extend(filterQuery.shape),
    responses: {
      200: {
        description: 'Allocations by id',
        schema: z.object({ data: z.array(allocationOut), nextCursor: z.string().nullable() }),
      },
    },
    handler: async ({ query, ctx, db }) => {
      const limit = query.limit ?? 100;
      return {
        status: 200,
        body: page(
          await listAllocations(db, toFilter(query, ctx.actor.scope), limit, decodeCursor(query.cursor)),
          limit,
        ),
      };
    },
  });
  api.route({
    operationId: 'listBudgetLines',
    method: 'get',
    path: '/budget-lines',
    tag: 'budgets',
    summary: 'Budget lines with their stages',
    description:
      "Per programme, funding source and fiscal year (and benefit, where the budget is kept per kode rekening): original (APBD murni) and amended (with APBD-P) from the allocations; ceiling allocated, billed (committed), paid and remaining read from the journal. A line kept per benefit shows that benefit's part of the bills and payments (the journal's postings carry the benefit), and billing checks each benefit against its own line (422 OVER_BUDGET naming fundingSource.{id}.{benefit}). Paid here follows the months paid (accrual); the cash realisation of a fiscal year is GET /reports/realisation.",
    access: 'anyRole',
    query: filterQuery,
    responses: {
      200: {
        description: 'Budget lines',
        schema: z.object({ data: z.array(budgetLineOut), nextCursor: z.null() }),
      },
    },
    handler: async ({ query, ctx, db }) => ({
      status: 200,
      body: { data: await budgetLines(db, toFilter(query, ctx.actor.scope)), nextCursor: null },
    }),
  });
}
