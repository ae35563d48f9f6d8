import type { Conn } from '../../db/knex.js';
import type { LiveShare } from './billing.reads.js';
import { removeShares } from './summaries.repository.js';

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
  await removeShares(trx, beneficiaryId, programId, shares);
}
