import type { Conn } from '../../db/knex.js';
import type { Role } from '../../shared/context.js';
import { AppError, unknownReference, type FieldError } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { PROVINCE_WIDE, type Scope } from '../../shared/scope.js';
import { regionExists } from '../regions/index.js';
import type { ScopeInput } from './users.schemas.js';

/**
 * Which funding sources of a list exist. Funding sources are a module of the same level as users, so the
 * composition root hands this check in (`UserPorts`).
 */
export type KnownSources = (db: Conn, ids: number[]) => Promise<number[]>;

/** Which axis each role may be limited on (docs/architecture.md, "Scoped access"). */
export const MAY_CARRY: Record<Role, { sources: boolean; regions: boolean }> = {
  admin: { sources: false, regions: false },
  finance_officer: { sources: true, regions: false },
  program_manager: { sources: false, regions: true },
  auditor: { sources: true, regions: true },
};

/** The scope of each user, province-wide for a user without rows. */
export async function scopesOf(db: Conn, userIds: number[]): Promise<Map<number, Scope>> {
  const scopes = new Map<number, Scope>(userIds.map((id) => [id, { ...PROVINCE_WIDE }]));
  if (userIds.length === 0) return scopes;
  const sources = await db('user_scope_sources')
    .whereIn('user_id', userIds)
    .orderBy(['user_id', 'funding_source_id']);
  for (const row of sources) {
    const scope = scopes.get(Number(row.user_id))!;
    scope.fundingSourceIds = [...(scope.fundingSourceIds ?? []), Number(row.funding_source_id)];
  }
  const regions = await db('user_scope_regions')
    .whereIn('user_id', userIds)
    .orderBy(['user_id', 'region_code']);
  for (const row of regions) {
    const scope = scopes.get(Number(row.user_id))!;
    scope.regionCodes = [...(scope.regionCodes ?? []), row.region_code as string];
  }
  return scopes;
}

export async function scopeOf(db: Conn, userId: number): Promise<Scope> {
  return (await scopesOf(db, [userId])).get(userId)!;
}

/**
 * Refuses a scope the role may not carry (422 SCOPE_NOT_FOR_ROLE), then one naming a funding source or a
 * region that does not exist (422 UNKNOWN_REFERENCE). `at` is where the scope sits in the request body.
 */
export async function checkScope(
  db: Conn,
  role: Role,
  input: ScopeInput,
  knownSources: KnownSources,
  at: string,
): Promise<Scope> {
  const misfits: FieldError[] = [];
  if (input.fundingSourceIds && !MAY_CARRY[role].sources)
    misfits.push({ path: `${at}fundingSourceIds`, message: FIELD.sourcesScopeRoles() });
  if (input.regionCodes && !MAY_CARRY[role].regions)
    misfits.push({ path: `${at}regionCodes`, message: FIELD.regionsScopeRoles() });
  if (misfits.length > 0) throw new AppError('SCOPE_NOT_FOR_ROLE', DETAILS.scopeNotForRole, misfits);

  const sourceIds = input.fundingSourceIds?.map(Number) ?? null;
  if (sourceIds) {
    const known = new Set(await knownSources(db, sourceIds));
    const i = sourceIds.findIndex((s) => !known.has(s));
    if (i >= 0)
      throw unknownReference('fundingSource', `${at}fundingSourceIds.${i}`, FIELD.unknownFundingSource());
  }
  for (const [i, code] of (input.regionCodes ?? []).entries()) {
    if (!(await regionExists(db, code)))
      throw unknownReference('region', `${at}regionCodes.${i}`, FIELD.unknownRegion());
  }
  return { fundingSourceIds: sourceIds, regionCodes: input.regionCodes ?? null };
}

/** Replaces a user's scope with `scope`, in the caller's transaction. */
export async function writeScope(trx: Conn, userId: number, scope: Scope): Promise<void> {
  await trx('user_scope_sources').where({ user_id: userId }).delete();
  await trx('user_scope_regions').where({ user_id: userId }).delete();
  if (scope.fundingSourceIds?.length)
    await trx('user_scope_sources').insert(
      scope.fundingSourceIds.map((id) => ({ user_id: userId, funding_source_id: id })),
    );
  if (scope.regionCodes?.length)
    await trx('user_scope_regions').insert(
      scope.regionCodes.map((code) => ({ user_id: userId, region_code: code })),
    );
}

/** A scope as the API shows it: ids as strings, null for an unrestricted axis. */
export const scopeView = (scope: Scope) => ({
  fundingSourceIds: scope.fundingSourceIds?.map(String) ?? null,
  regionCodes: scope.regionCodes ?? null,
});
