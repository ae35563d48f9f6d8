import type { ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { lang, rule } from '../../shared/fields.js';
import type { Label, Lang } from '../../shared/i18n.js';
import { CSV_MIME, XLSX_MIME } from '../../shared/media-types.js';
import type { DownloadFormat } from './table.js';

/**
 * Upload templates: the columns a list must have, under the header names the reader matches, with one
 * sample row. In a workbook, the columns that take one of a few values offer them as a list to pick from
 * (data validation), read from a sheet of their own because a list written into the rule is limited to 255
 * characters; text columns (NIK, phone) are formatted as text so Excel never turns a NIK into a number.
 */
export interface TemplateColumn {
  header: string;
  width?: number;
  /** Kept as text: a NIK or a number with leading zeros. */
  text?: boolean;
  /** The values a person picks from, with the list's title on the sheet of choices. */
  choices?: { title: Label; values: readonly string[] };
}

export interface Template {
  fileName: string;
  sheet: Label;
  columns: readonly TemplateColumn[];
  sample: readonly (string | number)[];
}

/** A template's query: the format (a workbook unless CSV is asked for) and the language of its sheet names. */
export const templateQuery = z.object({
  format: z
    .enum(['xlsx', 'csv'], { error: rule('oneOf') })
    .default('xlsx')
    .meta({ description: 'xlsx (default: with lists to pick from) or csv (`;` separated, with a BOM)' }),
  lang: lang(),
});

/** The answer of a template route: a workbook, or a CSV when asked for. */
export const TEMPLATE_RESPONSE = {
  description: 'The header row the upload expects and a sample row',
  contentType: XLSX_MIME,
  downloads: [CSV_MIME],
} as const;

/** Rows below the header that offer the lists: more than a village's list, fewer than make the file heavy. */
const ROWS_WITH_LISTS = 5000;

const WORDS = {
  choices: { id: 'Pilihan', en: 'Choices' },
  pickTitle: { id: 'Pilih dari daftar', en: 'Pick from the list' },
  pick: {
    id: 'Pilih salah satu nilai dari daftar (lembar Pilihan).',
    en: 'Pick one of the values of the list (sheet Choices).',
  },
} satisfies Record<string, Label>;

/** `1` → `A`, `27` → `AA`. */
function columnLetter(n: number): string {
  let letters = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

async function templateWorkbook(template: Template, lang: Lang): Promise<Buffer> {
  const { default: excel } = await import('exceljs');
  const book = new excel.Workbook();
  const sheet = book.addWorksheet(template.sheet[lang], { views: [{ state: 'frozen', ySplit: 1 }] });
  const choices = book.addWorksheet(WORDS.choices[lang]);
  sheet.columns = template.columns.map((c) => ({
    width: c.width ?? 22,
    ...(c.text ? { style: { numFmt: '@' } } : {}),
  }));
  const header = sheet.addRow(template.columns.map((c) => c.header));
  header.font = { bold: true };
  sheet.addRow([...template.sample]);
  let list = 0;
  template.columns.forEach((column, index) => {
    if (!column.choices) return;
    list += 1;
    const letter = columnLetter(list);
    choices.getColumn(list).width = 28;
    choices.getCell(`${letter}1`).value = column.choices.title[lang];
    choices.getCell(`${letter}1`).font = { bold: true };
    column.choices.values.forEach((value, i) => (choices.getCell(`${letter}${i + 2}`).value = value));
    const last = column.choices.values.length + 1;
    const validation = {
      type: 'list' as const,
      allowBlank: true,
      formulae: [`'${WORDS.choices[lang]}'!$${letter}$2:$${letter}$${last}`],
      showErrorMessage: true,
      errorTitle: WORDS.pickTitle[lang],
      error: WORDS.pick[lang],
    };
    const target = columnLetter(index + 1);
    for (let row = 2; row <= ROWS_WITH_LISTS + 1; row += 1)
      sheet.getCell(`${target}${row}`).dataValidation = validation;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Sends the template as CSV (`;` separated with a BOM, as Excel in Bahasa Indonesia saves one) or XLSX. */
export async function writeTemplate(
  res: ServerResponse,
  format: DownloadFormat,
  lang: Lang,
  template: Template,
): Promise<void> {
  const body =
    format === 'csv'
      ? Buffer.from(
          stringify([template.columns.map((c) => c.header), [...template.sample]], {
            bom: true,
            delimiter: ';',
            record_delimiter: 'windows',
          }),
        )
      : await templateWorkbook(template, lang);
  res.statusCode = 200;
  res.setHeader('Content-Type', format === 'csv' ? `${CSV_MIME}; charset=utf-8` : XLSX_MIME);
  res.setHeader('Content-Disposition', `attachment; filename="${template.fileName}.${format}"`);
  res.setHeader('Content-Length', body.length);
  res.end(body);
}
