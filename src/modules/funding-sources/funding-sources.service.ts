import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError, notFound, unknownReference } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { timestamp } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';
import { regionExists } from '../regions/index.js';
import type {
  CreateFundingSourceInput,
  FundingSource,
  Signatory,
  UpdateFundingSourceInput,
} from './funding-sources.schemas.js';

function toFundingSource(r: Record<string, unknown>): FundingSource {
  return {
    id: String(r.id),
    code: r.code as string,
    name: r.name as string,
    level: r.level as FundingSource['level'],
    regionCode: r.region_code as string,
    budgetLine: (r.budget_line as string | null) ?? null,
    subActivityCode: (r.sub_activity_code as string | null) ?? null,
    accounts: {
      JKK: (r.account_jkk as string | null) ?? null,
      JKM: (r.account_jkm as string | null) ?? null,
      JHT: (r.account_jht as string | null) ?? null,
    },
    place: (r.place as string | null) ?? null,
    signatories: r.signatories ? (JSON.parse(r.signatories as string) as Signatory[]) : [],
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

/** The columns a change writes; a field left out of the body is left as it is. */
function changedColumns(input: UpdateFundingSourceInput): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  if (input.name !== undefined) columns.name = input.name;
  if (input.subActivityCode !== undefined) columns.sub_activity_code = input.subActivityCode;
  if (input.place !== undefined) columns.place = input.place;
  if (input.fourEyes !== undefined) columns.four_eyes = input.fourEyes;
  if (input.signatories !== undefined) columns.signatories = JSON.stringify(input.signatories);
  for (const benefit of ['JKK', 'JKM', 'JHT'] as const) {
    const code = input.accounts?.[benefit];
    if (code !== undefined) columns[`account_${benefit.toLowerCase()}`] = code;
  }
  return columns;
}

/** Sets what a source's documents and realisation report need; the audit event keeps before and after. */
export async function updateFundingSource(
  db: Conn,
  ctx: Ctx,
  id: number,
  input: UpdateFundingSourceInput,
): Promise<FundingSource> {
  return inTransaction(db, async (trx) => {
    const before = await getFundingSource(trx, id);
    if (!before) throw notFound('fundingSource');
    const columns = changedColumns(input);
    if (Object.keys(columns).length > 0) await trx('funding_sources').where({ id }).update(columns);
    const after = (await getFundingSource(trx, id))!;
    const fields = Object.keys(input) as (keyof UpdateFundingSourceInput)[];
    await recordAudit(trx, ctx, {
      action: 'funding_source.update',
      entity: 'funding_source',
      entityId: after.id,
      change: {
        before: Object.fromEntries(fields.map((f) => [f, before[f]])),
        after: Object.fromEntries(fields.map((f) => [f, after[f]])),
      },
    });
    return after;
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
