import { z } from 'zod';
import { ROLES } from '../../shared/context.js';
import { text } from '../../http/validation.js';

export const createUserBody = z.strictObject({
  name: text(200),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
});
export type CreateUserInput = z.output<typeof createUserBody>;

export const userOut = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
});
export const createdUserOut = userOut.extend({ token: z.string().meta({ description: 'Shown only once' }) });
