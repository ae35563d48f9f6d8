import type { Knex } from 'knex';

/**
 * Reference data a fresh install carries: Jambi's regions (Kemendagri codes, which NIKs also use), the
 * BPU contribution schedule of docs/domain.md as rate rows an administrator may correct, and Jambi's
 * APBD funding sources. Safe to rerun: each group is inserted only where its table is empty.
 */
export const JAMBI_REGIONS: { code: string; name: string; level: 'province' | 'regency' | 'city' }[] = [
  { code: '15', name: 'Provinsi Jambi', level: 'province' },
  { code: '15.01', name: 'Kabupaten Kerinci', level: 'regency' },
  { code: '15.02', name: 'Kabupaten Merangin', level: 'regency' },
  { code: '15.03', name: 'Kabupaten Sarolangun', level: 'regency' },
  { code: '15.04', name: 'Kabupaten Batanghari', level: 'regency' },
  { code: '15.05', name: 'Kabupaten Muaro Jambi', level: 'regency' },
  { code: '15.06', name: 'Kabupaten Tanjung Jabung Barat', level: 'regency' },
  { code: '15.07', name: 'Kabupaten Tanjung Jabung Timur', level: 'regency' },
  { code: '15.08', name: 'Kabupaten Bungo', level: 'regency' },
  { code: '15.09', name: 'Kabupaten Tebo', level: 'regency' },
  { code: '15.71', name: 'Kota Jambi', level: 'city' },
  { code: '15.72', name: 'Kota Sungai Penuh', level: 'city' },
];

interface RateSeed {
  benefit: 'JKK' | 'JKM' | 'JHT';
  sector: string | null;
  from: string;
  to: string | null;
  percent?: string;
  flat?: number;
  basis: string;
}

export const STATUTORY_RATES: RateSeed[] = [
  { benefit: 'JKK', sector: null, from: '2015-07', to: '2020-07', percent: '1', basis: 'PP 44/2015' },
  {
    benefit: 'JKK',
    sector: null,
    from: '2020-08',
    to: '2021-01',
    percent: '0.01',
    basis: 'PP 49/2020 (99% relief)',
  },
  {
    benefit: 'JKK',
    sector: null,
    from: '2021-02',
    to: '2026-03',
    percent: '1',
    basis: 'PP 44/2015, PP 82/2019',
  },
  { benefit: 'JKK', sector: null, from: '2026-04', to: '2026-12', percent: '0.5', basis: 'PP 50/2025' },
  { benefit: 'JKK', sector: null, from: '2027-01', to: null, percent: '1', basis: 'PP 44/2015' },
  {
    benefit: 'JKK',
    sector: 'transport',
    from: '2026-01',
    to: '2027-03',
    percent: '0.5',
    basis: 'PP 50/2025',
  },
  { benefit: 'JKM', sector: null, from: '2015-07', to: '2020-07', flat: 6800, basis: 'PP 44/2015' },
  {
    benefit: 'JKM',
    sector: null,
    from: '2020-08',
    to: '2021-01',
    flat: 68,
    basis: 'PP 49/2020 (99% relief)',
  },
  {
    benefit: 'JKM',
    sector: null,
    from: '2021-02',
    to: '2026-03',
    flat: 6800,
    basis: 'PP 44/2015, PP 82/2019',
  },
  { benefit: 'JKM', sector: null, from: '2026-04', to: '2026-12', flat: 3400, basis: 'PP 50/2025' },
  { benefit: 'JKM', sector: null, from: '2027-01', to: null, flat: 6800, basis: 'PP 44/2015' },
  { benefit: 'JKM', sector: 'transport', from: '2026-01', to: '2027-03', flat: 3400, basis: 'PP 50/2025' },
  { benefit: 'JHT', sector: null, from: '2015-07', to: null, percent: '2', basis: 'PP 46/2015' },
];

/** Spending lines 5.1.02.02.02 Belanja Iuran Jaminan/Asuransi, sub-objects .0006 JKK and .0007 JKM (docs/domain.md). */
const JAMBI_ACCOUNTS = { account_jkk: '5.1.02.02.02.0006', account_jkm: '5.1.02.02.02.0007' };

/** Jambi's APBDs, each signed at its capital (Kabupaten Muaro Jambi's is Sengeti, Bungo's Muara Bungo). */
export const JAMBI_FUNDING_SOURCES = [
  {
    code: 'APBD-PROV-JAMBI',
    name: 'APBD Provinsi Jambi',
    level: 'province',
    region_code: '15',
    place: 'Jambi',
  },
  {
    code: 'APBD-KAB-BUNGO',
    name: 'APBD Kabupaten Bungo',
    level: 'regency',
    region_code: '15.08',
    place: 'Muara Bungo',
  },
  {
    code: 'APBD-KAB-MUARO-JAMBI',
    name: 'APBD Kabupaten Muaro Jambi',
    level: 'regency',
    region_code: '15.05',
    place: 'Sengeti',
  },
  { code: 'APBD-KOTA-JAMBI', name: 'APBD Kota Jambi', level: 'city', region_code: '15.71', place: 'Jambi' },
].map((s) => ({ ...s, ...JAMBI_ACCOUNTS }));

async function isEmpty(knex: Knex, table: string): Promise<boolean> {
  const row = await knex(table).count({ n: '*' }).first();
  return Number(row?.n ?? 0) === 0;
}

export async function seedReferenceData(knex: Knex, now: string): Promise<void> {
  await knex.transaction(async (trx) => {
    if (await isEmpty(trx, 'regions')) {
      await trx('regions').insert(
        JAMBI_REGIONS.map((r) => ({ ...r, parent_code: r.code === '15' ? null : '15' })),
      );
    }
    if (await isEmpty(trx, 'contribution_rates')) {
      await trx('contribution_rates').insert(
        STATUTORY_RATES.map((r) => ({
          benefit: r.benefit,
          sector: r.sector,
          percent_of_income: r.percent ?? null,
          flat_amount: r.flat ?? null,
          effective_from: r.from,
          effective_to: r.to,
          legal_basis: r.basis,
          created_at: now,
        })),
      );
    }
    if (await isEmpty(trx, 'funding_sources')) {
      await trx('funding_sources').insert(JAMBI_FUNDING_SOURCES.map((s) => ({ ...s, created_at: now })));
    }
  });
}
