import type { Conn } from '../../db/knex.js';

/**
 * Whether the database holds the demo: the demo marks the workforce figures it loads (`is_demo`), and every
 * printed document then says it shows demonstration data.
 */
export async function holdsDemoData(db: Conn): Promise<boolean> {
  return Boolean(await db('workforce').where({ is_demo: true }).first('region_code'));
}
