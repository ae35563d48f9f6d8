import type { Conn } from '../../db/knex.js';
import { AppError } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { getFundingSources } from '../funding-sources/index.js';
import type { Program } from '../programs/index.js';

/** A region lies within an area when it is the area or below it (`15.08.01` within `15.08`). */
export const livesWithin = (regionCode: string, area: string): boolean =>
  regionCode === area || regionCode.startsWith(`${area}.`);

/** A regency's or city's share of a programme, which pays only for people living there. */
export interface ResidenceLimit {
  fundingSourceCode: string;
  regionCode: string;
}

/** The shares of `program` paid by a regency or city: a province source may pay for anyone in its province. */
export async function residenceLimits(db: Conn, program: Program): Promise<ResidenceLimit[]> {
  const sources = await getFundingSources(
    db,
    program.fundingShares.map((s) => Number(s.fundingSourceId)),
  );
  return sources
    .filter((s) => s.level === 'regency' || s.level === 'city')
    .map((s) => ({ fundingSourceCode: s.code, regionCode: s.regionCode }));
}

/** The first limit a person living in `regionCode` is outside of, if any. */
export const limitBroken = (limits: readonly ResidenceLimit[], regionCode: string) =>
  limits.find((l) => !livesWithin(regionCode, l.regionCode));

/** A 422 OUT_OF_REGION when a share of the programme may not pay for a person living in `regionCode`. */
export function assertLivesWithin(limits: readonly ResidenceLimit[], regionCode: string): void {
  const broken = limitBroken(limits, regionCode);
  if (broken) {
    throw new AppError(
      'OUT_OF_REGION',
      DETAILS.outOfRegion(broken.fundingSourceCode, broken.regionCode, regionCode),
      [{ path: 'beneficiaryId', message: FIELD.outOfRegion({ code: broken.regionCode }) }],
      { fundingSourceCode: broken.fundingSourceCode, regionCode: broken.regionCode },
    );
  }
}
