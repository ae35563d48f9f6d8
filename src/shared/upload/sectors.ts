import { reason, type Reason } from './reasons.js';

/** The sectors by their names in Bahasa Indonesia; the codes are the API's (SECTORS of the programs module). */
export const SECTOR_NAMES = {
  pertanian: 'agriculture',
  perikanan: 'fisheries',
  transportasi: 'transport',
  perdagangan: 'trade',
  konstruksi: 'construction',
  industri: 'manufacturing',
  jasa: 'services',
  lainnya: 'other',
} as const;

export type SectorCode = (typeof SECTOR_NAMES)[keyof typeof SECTOR_NAMES];

const normalise = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');

const SECTORS_BY_WORD = new Map<string, SectorCode>(
  Object.entries(SECTOR_NAMES).flatMap(([name, code]) => [
    [name, code],
    [code, code],
  ]),
);

const ACCEPTED = Object.keys(SECTOR_NAMES).join(', ');

/** A sector cell in Bahasa Indonesia or as its code, case and spacing ignored; empty means none given. */
export function parseSector(
  input: string | undefined,
): { sector: SectorCode | undefined } | { reason: Reason } {
  const value = (input ?? '').trim();
  if (value === '') return { sector: undefined };
  const sector = SECTORS_BY_WORD.get(normalise(value));
  return sector ? { sector } : { reason: reason('sector.unknown', { value, accepted: ACCEPTED }) };
}
