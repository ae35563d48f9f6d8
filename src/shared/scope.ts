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

export function coversRegion(scope: Scope | undefined, regionCode: string): boolean {
  return (
    !scope?.regionCodes || scope.regionCodes.some((r) => regionCode === r || regionCode.startsWith(`${r}.`))
  );
}
