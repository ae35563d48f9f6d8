import type { Sector } from '../modules/programs/index.js';
import { Decimal, splitByWeights } from '../shared/money.js';
import { nikErrors } from '../shared/nik.js';

/**
 * Synthetic, deterministic beneficiaries for the demo: every run with the same count yields the same
 * people. NIKs pass validation (Jambi province, a real birth date with +40 for women, serial from 0001)
 * and are issued mostly where the person lives, a few elsewhere in the province, as real lists look.
 */
export type ProgrammeKey = 'DUMISAKE' | 'BUNGO' | 'MUARO_JAMBI' | 'KOTA_JAMBI';

export interface DemoPerson {
  nik: string;
  name: string;
  regionCode: string;
  sector: Sector;
  occupation: string | null;
  kpjNumber: string | null;
  phone: string | null;
  programme: ProgrammeKey;
  startPeriod: string;
}

/**
 * Each programme's workers at full scale. Dumisake's 117,000 and Bungo's 7,700 are Jambi's (docs/domain.md,
 * "Jambi, the first user"); Muaro Jambi's and Kota Jambi's are made up, as no figure is published. A demo of
 * N people splits them in these proportions, so every programme is scaled down alike: 1 to 65 at the
 * default 3,000 (1,801 Dumisake, 119 Bungo, 540 each for Muaro Jambi and Kota Jambi).
 */
export const FULL_SCALE: Readonly<Record<ProgrammeKey, number>> = {
  DUMISAKE: 117_000,
  BUNGO: 7_700,
  MUARO_JAMBI: 35_100,
  KOTA_JAMBI: 35_100,
};

/** How many of `count` people each programme gets: its part of the full scale, by largest remainder. */
export function programmeSizes(count: number): Record<ProgrammeKey, number> {
  const keys = Object.keys(FULL_SCALE) as ProgrammeKey[];
  const parts = splitByWeights(
    new Decimal(count),
    keys.map((k) => new Decimal(FULL_SCALE[k])),
  );
  return Object.fromEntries(keys.map((k, i) => [k, parts[i]!.toNumber()])) as Record<ProgrammeKey, number>;
}

/** The 11 regencies and cities of Jambi (Kemendagri codes, as NIKs use them). */
const REGENCIES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '71', '72'] as const;
/** Regions whose workers the province's Dumisake covers: every one without a programme of its own here. */
const DUMISAKE_REGIONS = ['01', '02', '03', '04', '06', '07', '09', '72'] as const;
/** Where each regency's or city's own programme's workers live: its money pays for no one else. */
const HOME: Partial<Record<ProgrammeKey, string>> = { BUNGO: '08', MUARO_JAMBI: '05', KOTA_JAMBI: '71' };

const MALE = [
  'Ahmad',
  'Budi',
  'Hendra',
  'Rudi',
  'Joko',
  'Agus',
  'Dedi',
  'Rizky',
  'Fajar',
  'Yusuf',
  'Irwan',
  'Syahrul',
];
const FEMALE = [
  'Siti',
  'Nur',
  'Dewi',
  'Rina',
  'Sri',
  'Wulan',
  'Yanti',
  'Fitri',
  'Ayu',
  'Lestari',
  'Nurhayati',
  'Ratna',
];
const FAMILY = [
  'Saputra',
  'Hidayat',
  'Siregar',
  'Nasution',
  'Harahap',
  'Pratama',
  'Lubis',
  'Wijaya',
  'Sari',
  'Rahman',
];

/** Jambi's informal workers are mostly rubber and oil-palm smallholders, traders and ojek drivers. */
const SECTORS: [Sector, number, readonly string[]][] = [
  ['agriculture', 45, ['Petani karet', 'Petani sawit', 'Buruh tani']],
  ['trade', 17, ['Pedagang pasar', 'Pedagang kaki lima']],
  ['transport', 10, ['Pengemudi ojek', 'Kurir']],
  ['fisheries', 8, ['Nelayan', 'Pembudidaya ikan']],
  ['construction', 8, ['Buruh bangunan']],
  ['services', 7, ['Penjahit', 'Tukang cukur']],
  ['manufacturing', 3, ['Pengrajin batik Jambi']],
  ['other', 2, []],
];

/** mulberry32: a small seeded generator, so the demo needs no randomness from the host. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function demoPeople(count: number, seed = 1501): DemoPerson[] {
  const random = generator(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const weighted = <T>(items: readonly [T, number, ...unknown[]][]): [T, number, ...unknown[]] => {
    let left = random() * items.reduce((acc, [, w]) => acc + w, 0);
    for (const item of items) {
      left -= item[1];
      if (left < 0) return item;
    }
    return items[items.length - 1]!;
  };
  // Each programme's exact size, in a shuffled order, so that every month of registration has some of each.
  const programmes = Object.entries(programmeSizes(count)).flatMap(([key, size]) =>
    Array<ProgrammeKey>(size).fill(key as ProgrammeKey),
  );
  for (let i = programmes.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [programmes[i], programmes[j]] = [programmes[j]!, programmes[i]!];
  }
  const serials = new Map<string, number>();
  const people: DemoPerson[] = [];
  for (const [i, programme] of programmes.entries()) {
    const home = HOME[programme] ?? pick(DUMISAKE_REGIONS);
    const issuedIn = random() < 0.92 ? home : pick(REGENCIES);
    const female = random() < 0.5;
    const birth = `${pad(1 + Math.floor(random() * 28) + (female ? 40 : 0))}${pad(1 + Math.floor(random() * 12))}${pad((66 + Math.floor(random() * 40)) % 100)}`;
    const prefix = `15${issuedIn}${pad(1 + Math.floor(random() * 12))}${birth}`;
    const serial = (serials.get(prefix) ?? 0) + 1;
    serials.set(prefix, serial);
    const nik = `${prefix}${pad(serial, 4)}`;
    if (nikErrors(nik).length > 0) throw new Error(`demo generated an invalid NIK ${nik}`);
    const [sector, , occupations] = weighted(SECTORS) as [Sector, number, readonly string[]];
    people.push({
      nik,
      name: `${pick(female ? FEMALE : MALE)} ${pick(FAMILY)}`,
      regionCode: `15.${home}`,
      sector,
      occupation: occupations.length > 0 ? pick(occupations) : null,
      kpjNumber: random() < 0.9 ? String(10_000_000_000 + i * 7919) : null,
      phone: random() < 0.7 ? `+62812${pad(Math.floor(random() * 1e7), 7)}` : null,
      programme,
      // Most joined when the budget year opened; the rest were registered over the first half-year.
      startPeriod: random() < 0.75 ? '2026-01' : `2026-0${2 + Math.floor(random() * 5)}`,
    });
  }
  return people;
}
