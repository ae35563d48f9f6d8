import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { decodeCursor, encodeCursor } from '../../shared/fields.js';
import { invalid } from '../../shared/errors.js';
import { FIELD } from '../../shared/messages/index.js';
import { isPeriod, type Period } from '../../shared/period.js';
import { listInsuredCounts, setInsuredCount } from './insured-counts.service.js';
import {
  insuredCountOut,
  insuredCountsQuery,
  putInsuredCountBody,
  type InsuredCount,
  putWorkforceBody,
  workforceOut,
  workforceQuery,
  YEAR_PATTERN,
  type Workforce,
} from './workforce.schemas.js';
import { listWorkforce, setWorkforce } from './workforce.service.js';

function pathYear(value: string | undefined): number {
  if (!value || !YEAR_PATTERN.test(value)) {
    throw invalid([{ path: 'year', message: FIELD.year() }]);
  }
  return Number(value);
}

function pathPeriod(value: string | undefined): Period {
  if (!value || !isPeriod(value)) throw invalid([{ path: 'period', message: FIELD.period() }]);
  return value;
}

export function registerWorkforceRoutes(api: Api): void {
  registerInsuredCountRoutes(api);
  api.route({
    operationId: 'setWorkforce',
    method: 'put',
    path: '/workforce/{regionCode}/{year}',
    tag: 'workforce',
    summary: 'Set a region workforce',
    description:
      'Records the number of workers of a region (regency, city or the province) for a year and the coverage target set for it; the coverage report divides by it. Replaces any earlier figure of that region and year.',
    access: ['admin'],
    body: putWorkforceBody,
    responses: { 200: { description: 'The region workforce of that year', schema: workforceOut } },
    handler: async ({ params, body, ctx, db }) => ({
      status: 200,
      body: await setWorkforce(db, ctx, params.regionCode ?? '', pathYear(params.year), body),
    }),
  });
  api.route({
    operationId: 'listWorkforce',
    method: 'get',
    path: '/workforce',
    tag: 'workforce',
    summary: 'List region workforces',
    access: 'anyRole',
    query: workforceQuery,
    responses: {
      200: {
        description: 'Workforce figures by year, then region',
        schema: z.object({ data: z.array(workforceOut), nextCursor: z.string().nullable() }),
      },
    },
    handler: async ({ query, db }) => {
      const limit = query.limit ?? 100;
      const offset = decodeCursor(query.cursor) ?? 0;
      const rows: Workforce[] = await listWorkforce(db, { year: query.year }, limit, offset);
      return {
        status: 200,
        body: {
          data: rows.slice(0, limit),
          nextCursor: rows.length > limit ? encodeCursor(offset + limit) : null,
        },
      };
    },
  });
}

function registerInsuredCountRoutes(api: Api): void {
  api.route({
    operationId: 'setInsuredCount',
    method: 'put',
    path: '/insured-counts/{regionCode}/{period}',
    tag: 'workforce',
    summary: 'Set a region insured count',
    description:
      "Records the insurer's count of all active members (wage and non-wage) living in a region (regency, city or the province) in a month, with the document it comes from; the coverage report counts coverage from it, as the province does. Replaces any earlier count of that region and month (audited with the count it replaced). An unknown region is a 404.",
    access: ['admin'],
    body: putInsuredCountBody,
    responses: {
      200: { description: 'The insured count of that region and month', schema: insuredCountOut },
    },
    handler: async ({ params, body, ctx, db }) => ({
      status: 200,
      body: await setInsuredCount(db, ctx, params.regionCode ?? '', pathPeriod(params.period), body),
    }),
  });
  api.route({
    operationId: 'listInsuredCounts',
    method: 'get',
    path: '/insured-counts',
    tag: 'workforce',
    summary: 'List region insured counts',
    access: 'anyRole',
    query: insuredCountsQuery,
    responses: {
      200: {
        description: 'Insured counts by month, then region',
        schema: z.object({ data: z.array(insuredCountOut), nextCursor: z.string().nullable() }),
      },
    },
    handler: async ({ query, db }) => {
      const limit = query.limit ?? 100;
      const offset = decodeCursor(query.cursor) ?? 0;
      const rows: InsuredCount[] = await listInsuredCounts(db, { period: query.period }, limit, offset);
      return {
        status: 200,
        body: {
          data: rows.slice(0, limit),
          nextCursor: rows.length > limit ? encodeCursor(offset + limit) : null,
        },
      };
    },
  });
}
