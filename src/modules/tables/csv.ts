import type { ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import type { Lang } from '../../shared/i18n.js';
import { end, send } from './stream.js';
import { csvCell, defuse, frameRows, type Table } from './table.js';

/**
 * Records are formatted (csv-stringify's synchronous API, RFC 4180 quoting) and sent this many at a time:
 * a stream stage per record costs more than the record, and buffered records live long enough to be
 * promoted to the old generation, while a piece is garbage as soon as it is written. The size is the one
 * that kept an export's peak memory lowest (docs/performance.md).
 */
const CSV_PIECE = 2000;

export async function writeCsv(res: ServerResponse, tables: readonly Table[], lang: Lang): Promise<void> {
  let records: string[][] = [];
  // The BOM tells spreadsheet programs the file is UTF-8 (names carry accents and apostrophes).
  let bom = true;
  const piece = () => {
    const text = stringify(records, { bom });
    records = [];
    bom = false;
    return text;
  };
  for (const [index, table] of tables.entries()) {
    if (index > 0) records.push([]);
    records.push(
      ...frameRows(table, lang, defuse),
      table.columns.map((c) => c[lang]),
    );
    for await (const row of table.rows) {
      records.push(table.columns.map((c) => csvCell(c, row[c.key], lang)));
      if (records.length >= CSV_PIECE) await send(res, piece());
    }
    if (table.footer) records.push([], ...table.footer.map((line) => line.map(defuse)));
  }
  await end(res, piece());
}
