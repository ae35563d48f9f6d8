import fc from 'fast-check';
import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAll } from '../../src/modules/integrity/index.js';
import { count, createTestContext } from '../support/harness.js';
import { allocate, createProgram, fundingSourceIds } from '../support/fixtures.js';
import { importWorkers, problemDefect, uniqueNik } from '../support/reliability.js';
import { scopedUser } from '../support/scope.js';

/** Fixed so that a failure found here is found again, the same way, on the next run. */
const SEED = 20_261_128;
const RUNS_PER_WRITE = 30;
const RUNS_PER_READ = 15;
const RUNS_PER_SCOPED_WRITE = 15;
const RUNS_PER_SCOPED_READ = 8;

interface Parameter {
  name: string;
  in: string;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
  responses?: Record<string, unknown>;
}
type Method = 'get' | 'post' | 'put';

const t = await createTestContext({ now: '2026-11-20T10:00:00' });
afterAll(async () => t.close());

// Something to aim at: a programme with billed workers, a payment and a statement, so that well-formed
// bodies can reach the rules and not only the validation.
const bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
await allocate(t, program.id, bungo, '100000000');
await importWorkers(t, program.id, 0, 5);
await t.as('finance_officer').post('/api/v1/billing-runs').send({ period: '2026-03', programId: program.id });
/** Users whose tokens the fuzz uses must not be revoked by it; this one may be. */
const expendable = await t.as('admin').post('/api/v1/users').send({ name: 'Expendable', role: 'auditor' });

const document = (await t.anon.get('/api/v1/openapi.json')).body as {
  paths: Record<string, Partial<Record<Method, Operation>>>;
};
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  (['get', 'post', 'put'] as const)
    .filter((m) => item[m] !== undefined)
    .map((method) => {
      const operation = item[method]!;
      const content = operation.requestBody?.content ?? {};
      return {
        label: `${method.toUpperCase()} ${path}`,
        method,
        path,
        csv: content['text/csv'] !== undefined,
        fields: Object.keys(content['application/json']?.schema?.properties ?? {}),
        queryNames: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        idempotent: (operation.parameters ?? []).some(
          (p) => p.in === 'header' && p.name === 'Idempotency-Key',
        ),
        statuses: Object.keys(operation.responses ?? {}).map(Number),
      };
    }),
);
const writes = operations.filter((o) => o.method !== 'get' && !o.csv);
const csvWrites = operations.filter((o) => o.csv);
const reads = operations.filter((o) => o.method === 'get');

const HUGE = 'x'.repeat(10_000);
const hostileText = fc.constantFrom(
  '1e3',
  '-0',
  '0x10',
  '١٢٣',
  '１',
  '１６８００',
  HUGE,
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  '=HYPERLINK("http://x")',
  '+cmd|" /C calc"!A0',
  '@SUM(A1)',
  'a\r\nb',
  'a\u0000b',
  '\u0000',
  '',
  ' ',
  '\uFEFF16800',
  '16800.00',
  '16800.5',
  '-16800',
  '0',
  '1',
  '999999999999999',
  '9999999999999999999999999',
  '2147483648',
  '-1',
  'NaN',
  'Infinity',
  '__proto__',
  'constructor',
  '2026-03',
  '2026-13',
  '2026-02-30',
  '15.08',
  '1508014203850001',
  'JKK',
  'admin',
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '😀',
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, 2 ** 31, -0, 0, 1.5, 16800, 2026),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
);

/**
 * A valid body per write, so that a mutation of one field (a hostile value, the field removed, or an
 * unknown field added) gets past validation of the others and reaches the rules and the database.
 */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  'POST /api/v1/users': { name: 'Fuzz', role: 'auditor' },
  'POST /api/v1/funding-sources': { code: 'APBD-FUZZ', name: 'Fuzz', level: 'regency', regionCode: '15.08' },
  'POST /api/v1/programs': {
    code: 'FUZZ',
    name: 'Fuzz',
    benefits: ['JKK', 'JKM'],
    declaredIncome: '1000000',
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
    startPeriod: '2026-01',
  },
  'POST /api/v1/contribution-rates': {
    benefit: 'JKM',
    flatAmount: '6800',
    effectiveFrom: '2030-01',
    sector: 'fisheries',
  },
  'POST /api/v1/contribution-rates/{id}/correct': { reason: 'Fuzz', legalBasis: 'PP 1/2030' },
  'POST /api/v1/budget-allocations': {
    programId: program.id,
    fundingSourceId: bungo,
    fiscalYear: 2026,
    amount: '1000',
    documentRef: 'DPA-FUZZ',
  },
  'POST /api/v1/beneficiaries': { nik: uniqueNik(200_000), name: 'Fuzz', regionCode: '15.08' },
  'POST /api/v1/enrolments': { beneficiaryId: '1', programId: program.id, startPeriod: '2026-03' },
  'POST /api/v1/enrolments/{id}/end': { endPeriod: '2026-12', reason: 'moved' },
  'POST /api/v1/billing-runs': { period: '2026-04', programId: program.id },
  'POST /api/v1/billing-runs/reprice': { period: '2026-03', programId: program.id },
  'POST /api/v1/billing-runs/{id}/cancel': { reason: 'Fuzz' },
  'POST /api/v1/payments': {
    programId: program.id,
    fundingSourceId: bungo,
    period: '2026-03',
    amount: '100',
    paidOn: '2026-03-10',
    sp2dNumber: 'SP2D-FUZZ',
  },
  'POST /api/v1/payments/{id}/reversal': { reason: 'Fuzz' },
  'POST /api/v1/reconciliation-exceptions/{id}/resolve': { resolution: 'accepted', note: 'Fuzz' },
  'PUT /api/v1/workforce/{regionCode}/{year}': { workers: 1000, targetRate: '0.55' },
  'PUT /api/v1/insured-counts/{regionCode}/{period}': { insured: 1000, documentRef: 'Fuzz' },
  'POST /api/v1/overpayments/{id}/settle': { method: 'refund', documentRef: 'Fuzz' },
};

/** Values at the edges of what a field of that shape accepts. */
function boundaryFor(value: unknown): fc.Arbitrary<unknown> {
  if (typeof value === 'string' && /^[0-9]{4}-[0-9]{2}$/.test(value))
    return fc.constantFrom(
      '2000-01',
      '2015-06',
      '2015-07',
      '2026-01',
      '2026-12',
      '2099-12',
      '2100-01',
      '1999-12',
    );
  if (typeof value === 'string' && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value))
    return fc.constantFrom(
      '2026-03-01',
      '2026-11-20',
      '2026-11-21',
      '2024-02-29',
      '2025-12-31',
      '2026-02-29',
    );
  if (typeof value === 'string' && /^[0-9]+$/.test(value))
    return fc.constantFrom(
      '1',
      '2',
      '3',
      '16800',
      '16800.00',
      '00016800',
      '999999999999999',
      '1000000000000000',
    );
  if (typeof value === 'number')
    return fc.constantFrom(0, 1, 1999, 2000, 2099, 2100, 1_000_000_000, 1_000_000_001);
  return hostileValue;
}

function mutated(template: Record<string, unknown>): fc.Arbitrary<string> {
  const keys = Object.keys(template);
  type Change = { field: string; mode: 'asIs' | 'replace' | 'delete' | 'extra'; value?: unknown };
  const change: fc.Arbitrary<Change> = fc.oneof(
    { arbitrary: fc.constant<Change>({ field: keys[0]!, mode: 'asIs' }), weight: 1 },
    {
      arbitrary: fc
        .constantFrom(...keys)
        .chain((field) =>
          boundaryFor(template[field]).map((value): Change => ({ field, mode: 'replace', value })),
        ),
      weight: 3,
    },
    {
      arbitrary: fc
        .record({ field: fc.constantFrom(...keys), value: hostileValue })
        .map((c): Change => ({ ...c, mode: 'replace' })),
      weight: 3,
    },
    { arbitrary: fc.constantFrom(...keys).map((field): Change => ({ field, mode: 'delete' })), weight: 1 },
    {
      arbitrary: fc
        .record({ field: fc.constantFrom(...keys), value: hostileValue })
        .map((c): Change => ({ ...c, mode: 'extra' })),
      weight: 1,
    },
  );
  return fc.tuple(change, fc.nat()).map(([{ field, mode, value }, serial]) => {
    // Unique-per-run values keep duplicate checks from answering every request.
    const body: Record<string, unknown> = { ...template };
    if (typeof body.sp2dNumber === 'string') body.sp2dNumber = `${body.sp2dNumber}-${serial}`;
    if (typeof body.code === 'string') body.code = `${body.code}-${serial}`;
    if (typeof body.documentRef === 'string') body.documentRef = `${body.documentRef}-${serial}`;
    if (typeof body.nik === 'string') body.nik = uniqueNik(200_000 + (serial % 100_000));
    if (mode === 'delete') delete body[field];
    else if (mode === 'extra') body[`${field}Extra`] = value;
    else if (mode === 'replace') body[field] = value;
    return JSON.stringify(body);
  });
}

/** Bodies: anything at all, objects with the right names and wrong values, and text that is not JSON. */
function bodyFor(fields: string[], template: Record<string, unknown> | undefined): fc.Arbitrary<string> {
  const named =
    fields.length > 0
      ? fc
          .record(Object.fromEntries(fields.map((f) => [f, hostileValue])), { requiredKeys: [] })
          .chain((o) =>
            fc
              .option(fc.dictionary(fc.string(), hostileValue, { maxKeys: 2 }), { nil: undefined })
              .map((extra) => ({ ...o, ...(extra ?? {}) })),
          )
      : fc.dictionary(fc.string(), hostileValue, { maxKeys: 3 });
  return fc.oneof(
    { arbitrary: template ? mutated(template) : fc.constant('{}'), weight: template ? 6 : 1 },
    { arbitrary: named.map((o) => JSON.stringify(o)), weight: 3 },
    { arbitrary: fc.anything().map((v) => JSON.stringify(v) ?? 'null'), weight: 2 },
    { arbitrary: fc.string(), weight: 1 },
    {
      arbitrary: fc.constantFrom('{"a":', '[', '{"__proto__":{"admin":true}}', '\u0000', '{}'.repeat(1000)),
      weight: 1,
    },
  );
}

function queryFor(names: string[]): fc.Arbitrary<string> {
  const key = names.length > 0 ? fc.oneof(fc.constantFrom(...names), fc.string()) : fc.string();
  const value = fc.oneof(
    hostileText,
    fc.string(),
    fc.constantFrom(program.id, '2026-03', 'csv', 'xlsx', 'en'),
  );
  const pairs = fc
    .array(fc.tuple(key, value), { maxLength: 5 })
    .map((p) => p.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
  return fc.oneof(
    { arbitrary: pairs, weight: 5 },
    { arbitrary: fc.constantFrom('%', '%zz', '&&=', '=', 'a=%E0%A4%A'), weight: 1 },
  );
}

const hostilePathValue = fc.oneof(
  fc.constantFrom('0', '-1', '999999999999999', '2147483648', '1e3', '١', 'abc', '2026-13', '15.99', '1999'),
  fc.string({ minLength: 1 }).map(encodeURIComponent),
);
/** Plausible values per path parameter name, so that the rules behind the lookups are reached too. */
const PLAUSIBLE: Record<string, string[]> = {
  id: ['1', '2', '3'],
  period: ['2026-03', '2026-05'],
  regionCode: ['15.08', '15'],
  year: ['2026'],
};
/** For /users/{id}: never the ids of the tokens the fuzz signs in with. */
const userPathValue = fc.oneof(
  fc.constant(String(expendable.body.id)),
  fc.constantFrom('0', '-1', '999999999999999', '2147483648', 'abc'),
);

function pathFor(template: string): fc.Arbitrary<string> {
  const names = [...template.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return fc.constant(template);
  const valueFor = (name: string) =>
    template.startsWith('/api/v1/users/')
      ? userPathValue
      : fc.oneof(
          { arbitrary: fc.constantFrom(...(PLAUSIBLE[name] ?? ['1'])), weight: 3 },
          { arbitrary: hostilePathValue, weight: 2 },
        );
  return fc
    .tuple(...names.map(valueFor))
    .map((values) => names.reduce((p, n, i) => p.replace(`{${n}}`, values[i]!), template));
}

const idempotencyKey = fc.option(
  fc.oneof(fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/), fc.stringMatching(/^[\x21-\x7e]{150,260}$/)),
  { nil: undefined, freq: 3 },
);

/** What every answer must be: anything but a server error, and an error always as problem+json. */
function expectSound(res: supertest.Response, what: string): void {
  // A PDF answer (the daftar nominatif) has no text.
  const text = (res.text ?? '').slice(0, 300);
  expect(res.status, `${what} → ${res.status} ${text}`).toBeLessThan(500);
  if (res.status >= 400) expect(problemDefect(res), `${what} → ${text}`).toBeNull();
}

const fuzzOptions = { seed: SEED, interruptAfterTimeLimit: 30_000 };

describe('hostile JSON bodies on every write', () => {
  it.each(writes)('when $label gets random and hostile bodies and queries, then never a 500', async (op) => {
    await fc.assert(
      fc.asyncProperty(
        pathFor(op.path),
        queryFor(op.queryNames),
        bodyFor(op.fields, VALID_BODIES[op.label]),
        fc.constantFrom(
          'application/json',
          'application/json',
          'application/json',
          'application/json; charset=utf-8',
          'application/merge-patch+json',
          'text/plain',
          'application/x-www-form-urlencoded',
        ),
        op.idempotent ? idempotencyKey : fc.constant(undefined),
        async (path, query, body, contentType, key) => {
          const agent = supertest(t.app);
          let req = agent[op.method](`${path}${query ? `?${query}` : ''}`)
            .set('Authorization', `Bearer ${t.tokens.admin}`)
            .set('Content-Type', contentType);
          if (key !== undefined) req = req.set('Idempotency-Key', key);
          const res = await req.send(body);
          expectSound(
            res,
            `${op.method.toUpperCase()} ${path}?${query} key=${key?.slice(0, 20)} ${body.slice(0, 200)}`,
          );
        },
      ),
      { ...fuzzOptions, numRuns: RUNS_PER_WRITE },
    );
  });
});

const csvCell = fc.oneof(
  hostileText.filter((s) => s !== HUGE),
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '=1+1',
    '=cmd|"/C calc"!A0',
    '-2+3',
    '@SUM(A1)',
    '"quoted, with comma"',
    '"unbalanced',
    'a""b',
    '"a""b"',
    '16800',
    '16800.00',
    '0',
    '-16800',
    '15.08',
    'agriculture',
    'transport',
  ),
  fc.integer({ min: 100_000, max: 100_400 }).map((n) => uniqueNik(n)),
);
const csvText = fc
  .record({
    bom: fc.boolean(),
    separator: fc.constantFrom(',', ';', '\t'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    header: fc.oneof(
      fc.constant(['nik', 'name', 'regionCode', 'sector']),
      fc.constant(['nik', 'kpj', 'name', 'amount']),
      fc.shuffledSubarray(
        ['nik', 'kpj', 'name', 'amount', 'regionCode', 'sector', 'NIK', 'phone', 'nik', ''],
        { minLength: 1 },
      ),
      fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }),
    ),
    rows: fc.array(fc.array(csvCell, { maxLength: 7 }), { maxLength: 25 }),
  })
  .map(({ bom, separator, eol, header, rows }) =>
    [(bom ? '\uFEFF' : '') + header.join(separator), ...rows.map((r) => r.join(separator))].join(eol),
  );

describe('hostile CSV uploads', () => {
  it.each(csvWrites)('when $label gets random CSV text and queries, then never a 500', async (op) => {
    const query = fc.oneof(
      fc.constant(`programId=${program.id}&startPeriod=2026-03&period=2026-03`),
      fc.constant(`programId=${program.id}&period=2026-03`),
      queryFor(op.queryNames),
    );
    await fc.assert(
      fc.asyncProperty(
        query,
        csvText,
        fc.constantFrom(
          'text/csv',
          'text/csv; charset=utf-8',
          'application/octet-stream',
          'text/plain',
          'application/json',
        ),
        async (q, text, contentType) => {
          const res = await supertest(t.app)
            .post(`${op.path}?${q}`)
            .set('Authorization', `Bearer ${t.tokens.admin}`)
            .set('Content-Type', contentType)
            .send(text);
          expectSound(res, `POST ${op.path}?${q} (${contentType}) ${JSON.stringify(text.slice(0, 300))}`);
        },
      ),
      { ...fuzzOptions, numRuns: RUNS_PER_WRITE },
    );
  });

  // Generated once: a 10 MB line, as a header and as one data record.
  const tenMegabytes = 'a,'.repeat(5 * 1024 * 1024);
  it.each(
    csvWrites.flatMap((op) => [
      { ...op, kind: 'a header line of 10 MB', text: tenMegabytes },
      { ...op, kind: 'a data line of 10 MB', text: `nik,kpj,name,amount,regionCode\n${tenMegabytes}\n` },
    ]),
  )('when $label gets $kind, then a 400 or 413 problem and nothing written', async (op) => {
    const before = await Promise.all(
      ['beneficiaries', 'statements', 'statement_lines', 'audit_events'].map((tb) => count(t.db, tb)),
    );
    const res = await supertest(t.app)
      .post(`${op.path}?programId=${program.id}&period=2026-03&startPeriod=2026-03`)
      .set('Authorization', `Bearer ${t.tokens.admin}`)
      .set('Content-Type', 'text/csv')
      .send(op.text);
    expect([400, 413], res.text.slice(0, 300)).toContain(res.status);
    expect(problemDefect(res)).toBeNull();
    expect(
      await Promise.all(
        ['beneficiaries', 'statements', 'statement_lines', 'audit_events'].map((tb) => count(t.db, tb)),
      ),
    ).toEqual(before);
  });
});

describe('hostile query strings and path parameters on every read', () => {
  it.each(reads)('when $label gets random queries, then never a 500', async (op) => {
    await fc.assert(
      fc.asyncProperty(pathFor(op.path), queryFor(op.queryNames), async (path, query) => {
        const res = await supertest(t.app)
          .get(`${path}${query ? `?${query}` : ''}`)
          .set('Authorization', `Bearer ${t.tokens.auditor}`);
        expectSound(res, `GET ${path}?${query}`);
      }),
      { ...fuzzOptions, numRuns: RUNS_PER_READ },
    );
  });
});

// Users whose scope the fuzz writes against: a Bungo finance officer, a Kota Jambi program manager and a
// regency auditor; the fuzz aims at Bungo's source and region and at ones outside each scope.
const province = (await fundingSourceIds(t))['APBD-PROV-JAMBI']!;
const scoped = [
  await scopedUser(t, 'finance_officer', { fundingSourceIds: [bungo] }),
  await scopedUser(t, 'program_manager', { regionCodes: ['15.71'] }),
  await scopedUser(t, 'auditor', { fundingSourceIds: [bungo], regionCodes: ['15.08'] }),
];

/** The valid body, and the same aimed at the province's source or at Kota Jambi, where it names either. */
function scopedTemplates(label: string): (Record<string, unknown> | undefined)[] {
  const template = VALID_BODIES[label];
  if (!template) return [undefined];
  return [
    template,
    ...('fundingSourceId' in template ? [{ ...template, fundingSourceId: province }] : []),
    ...('regionCode' in template ? [{ ...template, regionCode: '15.71' }] : []),
  ];
}

describe('hostile bodies on every write, as scoped users', () => {
  it.each(writes)(
    'when $label gets hostile bodies from a scoped user, then never a 500 and always a documented status',
    async (op) => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat(scoped.length - 1),
          pathFor(op.path),
          queryFor(op.queryNames),
          fc.constantFrom(...scopedTemplates(op.label)).chain((tpl) => bodyFor(op.fields, tpl)),
          op.idempotent ? idempotencyKey : fc.constant(undefined),
          async (who, path, query, body, key) => {
            const agent = supertest(t.app);
            let req = agent[op.method](`${path}${query ? `?${query}` : ''}`)
              .set('Authorization', `Bearer ${scoped[who]!.token}`)
              .set('Content-Type', 'application/json');
            if (key !== undefined) req = req.set('Idempotency-Key', key);
            const res = await req.send(body);
            const what = `user ${who}: ${op.method.toUpperCase()} ${path}?${query} ${body.slice(0, 200)}`;
            expectSound(res, what);
            expect(op.statuses, `${what} → ${res.status} ${res.text.slice(0, 300)}`).toContain(res.status);
          },
        ),
        { ...fuzzOptions, numRuns: RUNS_PER_SCOPED_WRITE },
      );
    },
  );

  it.each(csvWrites)(
    'when $label gets hostile CSV from a scoped user, then never a 500 and always a documented status',
    async (op) => {
      await fc.assert(
        fc.asyncProperty(fc.nat(scoped.length - 1), csvText, async (who, text) => {
          const q = `programId=${program.id}&startPeriod=2026-03&period=2026-03`;
          const res = await supertest(t.app)
            .post(`${op.path}?${q}`)
            .set('Authorization', `Bearer ${scoped[who]!.token}`)
            .set('Content-Type', 'text/csv')
            .send(text);
          const what = `user ${who}: POST ${op.path}?${q} ${JSON.stringify(text.slice(0, 300))}`;
          expectSound(res, what);
          expect(op.statuses, `${what} → ${res.status} ${res.text.slice(0, 300)}`).toContain(res.status);
        }),
        { ...fuzzOptions, numRuns: RUNS_PER_SCOPED_WRITE },
      );
    },
  );

  it.each(reads)('when $label gets random queries from a scoped user, then never a 500', async (op) => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(scoped.length - 1),
        pathFor(op.path),
        queryFor(op.queryNames),
        async (who, path, query) => {
          const res = await supertest(t.app)
            .get(`${path}${query ? `?${query}` : ''}`)
            .set('Authorization', `Bearer ${scoped[who]!.token}`);
          expectSound(res, `user ${who}: GET ${path}?${query}`);
        },
      ),
      { ...fuzzOptions, numRuns: RUNS_PER_SCOPED_READ },
    );
  });
});

describe('ids beyond the range of a 32-bit integer column', () => {
  // id() accepts up to 15 digits; an unknown id is a 404 in the path and a 422 in a body, however large.
  const big = '2147483648';
  const payment = {
    programId: big,
    fundingSourceId: '1',
    period: '2026-03',
    amount: '1',
    paidOn: '2026-03-10',
    sp2dNumber: 'SP2D-BIG',
  };
  const allocation = {
    programId: big,
    fundingSourceId: '1',
    fiscalYear: 2026,
    amount: '1',
    documentRef: 'x',
  };
  it.each([
    ['GET', `/api/v1/programs/${big}`, 404, undefined],
    ['GET', `/api/v1/payments/${big}`, 404, undefined],
    ['POST', `/api/v1/billing-runs/${big}/cancel`, 404, { reason: 'x' }],
    ['POST', `/api/v1/users/${big}/revoke`, 404, {}],
    ['POST', '/api/v1/billing-runs', 422, { period: '2026-03', programId: big }],
    [
      'POST',
      '/api/v1/enrolments',
      422,
      { beneficiaryId: big, programId: program.id, startPeriod: '2026-03' },
    ],
    ['POST', '/api/v1/payments', 422, payment],
    ['POST', '/api/v1/budget-allocations', 422, allocation],
  ] as const)('when %s %s names an unknown id, then %i, not a 500', async (method, url, status, body) => {
    const agent = supertest(t.app);
    const req = (method === 'GET' ? agent.get(url) : agent.post(url)).set(
      'Authorization',
      `Bearer ${t.tokens.admin}`,
    );
    const res = body === undefined ? await req : await req.send(body);
    expect(res.status, res.text).toBe(status);
    expect(problemDefect(res)).toBeNull();
  });
});

describe('after the fuzz', () => {
  it('when everything above has been sent, then the journal balances, matches the tables and the audit chain holds', async () => {
    const verdict = await verifyAll(t.db);
    expect(verdict.ledger.problems).toEqual([]);
    expect(verdict.audit).toMatchObject({ valid: true });
    expect(verdict.ok).toBe(true);
  });
});
