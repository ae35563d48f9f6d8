import type { ServerResponse } from 'node:http';
import type { Lang } from '../../shared/i18n.js';
import { CSV_MIME, XLSX_MIME } from '../../shared/media-types.js';
import { writeCsv } from './csv.js';
import { ClientGone } from './stream.js';
import { fileNameFor, type DownloadFormat, type DownloadOptions, type Table } from './table.js';
import { writeXlsx } from './xlsx.js';

function startDownload(res: ServerResponse, format: DownloadFormat, fileName: string): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', format === 'csv' ? `${CSV_MIME}; charset=utf-8` : XLSX_MIME);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  // Exports carry NIKs and names: no proxy or browser cache should keep a copy.
  res.setHeader('Cache-Control', 'no-store');
}

/**
 * Streams `tables` as CSV or XLSX, headers and titles in `lang`. Several tables become several sheets of one
 * workbook, or CSV sections one after another separated by an empty line. The download is audited before
 * its first byte leaves.
 */
export async function writeDownload(
  res: ServerResponse,
  format: DownloadFormat,
  lang: Lang,
  tables: Table | readonly Table[],
  options: DownloadOptions,
): Promise<void> {
  const list: readonly Table[] = Array.isArray(tables) ? tables : [tables as Table];
  await options.audit();
  startDownload(res, format, fileNameFor(options, list[0]?.producedAt ?? '', format));
  try {
    await (format === 'csv' ? writeCsv(res, list, lang) : writeXlsx(res, list, lang));
  } catch (err) {
    // A half-written file is incomplete anyway; cut the connection so the client sees a failed download.
    res.destroy();
    if (!(err instanceof ClientGone)) throw err;
  }
}
