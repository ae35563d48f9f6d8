import { z } from 'zod';
import { Decimal, parseRupiah } from '../../shared/money.js';
import { id, money, period, text } from '../../http/validation.js';

export const BENEFITS = ['JKK', 'JKM', 'JHT'] as const;
export type Benefit = (typeof BENEFITS)[number];
export const SECTORS = [
  'agriculture',
  'fisheries',
  'transport',
  'trade',
  'construction',
  'manufacturing',
  'services',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

/** The statutory minimum declared income of a BPU worker (shared/domain.md). */
export const MIN_DECLARED_INCOME = new Decimal(1_000_000);

/** A share above 0 and at most 1, with at most 9 decimals: "0.6", "0.333", "1". */
const SHARE_PATTERN = /^(0\.(?=[0-9]{1,9}$)[0-9]*[1-9][0-9]*|1(\.0{1,9})?)$/;

const share = z
  .string({ error: 'must be a decimal fraction string such as "0.6"' })
  .regex(
    SHARE_PATTERN,
    'must be a decimal fraction above 0 and at most 1, with at most 9 decimals, e.g. "0.6"',
  );

export const createProgramBody = z
  .strictObject({
    code: z
      .string({ error: 'must be a string' })
      .regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/, 'must be 1 to 64 upper-case letters, digits and . _ -'),
    name: text(200),
    benefits: z
      .array(z.enum(BENEFITS, { error: 'must be JKK, JKM or JHT' }))
      .refine((b) => b.includes('JKK') && b.includes('JKM'), 'must include JKK and JKM (JHT is optional)')
      .refine((b) => new Set(b).size === b.length, 'must not repeat a benefit'),
    declaredIncome: money('positive').refine((v) => {
      const income = parseRupiah(v);
      return typeof income !== 'string' && income.gte(MIN_DECLARED_INCOME);
    }, 'must be at least 1000000 (the lowest declared income of a BPU worker)'),
    fundingShares: z
      .array(z.strictObject({ fundingSourceId: id(), share }))
      .min(1, 'must name at least one funding source')
      .max(20, 'must name at most 20 funding sources')
      .refine(
        (s) => new Set(s.map((x) => x.fundingSourceId)).size === s.length,
        'must not name a funding source twice',
      )
      .refine(
        (s) =>
          s.every((x) => SHARE_PATTERN.test(x.share)) &&
          s.reduce((acc, x) => acc.plus(x.share), new Decimal(0)).eq(1),
        'shares must sum to exactly 1',
      ),
    startPeriod: period(),
    endPeriod: period().optional(),
  })
  .refine((p) => !p.endPeriod || p.endPeriod >= p.startPeriod, {
    message: 'must not be before startPeriod',
    path: ['endPeriod'],
  });
export type CreateProgramInput = z.output<typeof createProgramBody>;

export const programOut = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  benefits: z.array(z.enum(BENEFITS)),
  declaredIncome: z.string(),
  fundingShares: z.array(z.object({ fundingSourceId: z.string(), share: z.string() })),
  startPeriod: z.string(),
  endPeriod: z.string().nullable(),
  createdAt: z.string(),
});
export type Program = z.infer<typeof programOut>;

const percent = z
  .string({ error: 'must be a decimal string such as "1" (percent)' })
  .regex(
    /^(100(\.0{1,6})?|[0-9]{1,2}(\.[0-9]{1,6})?)$/,
    'must be a percent from 0 to 100 as a decimal string, e.g. "0.5"',
  );

export const createRateBody = z
  .strictObject({
    benefit: z.enum(BENEFITS, { error: 'must be JKK, JKM or JHT' }),
    percentOfIncome: percent.optional(),
    flatAmount: money('nonNegative').optional(),
    effectiveFrom: period(),
    effectiveTo: period().optional(),
    sector: z.enum(SECTORS, { error: `must be one of ${SECTORS.join(', ')}` }).optional(),
    legalBasis: z.string().trim().max(200).optional(),
  })
  .refine((r) => (r.percentOfIncome === undefined) !== (r.flatAmount === undefined), {
    message: 'exactly one of percentOfIncome and flatAmount is required',
    path: ['percentOfIncome'],
  })
  .refine((r) => !r.effectiveTo || r.effectiveTo >= r.effectiveFrom, {
    message: 'must not be before effectiveFrom',
    path: ['effectiveTo'],
  });
export type CreateRateInput = z.output<typeof createRateBody>;

export const rateOut = z.object({
  id: z.string(),
  benefit: z.enum(BENEFITS),
  sector: z.string().nullable(),
  percentOfIncome: z.string().nullable(),
  flatAmount: z.string().nullable(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  legalBasis: z.string().nullable(),
  createdAt: z.string(),
  supersededById: z
    .string()
    .nullable()
    .meta({ description: 'Set when the rate was corrected; it then no longer applies' }),
  correctionReason: z.string().nullable(),
});
export type Rate = z.infer<typeof rateOut>;

export const correctRateBody = z
  .strictObject({
    percentOfIncome: percent.optional(),
    flatAmount: money('nonNegative').optional(),
    effectiveFrom: period().optional(),
    effectiveTo: period().nullable().optional().meta({ description: 'null makes the range open-ended' }),
    legalBasis: z.string().trim().max(200).optional(),
    reason: text(500),
  })
  .refine((r) => !(r.percentOfIncome !== undefined && r.flatAmount !== undefined), {
    message: 'give at most one of percentOfIncome and flatAmount',
    path: ['percentOfIncome'],
  });
export type CorrectRateInput = z.output<typeof correctRateBody>;
