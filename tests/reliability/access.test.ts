import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../support/harness.js';
import { problemDefect } from '../support/reliability.js';

const ROLES = ['admin', 'program_manager', 'finance_officer', 'auditor'] as const;
type Role = (typeof ROLES)[number];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

/** The Endpoints table of the contract (the HTTP contract, docs/architecture.md "The contract"): every one must be in the served OpenAPI document. */
const CONTRACT_ENDPOINTS = [
  'GET /health',
  'GET /api/v1/openapi.json',
  'POST /api/v1/users',
  'POST /api/v1/funding-sources',
  'GET /api/v1/funding-sources',
  'POST /api/v1/programs',
  'GET /api/v1/programs',
  'GET /api/v1/programs/{id}',
  'POST /api/v1/contribution-rates',
  'GET /api/v1/contribution-rates',
  'POST /api/v1/budget-allocations',
  'POST /api/v1/beneficiaries',
  'POST /api/v1/beneficiaries/import',
  'GET /api/v1/beneficiaries',
  'GET /api/v1/beneficiaries/{id}',
  'POST /api/v1/enrolments',
  'POST /api/v1/enrolments/{id}/end',
  'POST /api/v1/billing-runs',
  'POST /api/v1/billing-runs/{id}/cancel',
  'GET /api/v1/obligations',
  'POST /api/v1/payments',
  'GET /api/v1/payments',
  'POST /api/v1/payments/{id}/reversal',
  'POST /api/v1/payments/{id}/approve',
  'POST /api/v1/statements',
  'GET /api/v1/statements/{id}/exceptions',
  'POST /api/v1/reconciliation-exceptions/{id}/resolve',
  'GET /api/v1/reports/totals',
  'GET /api/v1/reports/arrears',
  'GET /api/v1/reports/monthly-statement',
  'PUT /api/v1/workforce/{regionCode}/{year}',
  'GET /api/v1/reports/coverage',
  'POST /api/v1/periods/{period}/close',
  'POST /api/v1/periods/{period}/reopen',
  'GET /api/v1/audit-events',
  'GET /api/v1/audit-events/verify',
  'GET /api/v1/ledger/verify',
] as const;

const ADMIN = ['admin'];
const BENEFICIARY_WRITERS = ['admin', 'program_manager'];
const FINANCE_WRITERS = ['admin', 'finance_officer'];
const PERIOD_LOCKERS = ['admin', 'auditor'];

/**
 * Who may write what, as the HTTP contract's roles give it (README, "Security and operations"): admin everything; program_manager beneficiaries
 * and enrolments; finance_officer budget allocations, billing runs, payments, statements, exception
 * resolutions; auditor period close/reopen. A write operation missing here fails until it is classified.
 */
const CONTRACT_WRITE_ROLES: Record<string, string[]> = {
  'POST /api/v1/users': ADMIN,
  'POST /api/v1/users/{id}/revoke': ADMIN,
  'PUT /api/v1/users/{id}/scope': ADMIN,
  'POST /api/v1/settings/admin-token/disable': ADMIN,
  'POST /api/v1/funding-sources': ADMIN,
  'PATCH /api/v1/funding-sources/{id}': ADMIN,
  'POST /api/v1/programs': ADMIN,
  'POST /api/v1/contribution-rates': ADMIN,
  'POST /api/v1/contribution-rates/{id}/correct': ADMIN,
  'PUT /api/v1/workforce/{regionCode}/{year}': ADMIN,
  'PUT /api/v1/insured-counts/{regionCode}/{period}': ADMIN,
  'POST /api/v1/beneficiaries': BENEFICIARY_WRITERS,
  'POST /api/v1/beneficiaries/import': BENEFICIARY_WRITERS,
  'POST /api/v1/enrolments': BENEFICIARY_WRITERS,
  'POST /api/v1/enrolments/{id}/end': BENEFICIARY_WRITERS,
  'POST /api/v1/budget-allocations': FINANCE_WRITERS,
  'POST /api/v1/billing-runs': FINANCE_WRITERS,
  'POST /api/v1/billing-runs/reprice': FINANCE_WRITERS,
  'POST /api/v1/billing-runs/{id}/cancel': FINANCE_WRITERS,
  'POST /api/v1/payments': FINANCE_WRITERS,
  'POST /api/v1/payments/{id}/reversal': FINANCE_WRITERS,
  'POST /api/v1/payments/{id}/approve': FINANCE_WRITERS,
  'POST /api/v1/payments/{id}/reject': FINANCE_WRITERS,
  'POST /api/v1/statements': FINANCE_WRITERS,
  'POST /api/v1/reconciliation-exceptions/{id}/resolve': FINANCE_WRITERS,
  'POST /api/v1/overpayments/{id}/settle': FINANCE_WRITERS,
  'POST /api/v1/periods/{period}/close': PERIOD_LOCKERS,
  'POST /api/v1/periods/{period}/reopen': PERIOD_LOCKERS,
};

/**
 * The writes the contract limits by scope (docs/architecture.md, "Scoped access") (a 403 OUT_OF_SCOPE): money by funding source, people by region, and
 * closing months, which only a province-wide user may do. An import of beneficiaries rejects the rows of a
 * region outside the scope instead, like any other row with a problem.
 */
const SCOPED_WRITES = [
  'POST /api/v1/budget-allocations',
  'POST /api/v1/billing-runs',
  'POST /api/v1/billing-runs/reprice',
  'POST /api/v1/billing-runs/{id}/cancel',
  'POST /api/v1/payments',
  'POST /api/v1/payments/{id}/reversal',
  'POST /api/v1/payments/{id}/approve',
  'POST /api/v1/payments/{id}/reject',
  'POST /api/v1/statements',
  'POST /api/v1/reconciliation-exceptions/{id}/resolve',
  'POST /api/v1/overpayments/{id}/settle',
  'POST /api/v1/beneficiaries',
  'POST /api/v1/enrolments',
  'POST /api/v1/enrolments/{id}/end',
  'POST /api/v1/periods/{period}/close',
  'POST /api/v1/periods/{period}/reopen',
];

/** The one read that refuses instead of narrowing: what an SP2D may still cover is asked of a payable source. */
const SCOPED_QUESTIONS = ['GET /api/v1/payments/outstanding'];

/** "Every role may read", except the user list, which is narrower (it lets nobody extra in). */
const NARROWER_READS: Record<string, string[]> = { 'GET /api/v1/users': ['admin', 'auditor'] };

interface Operation {
  'x-roles'?: string[];
  security?: unknown[];
  responses?: Record<string, { description?: string }>;
}
interface OpenApiDocument {
  paths: Record<string, Partial<Record<Method, Operation>>>;
}

const t = await createTestContext();
afterAll(async () => t.close());

const documentResponse = await t.anon.get('/api/v1/openapi.json');
const document = documentResponse.body as OpenApiDocument;

const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m] !== undefined).map((method) => ({
    label: `${method.toUpperCase()} ${path}`,
    method,
    path,
    operation: item[method]!,
  })),
);

/**
 * A user that may be revoked: `POST /users/{id}/revoke` answered for the admin must not revoke the admin's
 * own token (user 1) half-way through the table.
 */
const victim = await t.as('admin').post('/api/v1/users').send({ name: 'Revocable', role: 'auditor' });

/**
 * The scope dimension: a user of each role that may carry a scope, limited to a funding source and a region
 * that hold nothing. A scope narrows what a role reaches and never widens it: each must be let through or
 * turned away exactly as the province-wide user of the same role is.
 */
const SCOPES: Partial<Record<Role, object>> = {
  finance_officer: { fundingSourceIds: ['1'] },
  program_manager: { regionCodes: ['15.09'] },
  auditor: { fundingSourceIds: ['1'], regionCodes: ['15.09'] },
};
const scopedTokens: Partial<Record<Role, string>> = {};
for (const [role, scope] of Object.entries(SCOPES)) {
  const res = await t
    .as('admin')
    .post('/api/v1/users')
    .send({ name: `Scoped ${role}`, role, scope });
  scopedTokens[role as Role] = res.body.token as string;
}
const SAMPLE_PARAMS: Record<string, string> = {
  id: '1',
  period: '2026-03',
  regionCode: '15.08',
  year: '2026',
};

function concretePath(path: string): string {
  return path.replace(/\{([A-Za-z]+)\}/g, (_all, name: string) =>
    path.startsWith('/api/v1/users/') && name === 'id'
      ? String(victim.body.id)
      : (SAMPLE_PARAMS[name] ?? '1'),
  );
}

function call(method: Method, url: string, token: string | undefined) {
  let req = supertest(t.app)[method](url);
  if (token !== undefined) req = req.set('Authorization', `Bearer ${token}`);
  // An empty JSON body: the role check answers before any body validation would.
  return method === 'get' ? req : req.send({});
}

describe('the contract', () => {
  it('when the OpenAPI document is asked for without a token, then it is served', () => {
    expect(documentResponse.status).toBe(200);
    expect(operations.length).toBeGreaterThan(30);
    expect(victim.status, victim.text).toBe(201);
  });

  it.each(CONTRACT_ENDPOINTS)(
    'when the contract lists %s, then the OpenAPI document describes it',
    (endpoint) => {
      const [method, path] = endpoint.split(' ') as [string, string];
      const item = document.paths[path];
      expect(item, `${path} is missing from the OpenAPI document`).toBeDefined();
      expect(item?.[method.toLowerCase() as Method], `${endpoint} is missing`).toBeDefined();
    },
  );

  it('when an operation is described, then exactly the contract’s scoped writes (and the outstanding question) list OUT_OF_SCOPE among their 403s', () => {
    const documented = operations
      .filter(({ operation }) => operation.responses?.['403']?.description?.includes('OUT_OF_SCOPE'))
      .map((o) => o.label);
    expect(documented.sort()).toEqual([...SCOPED_WRITES, ...SCOPED_QUESTIONS].sort());
    expect(Object.values(scopedTokens)).toHaveLength(3);
  });

  it('when an operation is described, then it says who may call it: x-roles, or security: [] when public', () => {
    const unclear = operations
      .filter(({ operation }) => {
        const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
        const roles = operation['x-roles'];
        const valid =
          Array.isArray(roles) &&
          roles.length > 0 &&
          roles.every((r) => (ROLES as readonly string[]).includes(r));
        return isPublic === valid;
      })
      .map((o) => o.label);
    expect(unclear).toEqual([]);
  });
});

describe('the roles the contract gives', () => {
  it.each(
    operations.filter((o) => !(Array.isArray(o.operation.security) && o.operation.security.length === 0)),
  )(
    'when $label is described, then its x-roles are the roles the contract gives it',
    ({ label, method, operation }) => {
      const expected = method === 'get' ? (NARROWER_READS[label] ?? [...ROLES]) : CONTRACT_WRITE_ROLES[label];
      expect(expected, `${label} is not classified in CONTRACT_WRITE_ROLES`).toBeDefined();
      expect([...(operation['x-roles'] ?? [])].sort()).toEqual([...(expected ?? [])].sort());
    },
  );
});

describe('who may call what', () => {
  it.each(operations)(
    'when $label is called by each role, without a token and with an unknown one, then only x-roles get through',
    async ({ method, path, operation }) => {
      const url = concretePath(path);
      const failures: string[] = [];
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
      const allowed = new Set(operation['x-roles'] ?? []);

      const anonymous = await call(method, url, undefined);
      const unknown = await call(method, url, 'il_not-a-token-anyone-was-given-0123456789');
      for (const [who, res] of [
        ['no token', anonymous],
        ['an unknown token', unknown],
      ] as const) {
        if (isPublic) {
          if ([401, 403].includes(res.status) || res.status >= 500)
            failures.push(`${who}: ${res.status} on a public route`);
        } else if (res.status !== 401) {
          failures.push(`${who}: ${res.status}, expected 401`);
        } else {
          const defect = problemDefect(res);
          if (defect) failures.push(`${who}: ${defect}`);
        }
      }

      const callers = [
        ...ROLES.map((role) => ({ role, who: role as string, token: t.tokens[role] })),
        ...Object.entries(scopedTokens).map(([role, token]) => ({ role, who: `scoped ${role}`, token })),
      ];
      for (const { role, who, token } of callers) {
        const res = await call(method, url, token);
        if (isPublic || allowed.has(role)) {
          if (res.status === 401 || res.status === 403 || res.status >= 500)
            failures.push(`${who} (allowed): ${res.status} ${res.text.slice(0, 200)}`);
        } else if (res.status !== 403) {
          failures.push(`${who} (not allowed): ${res.status}, expected 403`);
        } else {
          const defect = problemDefect(res);
          if (defect) failures.push(`${who}: ${defect}`);
          else if (res.body.code !== 'FORBIDDEN') failures.push(`${who}: code ${res.body.code}`);
        }
      }
      expect(failures).toEqual([]);
    },
  );
});
