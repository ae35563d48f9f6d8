import type { Request } from 'express';
import { z } from 'zod';

/**
 * How a report is asked for: `?format=` (or, without it, the Accept header) picks JSON, CSV or XLSX, and
 * `?lang=` the language of headers and titles. Reports for people are in Bahasa Indonesia unless English
 * is asked for (shared/domain.md). Kept apart from the writers so schemas can use it without exceljs.
 */
export const LANGS = ['id', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** A text a person reads, in both languages. */
export interface Label {
  id: string;
  en: string;
}

export const CSV_MIME = 'text/csv';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What a downloadable report declares in the OpenAPI document besides its JSON. */
export const DOWNLOADS = [CSV_MIME, XLSX_MIME] as const;

export const TABLE_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];
export type DownloadFormat = Exclude<TableFormat, 'json'>;

export const lang = () =>
  z
    .enum(LANGS, { error: 'must be id or en' })
    .optional()
    .meta({ description: 'Language of titles and column headers: id (Bahasa Indonesia, default) or en' });

/** Query fields every exportable report takes; spread them into the route's query schema. */
export const exportQueryFields = {
  format: z
    .enum(TABLE_FORMATS, { error: 'must be json, csv or xlsx' })
    .optional()
    .meta({
      description: `json (default), csv (UTF-8 with BOM) or xlsx; without it, Accept: ${CSV_MIME} or ${XLSX_MIME} chooses the download`,
    }),
  lang: lang(),
};

/** The download a request asks for, or null when it wants the JSON answer. `?format=` wins over Accept. */
export function downloadFormat(req: Request): DownloadFormat | null {
  const asked = req.query.format;
  if (asked === 'csv' || asked === 'xlsx') return asked;
  if (asked !== undefined) return null;
  const preferred = req.accepts(['application/json', CSV_MIME, XLSX_MIME]);
  if (preferred === CSV_MIME) return 'csv';
  if (preferred === XLSX_MIME) return 'xlsx';
  return null;
}

export function requestLang(req: Request): Lang {
  return req.query.lang === 'en' ? 'en' : 'id';
}

/** Words of the report frame (not of any one report). */
export const FRAME_LABELS = {
  filters: { id: 'Filter', en: 'Filters' },
  noFilters: { id: '(tanpa filter)', en: '(none)' },
  producedAt: { id: 'Dibuat pada', en: 'Produced at' },
  yes: { id: 'Ya', en: 'Yes' },
  no: { id: 'Tidak', en: 'No' },
} satisfies Record<string, Label>;

/** The query as a report's filter line: every given parameter except those that only shape the answer. */
export function describeFilters(query: Record<string, unknown>): Record<string, string> {
  const shaping = new Set(['format', 'lang', 'limit', 'cursor']);
  return Object.fromEntries(
    Object.entries(query)
      .filter(([key, value]) => !shaping.has(key) && value !== undefined && value !== null)
      .map(([key, value]) => [key, String(value)]),
  );
}
