import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrationSource } from '../migrations/index.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');
const LIST = 'migrations/checksums.json';

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/**
 * What is wrong with the landed migrations. A deployed database has run every landed migration once and
 * records it in knex_migrations by name, so an edit never reaches it and a renamed or dropped file makes
 * knex refuse to migrate: the file under that name must stay byte for byte as it landed.
 */
function migrationProblems(
  registered: string[],
  checksums: Record<string, string>,
  read: (file: string) => Buffer | null,
): string[] {
  const problems: string[] = [];
  for (const name of registered) {
    if (!(`${name}.ts` in checksums))
      problems.push(
        `migration ${name}.ts has no checksum in ${LIST}: add it when the migration lands (sha256 of the file)`,
      );
  }
  for (const [file, expected] of Object.entries(checksums)) {
    const bytes = read(file);
    if (bytes === null) {
      problems.push(
        `migration ${file} is listed in ${LIST} but the file is missing or renamed: deployed databases know it by this name`,
      );
      continue;
    }
    if (!registered.includes(file.replace(/\.ts$/, '')))
      problems.push(
        `migration ${file} is listed in ${LIST} but not registered under that name in migrations/index.ts`,
      );
    if (sha256(bytes) !== expected)
      problems.push(`migration ${file} was edited after it landed: add a new migration instead`);
  }
  return problems;
}

const readLanded = (file: string): Buffer | null => {
  const full = path.join(DIR, file);
  return fs.existsSync(full) ? fs.readFileSync(full) : null;
};

async function registered(): Promise<string[]> {
  return migrationSource.getMigrations([]);
}

function checksums(): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(DIR, 'checksums.json'), 'utf8')) as Record<string, string>;
}

describe('landed migrations', () => {
  it('when the migrations are checked, then every registered one has a checksum and none has changed', async () => {
    expect(migrationProblems(await registered(), checksums(), readLanded)).toEqual([]);
  });

  it('when a landed migration is edited, then the check names it and says to add a new one', async () => {
    const edited = (file: string) => {
      const bytes = readLanded(file);
      return bytes && file === '20261128_06_billing.ts' ? Buffer.concat([bytes, Buffer.from('\n')]) : bytes;
    };
    expect(migrationProblems(await registered(), checksums(), edited)).toEqual([
      'migration 20261128_06_billing.ts was edited after it landed: add a new migration instead',
    ]);
  });

  it('when a registered migration has no checksum, then the check says to add it when it lands', async () => {
    const names = [...(await registered()), '20270101_15_next_change'];
    expect(migrationProblems(names, checksums(), readLanded)).toEqual([
      `migration 20270101_15_next_change.ts has no checksum in ${LIST}: add it when the migration lands (sha256 of the file)`,
    ]);
  });

  it('when a landed migration is renamed, then the check names the missing file and the unlisted name', async () => {
    const names = (await registered()).map((n) =>
      n === '20261128_05_periods' ? '20261128_05_closed_periods' : n,
    );
    const renamed = (file: string) => (file === '20261128_05_periods.ts' ? null : readLanded(file));
    expect(migrationProblems(names, checksums(), renamed)).toEqual([
      `migration 20261128_05_closed_periods.ts has no checksum in ${LIST}: add it when the migration lands (sha256 of the file)`,
      `migration 20261128_05_periods.ts is listed in ${LIST} but the file is missing or renamed: deployed databases know it by this name`,
    ]);
  });

  it('when a landed migration is dropped from migrations/index.ts, then the check names it', async () => {
    const names = (await registered()).filter((n) => n !== '20261128_11_workforce');
    expect(migrationProblems(names, checksums(), readLanded)).toEqual([
      `migration 20261128_11_workforce.ts is listed in ${LIST} but not registered under that name in migrations/index.ts`,
    ]);
  });
});
