import type { Conn } from '../../db/knex.js';

export const REGION_LEVELS = ['province', 'regency', 'city'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** A Kemendagri region: `15` (province), `15.08` (regency), `15.71` (city). */
export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

function toRegion(row: Record<string, unknown>): Region {
  const code = row.code as string;
  return {
    code,
    name: row.name as string,
    level: row.level as RegionLevel,
    parentCode: code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null,
  };
}

/** Regions are a small reference table: callers that check many codes read it once. */
export async function listRegions(db: Conn, level?: RegionLevel): Promise<Region[]> {
  const q = db('regions').orderBy('code').select('code', 'name', 'level');
  if (level !== undefined) q.where('level', level);
  return (await q).map(toRegion);
}

export async function findRegion(db: Conn, code: string): Promise<Region | null> {
  const row = await db('regions').where({ code }).first('code', 'name', 'level');
  return row ? toRegion(row) : null;
}

export async function regionExists(db: Conn, code: string): Promise<boolean> {
  return (await findRegion(db, code)) !== null;
}
