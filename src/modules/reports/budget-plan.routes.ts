import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { rule } from '../../shared/fields.js';
import { BENEFITS } from '../programs/index.js';
import { budgetPlan } from './budget-plan.service.js';

const budgetPlanQuery = z.object({
  fiscalYear: z
    .string({ error: rule('yearType') })
    .regex(/^20[0-9]{2}$/, rule('year'))
    .transform(Number),
});

const budgetPlanOut = z.object({
  fiscalYear: z.number().int(),
  rows: z.array(
    z.object({
      programCode: z.string(),
      fundingSourceId: z.string(),
      benefit: z.enum(BENEFITS),
      accountCode: z.string().nullable().meta({ description: "The source's kode rekening of the benefit" }),
      workers: z.number().int().meta({ description: "The programme's enrolments active in January" }),
      amount: z.string().meta({ description: 'Whole rupiah for the year' }),
    }),
  ),
  arrears: z.array(
    z.object({
      programCode: z.string(),
      fundingSourceId: z.string(),
      amount: z.string().meta({ description: 'Billed and not yet paid, months before the year' }),
    }),
  ),
  total: z.string().meta({ description: 'Every row and every arrear' }),
});

export function registerBudgetPlanRoute(api: Api): void {
  api.route({
    operationId: 'budgetPlanReport',
    method: 'get',
    path: '/reports/budget-plan',
    tag: 'reports',
    summary: 'Budget plan of a fiscal year',
    description:
      "What a fiscal year will cost, to plan its APBD: every enrolment active in January of the year (open-ended, or until its last month), priced month by month by the schedule in force that month (discounts included), each worker's price split over the programme's funding sources by their shares and each share over benefits as billing splits it; rows per programme, source and benefit with the source's kode rekening. arrears: what is billed and still unpaid of the months before the year, per programme and source. total: the rows and the arrears together. Within the caller's scope: the people of its regions and the lines of its funding sources (a scope of regions alone holds no budget line).",
    access: 'anyRole',
    query: budgetPlanQuery,
    responses: { 200: { description: 'The plan', schema: budgetPlanOut } },
    handler: async ({ query, ctx, db }) => ({
      status: 200,
      body: await budgetPlan(db, query.fiscalYear, ctx.actor.scope),
    }),
  });
}
