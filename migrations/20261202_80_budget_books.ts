import type { Knex } from 'knex';

/**
 * What the budget books of a regional government need (docs/domain.md, "Budget words"):
 * - a funding source's kode rekening per benefit, its sub-activity, the place its documents are signed at
 *   and its signatories (a JSON array of { role, name, nip });
 * - an allocation's benefit (a budget line per kode rekening), whether it is the original DPA or an
 *   amendment (APBD-P), and the date of its document;
 * - a payment's SPM and the insurer's invoice;
 * - a posting's benefit, so that a payment's journal entry shows how it splits over the kode rekening.
 * Every new column is nullable: an existing database keeps working. Its allocations are marked as they
 * would have been (the first of each line original, later ones amendments), and Jambi's seeded sources get
 * the accounts and capitals that a fresh install seeds, where nobody has set them.
 */
const SEEDED = [
  { code: 'APBD-PROV-JAMBI', place: 'Jambi' },
  { code: 'APBD-KAB-BUNGO', place: 'Muara Bungo' },
  { code: 'APBD-KAB-MUARO-JAMBI', place: 'Sengeti' },
  { code: 'APBD-KOTA-JAMBI', place: 'Jambi' },
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('funding_sources', (t) => {
    t.string('sub_activity_code', 64);
    t.string('account_jkk', 64);
    t.string('account_jkm', 64);
    t.string('account_jht', 64);
    t.string('place', 100);
    t.text('signatories');
  });
  await knex.schema.alterTable('budget_allocations', (t) => {
    t.string('benefit', 8);
    t.string('kind', 16);
    t.string('document_date', 10);
  });
  await knex.schema.alterTable('payments', (t) => {
    t.string('spm_number', 100);
    t.string('spm_date', 10);
    t.string('invoice_ref', 200);
  });
  await knex.schema.alterTable('postings', (t) => {
    t.string('benefit', 8);
  });
  await knex.raw(
    `UPDATE budget_allocations SET kind = CASE WHEN id = (
       SELECT MIN(b.id) FROM budget_allocations b
       WHERE b.program_id = budget_allocations.program_id
         AND b.funding_source_id = budget_allocations.funding_source_id
         AND b.fiscal_year = budget_allocations.fiscal_year) THEN 'original' ELSE 'amendment' END`,
  );
  for (const s of SEEDED) {
    await knex('funding_sources')
      .where({ code: s.code })
      .whereNull('account_jkk')
      .whereNull('account_jkm')
      .update({ account_jkk: '5.1.02.02.02.0006', account_jkm: '5.1.02.02.02.0007' });
    await knex('funding_sources').where({ code: s.code }).whereNull('place').update({ place: s.place });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('postings', (t) => {
    t.dropColumn('benefit');
  });
  await knex.schema.alterTable('payments', (t) => {
    t.dropColumn('invoice_ref');
    t.dropColumn('spm_date');
    t.dropColumn('spm_number');
  });
  await knex.schema.alterTable('budget_allocations', (t) => {
    t.dropColumn('document_date');
    t.dropColumn('kind');
    t.dropColumn('benefit');
  });
  await knex.schema.alterTable('funding_sources', (t) => {
    t.dropColumn('signatories');
    t.dropColumn('place');
    t.dropColumn('account_jht');
    t.dropColumn('account_jkm');
    t.dropColumn('account_jkk');
    t.dropColumn('sub_activity_code');
  });
}
