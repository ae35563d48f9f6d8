import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { notFound } from '../../shared/errors.js';
import { Decimal } from '../../shared/money.js';
import { timestamp } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';
import { regionExists } from '../regions/index.js';
import type { PutWorkforceInput, Workforce } from './workforce.schemas.js';

function toWorkforce(r: Record<string, unknown>): Workforce {
  return {
    regionCode: r.region_code as string,
    year: Number(r.year),
    workers: Number(r.workers),
    targetRate: r.target_rate as string,
    isDemo: Boolean(r.is_demo),
    updatedBy: r.updated_by as string,
    updatedAt: r.updated_at as string,
  };
}

async function findWorkforce(db: Conn, regionCode: string, year: number): Promise<Workforce | null> {
  const row = await db('workforce').where({ region_code: regionCode, year }).first();
  return row ? toWorkforce(row) : null;
}

/** Records (or replaces) a region's workforce and target for a year; a user's figure is never demo data. */
export async function setWorkforce(
  db: Conn,
  ctx: Ctx,
  regionCode: string,
  year: number,
  input: PutWorkforceInput,
): Promise<Workforce> {
  return inTransaction(db, async (trx) => {
    if (!(await regionExists(trx, regionCode))) throw notFound('region');
    const before = await findWorkforce(trx, regionCode, year);
    await trx('workforce')
      .insert({
        region_code: regionCode,
        year,
        workers: input.workers,
        target_rate: new Decimal(input.targetRate).toFixed(),
        is_demo: false,
        updated_by: ctx.actor.id,
        updated_at: timestamp(ctx.clock),
      })
      .onConflict(['region_code', 'year'])
      .merge();
    const after = (await findWorkforce(trx, regionCode, year))!;
    await recordAudit(trx, ctx, {
      action: 'workforce.set',
      entity: 'workforce',
      entityId: `${regionCode}/${year}`,
      change: { before, after: input },
    });
    return after;
  });
}

/** Rows by year, then region; the table is small (regions × years), so pages are cut by position. */
export async function listWorkforce(
  db: Conn,
  filter: { year?: number | undefined },
  limit: number,
  offset: number,
): Promise<Workforce[]> {
  const q = db('workforce')
    .orderBy([{ column: 'year' }, { column: 'region_code' }])
    .limit(limit + 1)
    .offset(offset);
  if (filter.year !== undefined) q.where('year', filter.year);
  return (await q).map(toWorkforce);
}
