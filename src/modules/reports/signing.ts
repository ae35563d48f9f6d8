import type { Lang } from '../../shared/i18n.js';
import type { FundingSource, Signatory } from '../funding-sources/index.js';
import { longDate } from './monthly-report.text.js';

/**
 * Where and by whom a funding source's printed documents are signed (its `place` and `signatories`), and
 * the words with which every printed document says it shows demonstration data.
 */
export const ROLE_NAMES: Record<Signatory['role'], Record<Lang, string>> = {
  kepala_dinas: { id: 'Kepala Dinas', en: 'Head of Agency (Kepala Dinas)' },
  bendahara_pengeluaran: { id: 'Bendahara Pengeluaran', en: 'Treasurer (Bendahara Pengeluaran)' },
  pptk: { id: 'Pejabat Pelaksana Teknis Kegiatan', en: 'Technical Officer (PPTK)' },
};

const WORDS = {
  id: { nip: 'NIP.', acknowledged: 'Mengetahui,', demo: 'DATA CONTOH (DEMO) - bukan data sebenarnya' },
  en: { nip: 'NIP', acknowledged: 'Acknowledged by,', demo: 'DEMO DATA - not real figures' },
} as const;

export const demoNotice = (lang: Lang): string => WORDS[lang].demo;

/** `Muara Bungo, 20 November 2026`; without a place set, the date alone. */
export function placeAndDate(source: Pick<FundingSource, 'place'>, isoDate: string, lang: Lang): string {
  const date = longDate(isoDate, lang);
  return source.place ? `${source.place}, ${date}` : date;
}

export interface SignatureBlock {
  /** The line above the role: "Mengetahui," or the place and date. */
  above: string;
  role: string;
  name: string;
  nip: string;
}

/**
 * The signature blocks of a document, left to right: the head of agency acknowledges, the others sign under
 * the place and date. Roles without a signatory keep an empty block to be signed by hand.
 */
export function signatureBlocks(
  source: Pick<FundingSource, 'place' | 'signatories'>,
  isoDate: string,
  lang: Lang,
  roles: readonly Signatory['role'][] = ['kepala_dinas', 'bendahara_pengeluaran'],
): SignatureBlock[] {
  return roles.map((role, i) => {
    const who = source.signatories.find((s) => s.role === role);
    return {
      above: i === 0 && roles.length > 1 ? WORDS[lang].acknowledged : placeAndDate(source, isoDate, lang),
      role: ROLE_NAMES[role][lang],
      name: who?.name ?? '',
      nip: `${WORDS[lang].nip} ${who?.nip ?? ''}`.trim(),
    };
  });
}

/** The same blocks as lines of a table's footer: one column per signatory. */
export function signatureLines(blocks: SignatureBlock[]): string[][] {
  return [
    blocks.map((b) => b.above),
    blocks.map((b) => b.role),
    blocks.map(() => ''),
    blocks.map((b) => b.name),
    blocks.map((b) => b.nip),
  ];
}
