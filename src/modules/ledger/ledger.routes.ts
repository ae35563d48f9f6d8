import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { decodeCursor, listQuery, page } from '../../http/validation.js';
import { allocationTotals } from '../budgets/budgets.service.js';
import { billedTotals, creditedTotals } from '../billing/billing.service.js';
import { paidTotals } from '../payments/payments.service.js';
import { listEntries, verifyLedger, type OperationTotal } from './ledger.service.js';
import type { Conn } from '../../db/knex.js';

/** What the operational tables say each stage account must hold (the other side of ledger/verify). */
async function operationTotals(db: Conn): Promise<OperationTotal[]> {
  const out: OperationTotal[] = [];
  for (const a of await allocationTotals(db)) {
    out.push({ stage: 'pagu', ...a, expected: a.amount.negated(), source: 'budget_allocations' });
    out.push({ stage: 'available', ...a, expected: a.amount, source: 'budget_allocations' });
  }
  for (const b of await billedTotals(db)) {
    out.push({ stage: 'available', ...b, expected: b.amount.negated(), source: 'obligations' });
    out.push({ stage: 'committed', ...b, expected: b.amount, source: 'obligations' });
  }
  for (const p of await paidTotals(db)) {
    out.push({ stage: 'committed', ...p, expected: p.amount.negated(), source: 'payments' });
    out.push({ stage: 'paid', ...p, expected: p.amount, source: 'payments' });
  }
  for (const c of await creditedTotals(db)) {
    out.push({ stage: 'credited', ...c, expected: c.amount, source: 'credited obligations' });
    out.push({
      stage: 'credit_confirmed',
      ...c,
      expected: c.amount.negated(),
      source: 'credited obligations',
    });
  }
  return out;
}

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
      'Recomputes every account balance from the postings, checks that every entry balances, and compares the balances with the operational tables (allocations, obligations, payments).',
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
    handler: async ({ db }) => ({
      status: 200,
      body: await verifyLedger(db, await operationTotals(db), [
        'pagu',
        'available',
        'committed',
        'paid',
        'credited',
        'credit_confirmed',
      ]),
    }),
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
