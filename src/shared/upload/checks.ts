import { isUtf8 } from 'node:buffer';
import { UploadProblem } from './problem.js';
import { reason } from './reasons.js';

const LF = 0x0a;

function countLines(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(LF); at !== -1; at = bytes.indexOf(LF, at + 1)) count += 1;
  return count;
}

/** Where the bytes stop being whole characters: a character cut at the end of a piece waits for the next. */
function completeEnd(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back]!;
    if (byte < 0x80) return bytes.length;
    if (byte >= 0xc0) {
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return size > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

/** Lines before the first one that is not UTF-8; a line feed is never part of a longer character. */
function linesBeforeInvalid(bytes: Buffer): number {
  let line = 0;
  let start = 0;
  for (;;) {
    const lf = bytes.indexOf(LF, start);
    if (!isUtf8(bytes.subarray(start, lf === -1 ? bytes.length : lf)) || lf === -1) return line;
    line += 1;
    start = lf + 1;
  }
}

const invalidUtf8 = (line: number) =>
  new UploadProblem('INVALID_UTF8', reason('upload.invalid_utf8', { line: String(line) }));

/**
 * Checks a CSV upload's bytes as they stream past, counting lines, so that a file not saved as UTF-8 is
 * refused naming its first bad line instead of being read with replacement characters.
 */
export class Utf8Lines {
  private line = 1;
  private carry = Buffer.alloc(0);

  check(piece: Buffer): void {
    const bytes = this.carry.length === 0 ? piece : Buffer.concat([this.carry, piece]);
    const end = completeEnd(bytes);
    const whole = bytes.subarray(0, end);
    if (!isUtf8(whole)) throw invalidUtf8(this.line + linesBeforeInvalid(whole));
    this.line += countLines(whole);
    this.carry = Buffer.from(bytes.subarray(end));
  }

  /** The file must not end inside a character. */
  end(): void {
    if (this.carry.length > 0) throw invalidUtf8(this.line);
  }
}

/**
 * C0 and C1 control characters and DEL, except tab, line feed and carriage return: no name or number holds
 * one, and PostgreSQL refuses NUL in text.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Refuses a row with a control character in any cell, naming the line, the column and its header. */
export function assertNoControlCharacters(
  line: number,
  record: readonly string[],
  header: readonly string[],
) {
  for (let index = 0; index < record.length; index += 1) {
    const match = CONTROL.exec(record[index]!);
    if (match) {
      const char = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      throw new UploadProblem(
        'CONTROL_CHARACTER',
        reason('upload.control_character', {
          line: String(line),
          column: String(index + 1),
          header: header[index] ?? '',
          char,
        }),
      );
    }
  }
}
