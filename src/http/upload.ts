import crypto from 'node:crypto';
import type { Request } from 'express';
import { AppError } from '../shared/errors.js';
import { label } from '../shared/i18n.js';
import { CSV_MIME, XLSX_MIME } from '../shared/media-types.js';
import { MAX_UPLOAD_BYTES, tooLarge } from '../shared/upload/index.js';

/**
 * The media types a list may arrive with, CSV or XLSX: spreadsheet programs and scripts label CSV variously,
 * and the reader tells a workbook by its first bytes whatever the label says.
 */
export const FILE_UPLOADS = [
  CSV_MIME,
  'application/csv',
  'text/plain',
  'application/vnd.ms-excel',
  'application/octet-stream',
  XLSX_MIME,
] as const;

/** A streamed request body (a file upload) and the media type it was sent as. */
export interface Upload extends AsyncIterable<Buffer> {
  readonly contentType: string | undefined;
  /** The sender stopped before the end: nobody is left to answer. */
  readonly aborted: boolean;
  /** This upload, once its media type is one of `types` (else a 415 naming them). */
  accepting(types: readonly string[]): Upload;
}

const mediaType = (header: string | undefined) => header?.split(';')[0]?.trim().toLowerCase();

export interface UploadSource {
  stream: AsyncIterable<Buffer>;
  contentType: string | undefined;
  /** The size the sender announced, if it did. */
  length?: number | undefined;
  aborted?: () => boolean;
}

export function streamUpload(source: UploadSource): Upload {
  return {
    contentType: source.contentType,
    get aborted() {
      return source.aborted?.() ?? false;
    },
    [Symbol.asyncIterator]: () => source.stream[Symbol.asyncIterator](),
    accepting(types) {
      // An announced size over the limit is refused unread; chunked uploads are counted as they stream.
      if ((source.length ?? 0) > MAX_UPLOAD_BYTES) throw tooLarge();
      const type = mediaType(source.contentType);
      if (type === undefined || !types.includes(type)) {
        const list = types.join(', ');
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          label(`the body must be one of ${list}`, `isi permintaan harus salah satu dari ${list}`),
        );
      }
      return this;
    },
  };
}

export const uploadOf = (req: Request): Upload =>
  streamUpload({
    stream: req,
    contentType: req.get('content-type'),
    length: Number(req.get('content-length') ?? 0),
    aborted: () => req.readableAborted,
  });

/** An upload that hashes what passes through it, for Idempotency-Key requests whose body is a file. */
export function hashedUpload(upload: Upload): Upload & { digest(): string; drain(): Promise<string> } {
  const hash = crypto.createHash('sha256');
  let digest: string | null = null;
  async function* tap(): AsyncGenerator<Buffer> {
    for await (const chunk of upload) {
      hash.update(chunk);
      yield chunk;
    }
  }
  const stream = tap();
  const finish = () => (digest ??= hash.digest('hex'));
  return {
    contentType: upload.contentType,
    get aborted() {
      return upload.aborted;
    },
    [Symbol.asyncIterator]: () => stream,
    accepting: () => {
      throw new Error('the media type of a hashed upload is checked before it is hashed');
    },
    digest: finish,
    async drain() {
      for await (const _chunk of stream) {
        // Reading is the point: every byte goes through the hash.
      }
      return finish();
    },
  };
}
