import type { Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';

/** supertest parser that keeps a binary body (XLSX, PDF) as one Buffer. */
export function binary(res: Stream, done: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Reads an XLSX download back, as a spreadsheet program would. */
export async function readWorkbook(body: unknown): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs declares its own Buffer type; at run time it reads Node's.
  await workbook.xlsx.load(body as ExcelJS.Buffer);
  return workbook;
}

/** A CSV download's lines, without the BOM. */
export function csvLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
}

/** The text of a PDF, page by page, as a reader copying it out would get it. */
export async function pdfText(body: unknown): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(body as Buffer) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}
