import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, type FieldError } from '../shared/errors.js';

export const PROBLEM_TYPE_BASE = 'urn:iuran-ledger:problem:';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export function sendProblem(
  res: Response,
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
  extra?: Record<string, unknown>,
): void {
  res
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: `${PROBLEM_TYPE_BASE}${code}`,
        title: TITLES[status] ?? 'Error',
        status,
        detail,
        code,
        ...(errors && errors.length > 0 ? { errors } : {}),
        ...(extra ?? {}),
      }),
    );
}

export const notFoundHandler: RequestHandler = (req, res) =>
  sendProblem(res, 404, 'NOT_FOUND', `no route for ${req.method} ${req.path}`);

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
  type?: string;
  status?: number;
  statusCode?: number;
}

/** Maps constraint violations the database raised: a safety net behind the services' own checks. */
function fromDatabase(err: DriverError): AppError | null {
  const message = err.message ?? '';
  if (err.code === '23505' || (err.code === 'SQLITE_CONSTRAINT' && /UNIQUE|PRIMARY KEY/.test(message))) {
    return new AppError(409, 'DUPLICATE', 'a record with the same unique value already exists');
  }
  // 22003 (out of range): only an id beyond any stored one gets there, since amounts are bounded before.
  const unknownReference = err.code === '23503' || err.code === '22003';
  if (unknownReference || (err.code === 'SQLITE_CONSTRAINT' && /FOREIGN KEY/.test(message))) {
    return new AppError(422, 'UNKNOWN_REFERENCE', 'the request refers to a record that does not exist');
  }
  return null;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) {
      logger.error({ err, reqId: req.id }, 'error after the response started');
      res.end();
      return;
    }
    if (err instanceof AppError) {
      sendProblem(res, err.status, err.code, err.message, err.errors, err.extra);
      return;
    }
    const e = (err ?? {}) as DriverError;
    if (e.type === 'entity.too.large') {
      sendProblem(res, 413, 'BODY_TOO_LARGE', 'the request body is larger than allowed');
      return;
    }
    if (e.type === 'entity.parse.failed') {
      sendProblem(res, 400, 'MALFORMED_JSON', 'the request body is not valid JSON', [
        { path: '', message: 'body must be valid JSON' },
      ]);
      return;
    }
    const status = e.status ?? e.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendProblem(res, status, 'BAD_REQUEST', 'the request could not be read');
      return;
    }
    const mapped = fromDatabase(e);
    if (mapped) {
      sendProblem(res, mapped.status, mapped.code, mapped.message);
      return;
    }
    logger.error({ err, reqId: req.id }, 'unhandled error');
    sendProblem(res, 500, 'INTERNAL', 'an unexpected error occurred; it has been logged');
  };
}
