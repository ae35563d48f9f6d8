import { expect } from 'vitest';
import type { Response } from 'supertest';
import type { TestContext } from './harness.js';

/**
 * Valid synthetic NIKs that stay unique for n below 990,000: `makeNik` repeats after 9,999 serials, so the
 * district digits count the thousands here. Birth date 01-01-85, province 15, regency `regency`.
 */
export function uniqueNik(n: number, regency = '08'): string {
  const district = String((Math.floor(n / 9999) % 99) + 1).padStart(2, '0');
  const serial = String((n % 9999) + 1).padStart(4, '0');
  return `15${regency}${district}010185${serial}`;
}

/** A beneficiary import file of `count` workers numbered from `from`, living in Bungo. */
export function workersCsv(from: number, count: number, regency = '08'): string {
  const lines = ['nik,name,regionCode,sector'];
  for (let i = from; i < from + count; i += 1)
    lines.push(`${uniqueNik(i, regency)},Pekerja ${i},15.08,agriculture`);
  return `${lines.join('\n')}\n`;
}

/** An insurer statement crediting each of those workers `amount`. */
export function statementCsv(from: number, count: number, amount: string, regency = '08'): string {
  const lines = ['nik,kpj,name,amount'];
  for (let i = from; i < from + count; i += 1)
    lines.push(`${uniqueNik(i, regency)},${9000 + i},Pekerja ${i},${amount}`);
  return `${lines.join('\n')}\n`;
}

/** Registers and enrols `count` workers through the CSV import; all must be created. */
export async function importWorkers(
  t: TestContext,
  programId: string,
  from: number,
  count: number,
  startPeriod = '2026-01',
  regency = '08',
): Promise<void> {
  const res = await t
    .as('program_manager')
    .post(`/api/v1/beneficiaries/import?programId=${programId}&startPeriod=${startPeriod}`)
    .set('Content-Type', 'text/csv')
    .send(workersCsv(from, count, regency));
  expect(res.status, res.text).toBe(200);
  expect(res.body, JSON.stringify(res.body.rejected?.slice(0, 3))).toMatchObject({ created: count });
}

/** Why a response is not a proper RFC 9457 problem, or null when it is one. */
export function problemDefect(res: Pick<Response, 'status' | 'headers' | 'body'>): string | null {
  const type = String(res.headers['content-type'] ?? '');
  if (!/^application\/problem\+json/.test(type)) return `content-type is "${type}", not problem+json`;
  const body = res.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return 'the body is not a JSON object';
  for (const field of ['type', 'title', 'detail'] as const) {
    if (typeof body[field] !== 'string') return `"${field}" is not a string`;
  }
  if (body.status !== res.status) return `"status" is ${String(body.status)}, the response ${res.status}`;
  return null;
}

export function expectProblem(res: Response, status?: number, code?: string): void {
  if (status !== undefined) expect(res.status, res.text).toBe(status);
  expect(problemDefect(res), res.text).toBeNull();
  if (code !== undefined) expect(res.body.code, res.text).toBe(code);
}

/** Sums a money column as a decimal string on both engines (BIGINT sums come back as strings on PostgreSQL). */
export async function sumOf(
  t: TestContext,
  table: string,
  column: string,
  where: Record<string, unknown> = {},
): Promise<string> {
  const row = await t.db(table).where(where).sum({ s: column }).first();
  return BigInt(String(row?.s ?? 0)).toString();
}

export async function expectAuditChainValid(t: TestContext): Promise<void> {
  const res = await t.as('auditor').get('/api/v1/audit-events/verify');
  expect(res.status).toBe(200);
  expect(res.body, JSON.stringify(res.body)).toMatchObject({ valid: true });
}

/** Counts the statuses of a batch of answers, e.g. { 201: 7, 422: 43 }. */
export function statusCounts(responses: { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}
