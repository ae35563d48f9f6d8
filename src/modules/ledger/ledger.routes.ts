import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { decodeCursor, listQuery, page } from '../../http/validation.js';
import { verifyLedgerAgainstOperations } from '../../integrity.js';
import { listEntries } from './ledger.service.js';

const problemOut = z.object({
  kind: z.enum(['unbalanced_entry', 'mismatch']),
  detail: z.string(),
  account: z.string().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  entryId: z.string().optional(),
});

const entryOut = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  memo: z.string(),
  sourceType: z.string(),
  sourceId: z.string(),
  reversesEntryId: z.string().nullable(),
  actor: z.string(),
  postings: z.array(
    z.object({
      account: z.string(),
      amount: z.string().meta({ description: 'Signed: debit positive, credit negative' }),
    }),
  ),
});

export function registerLedgerRoutes(api: Api): void {
  api.route({
    method: 'get',
    path: '/ledger/verify',
    tag: 'ledger',
    summary: 'Verify the journal',
    description:
      'Recomputes every account balance from the postings, checks that every entry balances, and compares the balances with the operational tables (allocations, obligations, payments), and the report summaries, rolled up per programme, source and year, with the obligations (a difference is a `mismatch` problem without an account).',
    access: 'anyRole',
    responses: {
      200: {
        description: 'The verdict and every problem found',
        schema: z.object({
          balanced: z.boolean(),
          matchesOperations: z.boolean(),
          problems: z.array(problemOut),
        }),
      },
    },
    handler: async ({ db }) => ({ status: 200, body: await verifyLedgerAgainstOperations(db) }),
  });
  api.route({
    method: 'get',
    path: '/journal-entries',
    tag: 'ledger',
    summary: 'List journal entries',
    access: 'anyRole',
    query: listQuery.extend({
      sourceType: z.string().max(32).optional(),
      sourceId: z.string().max(64).optional(),
      kind: z.string().max(32).optional(),
    }),
    responses: {
      200: {
        description: 'Entries with postings, oldest first',
        schema: z.object({ data: z.array(entryOut), nextCursor: z.string().nullable() }),
      },
    },
    handler: async ({ query, db }) => {
      const limit = query.limit ?? 100;
      return {
        status: 200,
        body: page(await listEntries(db, query, limit, decodeCursor(query.cursor)), limit),
      };
    },
  });
}
