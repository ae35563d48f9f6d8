import type { Knex } from 'knex';
// knex ships no types for its dialect classes; these two are the documented way to customise a client.
// @ts-expect-error untyped knex internals
import ClientSqlite3 from 'knex/lib/dialects/sqlite3/index.js';
// @ts-expect-error untyped knex internals
import TransactionSqlite from 'knex/lib/dialects/sqlite3/execution/sqlite-transaction.js';

/**
 * Every transaction this service opens writes, so on SQLite it takes the write lock when it begins
 * (BEGIN IMMEDIATE), waiting through busy_timeout if another process holds it. A deferred BEGIN would start
 * as a reader and fail with SQLITE_BUSY at its first write whenever another connection (the CLI, a backup,
 * a second server) wrote in between, which no amount of waiting can resolve.
 */
class ImmediateTransaction extends (TransactionSqlite as new (...args: unknown[]) => {
  query: (conn: unknown, sql: string) => Promise<unknown>;
}) {
  begin(conn: unknown): Promise<unknown> {
    return this.query(conn, 'BEGIN IMMEDIATE;');
  }
}

export class SqliteImmediateClient extends (ClientSqlite3 as new (config: Knex.Config) => object) {
  transaction(...args: unknown[]): unknown {
    return new ImmediateTransaction(this, ...args);
  }
}
