import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { text } from '../../shared/fields.js';
import { invalid } from '../../shared/errors.js';
import { FIELD } from '../../shared/messages/index.js';
import { isPeriod, type Period } from '../../shared/period.js';
import { getPeriod, listPeriodStates, setPeriodClosed } from './periods.service.js';

const periodOut = z.object({
  period: z.string(),
  status: z.enum(['open', 'closed']),
  note: z.string().nullable(),
  changedBy: z.string().nullable(),
  changedAt: z.string().nullable(),
});
const noteBody = z.strictObject({ note: text(500) });

function periodParam(value: string | undefined): Period {
  if (!value || !isPeriod(value)) throw invalid([{ path: 'period', message: FIELD.period() }]);
  return value;
}

export function registerPeriodRoutes(api: Api): void {
  for (const closed of [true, false]) {
    api.route({
      operationId: closed ? 'closePeriod' : 'reopenPeriod',
      method: 'post',
      path: `/periods/{period}/${closed ? 'close' : 'reopen'}`,
      tag: 'periods',
      summary: closed ? 'Close a period' : 'Reopen a period',
      description: closed
        ? 'After closing, every write that names the month (billing, cancel, payment, statement, rate change) is a 409 PERIOD_CLOSED.'
        : 'Reopens a closed month for corrections; the note says why.',
      access: ['admin', 'auditor'],
      body: noteBody,
      errors: [closed ? 'PERIOD_ALREADY_CLOSED' : 'PERIOD_NOT_CLOSED', 'OUT_OF_SCOPE'],
      responses: { 200: { description: 'The period state', schema: periodOut } },
      handler: async ({ params, body, ctx, db }) => ({
        status: 200,
        body: await setPeriodClosed(db, ctx, periodParam(params.period), closed, body.note),
      }),
    });
  }
  api.route({
    operationId: 'listPeriods',
    method: 'get',
    path: '/periods',
    tag: 'periods',
    summary: 'List periods that were ever closed',
    access: 'anyRole',
    responses: {
      200: {
        description: 'Period states',
        schema: z.object({ data: z.array(periodOut), nextCursor: z.null() }),
      },
    },
    handler: async ({ db }) => ({
      status: 200,
      body: { data: await listPeriodStates(db), nextCursor: null },
    }),
  });
  api.route({
    operationId: 'getPeriod',
    method: 'get',
    path: '/periods/{period}',
    tag: 'periods',
    summary: 'Get the state of a period',
    access: 'anyRole',
    responses: { 200: { description: 'The period state', schema: periodOut } },
    handler: async ({ params, db }) => ({
      status: 200,
      body: await getPeriod(db, periodParam(params.period)),
    }),
  });
}
