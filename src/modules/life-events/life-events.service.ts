import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { Decimal, toDb } from '../../shared/money.js';
import { timestamp } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';
import { endEnrolment, type EndEnrolmentInput, type Enrolment } from '../beneficiaries/index.js';
import { cancelShares, liveSharesAfter, type LiveShare } from '../billing/index.js';
import { move, postEntry, type PostingLine } from '../ledger/index.js';
import { monthFigures } from '../payments/index.js';
import type { Affected } from './life-events.schemas.js';
import { insertOverpayment } from './overpayments.repository.js';

/** A worker's shares of one month and funding source, and how much of them their month's payments cover. */
interface MonthShare {
  fundingSourceId: number;
  shares: LiveShare[];
  net: Decimal;
  /** What the month's payments cover of these shares once they are no longer owed. */
  overpaid: Decimal;
}

function groupByMonth(shares: LiveShare[]): Map<string, LiveShare[]> {
  const months = new Map<string, LiveShare[]>();
  for (const s of shares) {
    const key = `${s.period} ${s.fundingSourceId}`;
    months.set(key, [...(months.get(key) ?? []), s]);
  }
  return months;
}

/**
 * What the month's payments cover of a worker's shares: payments are made per programme, source and month,
 * not per worker, so the shares count as paid for what the month's payments exceed the month's bill
 * without them (a month paid in part is overpaid only by that much).
 */
async function withPayments(trx: Conn, programId: number, shares: LiveShare[]): Promise<MonthShare[]> {
  const out: MonthShare[] = [];
  for (const group of groupByMonth(shares).values()) {
    const { period, fundingSourceId } = group[0]!;
    const [month] = await monthFigures(trx, programId, fundingSourceId, [period]);
    const net = group.reduce((acc, s) => acc.plus(s.amount), new Decimal(0));
    const billedWithout = month!.billed.minus(net);
    const overpaid = Decimal.min(net, Decimal.max(0, month!.paid.minus(billedWithout)));
    out.push({ fundingSourceId, shares: group, net, overpaid });
  }
  return out;
}

/** Released budget for what was unpaid, a claim on the insurer for what was paid: one balanced entry. */
function endLines(programId: number, months: MonthShare[]): PostingLine[] {
  return months.flatMap((m) => {
    const key = { programId, fundingSourceId: m.fundingSourceId, fiscalYear: m.shares[0]!.fiscalYear };
    return [
      ...move({ stage: 'available', ...key }, { stage: 'committed', ...key }, m.net.minus(m.overpaid)),
      ...move({ stage: 'claim', ...key }, { stage: 'committed', ...key }, m.overpaid),
    ];
  });
}

/**
 * Ends an enrolment (its last covered month is `endPeriod`) and settles what was billed after it, in one
 * transaction: an obligation whose month is unpaid is cancelled and its budget released; one whose month
 * was paid is cancelled too, and what was paid for it becomes an overpayment, a claim on the insurer until it
 * is settled (docs/domain.md, "Life events"). Closed months refuse it, as ending always did.
 */
export async function endEnrolmentWithEffects(
  db: Conn,
  ctx: Ctx,
  id: number,
  input: EndEnrolmentInput,
): Promise<Enrolment & { affected: Affected[] }> {
  return inTransaction(db, async (trx) => {
    const ended = await endEnrolment(trx, ctx, id, input);
    const beneficiaryId = Number(ended.beneficiaryId);
    const programId = Number(ended.programId);
    const shares = await liveSharesAfter(trx, beneficiaryId, programId, input.endPeriod);
    if (shares.length === 0) return { ...ended, affected: [] };
    const months = await withPayments(trx, programId, shares);
    await cancelShares(trx, beneficiaryId, programId, shares);
    const entryId = await postEntry(trx, ctx, {
      kind: 'enrolment_end',
      memo: `enrolment ${id} ended ${input.endPeriod} (${input.reason}): ${shares.length} obligations after it`,
      sourceType: 'enrolment',
      sourceId: id,
      lines: endLines(programId, months),
    });
    const affected: Affected[] = [];
    for (const m of months) {
      const outcome = m.overpaid.gt(0) ? 'overpaid' : 'cancelled';
      for (const s of m.shares) {
        affected.push({
          obligationId: String(s.obligationId),
          period: s.period,
          fundingSourceId: String(s.fundingSourceId),
          amount: s.amount.toFixed(0),
          outcome,
        });
      }
      if (outcome === 'overpaid') {
        await insertOverpayment(trx, {
          obligation_id: m.shares[0]!.obligationId,
          enrolment_id: id,
          beneficiary_id: beneficiaryId,
          program_id: programId,
          funding_source_id: m.fundingSourceId,
          period: m.shares[0]!.period,
          fiscal_year: m.shares[0]!.fiscalYear,
          amount: toDb(m.overpaid),
          journal_entry_id: entryId,
          created_by: ctx.actor.id,
          created_at: timestamp(ctx.clock),
        });
      }
    }
    // The obligations' own event (the enrolment's end is the enrolment's): what its end did to each.
    await recordAudit(trx, ctx, {
      action: 'enrolment.end_billed',
      entity: 'obligation',
      entityId: null,
      change: { enrolmentId: String(id), endPeriod: input.endPeriod, affected },
    });
    return { ...ended, affected };
  });
}
