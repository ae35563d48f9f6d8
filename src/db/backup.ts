import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/errors.js';
import type { Label } from '../shared/i18n.js';
import { DETAILS } from '../shared/messages/index.js';
import { lockForRestore } from './instance-lock.js';
import { createDb, isPostgres, type Db } from './knex.js';

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

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function notABackup(file: string, why: Label): AppError {
  return new AppError('NOT_A_BACKUP', DETAILS.notABackup(file, why));
}

/**
 * The one file a restore reads, resolved once (`//x`, `a/../x` and symbolic links name it exactly once): an
 * existing regular file that starts as every SQLite database does, with no `-wal` beside it (that is a live
 * database, whose latest writes the file alone lacks), and not the database being restored.
 */
function backupFile(source: string, target: string): string {
  const named = path.resolve(source);
  if (!fs.existsSync(named)) throw new AppError('BACKUP_NOT_FOUND', DETAILS.backupMissing(named));
  const file = fs.realpathSync(named);
  if (!fs.statSync(file).isFile()) throw notABackup(file, DETAILS.notRegularFile);
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, header.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!header.equals(SQLITE_HEADER)) throw notABackup(file, DETAILS.notSqliteFile);
  if (fs.existsSync(`${file}-wal`)) throw notABackup(file, DETAILS.hasWal);
  if (fs.existsSync(target) && fs.realpathSync(target) === file)
    throw notABackup(file, DETAILS.isTheDatabase);
  return file;
}

/**
 * The database as it is now, its -wal included (a crashed service leaves its latest writes there), into one
 * self-contained file, so that a restore can itself be undone.
 */
async function keepCurrent(target: string, kept: string): Promise<void> {
  if (fs.existsSync(kept)) throw new AppError('KEPT_COPY_EXISTS', DETAILS.keptCopyExists(kept));
  const current = createDb(`sqlite:${target}`);
  try {
    await current.raw('VACUUM INTO ?', [kept]);
  } catch (err) {
    throw new AppError(
      'CURRENT_DATABASE_UNREADABLE',
      DETAILS.currentUnreadable(target, (err as Error).message),
    );
  } finally {
    await current.destroy();
  }
}

function removeWithJournal(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

export interface Restored {
  source: string;
  target: string;
  /** Where the previous database is kept, or null when there was none. */
  kept: string | null;
}

/**
 * Puts a verified backup in place of the database file, while no service has it open. The file checked is
 * a private copy of the backup, and that same copy is what is renamed into place, so nothing can change
 * between the check and the install.
 */
export async function restoreSqlite(
  source: string,
  database: string,
  options: { stamp: string; verify: (copy: string, source: string) => Promise<boolean> },
): Promise<Restored> {
  const target = path.resolve(database);
  const file = backupFile(source, target);
  const lock = await lockForRestore(target);
  const copy = `${target}.restoring`;
  try {
    removeWithJournal(copy);
    fs.copyFileSync(file, copy);
    if (!(await options.verify(copy, file)))
      throw new AppError('BACKUP_DOES_NOT_VERIFY', DETAILS.backupDoesNotVerify(file));
    const kept = fs.existsSync(target) ? `${target}.before-restore-${options.stamp}` : null;
    if (kept) await keepCurrent(target, kept);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
    fs.renameSync(copy, target);
    return { source: file, target, kept };
  } finally {
    removeWithJournal(copy);
    await lock.release();
  }
}
