import { isProvinceWide } from '../../shared/scope.js';
import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError } from '../../shared/errors.js';
import { DETAILS } from '../../shared/messages/index.js';
import { timestamp, type Period } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';

export interface PeriodState {
  period: Period;
  status: 'open' | 'closed';
  note: string | null;
  changedBy: string | null;
  changedAt: string | null;
}

function toState(period: Period, row: Record<string, unknown> | undefined): PeriodState {
  return {
    period,
    status: row && row.closed ? 'closed' : 'open',
    note: (row?.note as string | undefined) ?? null,
    changedBy: (row?.changed_by as string | undefined) ?? null,
    changedAt: (row?.changed_at as string | undefined) ?? null,
  };
}

/** Closed months among `from`..`to` (`to` null = open-ended). */
export async function closedPeriods(db: Conn, from: Period, to: Period | null): Promise<Period[]> {
  const q = db('period_locks').where('closed', true).where('period', '>=', from).orderBy('period');
  if (to !== null) q.where('period', '<=', to);
  return (await q.select('period')).map((r) => r.period as Period);
}

/** Any write that names a closed month is refused, even one that would create nothing. */
export async function assertOpen(db: Conn, from: Period, to: Period | null = from): Promise<void> {
  const closed = await closedPeriods(db, from, to);
  if (closed.length > 0) {
    throw new AppError('PERIOD_CLOSED', DETAILS.periodClosed(closed.join(', ')), undefined, {
      closedPeriods: closed,
    });
  }
}

export async function getPeriod(db: Conn, period: Period): Promise<PeriodState> {
  return toState(period, await db('period_locks').where({ period }).first());
}

export async function listPeriodStates(db: Conn): Promise<PeriodState[]> {
  const rows = await db('period_locks').orderBy('period');
  return rows.map((r) => toState(r.period as Period, r));
}

export async function setPeriodClosed(
  db: Conn,
  ctx: Ctx,
  period: Period,
  closed: boolean,
  note: string,
): Promise<PeriodState> {
  // A month is closed for the whole province at once, so a user limited to part of it may not.
  if (!isProvinceWide(ctx.actor.scope)) throw new AppError('OUT_OF_SCOPE', DETAILS.provinceWideOnly);
  return inTransaction(db, async (trx) => {
    const current = await getPeriod(trx, period);
    if ((current.status === 'closed') === closed) {
      throw new AppError(
        closed ? 'PERIOD_ALREADY_CLOSED' : 'PERIOD_NOT_CLOSED',
        DETAILS.periodAlready(period, current.status === 'closed'),
      );
    }
    const row = { closed, note, changed_by: ctx.actor.id, changed_at: timestamp(ctx.clock) };
    await trx('period_locks')
      .insert({ period, ...row })
      .onConflict('period')
      .merge(row);
    await recordAudit(trx, ctx, {
      action: closed ? 'period.close' : 'period.reopen',
      entity: 'period',
      entityId: period,
      change: { note },
    });
    return getPeriod(trx, period);
  });
}
