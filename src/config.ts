import net from 'node:net';
import { z } from 'zod';

/** proxy-addr's names for the loopback, link-local and unique-local ranges. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrSubnet(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Express's 'trust proxy': `false` (the default: the connection's address is the client's), a number of
 * proxy hops, or a comma list of proxy addresses and subnets. Never `true`, which would believe any
 * X-Forwarded-For and let every client choose the address the sign-in throttle counts.
 */
const trustProxy = z
  .string()
  .default('false')
  .transform((value, ctx): false | number | string[] => {
    const text = value.trim();
    if (text === 'false' || text === '') return false;
    if (/^\d{1,2}$/.test(text)) return Number(text);
    const entries = text.split(',').map((e) => e.trim());
    if (entries.every(isAddressOrSubnet)) return entries;
    ctx.addIssue({
      code: 'custom',
      message:
        'must be false, a number of proxy hops, or a comma list of proxy addresses and subnets (10.0.0.1, 10.0.0.0/8, loopback)',
    });
    return z.NEVER;
  });

export type TrustProxy = z.output<typeof trustProxy>;

const schema = z.object({
  DATABASE_URL: z.string().min(1).default('sqlite:./data/iuran.sqlite'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  ADMIN_TOKEN: z
    .string()
    .min(32, 'ADMIN_TOKEN must be at least 32 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: trustProxy,
});

export type Config = z.infer<typeof schema>;

/** Reads the environment once; a bad variable stops the process with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
