import { coversRegion, type Scope } from '../../shared/scope.js';
import { inTransaction, type Conn, type Trx } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { cell, openCsv, type CsvUpload } from '../../shared/csv.js';
import { AppError, unknownProgramme, type FieldError } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { zodErrors } from '../../shared/fields.js';
import { timestamp, type Period } from '../../shared/period.js';
import { recordAudit } from '../audit/index.js';
import { getProgram } from '../programs/index.js';
import { listRegions } from '../regions/index.js';
import {
  createSeenNiks,
  dropSeenNiks,
  insertBeneficiaries,
  insertEnrolments,
  recordSeenNiks,
  registeredNiks,
  type BeneficiaryRow,
} from './beneficiaries.repository.js';
import { assertWithinProgram, toBeneficiaryRow } from './beneficiaries.service.js';
import { createBeneficiaryBody } from './beneficiaries.schemas.js';

/** SQLite takes at most 500 rows in one multi-row INSERT; 500 × 8 columns also stays far below 32766 variables. */
const CHUNK_ROWS = 500;
/** Beyond this many refused rows the file is wrong as a whole; listing more would only exhaust memory. */
const MAX_REJECTED = 100_000;
const COLUMNS = {
  required: ['nik', 'name', 'regionCode'],
  optional: ['sector', 'occupation', 'kpjNumber', 'phone'],
} as const;
type Column = (typeof COLUMNS.required)[number] | (typeof COLUMNS.optional)[number];

export interface ImportEnrolment {
  programId: number;
  startPeriod: Period;
}

export interface RejectedRow {
  line: number;
  nik: string;
  errors: FieldError[];
}

export interface ImportResult {
  created: number;
  enrolled: number;
  rejected: RejectedRow[];
}

interface Checked extends RejectedRow {
  row: BeneficiaryRow | null;
}

/** Validates rows as they stream in and writes the valid ones a chunk at a time in the caller's transaction. */
class ImportBatch {
  readonly result: ImportResult = { created: 0, enrolled: 0, rejected: [] };
  private chunk: Checked[] = [];
  private readonly createdAt: string;
  private readonly scope: Scope | undefined;

  constructor(
    private readonly trx: Trx,
    ctx: Ctx,
    private readonly upload: CsvUpload<Column>,
    private readonly regions: Set<string>,
    private readonly enrolment: (ImportEnrolment & { endPeriod: Period | null }) | null,
  ) {
    this.createdAt = timestamp(ctx.clock);
    this.scope = ctx.actor.scope;
  }

  async add(line: number, record: string[]): Promise<void> {
    this.chunk.push(this.check(line, record));
    if (this.chunk.length >= CHUNK_ROWS) await this.flush();
  }

  private check(line: number, record: string[]): Checked {
    const nik = (cell(this.upload, record, 'nik') ?? '').trim();
    const regionCode = (cell(this.upload, record, 'regionCode') ?? '').trim();
    const parsed = createBeneficiaryBody.safeParse({
      nik,
      name: cell(this.upload, record, 'name') ?? '',
      regionCode,
      sector: cell(this.upload, record, 'sector'),
      occupation: cell(this.upload, record, 'occupation'),
      kpjNumber: cell(this.upload, record, 'kpjNumber'),
      phone: cell(this.upload, record, 'phone'),
    });
    const errors = parsed.success ? [] : zodErrors(parsed.error);
    const { width } = this.upload;
    if (record.length > width) {
      errors.unshift({ path: '', message: FIELD.fieldCount({ fields: record.length, width }) });
    }
    if (regionCode !== '' && !errors.some((e) => e.path === 'regionCode') && !this.regions.has(regionCode)) {
      errors.push({ path: 'regionCode', message: FIELD.unknownRegion() });
    } else if (regionCode !== '' && !coversRegion(this.scope, regionCode)) {
      // A row of a region outside the user's scope is rejected like any other row with a problem.
      errors.push({ path: 'regionCode', message: FIELD.outsideScope() });
    }
    const row = parsed.success ? toBeneficiaryRow(parsed.data, this.createdAt) : null;
    return { line, nik, errors, row };
  }

  /** NIK → the line of the file that first used it, for every NIK of `chunk`; records the ones new to the file. */
  private async firstLines(chunk: Checked[]): Promise<Map<string, number>> {
    const inChunk = new Map<string, number>();
    for (const { nik, line } of chunk) if (nik !== '' && !inChunk.has(nik)) inChunk.set(nik, line);
    const rows = [...inChunk].map(([nik, line]) => ({ nik, line }));
    const earlier = await recordSeenNiks(this.trx, rows);
    return new Map([...inChunk, ...earlier]);
  }

  async flush(): Promise<void> {
    const chunk = this.chunk;
    this.chunk = [];
    const firstLine = await this.firstLines(chunk);
    // A repeated row is refused as a repeat; only a NIK new to the file can have been registered before it.
    const candidates = chunk
      .filter((c) => firstLine.get(c.nik) === c.line && /^[0-9]{16}$/.test(c.nik))
      .map((c) => c.nik);
    const registered = await registeredNiks(this.trx, candidates);
    const rows: BeneficiaryRow[] = [];
    for (const { row, ...checked } of chunk) {
      const first = firstLine.get(checked.nik);
      if (first !== undefined && first !== checked.line) {
        checked.errors.push({ path: 'nik', message: FIELD.repeatsLine({ line: first }) });
      } else if (registered.has(checked.nik)) {
        checked.errors.push({ path: 'nik', message: FIELD.alreadyRegistered() });
      }
      if (checked.errors.length > 0) this.result.rejected.push(checked);
      else if (row) rows.push(row);
    }
    if (this.result.rejected.length > MAX_REJECTED) {
      throw new AppError('TOO_MANY_REJECTED', DETAILS.tooManyRejected(MAX_REJECTED), undefined, {
        rejected: this.result.rejected.slice(0, MAX_REJECTED),
      });
    }
    if (rows.length === 0) return;
    const inserted = await insertBeneficiaries(this.trx, rows);
    this.result.created += inserted.length;
    const enrolment = this.enrolment;
    if (enrolment) {
      await insertEnrolments(
        this.trx,
        inserted.map((b) => ({
          beneficiary_id: b.id,
          program_id: enrolment.programId,
          start_period: enrolment.startPeriod,
          end_period: enrolment.endPeriod,
          created_at: this.createdAt,
        })),
      );
      this.result.enrolled += inserted.length;
    }
  }
}

/**
 * Imports a CSV of beneficiaries streamed from `body`: a row is created only when it has no problem at all,
 * every refused row is reported with all its reasons, and the whole import is one transaction, so a broken
 * upload leaves nothing behind. Memory holds one chunk and the rejected rows (at most MAX_REJECTED), never the
 * file; the NIKs read so far wait in a temporary table of the import's transaction.
 */
export async function importBeneficiaries(
  db: Conn,
  ctx: Ctx,
  body: AsyncIterable<Buffer>,
  enrol: ImportEnrolment | null,
): Promise<ImportResult> {
  let enrolment: (ImportEnrolment & { endPeriod: Period | null }) | null = null;
  if (enrol) {
    const program = await getProgram(db, enrol.programId);
    if (!program) {
      throw unknownProgramme();
    }
    assertWithinProgram(program, enrol.startPeriod, program.endPeriod);
    enrolment = { ...enrol, endPeriod: program.endPeriod };
  }
  const regions = new Set((await listRegions(db)).map((r) => r.code));
  const upload = await openCsv(body, COLUMNS);

  return inTransaction(db, async (trx) => {
    await createSeenNiks(trx);
    const batch = new ImportBatch(trx, ctx, upload, regions, enrolment);
    for await (const { line, record } of upload.rows) await batch.add(line, record);
    await batch.flush();
    await dropSeenNiks(trx);
    const { created, enrolled, rejected } = batch.result;
    await recordAudit(trx, ctx, {
      action: 'beneficiary.import',
      entity: 'beneficiary',
      change: {
        created,
        rejected: rejected.length,
        enrolled,
        ...(enrol ? { programId: String(enrol.programId), startPeriod: enrol.startPeriod } : {}),
      },
    });
    return batch.result;
  });
}
