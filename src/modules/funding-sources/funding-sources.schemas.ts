import { z } from 'zod';
import { rule, text } from '../../shared/fields.js';

export const LEVELS = ['province', 'regency', 'city', 'village', 'other'] as const;
export const BENEFIT_ACCOUNTS = ['JKK', 'JKM', 'JHT'] as const;
export type AccountBenefit = (typeof BENEFIT_ACCOUNTS)[number];
export const SIGNATORY_ROLES = ['kepala_dinas', 'bendahara_pengeluaran', 'pptk'] as const;

export const createFundingSourceBody = z.strictObject({
  code: z.string({ error: rule('stringType') }).regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/, rule('code')),
  name: text(200),
  level: z.enum(LEVELS, { error: rule('oneOf') }),
  regionCode: z.string({ error: rule('regionCode') }).regex(/^[0-9]{2}(\.[0-9]{2})?$/, rule('regionCode')),
  budgetLine: z
    .string()
    .trim()
    .max(64)
    .optional()
    .meta({ description: 'Spending line, e.g. 5.1.02.02.02.0006' }),
  fourEyes: z
    .boolean({ error: rule('booleanType') })
    .optional()
    .meta({ description: 'Payments need a second finance officer to approve' }),
});
export type CreateFundingSourceInput = z.output<typeof createFundingSourceBody>;

const accountCode = () =>
  z
    .string({ error: rule('stringType') })
    .trim()
    .regex(/^[0-9]{1,4}(\.[0-9]{1,6}){0,7}$/, rule('accountCode'))
    .max(64, rule('tooLong'));

const signatory = z.strictObject({
  role: z.enum(SIGNATORY_ROLES, { error: rule('oneOf') }),
  name: text(200),
  nip: z
    .string({ error: rule('stringType') })
    .trim()
    .refine((v) => /^[0-9]{18}$/.test(v.replace(/ /g, '')), rule('nip')),
});
export type Signatory = z.output<typeof signatory>;

export const updateFundingSourceBody = z.strictObject({
  name: text(200).optional(),
  subActivityCode: accountCode()
    .nullable()
    .optional()
    .meta({ description: 'Kode sub kegiatan of the DPA the contributions are paid from; null clears it' }),
  accounts: z
    .strictObject({
      JKK: accountCode().nullable().optional(),
      JKM: accountCode().nullable().optional(),
      JHT: accountCode().nullable().optional(),
    })
    .optional()
    .meta({
      description:
        'Kode rekening per benefit, e.g. JKK 5.1.02.02.02.0006 and JKM 5.1.02.02.02.0007; a benefit left out keeps its account, null clears it',
    }),
  place: text(100)
    .nullable()
    .optional()
    .meta({ description: 'Where its documents are signed, e.g. "Muara Bungo"; null clears it' }),
  signatories: z
    .array(signatory)
    .max(SIGNATORY_ROLES.length)
    .refine((list) => new Set(list.map((s) => s.role)).size === list.length, rule('noRepeatedSignatoryRole'))
    .optional()
    .meta({ description: 'Who signs its documents, at most one per role; replaces the whole list' }),
  fourEyes: z
    .boolean({ error: rule('booleanType') })
    .optional()
    .meta({ description: 'Payments need a second finance officer to approve' }),
});
export type UpdateFundingSourceInput = z.output<typeof updateFundingSourceBody>;

export const fundingSourceOut = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  level: z.enum(LEVELS),
  regionCode: z.string(),
  budgetLine: z.string().nullable(),
  subActivityCode: z.string().nullable(),
  accounts: z
    .object({ JKK: z.string().nullable(), JKM: z.string().nullable(), JHT: z.string().nullable() })
    .meta({ description: 'Kode rekening per benefit (null where none is set)' }),
  place: z.string().nullable(),
  signatories: z.array(z.object({ role: z.enum(SIGNATORY_ROLES), name: z.string(), nip: z.string() })),
  fourEyes: z.boolean(),
  createdAt: z.string(),
});
export type FundingSource = z.infer<typeof fundingSourceOut>;
