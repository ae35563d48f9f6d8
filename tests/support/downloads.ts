import type { Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { PDFParse } from 'pdf-parse';
import type { Role } from '../../src/shared/context.js';
import type { TestContext } from './harness.js';

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

/** GETs an XLSX download as `role`: a 200 attachment named `fileName`; the response and its workbook. */
export async function downloadWorkbook(t: TestContext, role: Role, url: string, fileName: string) {
  const res = await t.as(role).get(url).buffer(true).parse(binary);
  expect(res.status).toBe(200);
  expect(res.headers['content-disposition']).toBe(`attachment; filename="${fileName}"`);
  return { res, workbook: await readWorkbook(res.body) };
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
