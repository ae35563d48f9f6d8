import { z } from 'zod';
import type { Api } from './api.js';

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'UPPER_SNAKE error code, e.g. PERIOD_CLOSED' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: js.required?.includes(name) ?? false,
    schema: s,
  }));
}

/** The OpenAPI 3.1 document, built from the very zod schemas that validate requests. */
export function buildOpenApi(api: Api, version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec } of api.routes) {
    const fullPath = `/api/v1${spec.path}`;
    const pathParams = [...spec.path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const headerParams = spec.idempotent
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'Same key and body within 24 hours: the first answer again, nothing created twice.',
            schema: { type: 'string', maxLength: 200 },
          },
        ]
      : [];
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(spec.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema || r.contentType
          ? {
              content: {
                [r.contentType ?? 'application/json']: r.schema
                  ? { schema: jsonSchema(r.schema, 'output') }
                  : {},
                ...Object.fromEntries(
                  (r.downloads ?? []).map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
                ),
              },
            }
          : {}),
      };
    }
    responses.default = {
      description: 'An error (RFC 9457 problem details)',
      content: { 'application/problem+json': { schema: problemSchema } },
    };
    const operation: Record<string, unknown> = {
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.tag],
      parameters: [...pathParams, ...queryParameters(spec.query), ...headerParams],
      responses,
      ...(spec.access === 'public'
        ? { security: [] }
        : {
            'x-roles':
              spec.access === 'anyRole'
                ? ['admin', 'program_manager', 'finance_officer', 'auditor']
                : spec.access,
          }),
    };
    if (spec.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
      };
    } else if (spec.rawBody) {
      operation.requestBody = { required: true, content: { [spec.rawBody]: { schema: { type: 'string' } } } };
    }
    paths[fullPath] = { ...(paths[fullPath] ?? {}), [spec.method]: operation };
  }
  paths['/health'] = {
    get: {
      summary: 'Health',
      description: 'Answers once the database does; no token needed.',
      tags: ['platform'],
      security: [],
      responses: {
        200: {
          description: 'The service and its database answer',
          content: {
            'application/json': { schema: { type: 'object', properties: { status: { const: 'ok' } } } },
          },
        },
      },
    },
  };
  paths['/api/v1/openapi.json'] = {
    get: {
      summary: 'This OpenAPI document',
      tags: ['platform'],
      security: [],
      responses: {
        200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } },
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'iuran-ledger',
      version,
      description:
        'Ledger of APBD-funded BPJS Ketenagakerjaan contributions. Money is whole rupiah carried as decimal strings; periods are "YYYY-MM"; errors are RFC 9457 problem+json.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A missing, unknown, revoked or expired token is a 401. After 20 failed token checks from one address within 5 minutes, each further failure is a 429 TOO_MANY_FAILED_LOGINS with Retry-After; a valid token is never refused.',
        },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
