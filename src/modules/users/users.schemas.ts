import { z } from 'zod';
import { ROLES } from '../../shared/context.js';
import { id, rule, text } from '../../shared/fields.js';

export const DEFAULT_TOKEN_DAYS = 365;

const REGION_CODE_PATTERN = /^[0-9]{2}(\.[0-9]{2}){0,2}$/;
const distinct = (values: string[]) => new Set(values).size === values.length;

/** A scope as an admin sets it: an axis left out is unrestricted, so `{}` is province-wide. */
export const scopeBody = z
  .strictObject({
    fundingSourceIds: z
      .array(id(), { error: rule('sourcesMin') })
      .min(1, rule('sourcesMin'))
      .max(20, rule('sourcesMax'))
      .refine(distinct, rule('noRepeatedSource'))
      .optional()
      .meta({
        description: 'The funding sources whose money the user sees and moves (finance officers, auditors)',
      }),
    regionCodes: z
      .array(z.string({ error: rule('regionCodeType') }).regex(REGION_CODE_PATTERN, rule('regionCode')))
      .min(1, rule('atLeast'))
      .max(50, rule('atMost'))
      .refine(distinct, rule('noRepeatedRegion'))
      .optional()
      .meta({
        description:
          'The regions whose people the user sees and changes (program managers, auditors); a region covers its sub-regions',
      }),
  })
  .meta({
    description:
      'Leaving an axis out leaves it unrestricted; `{}` is province-wide. Finance officers may be limited to funding sources, program managers to regions, auditors to both; admins are always province-wide (422 SCOPE_NOT_FOR_ROLE otherwise).',
  });
export type ScopeInput = z.output<typeof scopeBody>;

export const createUserBody = z.strictObject({
  name: text(200),
  role: z.enum(ROLES, { error: rule('oneOf') }),
  expiresInDays: z
    .number({ error: rule('wholeNumber') })
    .int(rule('wholeNumber'))
    .min(1, rule('atLeast'))
    .max(3650, rule('atMost'))
    .optional()
    .meta({ description: `Token lifetime in days, default ${DEFAULT_TOKEN_DAYS}` }),
  scope: scopeBody.optional(),
});
export type CreateUserInput = z.output<typeof createUserBody>;

export const scopeOut = z
  .object({
    fundingSourceIds: z.array(z.string()).nullable(),
    regionCodes: z.array(z.string()).nullable(),
  })
  .meta({ description: 'null on an axis: unrestricted; both null: province-wide' });

export const userOut = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  scope: scopeOut,
});
export type User = z.infer<typeof userOut>;
export const createdUserOut = userOut.extend({ token: z.string().meta({ description: 'Shown only once' }) });
