import fs from 'node:fs';
import path from 'node:path';
import { isPostgres, type Db } from './knex.js';

/** The SQLite file a `DATABASE_URL` names, or null for PostgreSQL (which pg_dump backs up). */
export function sqliteFile(url: string): string | null {
  return url.startsWith('postgres://') || url.startsWith('postgresql://')
    ? null
    : url.replace(/^sqlite:(\/\/)?/, '');
}

/**
 * A consistent copy of a live SQLite database: VACUUM INTO reads one snapshot while the service keeps
 * serving, and writes a compact file with no WAL of its own.
 */
export async function backupSqlite(db: Db, target: string): Promise<void> {
  if (isPostgres(db)) throw new Error('PostgreSQL is backed up with pg_dump (see the README)');
  if (fs.existsSync(target)) throw new Error(`${target} already exists; choose a new file`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  await db.raw('VACUUM INTO ?', [path.resolve(target)]);
}

/**
 * Puts a verified copy in place of the database file. The current file is kept beside it, so a restore
 * can itself be undone; the service must be stopped first (its open connection would keep the old file).
 */
export function replaceSqliteFile(backup: string, target: string, stamp: string): string {
  const kept = `${target}.before-restore-${stamp}`;
  if (fs.existsSync(target)) fs.copyFileSync(target, kept);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.copyFileSync(backup, target);
  return kept;
}
