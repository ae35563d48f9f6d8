import { z } from 'zod';
import { Decimal, isRefusal, parseRupiah } from '../../shared/money.js';
import { id, money, period, periodOut, rule, text } from '../../shared/fields.js';

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

/** The statutory minimum declared income of a BPU worker (docs/domain.md). */
export const MIN_DECLARED_INCOME = new Decimal(1_000_000);

/** A share above 0 and at most 1, with at most 9 decimals: "0.6", "0.333", "1". */
const SHARE_PATTERN = /^(0\.(?=[0-9]{1,9}$)[0-9]*[1-9][0-9]*|1(\.0{1,9})?)$/;

const share = z.string({ error: rule('shareType') }).regex(SHARE_PATTERN, rule('share'));

export const createProgramBody = z
  .strictObject({
    code: z.string({ error: rule('stringType') }).regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/, rule('code')),
    name: text(200),
    benefits: z
      .array(z.enum(BENEFITS, { error: rule('oneOf') }))
      .refine((b) => b.includes('JKK') && b.includes('JKM'), rule('benefitsRequired'))
      .refine((b) => new Set(b).size === b.length, rule('noRepeatedBenefit')),
    declaredIncome: money('positive').refine((v) => {
      const income = parseRupiah(v);
      return !isRefusal(income) && income.gte(MIN_DECLARED_INCOME);
    }, rule('minIncome')),
    fundingShares: z
      .array(z.strictObject({ fundingSourceId: id(), share }))
      .min(1, rule('sourcesMin'))
      .max(20, rule('sourcesMax'))
      .refine((s) => new Set(s.map((x) => x.fundingSourceId)).size === s.length, rule('noRepeatedSource'))
      .refine(
        (s) =>
          s.every((x) => SHARE_PATTERN.test(x.share)) &&
          s.reduce((acc, x) => acc.plus(x.share), new Decimal(0)).eq(1),
        rule('sharesSum'),
      ),
    startPeriod: period(),
    endPeriod: period().optional(),
  })
  .refine((p) => !p.endPeriod || p.endPeriod >= p.startPeriod, {
    message: rule('notBefore'),
    params: { other: 'startPeriod' },
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
  startPeriod: periodOut(),
  endPeriod: periodOut().nullable(),
  createdAt: z.string(),
});
export type Program = z.infer<typeof programOut>;

const percent = z
  .string({ error: rule('percentType') })
  .regex(/^(100(\.0{1,6})?|[0-9]{1,2}(\.[0-9]{1,6})?)$/, rule('percent'));

export const createRateBody = z
  .strictObject({
    benefit: z.enum(BENEFITS, { error: rule('oneOf') }),
    percentOfIncome: percent.optional(),
    flatAmount: money('nonNegative').optional(),
    effectiveFrom: period(),
    effectiveTo: period().optional(),
    sector: z.enum(SECTORS, { error: rule('oneOf') }).optional(),
    legalBasis: z.string().trim().max(200).optional(),
  })
  .refine((r) => (r.percentOfIncome === undefined) !== (r.flatAmount === undefined), {
    message: rule('exactlyOneAmount'),
    path: ['percentOfIncome'],
  })
  .refine((r) => !r.effectiveTo || r.effectiveTo >= r.effectiveFrom, {
    message: rule('notBefore'),
    params: { other: 'effectiveFrom' },
    path: ['effectiveTo'],
  });
export type CreateRateInput = z.output<typeof createRateBody>;

export const rateOut = z.object({
  id: z.string(),
  benefit: z.enum(BENEFITS),
  sector: z.string().nullable(),
  percentOfIncome: z.string().nullable(),
  flatAmount: z.string().nullable(),
  effectiveFrom: periodOut(),
  effectiveTo: periodOut().nullable(),
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
    message: rule('atMostOneAmount'),
    path: ['percentOfIncome'],
  });
export type CorrectRateInput = z.output<typeof correctRateBody>;
