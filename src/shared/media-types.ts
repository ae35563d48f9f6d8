/** The media types of uploads and downloads, shared by the HTTP edge and the writers and readers. */
export const CSV_MIME = 'text/csv';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
