import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { notFound } from '../../shared/errors.js';
import { timestamp, type Period } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';
import { regionExists } from '../regions/index.js';
import type { InsuredCount, PutInsuredCountInput } from './workforce.schemas.js';

function toInsuredCount(r: Record<string, unknown>): InsuredCount {
  return {
    regionCode: r.region_code as string,
    period: r.period as Period,
    insured: Number(r.insured),
    documentRef: r.document_ref as string,
    isDemo: Boolean(r.is_demo),
    updatedBy: r.updated_by as string,
    updatedAt: r.updated_at as string,
  };
}

async function findInsuredCount(db: Conn, regionCode: string, period: Period): Promise<InsuredCount | null> {
  const row = await db('insured_counts').where({ region_code: regionCode, period }).first();
  return row ? toInsuredCount(row) : null;
}

/**
 * Records (or replaces) the insurer's count of a region's insured members in a month. A count moves no
 * money, so a correction replaces it; the audit trail keeps the figure it replaced and the document cited.
 */
export async function setInsuredCount(
  db: Conn,
  ctx: Ctx,
  regionCode: string,
  period: Period,
  input: PutInsuredCountInput,
): Promise<InsuredCount> {
  return inTransaction(db, async (trx) => {
    if (!(await regionExists(trx, regionCode))) throw notFound('region');
    const before = await findInsuredCount(trx, regionCode, period);
    await trx('insured_counts')
      .insert({
        region_code: regionCode,
        period,
        insured: input.insured,
        document_ref: input.documentRef,
        is_demo: false,
        updated_by: ctx.actor.id,
        updated_at: timestamp(ctx.clock),
      })
      .onConflict(['region_code', 'period'])
      .merge();
    const after = (await findInsuredCount(trx, regionCode, period))!;
    await recordAudit(trx, ctx, {
      action: 'insured_count.set',
      entity: 'insured_count',
      entityId: `${regionCode}/${period}`,
      change: {
        before: before && { insured: before.insured, documentRef: before.documentRef },
        after: input,
      },
    });
    return after;
  });
}

/** Counts by month, then region; the table is small (regions × months), so pages are cut by position. */
export async function listInsuredCounts(
  db: Conn,
  filter: { period?: Period | undefined },
  limit: number,
  offset: number,
): Promise<InsuredCount[]> {
  const q = db('insured_counts')
    .orderBy([{ column: 'period' }, { column: 'region_code' }])
    .limit(limit + 1)
    .offset(offset);
  if (filter.period !== undefined) q.where('period', filter.period);
  return (await q).map(toInsuredCount);
}
