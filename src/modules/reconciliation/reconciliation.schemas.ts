import { z } from 'zod';
import { id, period, periodOut, rule, text } from '../../shared/fields.js';

export const EXCEPTION_KINDS = [
  'amount_mismatch',
  'not_credited',
  'unexpected',
  'duplicate',
  'double_coverage',
] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];
export const RESOLUTIONS = ['accepted', 'refund_requested', 'rebill'] as const;

export const statementQuery = z.object({ programId: id(), period: period() });

export const summaryOut = z.object({
  lines: z.number().meta({ description: 'Data lines in the file (the header not counted)' }),
  matched: z.number(),
  amountMismatch: z.number(),
  notCredited: z.number(),
  unexpected: z.number(),
  duplicate: z.number(),
  doubleCoverage: z
    .number()
    .meta({ description: 'Lines whose NIK is billed the same month by another programme' }),
  malformed: z.number(),
  creditedAmount: z.string(),
});
export type Summary = z.infer<typeof summaryOut>;

export const statementOut = z.object({
  id: z.string(),
  programId: z.string(),
  period: periodOut(),
  fileHash: z.string(),
  supersedesId: z.string().nullable(),
  supersededById: z.string().nullable(),
  summary: summaryOut,
  malformedLines: z.array(
    z.object({ line: z.number(), errors: z.array(z.object({ path: z.string(), message: z.string() })) }),
  ),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Statement = z.infer<typeof statementOut>;

export const exceptionOut = z.object({
  id: z.string(),
  statementId: z.string(),
  kind: z.enum(EXCEPTION_KINDS),
  nik: z.string(),
  beneficiaryId: z.string().nullable(),
  line: z.number().nullable(),
  expectedAmount: z.string().nullable(),
  statementAmount: z.string().nullable(),
  otherProgramId: z.string().nullable(),
  benefit: z.enum(['JKK', 'JKM']).nullable().meta({
    description:
      "For an amount_mismatch whose total matches the bill: the first benefit (of JKK, JKM, from those columns of the statement) whose amount differs from the price the worker was billed at; expectedAmount and statementAmount are then that benefit's. null when the totals differ",
  }),
  resolution: z.enum(RESOLUTIONS).nullable(),
  note: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type ReconciliationException = z.infer<typeof exceptionOut>;

export const resolveBody = z.strictObject({
  resolution: z.enum(RESOLUTIONS, { error: rule('oneOf') }),
  note: text(1000),
});
export type ResolveInput = z.output<typeof resolveBody>;
