import fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import cliProgress from 'cli-progress';

/**
 * Progress of the CLI's long commands (import, reconcile, bill) on stderr, so stdout keeps only the result.
 * On a terminal a bar redraws in place (cli-progress); written to a file or a pipe, where a redrawn bar
 * would be a stream of control characters, the same progress is a plain line at every tenth of the way
 * (and at every step of a run that counts steps).
 */
export interface Progress {
  /** `done` of the total so far; `step` names what was just finished, where the work counts steps. */
  update(done: number, step?: string): void;
  stop(): void;
}

type Unit = 'bytes' | 'steps';

const MB = 1024 * 1024;
const amountOf = (value: number, unit: Unit) =>
  unit === 'bytes' ? `${(value / MB).toFixed(1)} MB` : String(value);

export function progress(
  label: string,
  total: number,
  unit: Unit,
  out: NodeJS.WriteStream = process.stderr,
): Progress {
  if (out.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: out,
        format: `${label} [{bar}] {percentage}% | {done} of {all} {step}`,
        hideCursor: true,
        // A terminal resized or a step renamed redraws at once; an unchanged bar is not redrawn.
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    const payload = (done: number, step = '') => ({
      done: amountOf(done, unit),
      all: amountOf(total, unit),
      step,
    });
    bar.start(Math.max(total, 1), 0, payload(0));
    return {
      update: (done, step) => bar.update(done, payload(done, step)),
      stop: () => bar.stop(),
    };
  }
  let printed = -1;
  return {
    update(done, step) {
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (unit === 'bytes' && tenth <= printed) return;
      printed = tenth;
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      out.write(
        `${label}: ${percent}% (${amountOf(done, unit)} of ${amountOf(total, unit)})${step ? ` ${step}` : ''}\n`,
      );
    },
    stop: () => undefined,
  };
}

/** A file read as an upload, reporting how many of its bytes the reader has taken. */
export function readWithProgress(file: string, label: string): { body: Readable; done: () => void } {
  const size = fs.statSync(file).size;
  const bar = progress(label, size, 'bytes');
  let read = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      read += chunk.length;
      bar.update(read);
      callback(null, chunk);
    },
  });
  const source = fs.createReadStream(file);
  // A failed read fails the upload that reads it.
  source.on('error', (err) => counting.destroy(err));
  return { body: source.pipe(counting), done: () => bar.stop() };
}
