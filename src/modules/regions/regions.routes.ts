import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { enumOf } from '../../shared/fields.js';
import { listRegions, REGION_LEVELS } from './regions.service.js';

const regionOut = z.object({
  code: z.string().meta({ examples: ['15.08'] }),
  name: z.string().meta({ examples: ['Kabupaten Bungo'] }),
  level: z.enum(REGION_LEVELS),
  parentCode: z.string().nullable().meta({ description: 'The province of a regency or city' }),
});

export function registerRegionRoutes(api: Api): void {
  api.route({
    operationId: 'listRegions',
    method: 'get',
    path: '/regions',
    tag: 'regions',
    summary: 'List regions',
    description:
      'The Kemendagri regions every regionCode is checked against: the province, its regencies and cities. A small reference list, answered whole.',
    access: 'anyRole',
    query: z.object({ level: enumOf(REGION_LEVELS).optional().meta({ description: 'Only this level' }) }),
    responses: {
      200: { description: 'Regions by code', schema: z.object({ data: z.array(regionOut) }) },
    },
    handler: async ({ query, db }) => ({ status: 200, body: { data: await listRegions(db, query.level) } }),
  });
}
