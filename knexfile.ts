import type { Knex } from 'knex';
import { loadConfig } from './src/config.js';
import { knexConfig } from './src/db/knex.js';
import { migrationSource } from './migrations/index.js';

/**
 * For the knex command line (e.g. `npx knex --knexfile knexfile.ts migrate:status`): the database the
 * service opens from DATABASE_URL, and the same migration list it runs when it starts.
 */
const config: Knex.Config = { ...knexConfig(loadConfig().DATABASE_URL), migrations: { migrationSource } };

export default config;
