import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** Thrown (and swallowed by the download) when the client leaves before the file is complete. */
export class ClientGone extends Error {
  constructor() {
    super('the client closed the connection during the download');
  }
}

/** Resolves once `stream` can take more, or once the client is gone (then the caller stops). */
export async function drained(stream: Writable, res: ServerResponse): Promise<void> {
  const stop = new AbortController();
  try {
    await Promise.race([
      once(stream, 'drain', { signal: stop.signal }),
      once(stream, 'close', { signal: stop.signal }),
      once(res, 'close', { signal: stop.signal }),
    ]);
  } finally {
    stop.abort();
  }
}

/** Sends `text` and waits while the client is behind, so that no more than a piece waits in memory. */
export async function send(res: ServerResponse, text: string): Promise<void> {
  if (res.destroyed) throw new ClientGone();
  if (!res.write(text)) await drained(res, res);
}

/** Sends the last of the file and resolves once all of it has left; a client gone before that stops us. */
export async function end(res: ServerResponse, text: string): Promise<void> {
  if (res.destroyed) throw new ClientGone();
  res.end(text);
  try {
    await finished(res);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') throw new ClientGone();
    throw err;
  }
}
