import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { isPostgres, type Conn } from './knex.js';

/**
 * Appending many rows to a table of a transaction, each engine's fastest way: `COPY … FROM STDIN` on
 * PostgreSQL (its own bulk path, one stream for every row), and on SQLite batches sent as one JSON text
 * each that `json_each` unpacks (thousands of rows a statement without binding a placeholder per value).
 * Writing runs behind the caller's parsing: a batch waits as its encoded text, and at most QUEUED of them
 * wait, so the memory an upload takes is bounded however fast it arrives.
 */
export interface Appender {
  /** Adds a row (values in the order of the columns); resolves once the queue has room for more. */
  push(row: readonly unknown[]): Promise<void>;
  /** Writes what is left; resolves once every row is in the table, rejects with the first failure. */
  close(): Promise<void>;
  /** After a failure elsewhere: waits for the write under way, so no write runs behind a rollback. */
  abandon(): Promise<void>;
}

/**
 * Rows per batch: enough that a statement's own cost vanishes, few enough that a batch's text stays below
 * V8's large-object size, so each batch dies young instead of piling up in the old generation between major
 * collections.
 */
const BATCH = 1_000;
/** Encoded batches waiting to be written. */
const QUEUED = 100;

/** COPY's text format: backslash escapes for the characters that delimit it, `\N` for NULL. */
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const copyValue = (value: unknown): string =>
  value === null || value === undefined
    ? '\\N'
    : String(value).replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]!);
const copyText = (rows: readonly (readonly unknown[])[]): string =>
  rows.map((row) => row.map(copyValue).join('\t')).join('\n') + '\n';

interface Sink {
  write(rows: readonly (readonly unknown[])[]): Promise<void>;
  end(): Promise<void>;
  abort(): Promise<void>;
}

/** One COPY stream on the transaction's own connection, for every batch. */
async function copySink(trx: Conn, table: string, columns: readonly string[]): Promise<Sink> {
  // Inside a transaction, knex hands out the transaction's connection.
  const connection = (await trx.client.acquireConnection()) as PoolClient;
  const stream: CopyStreamQuery = connection.query(
    copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`),
  );
  const done = finished(stream);
  // Awaited by write and end; a failure while nothing waits must not count as unhandled.
  done.catch(() => undefined);
  return {
    async write(rows) {
      if (!stream.write(copyText(rows))) await Promise.race([once(stream, 'drain'), done]);
    },
    async end() {
      stream.end();
      await done;
    },
    // CopyFail ends the COPY, so the connection is free for the rollback that follows.
    async abort() {
      stream.destroy(new Error('the upload was refused'));
      await done.catch(() => undefined);
    },
  };
}

function jsonSink(trx: Conn, table: string, columns: readonly string[]): Sink {
  const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')})
    SELECT ${columns.map((_, i) => `value->>${i}`).join(', ')} FROM json_each(?)`;
  return {
    write: async (rows) => void (await trx.raw(sql, [JSON.stringify(rows)])),
    end: async () => undefined,
    abort: async () => undefined,
  };
}

/** Opens an appender on `table`, writing only once `after` (work already issued on `trx`) has settled. */
export function appendRows(
  trx: Conn,
  table: string,
  columns: readonly string[],
  after: Promise<unknown> = Promise.resolve(),
): Appender {
  const opened = after.then(() =>
    isPostgres(trx) ? copySink(trx, table, columns) : jsonSink(trx, table, columns),
  );
  let written: Promise<unknown> = opened;
  // Awaited in turn; a failure meanwhile must not count as an unhandled rejection.
  written.catch(() => undefined);
  const queued: Promise<unknown>[] = [];
  let batch: (readonly unknown[])[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    if (queued.length >= QUEUED) await queued.shift();
    written = Promise.all([opened, written]).then(([sink]) => sink.write(rows));
    written.catch(() => undefined);
    queued.push(written);
  };
  return {
    async push(row) {
      batch.push(row);
      if (batch.length >= BATCH) await flush();
    },
    async close() {
      if (batch.length > 0) await flush();
      await written;
      await (await opened).end();
    },
    async abandon() {
      await written.catch(() => undefined);
      await (await opened.catch(() => null))?.abort();
    },
  };
}

/**
 * After a bulk write of `written` rows to `table`, refreshes PostgreSQL's statistics of it when the write
 * changed enough of the table to mislead the planner: more than a tenth of the rows it had, autovacuum's
 * own rule (a small table, such as a run's prices, is analysed on every write, which costs next to
 * nothing). A plan chosen on statistics of a far smaller table reads every row of a join once per row of
 * the other side, and autovacuum may be off or behind after a load. SQLite plans from its indexes without
 * statistics, so there is nothing to do there.
 */
export async function analyzeIfGrown(trx: Conn, table: string, written: number): Promise<void> {
  if (!isPostgres(trx)) return;
  const { rows } = (await trx.raw('SELECT reltuples FROM pg_class WHERE oid = CAST(? AS regclass)', [
    table,
  ])) as {
    rows: { reltuples: number }[];
  };
  // reltuples is -1 for a table never analysed.
  const known = Math.max(Number(rows[0]?.reltuples ?? 0), 0);
  if (written > 0.1 * known) await trx.raw(`ANALYZE "${table}"`);
}

/**
 * Refreshes PostgreSQL's statistics of some columns of `table` after a write that put a value there the
 * planner has never seen, such as a billing run's id on its obligations: taking the new value for a
 * handful of rows, the planner would join the run's rows one index probe at a time. A sample of one
 * column costs a fraction of a second at the province's size (docs/performance.md). SQLite plans without
 * statistics.
 */
export async function analyzeColumns(trx: Conn, table: string, columns: string[]): Promise<void> {
  if (!isPostgres(trx)) return;
  await trx.raw(`ANALYZE "${table}" (${columns.map((c) => `"${c}"`).join(', ')})`);
}
