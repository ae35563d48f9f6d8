import { z } from 'zod';
import { ROLES } from '../../shared/context.js';
import { rule, text } from '../../shared/fields.js';

export const DEFAULT_TOKEN_DAYS = 365;

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
});
export type CreateUserInput = z.output<typeof createUserBody>;

export const userOut = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type User = z.infer<typeof userOut>;
export const createdUserOut = userOut.extend({ token: z.string().meta({ description: 'Shown only once' }) });
