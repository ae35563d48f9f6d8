import type { Conn } from '../../db/knex.js';
import { toDb } from '../../shared/money.js';
import type { LiveShare } from './billing.reads.js';
import { monthBit } from './summaries.repository.js';

/**
 * Cancels single obligations of one worker and programme (an enrolment ended after they were billed): each
 * becomes `cancelled`, the one status written on an obligation after it is created, and leaves the report
 * summaries in the same transaction, as a cancelled run's do. What they were credited stays credited: the
 * insurer did confirm them. The journal entry is the caller's, which knows what each was for.
 */
export async function cancelShares(
  trx: Conn,
  beneficiaryId: number,
  programId: number,
  shares: readonly LiveShare[],
): Promise<void> {
  if (shares.length === 0) return;
  await trx('obligations')
    .whereIn(
      'id',
      shares.map((s) => s.obligationId),
    )
    .update({ status: 'cancelled' });
  const region = (
    (await trx('beneficiaries').where({ id: beneficiaryId }).first('region_code')) as {
      region_code: string;
    }
  ).region_code;
  for (const s of shares) {
    await trx('obligation_totals')
      .where({
        program_id: programId,
        funding_source_id: s.fundingSourceId,
        period: s.period,
        region_code: region,
      })
      .update({
        obligations: trx.raw('obligations - 1'),
        billed: trx.raw('billed - CAST(? AS BIGINT)', [toDb(s.amount)]),
      });
  }
  const months = new Map(shares.map((s) => [`${s.fundingSourceId} ${s.period}`, s]));
  for (const s of months.values()) {
    await trx('beneficiary_months')
      .where({
        fiscal_year: s.fiscalYear,
        program_id: programId,
        funding_source_id: s.fundingSourceId,
        beneficiary_id: beneficiaryId,
      })
      .update({ months: trx.raw('months & ?', [~monthBit(s.period)]) });
  }
}
