import type { Knex } from 'knex';
import { whereSourceInScope } from '../../db/scope.js';
import type { Scope } from '../../shared/scope.js';
import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { Decimal, fromDb, toDb } from '../../shared/money.js';
import { timestamp, type Period } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';
import { getFundingSources } from '../funding-sources/index.js';
import type { Benefit, CreateProgramInput, Program } from './programs.schemas.js';

async function hydrate(db: Conn, rows: Record<string, unknown>[]): Promise<Program[]> {
  if (rows.length === 0) return [];
  const shares = await db('program_funding_shares')
    .whereIn(
      'program_id',
      rows.map((r) => r.id as number),
    )
    .orderBy(['program_id', 'position']);
  return rows.map((r) => ({
    id: String(r.id),
    code: r.code as string,
    name: r.name as string,
    benefits: (r.benefits as string).split(',') as Benefit[],
    declaredIncome: fromDb(r.declared_income).toFixed(0),
    fundingShares: shares
      .filter((s) => Number(s.program_id) === Number(r.id))
      .map((s) => ({ fundingSourceId: String(s.funding_source_id), share: s.share as string })),
    startPeriod: r.start_period as Period,
    endPeriod: (r.end_period as Period | null) ?? null,
    createdAt: r.created_at as string,
  }));
}

export async function createProgram(db: Conn, ctx: Ctx, input: CreateProgramInput): Promise<Program> {
  return inTransaction(db, async (trx) => {
    if (await trx('programs').where({ code: input.code }).first('id')) {
      throw new AppError('DUPLICATE_CODE', DETAILS.duplicateCode('programme', input.code));
    }
    const ids = input.fundingShares.map((s) => Number(s.fundingSourceId));
    const known = new Set((await getFundingSources(trx, ids)).map((s) => Number(s.id)));
    const unknown = input.fundingShares
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => !known.has(Number(s.fundingSourceId)))
      .map(({ i }) => ({
        path: `fundingShares.${i}.fundingSourceId`,
        message: FIELD.unknownFundingSource(),
      }));
    if (unknown.length > 0)
      throw new AppError('UNKNOWN_REFERENCE', DETAILS.unknownFundingSourceOfProgramme, unknown);
    const [row] = await trx('programs')
      .insert({
        code: input.code,
        name: input.name,
        benefits: input.benefits.join(','),
        declared_income: toDb(new Decimal(input.declaredIncome)),
        start_period: input.startPeriod,
        end_period: input.endPeriod ?? null,
        created_at: timestamp(ctx.clock),
      })
      .returning('*');
    await trx('program_funding_shares').insert(
      input.fundingShares.map((s, position) => ({
        program_id: row.id,
        funding_source_id: Number(s.fundingSourceId),
        position,
        share: new Decimal(s.share).toString(),
      })),
    );
    const [program] = await hydrate(trx, [row]);
    await recordAudit(trx, ctx, {
      action: 'program.create',
      entity: 'program',
      entityId: program!.id,
      change: input,
    });
    return program!;
  });
}

export async function getProgram(db: Conn, id: number): Promise<Program | null> {
  const row = await db('programs').where({ id }).first();
  return row ? ((await hydrate(db, [row]))[0] ?? null) : null;
}

export async function getProgramByCode(db: Conn, code: string): Promise<Program | null> {
  const row = await db('programs').where({ code }).first();
  return row ? ((await hydrate(db, [row]))[0] ?? null) : null;
}

export async function listPrograms(db: Conn, limit: number, afterId: number | null): Promise<Program[]> {
  const q = db('programs')
    .orderBy('id')
    .limit(limit + 1);
  if (afterId !== null) q.where('id', '>', afterId);
  return hydrate(db, await q);
}

/** Programmes that run in `period`, optionally only one. */
export async function programsRunningIn(db: Conn, period: Period, programId?: number): Promise<Program[]> {
  const q = db('programs')
    .where('start_period', '<=', period)
    .andWhere((w) => w.whereNull('end_period').orWhere('end_period', '>=', period))
    .orderBy('id');
  if (programId !== undefined) q.where('id', programId);
  return hydrate(db, await q);
}

/**
 * The ids of the programmes funded at least in part by the scope's funding sources, as a subquery: the
 * statements of such a programme concern the scope's money.
 */
export function programsFundedWithin(db: Conn, scope: Scope | undefined): Knex.QueryBuilder {
  return whereSourceInScope(db('program_funding_shares').distinct('program_id'), 'funding_source_id', scope);
}
