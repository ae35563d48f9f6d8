import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { verifyLedgerAgainstOperations } from './integrity.service.js';

const problemOut = z.object({
  kind: z.enum(['unbalanced_entry', 'mismatch']),
  detail: z.string(),
  account: z.string().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  entryId: z.string().optional(),
});

export function registerIntegrityRoutes(api: Api): void {
  api.route({
    operationId: 'verifyLedger',
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
}
