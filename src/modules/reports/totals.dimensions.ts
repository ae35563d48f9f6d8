/** What the totals report groups by, and each dimension as the column its rows and summaries are keyed by. */
export const TOTALS_DIMENSIONS = ['program', 'fundingSource', 'period', 'region'] as const;
export type TotalsDimension = (typeof TOTALS_DIMENSIONS)[number];

/** Each dimension as a column of the summaries (`obligation_totals`, `beneficiary_months`) and the payments. */
export const COLUMN: Record<TotalsDimension, string> = {
  program: 'program_id',
  fundingSource: 'funding_source_id',
  period: 'period',
  region: 'region_code',
};
