import { coversRegion, type Scope } from '../../shared/scope.js';
import { inTransaction, type Conn, type Trx } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError, unknownProgramme, type FieldError } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { zodErrors } from '../../shared/fields.js';
import type { Label } from '../../shared/i18n.js';
import { nikRegencyChecker } from '../../shared/nik.js';
import { timestamp, type Period } from '../../shared/period.js';
import {
  BENEFICIARY_COLUMNS,
  cell,
  cellValue,
  openUpload,
  parseSector,
  readNik,
  reasonLabel,
  regionReader,
  type Reason,
  type RegionResult,
  type Upload,
  type UploadBody,
  type UploadRow,
} from '../../shared/upload/index.js';
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
import { keepRejected, type RejectedRow } from './rejected.repository.js';
import { assertWithinProgram, toBeneficiaryRow } from './beneficiaries.service.js';
import { limitBroken, residenceLimits, type ResidenceLimit } from './residence.js';
import { createBeneficiaryBody } from './beneficiaries.schemas.js';

/** SQLite takes at most 500 rows in one multi-row INSERT; 500 × 8 columns also stays far below 32766 variables. */
const CHUNK_ROWS = 500;
/** Beyond this many refused rows the file is wrong as a whole; listing more would only exhaust memory. */
const MAX_REJECTED = 100_000;
type Column = keyof typeof BENEFICIARY_COLUMNS;
type ReadRegion = (input: string | number | undefined) => RegionResult;
/** What a row is held against beyond its own cells: the registered regions and the programme's shares. */
interface RowRules {
  readRegion: ReadRegion;
  nikRegency: (nik: string) => Label | null;
  limits: readonly ResidenceLimit[];
}
/** A rejected row's reasons in the order of the columns, whichever step found them. */
const COLUMN_ORDER: readonly string[] = Object.keys(BENEFICIARY_COLUMNS);

export interface ImportEnrolment {
  programId: number;
  startPeriod: Period;
}

export interface ImportResult {
  created: number;
  enrolled: number;
  rejected: RejectedRow[];
}

/** The result, and the id its rejected lines are kept under for their uploader (null when none was). */
export type ImportOutcome = ImportResult & { rejectedId: string | null };

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
    private readonly upload: Upload<Column>,
    private readonly rules: RowRules,
    private readonly enrolment: (ImportEnrolment & { endPeriod: Period | null }) | null,
  ) {
    this.createdAt = timestamp(ctx.clock);
    this.scope = ctx.actor.scope;
  }

  async add(row: UploadRow): Promise<void> {
    this.chunk.push(this.check(row));
    if (this.chunk.length >= CHUNK_ROWS) await this.flush();
  }

  /**
   * The cells people write their own way (a NIK Excel may have turned into a number, a region by name, a
   * sector in Bahasa Indonesia) are read first; the schema then checks the row as the API checks one
   * beneficiary, its words on a cell already refused left out.
   */
  private check(line: UploadRow): Checked {
    const { upload } = this;
    const read = (column: Column) => cell(upload, line, column);
    const refused: { path: Column; reason: Reason }[] = [];
    const nikCell = readNik(cellValue(upload, line, 'nik'));
    if ('reason' in nikCell) refused.push({ path: 'nik', reason: nikCell.reason });
    const region = this.rules.readRegion(cellValue(upload, line, 'regionCode'));
    if ('reason' in region) refused.push({ path: 'regionCode', reason: region.reason });
    const sector = parseSector(read('sector'));
    if ('reason' in sector) refused.push({ path: 'sector', reason: sector.reason });
    const nik = 'nik' in nikCell ? nikCell.nik : (read('nik') ?? '');
    const parsed = createBeneficiaryBody.safeParse({
      nik,
      name: read('name') ?? '',
      regionCode: 'code' in region ? region.code : '',
      sector: 'sector' in sector ? sector.sector : undefined,
      occupation: read('occupation'),
      kpjNumber: read('kpjNumber'),
      phone: read('phone'),
    });
    const schemaErrors = parsed.success ? [] : zodErrors(parsed.error);
    const errors: FieldError[] = [
      ...refused.map((r) => ({ path: r.path, message: reasonLabel(r.reason) })),
      ...schemaErrors.filter((e) => !refused.some((r) => r.path === e.path)),
    ].sort((a, b) => COLUMN_ORDER.indexOf(a.path) - COLUMN_ORDER.indexOf(b.path));
    const { width } = upload;
    if (line.record.length > width) {
      errors.unshift({ path: '', message: FIELD.fieldCount({ fields: line.record.length, width }) });
    }
    const regency = /^[0-9]{16}$/.test(nik) ? this.rules.nikRegency(nik) : null;
    if (regency) errors.push({ path: 'nik', message: regency });
    if ('code' in region && !coversRegion(this.scope, region.code)) {
      // A row of a region outside the user's scope is rejected like any other row with a problem.
      errors.push({ path: 'regionCode', message: FIELD.outsideScope() });
    }
    const broken = 'code' in region ? limitBroken(this.rules.limits, region.code) : undefined;
    if (broken) errors.push({ path: 'regionCode', message: FIELD.outOfRegion({ code: broken.regionCode }) });
    const row = parsed.success ? toBeneficiaryRow(parsed.data, this.createdAt) : null;
    return { line: line.line, nik, errors, row };
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
 * Imports a list of beneficiaries streamed from `body`, CSV or XLSX (shared/upload): a row is created only when it has no problem at all,
 * every refused row is reported with all its reasons, and the whole import is one transaction, so a broken
 * upload leaves nothing behind. Memory holds one chunk and the rejected rows (at most MAX_REJECTED), never the
 * file; the NIKs read so far wait in a temporary table of the import's transaction.
 */
export async function importBeneficiaries(
  db: Conn,
  ctx: Ctx,
  body: UploadBody,
  enrol: ImportEnrolment | null,
): Promise<ImportOutcome> {
  let enrolment: (ImportEnrolment & { endPeriod: Period | null }) | null = null;
  let limits: ResidenceLimit[] = [];
  if (enrol) {
    const program = await getProgram(db, enrol.programId);
    if (!program) {
      throw unknownProgramme();
    }
    assertWithinProgram(program, enrol.startPeriod, program.endPeriod);
    enrolment = { ...enrol, endPeriod: program.endPeriod };
    limits = await residenceLimits(db, program);
  }
  const regions = await listRegions(db);
  const rules: RowRules = {
    readRegion: regionReader(regions),
    nikRegency: nikRegencyChecker(regions.map((r) => r.code)),
    limits,
  };
  const upload = await openUpload(body, body.contentType, BENEFICIARY_COLUMNS);

  return inTransaction(db, async (trx) => {
    await createSeenNiks(trx);
    const batch = new ImportBatch(trx, ctx, upload, rules, enrolment);
    for await (const row of upload.rows) await batch.add(row);
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
    const rejectedId =
      rejected.length > 0 ? await keepRejected(trx, ctx.clock, ctx.actor.id, rejected) : null;
    return { ...batch.result, rejectedId };
  });
}
