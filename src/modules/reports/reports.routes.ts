import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { period } from '../../http/validation.js';
import { arrearsReport } from './arrears.service.js';

const arrearsOut = z.object({
  asOf: z.string(),
  periods: z.array(
    z.object({
      programId: z.string(),
      programCode: z.string(),
      fundingSourceId: z.string(),
      fundingSourceCode: z.string(),
      period: z.string(),
      billed: z.string(),
      paid: z.string(),
      outstanding: z.string(),
    }),
  ),
  beneficiaries: z.array(
    z.object({
      beneficiaryId: z.string(),
      programId: z.string(),
      nik: z.string(),
      name: z.string(),
      regionCode: z.string(),
      unpaidMonths: z.number(),
      oldestUnpaidPeriod: z.string(),
      amount: z.string(),
      deactivationRisk: z
        .boolean()
        .meta({ description: 'BPJS deactivates a member after 3 months of arrears' }),
    }),
  ),
});

export function registerReportRoutes(api: Api): void {
  api.route({
    method: 'get',
    path: '/reports/arrears',
    tag: 'reports',
    summary: 'Arrears',
    description:
      'Billed months up to asOf not fully paid, per programme and funding source; and the beneficiaries with 2 or more unpaid months (BPJS deactivates a member after 3), so a program manager can act before coverage lapses.',
    access: 'anyRole',
    query: z.object({
      asOf: period(),
      minMonths: z
        .string()
        .regex(/^[1-9][0-9]?$/, 'must be a whole number from 1 to 99')
        .transform(Number)
        .optional(),
      limit: z
        .string()
        .regex(/^[0-9]{1,6}$/, 'must be a whole number')
        .transform((n) => Math.min(Math.max(Number(n), 1), 10000))
        .optional(),
    }),
    responses: { 200: { description: 'The arrears', schema: arrearsOut } },
    handler: async ({ query, ctx, db }) => ({
      status: 200,
      body: await arrearsReport(db, query.asOf, {
        minMonths: query.minMonths ?? 2,
        limit: query.limit ?? 1000,
        maskNiks: ctx.actor.role === 'auditor',
      }),
    }),
  });
}
