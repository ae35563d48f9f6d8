import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import type { Db } from '../src/db/knex.js';
import type { Clock } from '../src/shared/period.js';

/** The bootstrap token the bench's app is started with: an administrator may ask for everything. */
const TOKEN = 'bench-admin-token-0123456789abcdef0123456789';

/**
 * The real app on a free loopback port for `use`, given its base address and the bootstrap token; the
 * server closes once `use` is done, however it ends.
 */
export async function withApp<T>(
  db: Db,
  clock: Clock,
  use: (base: string, token: string) => Promise<T>,
): Promise<T> {
  const app = createApp({ db, logger: pino({ level: 'silent' }), clock, adminToken: TOKEN });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, TOKEN);
  } finally {
    server.close();
  }
}
