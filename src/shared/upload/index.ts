/**
 * Reading uploads as they come from the field: CSV (`,` or `;`, UTF-8 with or without BOM) or XLSX (the
 * first sheet), headers in Bahasa Indonesia or English, and the values people write in them. Refusals are
 * reason keys with parameters (reasons.ts), rendered in the user's language at the edge.
 */
export { parseAmount, type AmountResult } from './amounts.js';
export { BENEFICIARY_COLUMNS, STATEMENT_COLUMNS } from './columns.js';
export { matchHeader, normaliseName, type ColumnSpec, type UploadSpec } from './headers.js';
export { readNik } from './nik-cell.js';
export { UploadProblem, type FieldReason } from './problem.js';
export {
  REASONS,
  reason,
  reasonLabel,
  reasonText,
  type Lang,
  type Reason,
  type ReasonKey,
} from './reasons.js';
export { regionReader, type RegionResult, type RegionRow } from './regions.js';
export { cell, cellValue, openUpload } from './rows.js';
export { parseSector, SECTOR_NAMES, type SectorCode } from './sectors.js';
export { MAX_UPLOAD_BYTES, tooLarge, type Upload, type UploadBody, type UploadRow } from './source.js';
