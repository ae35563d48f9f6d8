import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError, unknownReference } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { timestamp } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';
import { regionExists } from '../regions/index.js';
import type { CreateFundingSourceInput, FundingSource } from './funding-sources.schemas.js';

function toFundingSource(r: Record<string, unknown>): FundingSource {
  return {
    id: String(r.id),
    code: r.code as string,
    name: r.name as string,
    level: r.level as FundingSource['level'],
    regionCode: r.region_code as string,
    budgetLine: (r.budget_line as string | null) ?? null,
    fourEyes: Boolean(r.four_eyes),
    createdAt: r.created_at as string,
  };
}

export async function createFundingSource(
  db: Conn,
  ctx: Ctx,
  input: CreateFundingSourceInput,
): Promise<FundingSource> {
  return inTransaction(db, async (trx) => {
    if (await trx('funding_sources').where({ code: input.code }).first('id')) {
      throw new AppError('DUPLICATE_CODE', DETAILS.duplicateCode('fundingSource', input.code));
    }
    if (!(await regionExists(trx, input.regionCode))) {
      throw unknownReference('region', 'regionCode', FIELD.unknownRegion());
    }
    const [row] = await trx('funding_sources')
      .insert({
        code: input.code,
        name: input.name,
        level: input.level,
        region_code: input.regionCode,
        budget_line: input.budgetLine ?? null,
        four_eyes: input.fourEyes ?? false,
        created_at: timestamp(ctx.clock),
      })
      .returning('*');
    const source = toFundingSource(row);
    await recordAudit(trx, ctx, {
      action: 'funding_source.create',
      entity: 'funding_source',
      entityId: source.id,
      change: input,
    });
    return source;
  });
}

export async function listFundingSources(
  db: Conn,
  limit: number,
  afterId: number | null,
): Promise<FundingSource[]> {
  const q = db('funding_sources')
    .orderBy('id')
    .limit(limit + 1);
  if (afterId !== null) q.where('id', '>', afterId);
  return (await q).map(toFundingSource);
}

export async function getFundingSource(db: Conn, id: number): Promise<FundingSource | null> {
  const row = await db('funding_sources').where({ id }).first();
  return row ? toFundingSource(row) : null;
}

export async function getFundingSources(db: Conn, ids: number[]): Promise<FundingSource[]> {
  return (await db('funding_sources').whereIn('id', ids).orderBy('id')).map(toFundingSource);
}

/** Which of these ids are funding sources (a user's scope may name only those). */
export async function knownFundingSourceIds(db: Conn, ids: number[]): Promise<number[]> {
  return (await db('funding_sources').whereIn('id', ids).pluck('id')).map(Number);
}
