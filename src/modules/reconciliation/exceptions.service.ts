import { assertSharesInScope, type Scope } from '../../shared/scope.js';
import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError, notFound } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { timestamp, type Period } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';
import { requestRebill } from '../billing/index.js';
import { assertOpen } from '../periods/index.js';
import { getProgram } from '../programs/index.js';
import * as repo from './reconciliation.repository.js';
import type { ResolveInput } from './reconciliation.schemas.js';
import * as stmts from './statements.repository.js';

export const getStatement = stmts.findStatement;

export const listStatements = (
  db: Conn,
  filter: { programId?: number | undefined; period?: Period | undefined; scope?: Scope | undefined },
  limit: number,
  afterId: number | null,
) => stmts.selectStatements(db, filter, limit, afterId);

export { listExceptions } from './reconciliation.repository.js';

/**
 * Records how an exception was settled; it moves no money. `rebill` marks the worker for the programme's
 * next billing run, which bills them once more.
 */
export async function resolveException(db: Conn, ctx: Ctx, id: number, input: ResolveInput) {
  return inTransaction(db, async (trx) => {
    const exception = await repo.getException(trx, id);
    if (!exception) throw notFound('exception');
    assertSharesInScope(ctx.actor.scope, (await getProgram(trx, exception.programId))!.fundingShares);
    if (exception.resolution) {
      throw new AppError('ALREADY_RESOLVED', DETAILS.alreadyResolved(id, exception.resolution));
    }
    if (input.resolution === 'rebill') {
      // A rebill bills the worker's month again, so it names that month like any billing does.
      await assertOpen(trx, exception.period);
      if (!exception.beneficiaryId) {
        throw new AppError('NOT_A_BENEFICIARY', DETAILS.notABeneficiary(id), [
          { path: 'resolution', message: FIELD.rebillNeedsBeneficiary() },
        ]);
      }
      await requestRebill(trx, {
        exception_id: id,
        beneficiary_id: Number(exception.beneficiaryId),
        program_id: exception.programId,
        period: exception.period,
      });
    }
    await repo.insertResolution(trx, {
      exceptionId: id,
      ...input,
      by: ctx.actor.id,
      at: timestamp(ctx.clock),
    });
    await recordAudit(trx, ctx, {
      action: 'exception.resolve',
      entity: 'reconciliation_exception',
      entityId: id,
      change: input,
    });
    const { programId: _p, period: _q, ...resolved } = (await repo.getException(trx, id))!;
    return resolved;
  });
}
