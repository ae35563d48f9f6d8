import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { Api } from '../../http/api.js';
import { decodeCursor, isoDate, listOf, listQuery, page, rule } from '../../shared/fields.js';
import type { Conn } from '../../db/knex.js';
import { ledgerFile, type AccountNames } from './ledger-file.js';
import { listEntries } from './ledger.service.js';

/** What the ledger file needs from higher modules: the codes that name its accounts. */
export interface LedgerPorts {
  accountNames: (db: Conn) => Promise<AccountNames>;
}

const LEDGER_MIME = 'text/plain';

const date = (description: string) => isoDate().optional().meta({ description });

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

export function registerLedgerRoutes(api: Api, ports: LedgerPorts): void {
  api.route({
    operationId: 'listJournalEntries',
    method: 'get',
    path: '/journal-entries',
    tag: 'ledger',
    summary: 'List journal entries',
    description:
      'Entries with their postings, oldest first. With format=ledger and from and to (Jakarta dates, both inclusive), the entries of those days as a plain-text journal that ledger-cli and hledger read (text/plain, UTF-8, streamed): each entry a transaction dated by its Jakarta date, described by its kind and memo, tagged with its entry id and source; each posting on an account named funding source code : programme code : fiscal year : stage, its amount in whole rupiah followed by IDR (debit positive). The other filters and paging do not apply to the file.',
    access: 'anyRole',
    query: listQuery
      .extend({
        sourceType: z.string().max(32).optional(),
        sourceId: z.string().max(64).optional(),
        kind: z.string().max(32).optional(),
        format: z
          .enum(['ledger'])
          .optional()
          .meta({ description: 'ledger: the journal file (needs from and to)' }),
        from: date('With format=ledger: the first day (YYYY-MM-DD, Asia/Jakarta)'),
        to: date('With format=ledger: the last day (YYYY-MM-DD, Asia/Jakarta)'),
      })
      .superRefine((q, ctx) => {
        if (q.format !== 'ledger') return;
        for (const field of ['from', 'to'] as const)
          if (q[field] === undefined)
            ctx.addIssue({
              code: 'custom',
              path: [field],
              message: rule('requiredWith'),
              params: { other: 'format' },
            });
        if (q.from !== undefined && q.to !== undefined && q.to < q.from)
          ctx.addIssue({
            code: 'custom',
            path: ['to'],
            message: rule('notBefore'),
            params: { other: 'from' },
          });
      }),
    responses: {
      200: {
        description: 'Entries with postings, oldest first; with format=ledger, the journal file',
        schema: listOf(entryOut),
        downloads: [LEDGER_MIME],
      },
    },
    handler: async ({ query, db, res, recordDownload }) => {
      if (query.format === 'ledger' && query.from !== undefined && query.to !== undefined) {
        const names = await ports.accountNames(db);
        await recordDownload();
        res.status(200);
        res.type(LEDGER_MIME);
        res.setHeader(
          'Content-Disposition',
          `attachment; filename="journal-${query.from}-${query.to}.journal"`,
        );
        res.setHeader('Cache-Control', 'no-store');
        await pipeline(Readable.from(ledgerFile(db, { from: query.from, to: query.to }, names)), res);
        return;
      }
      const limit = query.limit ?? 100;
      return {
        status: 200,
        body: page(await listEntries(db, query, limit, decodeCursor(query.cursor)), limit),
      };
    },
  });
}
