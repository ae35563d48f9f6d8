import { reason, type Reason } from './reasons.js';

/** A row of the regions table. */
export interface RegionRow {
  code: string;
  name: string;
  level: string;
}

export type RegionResult = { code: string } | { reason: Reason };

/** The words that say which kind of region a name is, as people write them. */
const LEVEL_WORDS: Record<string, string> = {
  kabupaten: 'regency',
  kab: 'regency',
  kota: 'city',
  provinsi: 'province',
  propinsi: 'province',
  prov: 'province',
};

/** Lower case, punctuation as spaces, spaces collapsed: `Kab. Bungo` → `kab bungo`. */
const words = (text: string): string[] =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');

/** A name without its kind, spaces left out: `Kota Sungai Penuh` → `{ level: 'city', base: 'sungaipenuh' }`. */
function parseName(text: string): { level: string | undefined; base: string } {
  const [first = '', ...rest] = words(text);
  const level = LEVEL_WORDS[first];
  return level && rest.length > 0
    ? { level, base: rest.join('') }
    : { level: undefined, base: [first, ...rest].join('') };
}

/** `15.08`, `1508`, `15 08` or `15-08` → `15.08`; `15` → `15`; anything else → undefined. */
function asCode(text: string): string | undefined {
  const match = /^([0-9]{2})(?:[\s.-]?([0-9]{2}))?$/.exec(text);
  if (!match) return undefined;
  return match[2] === undefined ? match[1] : `${match[1]}.${match[2]}`;
}

const describe = (row: RegionRow) => `${row.name} (${row.code})`;

/**
 * Reads a regency or city as people write it, by its Kemendagri code (`15.08`, `1508`) or its name, with or
 * without its kind (`Bungo`, `Kab. Bungo`, `Kabupaten Bungo`, `kota jambi`), case, spacing and punctuation
 * ignored. A name that fits more than one region (`Jambi`: the province and Kota Jambi) is ambiguous; a
 * province is not a regency. A number a workbook stored is read as the code typed: 15.1 is 15.10.
 */
export function regionReader(
  rows: readonly RegionRow[],
): (input: string | number | undefined) => RegionResult {
  const byCode = new Map(rows.map((row) => [row.code, row]));
  const byFullName = new Map(rows.map((row) => [words(row.name).join(''), row]));
  const byBase = new Map<string, RegionRow[]>();
  for (const row of rows) {
    const { base } = parseName(row.name);
    byBase.set(base, [...(byBase.get(base) ?? []), row]);
  }
  const found = (row: RegionRow, value: string): RegionResult =>
    row.level === 'province'
      ? { reason: reason('region.province', { value, name: row.name }) }
      : { code: row.code };

  return (input) => {
    const value =
      typeof input === 'number'
        ? Number.isInteger(input)
          ? String(input)
          : input.toFixed(2)
        : (input ?? '').trim();
    if (value === '') return { reason: reason('required') };
    const unknown = { reason: reason('region.unknown', { value }) };
    const code = asCode(value);
    if (code !== undefined) {
      const row = byCode.get(code);
      return row ? found(row, value) : unknown;
    }
    const exact = byFullName.get(words(value).join(''));
    if (exact) return found(exact, value);
    const { level, base } = parseName(value);
    const candidates = (byBase.get(base) ?? []).filter((row) => level === undefined || row.level === level);
    if (candidates.length === 0) return unknown;
    if (candidates.length === 1) return found(candidates[0]!, value);
    return { reason: reason('region.ambiguous', { value, candidates: candidates.map(describe).join(', ') }) };
  };
}
