import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request, RequestHandler } from 'express';
import { streamUpload, type Upload } from '../http/upload.js';
import { MAX_UPLOAD_BYTES, tooLarge } from '../shared/upload/index.js';
import { AppError } from '../shared/errors.js';
import { DETAILS } from '../shared/messages/index.js';

/** The file of a console form sent as `multipart/form-data`, streamed to the API operation that reads it. */
export interface FormFile {
  /** The form field that carried it. */
  field: string;
  /** The name the browser gave; empty when the reader chose no file. */
  filename: string;
  upload: Upload;
}

const files = new WeakMap<Request, FormFile>();

/** The file the request's form carried, if it was a multipart form with one. */
export const formFile = (req: Request): FormFile | null => files.get(req) ?? null;

/**
 * The file's bytes, refused once past the API's upload limit (busboy stops the part there silently). A
 * reader that stops early (a refused file) leaves the rest to drain rather than stalling the form's parser.
 */
async function* limited(file: Readable & { truncated?: boolean }): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of file.iterator({ destroyOnReturn: false })) {
      if (file.truncated) break;
      yield chunk as Buffer;
    }
    if (file.truncated) throw tooLarge();
  } finally {
    file.resume();
  }
}

/**
 * Reads a console form sent as `multipart/form-data` (a file upload) up to its first file: the text fields
 * before it become `req.body`, exactly as a urlencoded form's do, so the CSRF check, the once-only key and
 * the handlers read them unchanged; the file itself is left streaming for the handler (`formFile`).
 * Browsers send fields in document order, so a form puts its hidden fields before its file input. Only one
 * file is read; what the handler leaves unread is drained once the answer is sent.
 */
export function multipartForms(maxFileBytes = MAX_UPLOAD_BYTES): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return next();
    let parser: busboy.Busboy;
    try {
      // busboy marks a file truncated once it reaches its limit: one byte more, so the limit itself passes.
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: maxFileBytes + 1, fields: 50, fieldSize: 64 * 1024 },
      });
    } catch {
      return next(new AppError('BAD_REQUEST', DETAILS.unreadable));
    }
    // A field named like an Object property (`__proto__`) stays a plain entry.
    const fields = Object.create(null) as Record<string, string>;
    let handedOn = false;
    const handOn = (err?: unknown) => {
      if (handedOn) return;
      handedOn = true;
      req.body = fields;
      next(err);
    };
    parser.on('field', (name, value) => {
      if (!handedOn) fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      const upload = streamUpload({
        stream: limited(stream),
        contentType: info.mimeType,
        aborted: () => req.readableAborted,
      });
      files.set(req, { field, filename: info.filename ?? '', upload });
      res.on('close', () => stream.resume());
      handOn();
    });
    parser.on('close', () => handOn());
    parser.on('error', () => handOn(new AppError('BAD_REQUEST', DETAILS.unreadable)));
    req.pipe(parser);
  };
}
