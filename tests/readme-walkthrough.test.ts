import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createTestContext, type TestContext } from './support/harness.js';

/**
 * The README's "Walk-through with curl", run as written against a fresh database. The requests are not
 * copied here: the README's code block is parsed (a small reading of the shell it is written in: quotes,
 * variables, line continuations, comments) and each curl command is sent in order, so a walk-through that
 * drifts from the service fails here. Each answer is then checked against what the walk-through says.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Request {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

/** The shell words of each command of `script`, variables expanded as the shell would. */
function commands(script: string, vars: Record<string, string>): string[][] {
  const expand = (text: string) =>
    text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => vars[name] ?? '');
  const result: string[][] = [];
  let words: string[] = [];
  let word: string | null = null;
  const endWord = () => {
    if (word !== null) words.push(word);
    word = null;
  };
  const endCommand = () => {
    endWord();
    // An assignment (`API=…`, `export H=…`) takes effect for the commands after it. The harness's service
    // has its own bootstrap token, which the README's ADMIN_TOKEN stands for.
    const assignment = /^([A-Za-z_]+)=(.*)$/s.exec(words[words[0] === 'export' ? 1 : 0] ?? '');
    const alone = words.length === (words[0] === 'export' ? 2 : 1);
    if (assignment && alone && assignment[1] !== 'ADMIN_TOKEN') vars[assignment[1]!] = assignment[2]!;
    else if (words.length > 0) result.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i += 1) {
    const c = script[i]!;
    if (c === '\\') {
      // A backslash before a newline continues the command; before anything else it stands for that character.
      if (script[i + 1] !== '\n') word = (word ?? '') + (script[i + 1] ?? '');
      i += 1;
    } else if (c === '\n' || c === '&') endCommand();
    else if (c === ' ' || c === '\t') endWord();
    else if (c === '#' && word === null) while (i + 1 < script.length && script[i + 1] !== '\n') i += 1;
    else if (c === "'" || c === '"') {
      const close = script.indexOf(c, i + 1);
      const quoted = script.slice(i + 1, close);
      word = (word ?? '') + (c === '"' ? expand(quoted) : quoted);
      i = close;
    } else {
      const rest = /^[^\s'"\\&]+/.exec(script.slice(i))![0];
      word = (word ?? '') + expand(rest);
      i += rest.length - 1;
    }
  }
  endCommand();
  return result;
}

/** A curl command as the request it sends. */
function toRequest(words: string[]): Request {
  const request: Request = { method: 'GET', url: '', headers: {}, body: undefined };
  for (let i = 1; i < words.length; i += 1) {
    const w = words[i]!;
    if (w === '-s') continue;
    if (w.startsWith('-X')) request.method = w.length > 2 ? w.slice(2) : words[++i]!;
    else if (w === '-H') {
      const header = words[++i]!;
      const at = header.indexOf(':');
      request.headers[header.slice(0, at).trim()] = header.slice(at + 1).trim();
    } else if (w === '-d') {
      request.body = words[++i]!;
      if (request.method === 'GET') request.method = 'POST';
    } else if (w === '--data-binary') {
      request.body = fs.readFileSync(path.join(ROOT, words[++i]!.replace(/^@/, '')));
      if (request.method === 'GET') request.method = 'POST';
    } else if (w === '-o') i += 1;
    else if (w.startsWith('-'))
      throw new Error(`the walk-through uses a curl option this test does not read: ${w}`);
    else request.url = w;
  }
  return request;
}

function walkThrough(): Request[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Walk-through with curl'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  const vars: Record<string, string> = { ADMIN_TOKEN };
  return commands(block, vars)
    .filter((words) => words[0] === 'curl')
    .map(toRequest);
}

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

/** What each request of the walk-through answers, in order. */
const EXPECTED: [status: number, check?: (body: Record<string, unknown>) => void][] = [
  [201, (b) => expect(b).toMatchObject({ name: 'Siti', role: 'finance_officer' })],
  [
    200,
    (b) =>
      expect(b.data).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: '1', code: 'APBD-PROV-JAMBI' }),
          expect.objectContaining({ id: '2', code: 'APBD-KAB-BUNGO' }),
        ]),
      ),
  ],
  [201, (b) => expect(b).toMatchObject({ id: '1', code: 'DUMISAKE-BUNGO' })],
  [201, (b) => expect(b).toMatchObject({ amount: '120960000' })],
  [201, (b) => expect(b).toMatchObject({ amount: '80640000' })],
  [201, (b) => expect(b).toMatchObject({ id: '1', name: 'Siti Aminah' })],
  [201, (b) => expect(b).toMatchObject({ beneficiaryId: '1', programId: '1', startPeriod: '2026-01' })],
  [200, (b) => expect(b).toEqual({ created: 5, enrolled: 5, rejected: [], rejectedUrl: null })],
  [200, (b) => expect(b).toEqual({ created: 3, enrolled: 3, rejected: [], rejectedUrl: null })],
  // Agriculture in March 2026: JKK 1% of 1,000,000 and JKM 6,800; the province pays 0.6, Bungo 0.4.
  [
    200,
    (b) =>
      expect(b).toMatchObject({
        total: '16800',
        shares: [
          { fundingSourceId: '1', amount: '10080' },
          { fundingSourceId: '2', amount: '6720' },
        ],
      }),
  ],
  // 8 workers at 16,800 and Rudi (transport: JKK 0.5% and JKM 3,400) at 8,400; two shares each.
  [201, (b) => expect(b).toMatchObject({ obligationCount: 18, totalAmount: '142800' })],
  [200, (b) => expect(b.data).toHaveLength(18)],
  [200],
  // Dewi Lestari's 16,800 is not credited: 142,800 - 16,800.
  [
    201,
    (b) =>
      expect(b.summary).toMatchObject({ lines: 9, matched: 8, amountMismatch: 1, creditedAmount: '126000' }),
  ],
  [
    200,
    (b) =>
      expect(b.data).toEqual([
        expect.objectContaining({
          kind: 'amount_mismatch',
          nik: '1508015809900005',
          benefit: 'JKK',
          expectedAmount: '10000',
          statementAmount: '6800',
        }),
      ]),
  ],
  [200, (b) => expect(b).toMatchObject({ balanced: true, matchesOperations: true })],
  [200, (b) => expect(b).toMatchObject({ valid: true })],
];

describe('README walk-through', () => {
  it('when its requests run in order on a fresh database, then each answers as the walk-through says', async () => {
    const requests = walkThrough();
    expect(requests.map((r) => `${r.method} ${r.url.replace(/\?.*/, '')}`)).toHaveLength(EXPECTED.length);
    for (const [i, request] of requests.entries()) {
      const url = request.url.replace(/^http:\/\/localhost:3000/, '');
      let call = supertest(t.app)[request.method.toLowerCase() as 'get' | 'post'](url);
      for (const [name, value] of Object.entries(request.headers)) call = call.set(name, value);
      const res = await (request.body === undefined ? call : call.send(request.body));
      const [status, check] = EXPECTED[i]!;
      expect(res.status, `${request.method} ${url}: ${res.text}`).toBe(status);
      check?.(res.body as Record<string, unknown>);
    }
  });
});
