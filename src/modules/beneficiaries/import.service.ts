import { coversRegion, type Scope } from '../../shared/scope.js';
import { analyzeIfGrown, type Appender } from '../../db/bulk.js';
import { inTransaction, type Conn } from '../../db/knex.js';
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
  dropStaging,
  enrolAccepted,
  findRefused,
  insertAccepted,
  openStaging,
  type RefusedLine,
} from './import-staging.repository.js';
import { keepRejected, type RejectedRow } from './rejected.repository.js';
import { assertWithinProgram } from './beneficiaries.service.js';
import { limitBroken, residenceLimits, type ResidenceLimit } from './residence.js';
import { createBeneficiaryBody, type CreateBeneficiaryInput } from './beneficiaries.schemas.js';

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

const tooManyRejected = (rejected: RejectedRow[]) =>
  new AppError('TOO_MANY_REJECTED', DETAILS.tooManyRejected(MAX_REJECTED), undefined, {
    rejected: rejected.slice(0, MAX_REJECTED),
  });

/**
 * Checks rows as they stream in and stages every one with a NIK (import-staging.repository), refused or
 * not; keeps the rows refused by their own cells, with their reasons, in memory (at most MAX_REJECTED).
 */
class ImportBatch {
  readonly rejected: RejectedRow[] = [];
  valid = 0;
  private readonly scope: Scope | undefined;

  constructor(
    private readonly staging: Appender,
    ctx: Ctx,
    private readonly upload: Upload<Column>,
    private readonly rules: RowRules,
  ) {
    this.scope = ctx.actor.scope;
  }

  async add(line: UploadRow): Promise<void> {
    const { nik, errors, row } = this.check(line);
    if (errors.length > 0 || !row) {
      this.rejected.push({ line: line.line, nik, errors });
      if (this.rejected.length > MAX_REJECTED) throw tooManyRejected(this.rejected);
      // A refused row's NIK is staged all the same: a later row repeating it is refused as a repeat.
      if (nik !== '') await this.staging.push([line.line, nik, 0, null, null, null, null, null, null]);
      return;
    }
    this.valid += 1;
    await this.staging.push([
      line.line,
      row.nik,
      1,
      row.name,
      row.regionCode,
      row.sector,
      row.occupation ?? null,
      row.kpjNumber ?? null,
      row.phone ?? null,
    ]);
  }

  /**
   * The cells people write their own way (a NIK Excel may have turned into a number, a region by name, a
   * sector in Bahasa Indonesia) are read first; the schema then checks the row as the API checks one
   * beneficiary, its words on a cell already refused left out.
   */
  private check(line: UploadRow): { nik: string; errors: FieldError[]; row: CreateBeneficiaryInput | null } {
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
    return { nik, errors, row: parsed.success ? parsed.data : null };
  }
}

/**
 * Every rejected row in line order, those refused by their own cells and those refused by the other rows or
 * the register (a row can be both), each with all its reasons.
 */
function mergeRejected(own: RejectedRow[], refused: RefusedLine[]): RejectedRow[] {
  const byLine = new Map(own.map((r) => [r.line, r]));
  for (const r of refused) {
    const row = byLine.get(r.line) ?? { line: r.line, nik: r.nik, errors: [] };
    row.errors.push({
      path: 'nik',
      message: r.repeats !== null ? FIELD.repeatsLine({ line: r.repeats }) : FIELD.alreadyRegistered(),
    });
    byLine.set(r.line, row);
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}

/**
 * Imports a list of beneficiaries streamed from `body`, CSV or XLSX (shared/upload): a row is created only when it has no problem at all,
 * every refused row is reported with all its reasons, and the whole import is one transaction, so a broken
 * upload leaves nothing behind. Memory holds the rejected rows (at most MAX_REJECTED) and the batches waiting
 * to be staged, never the file.
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
    const staging = await openStaging(trx);
    const batch = new ImportBatch(staging, ctx, upload, rules);
    try {
      for await (const row of upload.rows) await batch.add(row);
      await staging.close();
    } catch (err) {
      await staging.abandon();
      throw err;
    }
    // Refused rows are valid by their own cells or already among batch.rejected, so when the rejected rows
    // number at most MAX_REJECTED, every refused row is read.
    const refused = await findRefused(trx, MAX_REJECTED + 1);
    const rejected = mergeRejected(batch.rejected, refused.lines);
    if (batch.rejected.length + refused.validCount > MAX_REJECTED) throw tooManyRejected(rejected);
    const created = batch.valid - refused.validCount;
    const createdAt = timestamp(ctx.clock);
    const afterId = await insertAccepted(trx, createdAt);
    if (enrolment) await enrolAccepted(trx, afterId, enrolment, createdAt);
    await analyzeIfGrown(trx, 'beneficiaries', created);
    if (enrolment) await analyzeIfGrown(trx, 'enrolments', created);
    await dropStaging(trx);
    const enrolled = enrolment ? created : 0;
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
    return { created, enrolled, rejected, rejectedId };
  });
}
