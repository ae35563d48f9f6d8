import { loadConfig } from './config.js';
import { createDb, migrate } from './db/knex.js';
import { sqliteFile } from './db/backup.js';
import { lockForService } from './db/instance-lock.js';
import { createApp } from './app.js';
import { boundHeapGrowth } from './heap.js';
import { createLogger } from './logger.js';
import { systemClock, timestamp } from './shared/period.js';
import { seedReferenceData } from '../seeds/reference.js';

async function main(): Promise<void> {
  boundHeapGrowth();
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  // Held until the process ends, so that `restore` refuses to replace the file under a running service.
  const file = sqliteFile(config.DATABASE_URL);
  const lock = file === null || file === ':memory:' ? null : await lockForService(file);
  const db = createDb(config.DATABASE_URL);
  await migrate(db);
  await seedReferenceData(db, timestamp(systemClock));
  const app = createApp({
    db,
    logger,
    clock: systemClock,
    adminToken: config.ADMIN_TOKEN,
    trustProxy: config.TRUST_PROXY,
  });
  const server = app.listen(config.PORT, config.HOST, () => {
    logger.info({ port: config.PORT }, 'iuran-ledger listening');
    const hint = config.ADMIN_TOKEN
      ? 'ADMIN_TOKEN is set: use it as "Authorization: Bearer <ADMIN_TOKEN>" to create users (POST /api/v1/users).'
      : 'No ADMIN_TOKEN set: restart with ADMIN_TOKEN=<32+ characters> (e.g. ADMIN_TOKEN=$(openssl rand -hex 24) npm start) to create the first users.';
    console.log(
      `iuran-ledger serving on http://localhost:${config.PORT} (database ${config.DATABASE_URL.replace(/\/\/[^@]*@/, '//***@')})\n${hint}`,
    );
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    server.close(() => {
      void db
        .destroy()
        .then(() => lock?.release())
        .then(() => process.exit(0));
    });
    // Idle keep-alive sockets would otherwise hold close() open until they time out.
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 30_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
