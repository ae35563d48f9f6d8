import { z } from 'zod';
import type { Conn } from '../../db/knex.js';
import type { Api } from '../../http/api.js';
import { decodeCursor, listQuery, page, pathId, period } from '../../shared/fields.js';
import { notFound } from '../../shared/errors.js';
import type { Period } from '../../shared/period.js';
import {
  BENEFITS,
  SECTORS,
  correctRateBody,
  createProgramBody,
  createRateBody,
  programOut,
  rateOut,
} from './programs.schemas.js';
import { createProgram, getProgram, listPrograms } from './programs.service.js';
import { correctRate, createRate, listRates, priceShares, ratesInForce } from './rates.service.js';

const priceOut = z.object({
  programId: z.string(),
  period: z.string(),
  sector: z.enum(SECTORS),
  total: z.string(),
  benefits: z.array(z.object({ benefit: z.enum(BENEFITS), rateId: z.string(), amount: z.string() })),
  shares: z.array(z.object({ fundingSourceId: z.string(), share: z.string(), amount: z.string() })),
});

/** What the programme routes need from billing (above them), handed in by the composition root (src/app.ts). */
export interface ProgramPorts {
  /** The months from `from` to `to` (open-ended when null) that have live obligations. */
  billedPeriods: (db: Conn, from: Period, to: Period | null) => Promise<Period[]>;
}

export function registerProgramRoutes(api: Api, ports: ProgramPorts): void {
  api.route({
    operationId: 'createProgram',
    method: 'post',
    path: '/programs',
    tag: 'programs',
    summary: 'Create a programme',
    description:
      'Funding shares are decimal fractions that must sum to exactly 1; JKK and JKM are required, JHT optional.',
    access: ['admin'],
    body: createProgramBody,
    errors: ['DUPLICATE_CODE', 'UNKNOWN_REFERENCE'],
    responses: { 201: { description: 'The programme', schema: programOut } },
    handler: async ({ body, ctx, db }) => ({ status: 201, body: await createProgram(db, ctx, body) }),
  });
  api.route({
    operationId: 'listPrograms',
    method: 'get',
    path: '/programs',
    tag: 'programs',
    summary: 'List programmes',
    access: 'anyRole',
    query: listQuery,
    responses: {
      200: {
        description: 'Programmes by id',
        schema: z.object({ data: z.array(programOut), nextCursor: z.string().nullable() }),
      },
    },
    handler: async ({ query, db }) => {
      const limit = query.limit ?? 100;
      return { status: 200, body: page(await listPrograms(db, limit, decodeCursor(query.cursor)), limit) };
    },
  });
  api.route({
    operationId: 'getProgram',
    method: 'get',
    path: '/programs/{id}',
    tag: 'programs',
    summary: 'Get a programme',
    access: 'anyRole',
    responses: { 200: { description: 'The programme', schema: programOut } },
    handler: async ({ params, db }) => {
      const program = await getProgram(db, pathId(params.id, 'programme'));
      if (!program) throw notFound('programme');
      return { status: 200, body: program };
    },
  });
  api.route({
    operationId: 'priceProgram',
    method: 'get',
    path: '/programs/{id}/price',
    tag: 'programs',
    summary: 'Price one worker',
    description:
      'What one worker of a sector costs in a month under this programme, per benefit and per funding share.',
    access: 'anyRole',
    query: z.object({ period: period(), sector: z.enum(SECTORS).default('other') }),
    responses: { 200: { description: 'The monthly contribution of one worker', schema: priceOut } },
    handler: async ({ params, query, db }) => {
      const program = await getProgram(db, pathId(params.id, 'programme'));
      if (!program) throw notFound('programme');
      const price = priceShares(await ratesInForce(db, query.period), program, query.sector, query.period);
      return {
        status: 200,
        body: {
          programId: program.id,
          period: query.period,
          sector: query.sector,
          total: price.total.toFixed(0),
          benefits: price.benefits.map((b) => ({
            benefit: b.benefit,
            rateId: b.rateId,
            amount: b.amount.toFixed(0),
          })),
          shares: program.fundingShares.map((s, i) => ({ ...s, amount: price.shares[i]!.toFixed(0) })),
        },
      };
    },
  });
  api.route({
    operationId: 'createContributionRate',
    method: 'post',
    path: '/contribution-rates',
    tag: 'contribution-rates',
    summary: 'Create a contribution rate',
    description:
      'Exactly one of percentOfIncome (percent of the declared income) and flatAmount. Rows of one benefit and sector may not overlap (409); a sector row wins over the general one. A range that touches a closed period is a 409 PERIOD_CLOSED.',
    access: ['admin'],
    body: createRateBody,
    errors: ['RATE_OVERLAP', 'PERIOD_CLOSED'],
    responses: { 201: { description: 'The rate', schema: rateOut } },
    handler: async ({ body, ctx, db }) => ({ status: 201, body: await createRate(db, ctx, body) }),
  });
  api.route({
    operationId: 'listContributionRates',
    method: 'get',
    path: '/contribution-rates',
    tag: 'contribution-rates',
    summary: 'List contribution rates',
    access: 'anyRole',
    query: listQuery.extend({ benefit: z.enum(BENEFITS).optional(), period: period().optional() }),
    responses: {
      200: {
        description: 'Rates by id; with period, only those in force then',
        schema: z.object({ data: z.array(rateOut), nextCursor: z.string().nullable() }),
      },
    },
    handler: async ({ query, db }) => {
      const limit = query.limit ?? 100;
      const rows = await listRates(
        db,
        { benefit: query.benefit, period: query.period },
        limit,
        decodeCursor(query.cursor),
      );
      return { status: 200, body: page(rows, limit) };
    },
  });
  api.route({
    operationId: 'correctContributionRate',
    method: 'post',
    path: '/contribution-rates/{id}/correct',
    tag: 'contribution-rates',
    summary: 'Correct a contribution rate',
    description:
      'Replaces the rate with a corrected row (amount, range or legal basis; benefit and sector stay). The old row remains, marked superseded, so earlier bills stay reproducible. A range touching a closed period is a 409 PERIOD_CLOSED. The answer lists the months already billed in the range: run POST /billing-runs/reprice for each to book the differences.',
    access: ['admin'],
    body: correctRateBody,
    errors: ['RATE_OVERLAP', 'RATE_SUPERSEDED', 'PERIOD_CLOSED'],
    responses: {
      201: {
        description: 'The new rate, the superseded one and the billed months to reprice',
        schema: z.object({ rate: rateOut, superseded: rateOut, billedPeriodsToReprice: z.array(z.string()) }),
      },
    },
    handler: async ({ params, body, ctx, db }) => {
      const { rate, superseded } = await correctRate(db, ctx, pathId(params.id, 'contributionRate'), body);
      const from =
        superseded.effectiveFrom < rate.effectiveFrom ? superseded.effectiveFrom : rate.effectiveFrom;
      const to =
        superseded.effectiveTo === null || rate.effectiveTo === null
          ? null
          : superseded.effectiveTo > rate.effectiveTo
            ? superseded.effectiveTo
            : rate.effectiveTo;
      return {
        status: 201,
        body: { rate, superseded, billedPeriodsToReprice: await ports.billedPeriods(db, from, to) },
      };
    },
  });
}
