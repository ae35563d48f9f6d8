import crypto from 'node:crypto';
import type { Conn } from '../../db/knex.js';
import type { FieldError } from '../../shared/errors.js';
import type { Clock } from '../../shared/period.js';

/** A refused row of an upload: where it is, its NIK as written, and every reason, in both languages. */
export interface RejectedRow {
  line: number;
  nik: string;
  errors: FieldError[];
}

/** The API path that serves an import's rejected lines, by their id. */
export const REJECTED_PATH = '/beneficiaries/import/rejected';

/** Where the uploader downloads an import's rejected lines (the answer's rejectedUrl). */
export const rejectedLinesUrl = (id: string) => `/api/v1${REJECTED_PATH}/${id}`;

/** How long an upload's rejected lines can be downloaded: long enough to fix the file the same week. */
const KEPT_DAYS = 7;

const iso = (clock: Clock, days = 0) => clock().plus({ days }).toUTC().toISO() ?? '';

/** Keeps an import's rejected lines for their uploader; returns the random id they are found by. */
export async function keepRejected(
  db: Conn,
  clock: Clock,
  userId: string,
  lines: readonly RejectedRow[],
): Promise<string> {
  // Expired lines go when new ones come: the table holds at most a week of rejections.
  await db('rejected_uploads').where('expires_at', '<=', iso(clock)).delete();
  const id = crypto.randomBytes(16).toString('hex');
  await db('rejected_uploads').insert({
    id,
    user_id: userId,
    kind: 'beneficiaries',
    lines: JSON.stringify(lines),
    created_at: iso(clock),
    expires_at: iso(clock, KEPT_DAYS),
  });
  return id;
}

/** The rejected lines kept under `id` for `userId`, or null: unknown, another user's, or expired. */
export async function findRejected(
  db: Conn,
  clock: Clock,
  id: string,
  userId: string,
): Promise<{ lines: RejectedRow[]; createdAt: string } | null> {
  const row = await db('rejected_uploads')
    .where({ id, user_id: userId, kind: 'beneficiaries' })
    .where('expires_at', '>', iso(clock))
    .first('lines', 'created_at');
  if (!row) return null;
  return { lines: JSON.parse(row.lines as string) as RejectedRow[], createdAt: row.created_at as string };
}
