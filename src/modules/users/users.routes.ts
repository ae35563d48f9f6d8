import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { createUserBody, createdUserOut, userOut } from './users.schemas.js';
import { createUser, listUsers } from './users.service.js';

export function registerUserRoutes(api: Api): void {
  api.route({
    method: 'post',
    path: '/users',
    tag: 'users',
    summary: 'Create a user',
    description: 'The token in the answer is shown only here; the service keeps only its SHA-256 hash.',
    access: ['admin'],
    body: createUserBody,
    responses: { 201: { description: 'The user and its token', schema: createdUserOut } },
    handler: async ({ body, ctx, db }) => ({ status: 201, body: await createUser(db, ctx, body) }),
  });
  api.route({
    method: 'get',
    path: '/users',
    tag: 'users',
    summary: 'List users',
    access: ['admin', 'auditor'],
    responses: {
      200: {
        description: 'Active users',
        schema: z.object({ data: z.array(userOut), nextCursor: z.null() }),
      },
    },
    handler: async ({ db }) => ({ status: 200, body: { data: await listUsers(db), nextCursor: null } }),
  });
}
