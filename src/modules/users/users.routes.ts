import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { createUserBody, createdUserOut, scopeBody, userOut } from './users.schemas.js';
import { createUser, disableAdminToken, listUsers, revokeUser, setUserScope } from './users.service.js';
import type { KnownSources } from './scopes.service.js';
import { pathId } from '../../shared/fields.js';

/** What the user routes need from funding sources (a module of the same level), handed in by src/app.ts. */
export interface UserPorts {
  knownSources: KnownSources;
}

const SCOPE_RULES =
  'A scope limits what the user sees and moves: finance officers by funding source, program managers by region, auditors by either or both; admins are always province-wide. A scope the role may not carry is a 422 SCOPE_NOT_FOR_ROLE; an unknown funding source or region a 422 UNKNOWN_REFERENCE.';

export function registerUserRoutes(api: Api, ports: UserPorts): void {
  api.route({
    operationId: 'createUser',
    method: 'post',
    path: '/users',
    tag: 'users',
    summary: 'Create a user',
    description: `The token in the answer is shown only here; the service keeps only its SHA-256 hash. Without \`scope\` the user is province-wide. ${SCOPE_RULES}`,
    access: ['admin'],
    body: createUserBody,
    errors: ['SCOPE_NOT_FOR_ROLE', 'UNKNOWN_REFERENCE'],
    responses: { 201: { description: 'The user and its token', schema: createdUserOut } },
    handler: async ({ body, ctx, db }) => ({
      status: 201,
      body: await createUser(db, ctx, body, ports.knownSources),
    }),
  });
  api.route({
    operationId: 'setUserScope',
    method: 'put',
    path: '/users/{id}/scope',
    tag: 'users',
    summary: "Set a user's scope",
    description: `Replaces the scope as a whole (\`{}\` makes the user province-wide); audited as \`user.scope\` with the scope before and after. It applies from the user's next request, console sessions included. ${SCOPE_RULES}`,
    access: ['admin'],
    body: scopeBody,
    errors: ['SCOPE_NOT_FOR_ROLE', 'UNKNOWN_REFERENCE'],
    responses: { 200: { description: 'The user with the new scope', schema: userOut } },
    handler: async ({ params, body, ctx, db }) => ({
      status: 200,
      body: await setUserScope(db, ctx, pathId(params.id, 'user'), body, ports.knownSources),
    }),
  });
  api.route({
    operationId: 'listUsers',
    method: 'get',
    path: '/users',
    tag: 'users',
    summary: 'List users',
    access: ['admin', 'auditor'],
    responses: {
      200: {
        description: 'Users, revoked ones included, each with its scope',
        schema: z.object({ data: z.array(userOut), nextCursor: z.null() }),
      },
    },
    handler: async ({ db }) => ({ status: 200, body: { data: await listUsers(db), nextCursor: null } }),
  });
  api.route({
    operationId: 'revokeUser',
    method: 'post',
    path: '/users/{id}/revoke',
    tag: 'users',
    summary: 'Revoke a user token',
    description:
      'Immediate: the next request with that token is a 401. Revoking twice is a 409 ALREADY_REVOKED. Revoking the last active (not revoked, not expired) admin user is a 409 LAST_ADMIN, whether or not the ADMIN_TOKEN bootstrap credential is still on.',
    access: ['admin'],
    responses: { 200: { description: 'The revoked user', schema: userOut } },
    handler: async ({ params, ctx, db }) => ({
      status: 200,
      body: await revokeUser(db, ctx, pathId(params.id, 'user')),
    }),
  });
  api.route({
    operationId: 'disableAdminToken',
    method: 'post',
    path: '/settings/admin-token/disable',
    tag: 'users',
    summary: 'Turn the ADMIN_TOKEN bootstrap credential off',
    description:
      'Only once an active (not revoked, not expired) admin user exists (409 NO_ADMIN_USER otherwise); from then on ADMIN_TOKEN is refused with 401 on this database.',
    access: ['admin'],
    responses: { 200: { description: 'Done', schema: z.object({ adminTokenDisabled: z.literal(true) }) } },
    handler: async ({ ctx, db }) => ({ status: 200, body: await disableAdminToken(db, ctx) }),
  });
}
