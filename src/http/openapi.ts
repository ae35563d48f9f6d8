import { z } from 'zod';
import { ROLES } from '../shared/context.js';
import { ERROR_CODES, PROBLEMS, type ErrorCode } from '../shared/messages/index.js';
import type { AnyRoute, Api } from './api.js';

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/** What each group of operations is for, as the reference shows it. */
const TAG_DESCRIPTIONS: Record<string, string> = {
  audit: 'The hash-chained audit trail of every write, and its verification.',
  beneficiaries: 'Workers (peserta): registration one by one or from a file, lists and downloads.',
  billing: 'Monthly billing runs, their preview and cancellation, and the obligations they create.',
  budgets: 'Budget ceilings (pagu) per programme, funding source and fiscal year, and the budget lines.',
  'contribution-rates': 'The statutory schedule of contribution rates, effective-dated and correctable.',
  enrolments: 'Enrolments of workers in programmes, and their ends.',
  'funding-sources': 'The APBD funding sources of the province, regencies and cities.',
  ledger: 'The double-entry journal and its verification against the operational tables.',
  payments: 'SP2D payments to the insurer, four-eyes approval, rejection and reversal.',
  periods: 'Contribution months, closed and reopened by auditors.',
  platform: 'Health and this document.',
  programs: 'Programmes, their funding shares, and what a worker costs in a month.',
  reconciliation: "The insurer's statements, reconciled with the obligations, and their exceptions.",
  regions: 'The Kemendagri regions (province, regencies, cities) that region codes refer to.',
  reports: 'Totals, arrears, coverage, budget burn and the printable monthly report.',
  users: 'Users, their roles and tokens, and the bootstrap credential.',
  workforce:
    "Each region's workforce and coverage target, and the insurer's count of insured members per month.",
};

const problemSchema = {
  type: 'object',
  description:
    'RFC 9457 problem details; `title`, `detail` and field messages follow Accept-Language (en, id).',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', enum: ERROR_CODES, description: 'What went wrong, for programs to act on' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
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

/** The error codes a route can answer with, from what it declares and what every route of its kind can. */
function errorCodes(spec: AnyRoute): ErrorCode[] {
  const codes = new Set<ErrorCode>(spec.errors ?? []);
  if (spec.query || spec.body || spec.rawBody || spec.path.includes('{')) codes.add('VALIDATION_FAILED');
  if (spec.body)
    ['MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'BODY_TOO_LARGE'].forEach((c) => codes.add(c as ErrorCode));
  if (spec.rawBody) ['UNSUPPORTED_MEDIA_TYPE', 'BODY_TOO_LARGE'].forEach((c) => codes.add(c as ErrorCode));
  // The JSON parser reads a JSON body sent to any write, before the route, even one that takes none.
  if (spec.method !== 'get') ['MALFORMED_JSON', 'BODY_TOO_LARGE'].forEach((c) => codes.add(c as ErrorCode));
  if (spec.path.includes('{')) codes.add('NOT_FOUND');
  if (spec.idempotent) codes.add('IDEMPOTENCY_KEY_REUSED');
  if (spec.access !== 'public') {
    ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'TOO_MANY_FAILED_LOGINS'].forEach((c) => codes.add(c as ErrorCode));
    if (spec.access !== 'anyRole') codes.add('FORBIDDEN');
  }
  return [...codes];
}

/** One documented answer per error status, naming the codes it can carry. */
function errorResponses(spec: AnyRoute): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodes(spec)) {
    const status = PROBLEMS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => [
        String(status),
        {
          description: `${PROBLEMS[codes[0]!].title.en}: ${codes.sort().join(', ')}`,
          content: { 'application/problem+json': { schema: PROBLEM_REF } },
        },
      ]),
  );
}

function operationOf(spec: AnyRoute): Record<string, unknown> {
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
          schema: { type: 'string', maxLength: 200, pattern: '^[A-Za-z0-9._:-]{1,200}$' },
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
                : { schema: { type: 'string', format: 'binary' } },
              ...Object.fromEntries(
                (r.downloads ?? []).map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
              ),
            },
          }
        : {}),
    };
  }
  Object.assign(responses, errorResponses(spec));
  const operation: Record<string, unknown> = {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    parameters: [...pathParams, ...queryParameters(spec.query), ...headerParams],
    responses,
    ...(spec.access === 'public'
      ? { security: [] }
      : { 'x-roles': spec.access === 'anyRole' ? [...ROLES] : spec.access }),
  };
  if (spec.body) {
    operation.requestBody = {
      required: true,
      content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
    };
  } else if (spec.rawBody) {
    operation.requestBody = {
      required: true,
      content: Object.fromEntries(
        spec.rawBody.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
      ),
    };
  }
  return operation;
}

const PLATFORM_PATHS = {
  '/health': {
    get: {
      operationId: 'health',
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
        406: {
          description: 'NOT_ACCEPTABLE: the request does not accept JSON',
          content: { 'application/problem+json': { schema: PROBLEM_REF } },
        },
      },
    },
  },
  '/api/v1/openapi.json': {
    get: {
      operationId: 'openApiDocument',
      summary: 'This OpenAPI document',
      tags: ['platform'],
      security: [],
      responses: {
        200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } },
        406: {
          description: 'NOT_ACCEPTABLE: the request does not accept JSON',
          content: { 'application/problem+json': { schema: PROBLEM_REF } },
        },
      },
    },
  },
};

/** The OpenAPI 3.1 document, built from the very zod schemas that validate requests. */
export function buildOpenApi(api: Api, version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of api.routes) {
    const fullPath = `/api/v1${spec.path}`;
    paths[fullPath] = { ...(paths[fullPath] ?? {}), [spec.method]: operationOf(spec) };
  }
  const tags = [...new Set([...api.routes.map((r) => r.tag), 'platform'])].sort().map((name) => {
    const description = TAG_DESCRIPTIONS[name];
    if (!description) throw new Error(`the OpenAPI tag ${name} has no description in TAG_DESCRIPTIONS`);
    return { name, description };
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'iuran-ledger',
      version,
      description:
        'Ledger of APBD-funded BPJS Ketenagakerjaan contributions. Money is whole rupiah carried as decimal strings; periods are "YYYY-MM"; errors are RFC 9457 problem+json. A user may carry a scope (PUT /users/{id}/scope): funding sources for money, regions for people, a region covering its sub-regions. A write outside it is a 403 OUT_OF_SCOPE naming what is outside; lists, reports and downloads hold only what is in scope, their totals summed over the scope; a single record outside it is a 404, as if it did not exist. Reference data (programmes, funding sources, rates, regions, workforce) and the audit trail and journal are not narrowed.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-iuran-ledger' },
    },
    servers: [{ url: '/' }],
    tags,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A missing, unknown, revoked or expired token is a 401. After 20 failed token checks from one address within 5 minutes, each further failure is a 429 TOO_MANY_FAILED_LOGINS with Retry-After; a valid token is never refused.',
        },
      },
      schemas: { Problem: problemSchema },
    },
    security: [{ bearer: [] }],
    paths: { ...paths, ...PLATFORM_PATHS },
  };
}
