import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { AppError } from '../shared/errors.js';
import { DETAILS } from '../shared/messages/index.js';

/**
 * Who is using an SQLite database, told by a lock on `<database>.lock`: every running service holds a shared
 * lock on it, a restore holds it exclusively. The locks are SQLite's own (POSIX advisory locks), which the
 * operating system drops when the process ends however it ends, so a crashed service leaves the file behind
 * but no lock on it. A pid file could not tell a crash apart: its pid may by then belong to another process,
 * or be the same small pid in another container. Shared, so that a new service can start before the old one
 * stops (a rolling restart); the file itself never holds data.
 */
export interface DatabaseLock {
  release: () => Promise<void>;
}

function exec(conn: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => conn.exec(sql, (err) => (err ? reject(err) : resolve())));
}

function close(conn: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => conn.close((err) => (err ? reject(err) : resolve())));
}

async function lock(database: string, statements: string, refusal: string): Promise<DatabaseLock> {
  const file = `${path.resolve(database)}.lock`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const conn = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, (err) =>
      err ? reject(err) : resolve(opened),
    );
  });
  try {
    // Without waiting: a lock that is held is an answer, not something to wait for.
    await exec(conn, `PRAGMA busy_timeout = 0; ${statements}`);
  } catch (err) {
    await close(conn);
    if ((err as { code?: string }).code === 'SQLITE_BUSY')
      throw new AppError('DATABASE_IN_USE', DETAILS.databaseInUse(refusal, file));
    throw err;
  }
  return { release: () => close(conn) };
}

/** Taken by the service for as long as it runs; refused while a restore is putting a file in place. */
export function lockForService(database: string): Promise<DatabaseLock> {
  // In exclusive locking mode the shared lock of the first read is kept until the connection closes.
  return lock(
    database,
    'PRAGMA locking_mode = EXCLUSIVE; SELECT count(*) FROM sqlite_master;',
    `a restore of ${database} is in progress; start the service when it has finished`,
  );
}

/** Taken by a restore; refused while any service has the database open. */
export function lockForRestore(database: string): Promise<DatabaseLock> {
  return lock(
    database,
    'BEGIN EXCLUSIVE;',
    `the service is running on ${database}; stop it before restoring`,
  );
}
