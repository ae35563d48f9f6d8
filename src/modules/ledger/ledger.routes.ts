import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { decodeCursor, listOf, listQuery, page } from '../../shared/fields.js';
import { listEntries } from './ledger.service.js';

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
      benefit: z.string().nullable().meta({
        description:
          "The benefit (kode rekening) this part is spent on: a payment's postings split over the benefits of what it pays; null where an operation does not split",
      }),
    }),
  ),
});

export function registerLedgerRoutes(api: Api): void {
  api.route({
    operationId: 'listJournalEntries',
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
    responses: { 200: { description: 'Entries with postings, oldest first', schema: listOf(entryOut) } },
    handler: async ({ query, db }) => {
      const limit = query.limit ?? 100;
      return {
        status: 200,
        body: page(await listEntries(db, query, limit, decodeCursor(query.cursor)), limit),
      };
    },
  });
}
