import type { Request } from 'express';
import type { Lang } from '../shared/i18n.js';
import { CSV_MIME, XLSX_MIME } from '../shared/media-types.js';

/**
 * How a report is asked for: `?format=` (or, without it, the Accept header) picks JSON, CSV or XLSX, and
 * `?lang=` the language of headers and titles (see `exportQueryFields` in shared/fields.ts). Files for people
 * are in Bahasa Indonesia unless English is asked for (docs/domain.md).
 */
export type DownloadFormat = 'csv' | 'xlsx';

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

/** The language of a download or printed document: Bahasa Indonesia unless `?lang=en`. */
export function downloadLang(req: Request): Lang {
  return req.query.lang === 'en' ? 'en' : 'id';
}
