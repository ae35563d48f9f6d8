import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/harness.js';
import { allocate, bill, createProgram, enrolWorker, fundingSourceIds, pay } from './support/fixtures.js';

/**
 * The journal as a ledger-cli / hledger file, read back by a parser of its own (the few rules of the plain
 * text journal the file uses): a transaction is a dated line and its indented postings; a posting is an
 * account, two spaces or more, and an amount with its commodity.
 *
 * Figures by hand: Bungo allocates 1,000,000 to LEDGER-FILE for 2026; two workers are billed March 2026 at
 * 16,800 each (JKK 1% of 1,000,000 and JKM 6,800), 33,600; one SP2D pays 16,800 of it.
 *   pagu −1,000,000 · available 1,000,000 − 33,600 = 966,400 · committed 33,600 − 16,800 = 16,800 · paid 16,800
 */

interface Transaction {
  date: string;
  description: string;
  comment: string;
  postings: { account: string; amount: bigint; commodity: string }[];
}

function parseJournal(text: string): Transaction[] {
  const transactions: Transaction[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith(';')) continue;
    const head = /^(\d{4}-\d{2}-\d{2}) (.*?)(?: {2}; (.*))?$/.exec(line);
    if (head) {
      transactions.push({ date: head[1]!, description: head[2]!, comment: head[3] ?? '', postings: [] });
      continue;
    }
    const posting = /^ {4}(\S(?:\S| (?! ))*) {2,}(-?\d+) ([A-Z]+)$/.exec(line);
    if (!posting || transactions.length === 0) throw new Error(`not a journal line: ${JSON.stringify(line)}`);
    transactions.at(-1)!.postings.push({
      account: posting[1]!,
      amount: BigInt(posting[2]!),
      commodity: posting[3]!,
    });
  }
  return transactions;
}

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
  const bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  const program = await createProgram(t, {
    code: 'LEDGER-FILE',
    fundingShares: [{ fundingSourceId: bungo, share: '1' }],
  });
  await allocate(t, program.id, bungo, '1000000');
  await enrolWorker(t, program.id, { startPeriod: '2026-03', endPeriod: '2026-03' });
  await enrolWorker(t, program.id, { startPeriod: '2026-03', endPeriod: '2026-03' });
  await bill(t, program.id, '2026-03');
  await pay(t, { programId: program.id, fundingSourceId: bungo, period: '2026-03', amount: '16800' });
});
afterAll(async () => t.close());

async function journalFile(query: string) {
  const res = await t.as('auditor').get(`/api/v1/journal-entries?format=ledger&${query}`);
  expect(res.status, res.text).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  return res.text;
}

describe('the journal as a ledger file', () => {
  it('when the day of the entries is exported, then every transaction balances and the accounts hold the figures by hand', async () => {
    const text = await journalFile('from=2026-11-20&to=2026-11-20');
    const transactions = parseJournal(text);
    expect(transactions.length).toBe(3);
    const balances = new Map<string, bigint>();
    for (const tx of transactions) {
      expect(tx.date).toBe('2026-11-20');
      expect(tx.comment).toMatch(/^entry:\d+, source:\S+$/);
      expect(
        tx.postings.reduce((sum, p) => sum + p.amount, 0n),
        tx.description,
      ).toBe(0n);
      for (const p of tx.postings) {
        expect(p.commodity).toBe('IDR');
        balances.set(p.account, (balances.get(p.account) ?? 0n) + p.amount);
      }
    }
    expect(Object.fromEntries(balances)).toEqual({
      'APBD-KAB-BUNGO:LEDGER-FILE:2026:pagu': -1_000_000n,
      'APBD-KAB-BUNGO:LEDGER-FILE:2026:available': 966_400n,
      'APBD-KAB-BUNGO:LEDGER-FILE:2026:committed': 16_800n,
      'APBD-KAB-BUNGO:LEDGER-FILE:2026:paid': 16_800n,
    });
  });

  it('when the file is read back, then it holds each entry of the JSON list with the same postings', async () => {
    const list = await t.as('auditor').get('/api/v1/journal-entries?limit=1000');
    const entries = list.body.data as { id: string; postings: { amount: string }[] }[];
    const transactions = parseJournal(await journalFile('from=2026-11-01&to=2026-11-30'));
    expect(transactions.map((tx) => tx.comment.match(/^entry:(\d+)/)![1])).toEqual(entries.map((e) => e.id));
    expect(transactions.map((tx) => tx.postings.map((p) => String(p.amount)))).toEqual(
      entries.map((e) => e.postings.map((p) => p.amount)),
    );
  });

  it('when the days hold no entry, then the file is its heading alone', async () => {
    const text = await journalFile('from=2026-11-21&to=2026-12-31');
    expect(parseJournal(text)).toEqual([]);
    expect(text).toMatch(/^; iuran-ledger journal, 2026-11-21 to 2026-12-31/);
  });

  it('when from or to is missing, malformed or reversed, then it is a 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['to=2026-11-30', 'query.from'],
      ['from=2026-11-01', 'query.to'],
      ['from=2026-11-31&to=2026-12-01', 'query.from'],
      ['from=2026-11-30&to=2026-11-01', 'query.to'],
    ];
    for (const [query, path] of cases) {
      const res = await t.as('auditor').get(`/api/v1/journal-entries?format=ledger&${query}`);
      expect(res.status, query).toBe(400);
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        query,
      ).toContain(path);
    }
    expect((await t.as('auditor').get('/api/v1/journal-entries?format=hledger')).status).toBe(400);
  });
});
