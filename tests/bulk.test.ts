import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzeIfGrown, appendRows } from '../src/db/bulk.js';
import { inTransaction } from '../src/db/knex.js';
import { createTestContext, type TestContext } from './support/harness.js';

/**
 * The bulk path of each engine (COPY on PostgreSQL, json_each batches on SQLite) must keep every value as
 * written, the characters COPY's text format uses as delimiters and escapes included.
 */
describe('appendRows', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
    await t.db.schema.createTable('bulk_probe', (table) => {
      table.integer('n').notNullable();
      table.text('word');
      table.bigInteger('amount');
    });
  });
  afterAll(() => t.close());
  // The suite also runs shuffled: each test starts from an empty table.
  beforeEach(async () => {
    await t.db('bulk_probe').delete();
  });

  it('when values hold tabs, newlines, backslashes, quotes and NULLs, then each arrives as written', async () => {
    const words = [
      'tab\there',
      'line\nbreak',
      'carriage\rreturn',
      'back\\slash',
      '\\N',
      'quote "and" apostrophe’s',
      'Nur’aini; Ḥasan',
      '',
      null,
    ];
    await inTransaction(t.db, async (trx) => {
      const rows = appendRows(trx, 'bulk_probe', ['n', 'word', 'amount']);
      for (const [n, word] of words.entries())
        await rows.push([n, word, n === 1 ? null : '9007199254740993']);
      await rows.close();
    });
    const back = await t
      .db('bulk_probe')
      .orderBy('n')
      .select('n', 'word', t.db.raw('CAST(amount AS TEXT) AS amount'));
    expect(back.map((r) => r.word)).toEqual(words);
    // Beyond 2^53, so an amount that passed through a JS number would have lost its last digit.
    expect(back.map((r) => r.amount)).toEqual(words.map((_, n) => (n === 1 ? null : '9007199254740993')));
  });

  it('when more rows come than one batch holds, then all of them arrive, in order', async () => {
    await inTransaction(t.db, async (trx) => {
      const rows = appendRows(trx, 'bulk_probe', ['n', 'word', 'amount']);
      for (let n = 0; n < 2_501; n += 1) await rows.push([n, `w${n}`, n]);
      await rows.close();
    });
    const back = await t.db('bulk_probe').orderBy('n').select('n', 'word');
    expect(back).toHaveLength(2_501);
    expect(back[2_500]).toEqual({ n: 2_500, word: 'w2500' });
  });

  it('when the transaction fails after rows were pushed, then none of them stays and the connection still works', async () => {
    await expect(
      inTransaction(t.db, async (trx) => {
        const rows = appendRows(trx, 'bulk_probe', ['n', 'word', 'amount']);
        try {
          for (let n = 0; n < 1_500; n += 1) await rows.push([n, 'kept?', n]);
          throw new Error('the upload broke half way');
        } catch (err) {
          await rows.abandon();
          throw err;
        }
      }),
    ).rejects.toThrow('the upload broke half way');
    const { n } = (await t.db('bulk_probe').count({ n: '*' }).first()) as { n: unknown };
    expect(Number(n)).toBe(0);
  });

  it('when a value breaks the table, then close rejects and nothing of the batch stays', async () => {
    await expect(
      inTransaction(t.db, async (trx) => {
        const rows = appendRows(trx, 'bulk_probe', ['n', 'word', 'amount']);
        await rows.push([1, 'fine', 1]);
        await rows.push([null, 'n may not be null', 2]);
        await rows.close();
      }),
    ).rejects.toThrow();
    const { n } = (await t.db('bulk_probe').count({ n: '*' }).first()) as { n: unknown };
    expect(Number(n)).toBe(0);
  });

  it('when a bulk write grows a table by more than a tenth, then PostgreSQL learns its new size, and a small write leaves the statistics alone', async () => {
    await inTransaction(t.db, async (trx) => {
      const rows = appendRows(trx, 'bulk_probe', ['n', 'word', 'amount']);
      for (let n = 0; n < 1_000; n += 1) await rows.push([n, 'x', n]);
      await rows.close();
      await analyzeIfGrown(trx, 'bulk_probe', 1_000);
    });
    if (t.engine !== 'postgres') return;
    const known = async () =>
      Number(
        (
          (await t.db.raw(`SELECT reltuples FROM pg_class WHERE oid = CAST('bulk_probe' AS regclass)`)) as {
            rows: { reltuples: number }[];
          }
        ).rows[0]!.reltuples,
      );
    expect(await known()).toBe(1_000);
    await t.db('bulk_probe').insert({ n: 1_000, word: 'one more', amount: 1 });
    await analyzeIfGrown(t.db, 'bulk_probe', 1);
    expect(await known()).toBe(1_000);
  });
});
