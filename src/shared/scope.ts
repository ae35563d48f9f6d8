import { AppError } from './errors.js';
import { DETAILS } from './messages/index.js';

/**
 * What part of the province's money and people a user may see and move (docs/architecture.md, "Scoped
 * access"). Each axis is either unrestricted (null) or a list: funding sources for money (allocations,
 * payments, statements, budget lines), regions for people (beneficiaries, enrolments), a region covering its
 * sub-regions (`15.08` covers `15.08.01`). A user without a scope is province-wide.
 */
export interface Scope {
  fundingSourceIds: number[] | null;
  regionCodes: string[] | null;
}

export const PROVINCE_WIDE: Scope = { fundingSourceIds: null, regionCodes: null };

export const isProvinceWide = (scope: Scope | undefined): boolean =>
  !scope || (scope.fundingSourceIds === null && scope.regionCodes === null);

export function coversSource(scope: Scope | undefined, fundingSourceId: number): boolean {
  return !scope?.fundingSourceIds || scope.fundingSourceIds.includes(fundingSourceId);
}

/**
 * A budget line or a funding source's own document (its monthly statement) as a whole: a scope that names
 * regions but no source holds none, since a line is never split by region.
 */
export function coversWholeSource(scope: Scope | undefined, fundingSourceId: number): boolean {
  return coversSource(scope, fundingSourceId) && !(scope?.regionCodes && !scope.fundingSourceIds);
}

export function coversRegion(scope: Scope | undefined, regionCode: string): boolean {
  return (
    !scope?.regionCodes || scope.regionCodes.some((r) => regionCode === r || regionCode.startsWith(`${r}.`))
  );
}

/** A 403 OUT_OF_SCOPE naming the funding sources of `ids` the scope does not cover, if any. */
export function assertSourcesInScope(scope: Scope | undefined, ids: readonly number[]): void {
  const outside = [...new Set(ids)].filter((id) => !coversSource(scope, id));
  if (outside.length > 0) throw new AppError('OUT_OF_SCOPE', DETAILS.sourcesOutOfScope(outside));
}

/** A 403 OUT_OF_SCOPE naming the regions of `codes` the scope does not cover, if any. */
export function assertRegionsInScope(scope: Scope | undefined, codes: readonly string[]): void {
  const outside = [...new Set(codes)].filter((code) => !coversRegion(scope, code));
  if (outside.length > 0) throw new AppError('OUT_OF_SCOPE', DETAILS.regionsOutOfScope(outside));
}

/**
 * A programme's billing, statements and exceptions concern every share it has, so they are in scope only
 * when all its funding sources are: a 403 OUT_OF_SCOPE naming the sources outside otherwise.
 */
export function assertSharesInScope(
  scope: Scope | undefined,
  shares: readonly { fundingSourceId: string }[],
): void {
  assertSourcesInScope(
    scope,
    shares.map((s) => Number(s.fundingSourceId)),
  );
}
