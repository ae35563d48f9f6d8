import type { Knex } from 'knex';

/**
 * An obligation is credited while the active statement of its programme and month (the one no later
 * statement supersedes) credits it: `statement_credits` already records which statement credited which
 * obligation, so the obligation row no longer changes when a statement arrives or is superseded. The index
 * answers "is this obligation credited" for lists and checks; the rows marked `credited` go back to `billed`,
 * the status they keep from now on unless their run is cancelled.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('statement_credits', (t) => {
    t.index(['obligation_id']);
  });
  await knex('obligations').where({ status: 'credited' }).update({ status: 'billed' });
}

export async function down(knex: Knex): Promise<void> {
  await knex('obligations')
    .whereIn(
      'id',
      knex('statement_credits as c')
        .whereNotExists(knex('statements as later').whereRaw('later.supersedes_id = c.statement_id'))
        .select('c.obligation_id'),
    )
    .update({ status: 'credited' });
  await knex.schema.alterTable('statement_credits', (t) => {
    t.dropIndex(['obligation_id']);
  });
}
