import { DateTime } from 'luxon';
import type { Db } from '../db/knex.js';
import type { Ctx } from '../shared/context.js';
import { ZONE } from '../shared/period.js';
import type { ProgrammeKey } from './people.js';

/** What the demo's steps share: the database, an actor whose clock the loader walks, and the funding sources. */

export interface ProgrammeSpec {
  key: ProgrammeKey;
  code: string;
  name: string;
  shares: [sourceCode: string, share: string][];
}

export interface LoadedProgramme {
  id: string;
  spec: ProgrammeSpec;
  workers: number;
}

export interface Loader {
  db: Db;
  ctx: Ctx;
  /** Moves the loader's clock: every row a service writes is stamped with it. */
  at: (iso: string) => void;
  sourceId: (code: string) => string;
}

export function loader(db: Db, sources: Record<string, string>, start: string): Loader {
  let now = DateTime.fromISO(start, { zone: ZONE });
  return {
    db,
    ctx: { actor: { id: 'demo', name: 'demo loader', role: 'admin' }, clock: () => now, requestId: null },
    at: (iso) => {
      now = DateTime.fromISO(iso, { zone: ZONE });
    },
    sourceId: (code) => {
      const found = sources[code];
      if (!found) throw new Error(`the reference data lacks funding source ${code}`);
      return found;
    },
  };
}
