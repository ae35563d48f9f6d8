import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../shared/errors.js';
import { localize, preferredLang, type Lang } from '../shared/i18n.js';
import { DETAILS, FIELD, PROBLEMS } from '../shared/messages/index.js';

export const PROBLEM_TYPE_BASE = 'urn:iuran-ledger:problem:';

/** The API answers in English unless the request prefers Bahasa Indonesia. */
export const apiLang = (req: Request): Lang => preferredLang(req.get('accept-language'), 'en');

/** An RFC 9457 problem as a plain object in one language: what the API sends and the console shows. */
export function problemBody(err: AppError, lang: Lang) {
  return {
    type: `${PROBLEM_TYPE_BASE}${err.code}`,
    title: PROBLEMS[err.code].title[lang],
    status: err.status,
    detail: err.detail[lang],
    code: err.code,
    ...(err.errors && err.errors.length > 0
      ? { errors: err.errors.map((e) => ({ path: e.path, message: e.message[lang] })) }
      : {}),
    ...localize(err.extra ?? {}, lang),
  };
}

export function sendProblem(req: Request, res: Response, err: AppError): void {
  res
    .status(err.status)
    .type('application/problem+json')
    .send(JSON.stringify(problemBody(err, apiLang(req))));
}

export const notFoundHandler: RequestHandler = (req, res) =>
  sendProblem(req, res, new AppError('NOT_FOUND', DETAILS.noRoute(req.method, req.path)));

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
    return new AppError('DUPLICATE', DETAILS.duplicate);
  }
  // 22003 (out of range): only an id beyond any stored one gets there, since amounts are bounded before.
  const unknownReference = err.code === '23503' || err.code === '22003';
  if (unknownReference || (err.code === 'SQLITE_CONSTRAINT' && /FOREIGN KEY/.test(message))) {
    return new AppError('UNKNOWN_REFERENCE', DETAILS.unknownRecord);
  }
  return null;
}

/** What the request pipeline raised, as the AppError to answer with; null for a bug (a 500). */
export function asAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as DriverError;
  if (e.type === 'entity.too.large') return new AppError('BODY_TOO_LARGE', DETAILS.bodyTooLarge);
  if (e.type === 'entity.parse.failed') {
    return new AppError('MALFORMED_JSON', DETAILS.malformedJson, [{ path: '', message: FIELD.validJson() }]);
  }
  const status = e.status ?? e.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError('BAD_REQUEST', DETAILS.unreadable);
  }
  return fromDatabase(e);
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) {
      logger.error({ err, reqId: req.id }, 'error after the response started');
      res.end();
      return;
    }
    const known = asAppError(err);
    if (known) {
      sendProblem(req, res, known);
      return;
    }
    logger.error({ err, reqId: req.id }, 'unhandled error');
    sendProblem(req, res, new AppError('INTERNAL', DETAILS.internal));
  };
}
