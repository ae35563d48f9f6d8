import { z } from 'zod';
import { ROLES } from '../../shared/context.js';
import { text } from '../../http/validation.js';

export const DEFAULT_TOKEN_DAYS = 365;

export const createUserBody = z.strictObject({
  name: text(200),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
  expiresInDays: z
    .number({ error: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(3650, 'must be at most 3650')
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
