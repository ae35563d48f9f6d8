import crypto from 'node:crypto';

/** importBeneficiaries' answer, as the API sends it (messages in the reader's language). */
export interface ImportAnswer {
  created: number;
  enrolled: number;
  rejected: { line: number; nik: string; errors: { path: string; message: string }[] }[];
}

/** How long a result stays readable, and how many are held at most (the oldest goes first). */
const HELD_MS = 60 * 60 * 1000;
const MAX_HELD = 10;

interface Held {
  session: string;
  until: number;
  fileName: string;
  answer: ImportAnswer;
}

/**
 * The answers of recent console uploads, so that the result page can be reloaded and its rejected rows
 * downloaded after the post (post/redirect/get): the API answers an import once and keeps no copy. Held in
 * this process's memory for the session that uploaded, for an hour; a restart forgets them, and the page
 * then says so.
 */
export class ImportResults {
  private readonly held = new Map<string, Held>();

  keep(session: string, fileName: string, answer: ImportAnswer, now: number): string {
    this.forgetExpired(now);
    const key = crypto.randomUUID();
    this.held.set(key, { session, until: now + HELD_MS, fileName, answer });
    if (this.held.size > MAX_HELD) this.held.delete(this.held.keys().next().value!);
    return key;
  }

  read(session: string, key: string, now: number): { fileName: string; answer: ImportAnswer } | null {
    this.forgetExpired(now);
    const held = this.held.get(key);
    return held && held.session === session ? { fileName: held.fileName, answer: held.answer } : null;
  }

  private forgetExpired(now: number): void {
    for (const [key, held] of this.held) if (held.until <= now) this.held.delete(key);
  }
}
