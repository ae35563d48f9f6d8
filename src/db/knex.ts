import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { migrationSource } from '../../migrations/index.js';
import { SqliteImmediateClient } from './sqlite-immediate.js';

export type Db = Knex;
export type Trx = Knex.Transaction;
export type Conn = Knex | Knex.Transaction;

export function isPostgres(db: Conn): boolean {
  return db.client.config.client === 'pg';
}

/**
 * An SQL expression whose value is a sum of BIGINTs, made to reach JavaScript exactly: PostgreSQL answers
 * such a sum as NUMERIC, which its driver gives as text; SQLite's driver would give the 64-bit integer as a
 * JS number, inexact beyond 2^53, so there it is cast to text.
 */
export function exactText(db: Conn, expression: string): string {
  return isPostgres(db) ? expression : `CAST(${expression} AS TEXT)`;
}

/** `SUM(column) AS alias`, read exactly (see `exactText`). */
export function exactSum(db: Conn, column: string, alias: string): Knex.Raw {
  return db.raw(`${exactText(db, 'SUM(??)')} AS ??`, [column, alias]);
}

/**
 * One knex for both engines. `sqlite:PATH` (or a bare path) opens an SQLite file in WAL mode with foreign
 * keys on and a single connection, so that writes never meet SQLITE_BUSY inside the process;
 * `postgres://…` opens PostgreSQL, optionally in `schema` (tests give each file its own).
 */
export function knexConfig(url: string, options: { schema?: string } = {}): Knex.Config {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return {
      client: 'pg',
      connection: url,
      pool: {
        min: 0,
        max: 10,
        ...(options.schema
          ? {
              afterCreate: (
                conn: { query: (sql: string, cb: (err: Error | null) => void) => void },
                done: (err: Error | null, c: unknown) => void,
              ) => conn.query(`SET search_path TO "${options.schema}"`, (err) => done(err, conn)),
            }
          : {}),
      },
    };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return {
    client: SqliteImmediateClient as unknown as typeof Knex.Client,
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (
        conn: { exec: (sql: string, cb: (err: Error | null) => void) => void },
        done: (err: Error | null, c: unknown) => void,
      ) =>
        conn.exec(
          'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;',
          (err) => done(err, conn),
        ),
    },
  };
}

export function createDb(url: string, options: { schema?: string } = {}): Db {
  return knexFactory(knexConfig(url, options));
}

export async function migrate(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource });
}

const DISCARD = Symbol('discard');

/** What a unit of work returns to have its transaction rolled back: a dry run, or nothing new to keep. */
export interface Discarded<T> {
  readonly [DISCARD]: true;
  readonly value: T;
}

/** Rolls the transaction back and answers `value`: the work ran in full, and nothing of it stays. */
export const discard = <T>(value: T): Discarded<T> => ({ [DISCARD]: true, value });

const isDiscarded = <T>(out: T | Discarded<T>): out is Discarded<T> =>
  typeof out === 'object' && out !== null && DISCARD in out;

/**
 * Runs `work` in one transaction (a savepoint when `db` is already one), committed when it returns and
 * rolled back when it throws or returns `discard(value)`. On PostgreSQL every write transaction first takes
 * one advisory lock per schema, so writers run one at a time as they do on SQLite: the audit hash chain,
 * budget checks and outstanding-amount checks then never race, and readers are never blocked.
 */
export async function inTransaction<T>(db: Conn, work: (trx: Trx) => Promise<T | Discarded<T>>): Promise<T> {
  const trx = await db.transaction();
  try {
    if (isPostgres(trx)) await trx.raw('SELECT pg_advisory_xact_lock(hashtext(current_schema()))');
    const out = await work(trx);
    if (isDiscarded(out)) {
      await trx.rollback();
      return out.value;
    }
    await trx.commit();
    return out;
  } catch (err) {
    if (!trx.isCompleted()) await trx.rollback();
    throw err;
  }
}
