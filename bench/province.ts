import fs from 'node:fs';
import { once } from 'node:events';

/**
 * A deterministic synthetic province: valid NIKs across Jambi's 11 regencies and cities, sectors in a
 * realistic mix, and programmes by region like Jambi's (Dumisake for most, Bungo, Muaro Jambi co-funded,
 * Kota Jambi). Everything here is generated from the worker's index, so every run builds the same data.
 */
export const REGENCIES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '71', '72'] as const;
const SECTORS = [
  'agriculture',
  'agriculture',
  'agriculture',
  'fisheries',
  'trade',
  'trade',
  'construction',
  'services',
  'other',
  'transport',
];

export interface ProgramPlan {
  code: string;
  name: string;
  regencies: readonly string[];
  shares: { source: string; share: string }[];
}

export const PROGRAM_PLANS: ProgramPlan[] = [
  {
    code: 'DUMISAKE',
    name: 'Dumisake (Provinsi Jambi)',
    regencies: ['01', '02', '03', '04', '06', '07', '09', '72'],
    shares: [{ source: 'APBD-PROV-JAMBI', share: '1' }],
  },
  {
    code: 'BUNGO-BPU',
    name: 'BPU Rentan Kabupaten Bungo',
    regencies: ['08'],
    shares: [{ source: 'APBD-KAB-BUNGO', share: '1' }],
  },
  {
    code: 'MUARO-JAMBI-BPU',
    name: 'BPU Rentan Muaro Jambi (bersama Provinsi)',
    regencies: ['05'],
    shares: [
      { source: 'APBD-PROV-JAMBI', share: '0.333' },
      { source: 'APBD-KAB-MUARO-JAMBI', share: '0.667' },
    ],
  },
  {
    code: 'KOTA-JAMBI-BPU',
    name: 'BPU Rentan Kota Jambi',
    regencies: ['71'],
    shares: [{ source: 'APBD-KOTA-JAMBI', share: '1' }],
  },
];

/** Worker i: unique, valid NIK (province 15) and its regency, sector and name. */
export function worker(i: number): { nik: string; regency: string; sector: string; name: string } {
  const regency = REGENCIES[i % REGENCIES.length]!;
  const j = Math.floor(i / REGENCIES.length);
  const district = (j % 20) + 1;
  const k = Math.floor(j / 20);
  const female = k % 2 === 1;
  const day = (Math.floor(k / 2) % 28) + 1 + (female ? 40 : 0);
  const k2 = Math.floor(k / 56);
  const month = (k2 % 12) + 1;
  const k3 = Math.floor(k2 / 12);
  const year = 60 + (k3 % 40);
  const serial = Math.floor(k3 / 40) + 1;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    nik: `15${regency}${pad(district)}${pad(day)}${pad(month)}${pad(year)}${pad(serial, 4)}`,
    regency,
    sector: SECTORS[i % SECTORS.length]!,
    name: `Pekerja ${i}`,
  };
}

/** Writes a header and the generated lines to `file` in large chunks; returns how many lines. */
async function writeCsv(file: string, header: string, lines: Iterable<string>): Promise<number> {
  const out = fs.createWriteStream(file);
  let count = 0;
  let chunk = `${header}\n`;
  for (const line of lines) {
    chunk += `${line}\n`;
    count += 1;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return count;
}

function* workersOf(workers: number, plan: ProgramPlan): Generator<[number, ReturnType<typeof worker>]> {
  for (let i = 0; i < workers; i += 1) {
    const w = worker(i);
    if (plan.regencies.includes(w.regency)) yield [i, w];
  }
}

export const BENEFICIARY_HEADER = ['nik', 'name', 'regionCode', 'sector'];

/** The beneficiary list of one programme: the workers of its regencies, one row each. */
export function* beneficiaryRows(workers: number, plan: ProgramPlan): Generator<string[]> {
  for (const [, w] of workersOf(workers, plan)) yield [w.nik, w.name, `15.${w.regency}`, w.sector];
}

/** Writes the beneficiary CSV of one programme. */
export function writeBeneficiaryCsv(file: string, workers: number, plan: ProgramPlan): Promise<number> {
  function* lines() {
    for (const row of beneficiaryRows(workers, plan)) yield row.join(',');
  }
  return writeCsv(file, BENEFICIARY_HEADER.join(','), lines());
}

export const STATEMENT_HEADER = ['nik', 'kpj', 'name', 'amount'];

/** What the insurer bills a worker a month on the bench's statements: transport pays the reduced rate. */
export const statementAmount = (i: number): number => (worker(i).sector === 'transport' ? 8400 : 16800);

/**
 * The insurer's statement for one programme and month: every billed worker once at `amount(i)`, with 1% of
 * each kind of difference planted: amount mismatch, not credited (left out), unexpected (unknown NIK) and
 * duplicate (a line repeated).
 */
export function* statementRows(
  workers: number,
  plan: ProgramPlan,
  amount: (i: number) => number,
): Generator<(string | number)[]> {
  for (const [i, w] of workersOf(workers, plan)) {
    const kind = i % 100;
    if (kind === 1) continue;
    const value = kind === 0 ? amount(i) - 100 : amount(i);
    const line = [w.nik, String(9_000_000_000 + i), w.name, value];
    yield line;
    if (kind === 2) yield line;
    if (kind === 3) {
      const q = Math.floor(i / 100);
      const nik = `31${String(q % 100).padStart(2, '0')}01010190${String(Math.floor(q / 100) + 1).padStart(4, '0')}`;
      yield [nik, '1', 'Orang Lain', value];
    }
  }
}

/** Writes the statement as CSV. */
export function writeStatementCsv(
  file: string,
  workers: number,
  plan: ProgramPlan,
  amount: (i: number) => number,
): Promise<number> {
  function* lines() {
    for (const row of statementRows(workers, plan, amount)) yield row.join(',');
  }
  return writeCsv(file, STATEMENT_HEADER.join(','), lines());
}
