/**
 * The reporting side's table model: any report or list as a titled table of typed columns, and the writers
 * that stream it as CSV or XLSX in Bahasa Indonesia or English (docs/architecture.md, "Downloads").
 */
export { describeFilters, type FilterLine } from './filters.js';
export {
  COLUMNS,
  producedAtText,
  type ColumnKind,
  type DownloadFormat,
  type Table,
  type TableColumn,
  type TableRow,
} from './table.js';
export { writeDownload } from './download.js';
export {
  TEMPLATE_RESPONSE,
  templateQuery,
  writeTemplate,
  type Template,
  type TemplateColumn,
} from './template.js';
export {
  BODY_SIZE,
  columnsOf,
  contentWidth,
  drawHeaderRow,
  drawRows,
  drawTable,
  drawTotalRow,
  ensureSpace,
  forgetWrittenPages,
  MARGIN,
  MUTED,
  pageBottom,
  pdfMoney,
  type Align,
  type Column,
  type Doc,
} from './pdf.js';
