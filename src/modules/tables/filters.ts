import { monthName, type Label, type Lang } from '../../shared/i18n.js';

/**
 * A report's filter row as its reader writes it: `Dari: Januari 2026`, `Dikelompokkan: program, sumber dana`
 * in Bahasa Indonesia, `From: January 2026` in English, rather than the query's own `from: 2026-01`. Every
 * parameter an export takes is named here once, with how its value reads.
 */
export type FilterLine = Label;

type Words = (value: string, lang: Lang) => string;

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const month: Words = (value, lang) => (MONTH.test(value) ? monthName(value, lang) : value);
const asIs: Words = (value) => value;

/** Words for the values a parameter takes from a fixed list; anything else reads as given. */
function oneOf(words: Record<string, Label>): Words {
  return (value, lang) =>
    value
      .split(',')
      .map((part) => words[part]?.[lang] ?? part)
      .join(', ');
}

const FILTERS: Record<string, { name: Label; value: Words }> = {
  from: { name: { id: 'Dari', en: 'From' }, value: month },
  to: { name: { id: 'Sampai', en: 'To' }, value: month },
  period: { name: { id: 'Bulan', en: 'Month' }, value: month },
  asOf: { name: { id: 'Posisi', en: 'As of' }, value: month },
  fiscalYear: { name: { id: 'Tahun anggaran', en: 'Fiscal year' }, value: asIs },
  groupBy: {
    name: { id: 'Dikelompokkan', en: 'Grouped by' },
    value: oneOf({
      program: { id: 'program', en: 'programme' },
      fundingSource: { id: 'sumber dana', en: 'funding source' },
      period: { id: 'bulan', en: 'month' },
      region: { id: 'wilayah', en: 'region' },
    }),
  },
  status: {
    name: { id: 'Status', en: 'Status' },
    value: oneOf({
      active: { id: 'aktif', en: 'active' },
      inactive: { id: 'tidak aktif', en: 'not active' },
    }),
  },
  programId: { name: { id: 'ID program', en: 'Programme id' }, value: asIs },
  regionCode: { name: { id: 'Kode wilayah', en: 'Region code' }, value: asIs },
  q: { name: { id: 'Pencarian', en: 'Search' }, value: asIs },
  minMonths: {
    name: { id: 'Tertunggak sekurang-kurangnya (bulan)', en: 'Unpaid months at least' },
    value: asIs,
  },
  file: { name: { id: 'Berkas', en: 'File' }, value: asIs },
};

/** Parameters that only shape the answer (its format, language or page), not which rows it holds. */
const SHAPING = new Set(['format', 'lang', 'limit', 'cursor']);

/** The query as a report's filter row, one line per given parameter, in both languages. */
export function describeFilters(query: Record<string, unknown>): FilterLine[] {
  return Object.entries(query)
    .filter(([key, value]) => !SHAPING.has(key) && value !== undefined && value !== null)
    .map(([key, raw]) => {
      const value = Array.isArray(raw) ? raw.join(',') : String(raw);
      const filter = FILTERS[key] ?? { name: { id: key, en: key }, value: asIs };
      return {
        id: `${filter.name.id}: ${filter.value(value, 'id')}`,
        en: `${filter.name.en}: ${filter.value(value, 'en')}`,
      };
    });
}
