import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { verifyLedgerAgainstOperations } from './integrity.service.js';
import { RULES } from './rule-breaks.js';

const problemOut = z.object({
  kind: z.enum(['unbalanced_entry', 'mismatch']),
  detail: z.string(),
  account: z.string().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  entryId: z.string().optional(),
});

const ruleBreakOut = z.object({
  rule: z.enum(RULES),
  entity: z.enum(['beneficiary', 'enrolment']),
  count: z.number().int(),
  ids: z.array(z.string()).meta({ description: 'The first 100 ids that break the rule, by id' }),
});

export function registerIntegrityRoutes(api: Api): void {
  api.route({
    operationId: 'verifyLedger',
    method: 'get',
    path: '/ledger/verify',
    tag: 'ledger',
    summary: 'Verify the journal',
    description:
      'Recomputes every account balance from the postings, checks that every entry balances, and compares the balances with what the operations record (allocations; the obligations not cancelled, as each billing run records its totals, less those cancelled one by one; what the active statements credited; payments; open claims), and the report summaries, rolled up per programme, source and year, with the same (a difference is a `mismatch` problem without an account). It reads a few rows per run, statement and account, not the obligations row by row: the check before a backup is restored also recounts the recorded totals from the obligations. `ruleBreaks` lists rows written before a rule of version 1.1 that they break (a NIK of an unknown province or regency or district 00, a residence that is a province, an enrolment that a regency or city share may not pay for): they keep working, since a rule applies to new writes, and do not make the journal unbalanced or mismatched.',
    access: 'anyRole',
    responses: {
      200: {
        description: 'The verdict and every problem found',
        schema: z.object({
          balanced: z.boolean(),
          matchesOperations: z.boolean(),
          problems: z.array(problemOut),
          ruleBreaks: z.array(ruleBreakOut),
        }),
      },
    },
    handler: async ({ db }) => ({ status: 200, body: await verifyLedgerAgainstOperations(db) }),
  });
}
