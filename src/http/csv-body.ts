import type { Request } from 'express';
import { AppError } from '../shared/errors.js';

const CSV_TYPES = [
  'text/csv',
  'application/csv',
  'text/plain',
  'application/vnd.ms-excel',
  'application/octet-stream',
];

/** The request itself as a byte stream, once its content type says it is a CSV upload (else 415). */
export function csvBody(req: Request): AsyncIterable<Buffer> {
  if (!req.is(CSV_TYPES)) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the body must be text/csv');
  return req;
}
