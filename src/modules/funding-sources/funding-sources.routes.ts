import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { decodeCursor, listQuery, page, pathId } from '../../shared/fields.js';
import { notFound } from '../../shared/errors.js';
import {
  createFundingSourceBody,
  fundingSourceOut,
  updateFundingSourceBody,
} from './funding-sources.schemas.js';
import {
  createFundingSource,
  getFundingSource,
  listFundingSources,
  updateFundingSource,
} from './funding-sources.service.js';

export function registerFundingSourceRoutes(api: Api): void {
  api.route({
    operationId: 'createFundingSource',
    method: 'post',
    path: '/funding-sources',
    tag: 'funding-sources',
    summary: 'Create a funding source',
    access: ['admin'],
    body: createFundingSourceBody,
    errors: ['DUPLICATE_CODE', 'UNKNOWN_REFERENCE'],
    responses: { 201: { description: 'The funding source', schema: fundingSourceOut } },
    handler: async ({ body, ctx, db }) => ({ status: 201, body: await createFundingSource(db, ctx, body) }),
  });
  api.route({
    operationId: 'listFundingSources',
    method: 'get',
    path: '/funding-sources',
    tag: 'funding-sources',
    summary: 'List funding sources',
    access: 'anyRole',
    query: listQuery,
    responses: {
      200: {
        description: 'Funding sources by id',
        schema: z.object({ data: z.array(fundingSourceOut), nextCursor: z.string().nullable() }),
      },
    },
    handler: async ({ query, db }) => {
      const limit = query.limit ?? 100;
      return {
        status: 200,
        body: page(await listFundingSources(db, limit, decodeCursor(query.cursor)), limit),
      };
    },
  });
  api.route({
    operationId: 'getFundingSource',
    method: 'get',
    path: '/funding-sources/{id}',
    tag: 'funding-sources',
    summary: 'Get a funding source',
    access: 'anyRole',
    responses: { 200: { description: 'The funding source', schema: fundingSourceOut } },
    handler: async ({ params, db }) => {
      const source = await getFundingSource(db, pathId(params.id, 'fundingSource'));
      if (!source) throw notFound('fundingSource');
      return { status: 200, body: source };
    },
  });
  api.route({
    operationId: 'updateFundingSource',
    method: 'patch',
    path: '/funding-sources/{id}',
    tag: 'funding-sources',
    summary: 'Set what the budget books of a funding source need',
    description:
      'Sets the kode rekening per benefit, the sub-activity, the place its documents are signed at, its signatories (kepala dinas, bendahara pengeluaran, PPTK: each at most once), its name and four-eyes. A field left out is kept; null clears it. Audited with the fields before and after.',
    access: ['admin'],
    body: updateFundingSourceBody,
    responses: { 200: { description: 'The funding source', schema: fundingSourceOut } },
    handler: async ({ params, body, ctx, db }) => ({
      status: 200,
      body: await updateFundingSource(db, ctx, pathId(params.id, 'fundingSource'), body),
    }),
  });
}
