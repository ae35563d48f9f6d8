import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { text } from '../../http/validation.js';
import { AppError } from '../../shared/errors.js';
import { isPeriod } from '../../shared/period.js';
import { getPeriod, listPeriodStates, setPeriodClosed } from './periods.service.js';

const periodOut = z.object({
  period: z.string(),
  status: z.enum(['open', 'closed']),
  note: z.string().nullable(),
  changedBy: z.string().nullable(),
  changedAt: z.string().nullable(),
});
const noteBody = z.strictObject({ note: text(500) });

function periodParam(value: string | undefined): string {
  if (!value || !isPeriod(value)) {
    throw new AppError(400, 'VALIDATION_FAILED', 'the request is invalid', [
      { path: 'period', message: 'must be "YYYY-MM"' },
    ]);
  }
  return value;
}

export function registerPeriodRoutes(api: Api): void {
  for (const closed of [true, false]) {
    api.route({
      method: 'post',
      path: `/periods/{period}/${closed ? 'close' : 'reopen'}`,
      tag: 'periods',
      summary: closed ? 'Close a period' : 'Reopen a period',
      description: closed
        ? 'After closing, every write that names the month (billing, cancel, payment, statement, rate change) is a 409 PERIOD_CLOSED.'
        : 'Reopens a closed month for corrections; the note says why.',
      access: ['admin', 'auditor'],
      body: noteBody,
      responses: { 200: { description: 'The period state', schema: periodOut } },
      handler: async ({ params, body, ctx, db }) => ({
        status: 200,
        body: await setPeriodClosed(db, ctx, periodParam(params.period), closed, body.note),
      }),
    });
  }
  api.route({
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
