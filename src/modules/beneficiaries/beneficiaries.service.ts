import { assertRegionsInScope, type Scope } from '../../shared/scope.js';
import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { AppError, invalid, notFound, unknownReference, type FieldError } from '../../shared/errors.js';
import { DETAILS, FIELD } from '../../shared/messages/index.js';
import { maskNik, nikRegencyChecker } from '../../shared/nik.js';
import { addMonths, currentPeriod, timestamp, type Clock, type Period } from '../../shared/period.js';
import { recordAccess, recordAudit } from '../audit/index.js';
import { assertOpen } from '../periods/index.js';
import { getProgram } from '../programs/index.js';
import { findRegion, listRegions } from '../regions/index.js';
import * as repo from './beneficiaries.repository.js';
import { assertLivesWithin, residenceLimits } from './residence.js';
import type {
  Beneficiary,
  BeneficiaryDetail,
  CreateBeneficiaryInput,
  CreateEnrolmentInput,
  EndEnrolmentInput,
  Enrolment,
  ListBeneficiariesQuery,
} from './beneficiaries.schemas.js';

export function toBeneficiaryRow(input: CreateBeneficiaryInput, createdAt: string): repo.BeneficiaryRow {
  return {
    nik: input.nik,
    name: input.name,
    region_code: input.regionCode,
    sector: input.sector,
    occupation: input.occupation ?? null,
    kpj_number: input.kpjNumber ?? null,
    phone: input.phone ?? null,
    created_at: createdAt,
  };
}

/**
 * The audit trail is append-only and readable by every role, so it records who changed what without the
 * person's name or full NIK: those could never be erased from a hash chain.
 */
function auditedBeneficiary(b: Beneficiary) {
  return { nik: maskNik(b.nik), regionCode: b.regionCode, sector: b.sector };
}

export async function createBeneficiary(
  db: Conn,
  ctx: Ctx,
  input: CreateBeneficiaryInput,
): Promise<Beneficiary> {
  return inTransaction(db, async (trx) => {
    assertRegionsInScope(ctx.actor.scope, [input.regionCode]);
    const existing = await repo.findBeneficiaryIdByNik(trx, input.nik);
    if (existing !== null) {
      throw new AppError('DUPLICATE_NIK', DETAILS.duplicateNik, undefined, { beneficiaryId: existing });
    }
    const region = await findRegion(trx, input.regionCode);
    if (!region) throw unknownReference('region', 'regionCode', FIELD.unknownRegion());
    await assertRegistrable(trx, input.nik, region.level);
    const beneficiary = await repo.insertBeneficiary(trx, toBeneficiaryRow(input, timestamp(ctx.clock)));
    await recordAudit(trx, ctx, {
      action: 'beneficiary.create',
      entity: 'beneficiary',
      entityId: beneficiary.id,
      change: auditedBeneficiary(beneficiary),
    });
    return beneficiary;
  });
}

/**
 * What a NIK and a residence are held against beyond their own shape: the registered regions. A NIK issued
 * in a province whose regencies are registered names one of them; a residence is a regency or city (or
 * below), never a province, or the worker would belong to no regency's books.
 */
async function assertRegistrable(db: Conn, nik: string, level: string): Promise<void> {
  const errors: FieldError[] = [];
  const regency = nikRegencyChecker((await listRegions(db)).map((r) => r.code))(nik);
  if (regency) errors.push({ path: 'nik', message: regency });
  if (level === 'province') errors.push({ path: 'regionCode', message: FIELD.residenceIsProvince() });
  if (errors.length > 0) throw invalid(errors);
}

/** The beneficiary with every enrolment, oldest first; null when the id is unknown. */
export async function getBeneficiary(db: Conn, id: number): Promise<BeneficiaryDetail | null> {
  const beneficiary = await repo.findBeneficiary(db, id);
  if (!beneficiary) return null;
  return { ...beneficiary, enrolments: await repo.enrolmentsOf(db, id) };
}

/**
 * How a search may match NIKs: in full for a role that sees NIKs, else only a whole NIK (a prefix would let
 * a masked NIK be guessed a digit at a time), and such a search is audited as opening the record it finds.
 */
export type NikSearch = 'prefix' | 'whole';

const WHOLE_NIK = /^[0-9]{16}$/;

function toFilter(
  clock: Clock,
  query: ListBeneficiariesQuery,
  nikSearch: NikSearch,
  scope: Scope | undefined,
): repo.BeneficiaryFilter {
  const month = query.period ?? currentPeriod(clock);
  return {
    scope,
    programId: query.programId === undefined ? undefined : Number(query.programId),
    regionCode: query.regionCode,
    q: query.q,
    wholeNikOnly: nikSearch === 'whole',
    enrolledIn: query.status === 'active' ? month : query.status === 'inactive' ? undefined : query.period,
    notEnrolledIn: query.status === 'inactive' ? month : undefined,
  };
}

/** Up to `limit + 1` beneficiaries after `afterId`, by id (the extra row tells `page` there is more). */
export async function listBeneficiaries(
  db: Conn,
  clock: Clock,
  query: ListBeneficiariesQuery,
  limit: number,
  afterId: number | null,
  nikSearch: NikSearch = 'prefix',
  scope?: Scope,
): Promise<Beneficiary[]> {
  return repo.selectBeneficiaries(db, toFilter(clock, query, nikSearch, scope), limit, afterId);
}

/**
 * Records a search by a whole NIK from a role that sees NIKs masked, before its answer leaves: it tells the
 * searcher whose the NIK is, as opening that record does. The NIK itself stays out of the trail, which every
 * role reads; the record it found (if any) is named instead.
 */
export async function recordNikSearch(db: Conn, ctx: Ctx, q: string | undefined): Promise<void> {
  if (q === undefined || !WHOLE_NIK.test(q)) return;
  const found = await repo.findBeneficiaryIdByNik(db, q);
  await recordAccess(db, ctx, {
    action: 'beneficiary.search',
    entity: 'beneficiary',
    entityId: found,
    change: { search: 'nik', found: found !== null },
  });
}

const EXPORT_PAGE = 1000;

/**
 * Every matching beneficiary with the enrolment that describes them in the list's month (the `period` asked
 * for, or the current one), read a page at a time so that an export never holds the whole list. The next
 * page is asked for before this one is handed on: the database reads it while the caller formats this one
 * (docs/performance.md). A caller that stops early waits for that read, so none outlives the export.
 */
export async function* eachBeneficiary(
  db: Conn,
  clock: Clock,
  query: ListBeneficiariesQuery,
  nikSearch: NikSearch = 'prefix',
  scope?: Scope,
): AsyncGenerator<repo.ExportedBeneficiary> {
  const filter = toFilter(clock, query, nikSearch, scope);
  const month = query.period ?? currentPeriod(clock);
  const read = (afterId: number | null) => {
    const page = repo.selectExportPage(db, filter, month, EXPORT_PAGE, afterId);
    // A read that fails while the caller still writes the page before is thrown where it is awaited; until
    // then it must not count as an unhandled rejection, which would end the process.
    page.catch(() => undefined);
    return page;
  };
  let next: Promise<repo.ExportedBeneficiary[]> | null = read(null);
  try {
    while (next) {
      const rows: repo.ExportedBeneficiary[] = await next;
      const last = rows[EXPORT_PAGE - 1];
      next = rows.length > EXPORT_PAGE && last ? read(Number(last.id)) : null;
      yield* rows.slice(0, EXPORT_PAGE);
    }
  } finally {
    await next?.catch(() => undefined);
  }
}

export interface ProgramSpan {
  startPeriod: Period;
  endPeriod: Period | null;
}

/** An enrolment may only cover months in which its programme runs. */
export function assertWithinProgram(program: ProgramSpan, start: Period, end: Period | null): void {
  const errors: FieldError[] = [];
  if (start < program.startPeriod) {
    errors.push({
      path: 'startPeriod',
      message: FIELD.notBeforeProgrammeStarts({ start: program.startPeriod }),
    });
  }
  if (program.endPeriod !== null) {
    if (start > program.endPeriod) {
      errors.push({
        path: 'startPeriod',
        message: FIELD.notAfterProgrammeEnds({ end: program.endPeriod }),
      });
    } else if (end === null || end > program.endPeriod) {
      errors.push({
        path: 'endPeriod',
        message: FIELD.notAfterProgrammeEnds({ end: program.endPeriod }),
      });
    }
  }
  if (errors.length > 0) {
    throw new AppError('OUTSIDE_PROGRAM', DETAILS.outsideProgram, errors, {
      program: { startPeriod: program.startPeriod, endPeriod: program.endPeriod },
    });
  }
}

/**
 * Enrols a person in a programme. The overlap check and the insert share one serialised write transaction,
 * so no two enrolments of one person, in whatever programmes, can ever cover the same month: that is what
 * keeps a worker from being paid for twice.
 */
export async function createEnrolment(db: Conn, ctx: Ctx, input: CreateEnrolmentInput): Promise<Enrolment> {
  return inTransaction(db, async (trx) => {
    const beneficiaryId = Number(input.beneficiaryId);
    const programId = Number(input.programId);
    const beneficiary = await repo.findBeneficiary(trx, beneficiaryId);
    const program = await getProgram(trx, programId);
    if (!beneficiary || !program) {
      const errors: FieldError[] = [];
      if (!beneficiary) errors.push({ path: 'beneficiaryId', message: FIELD.unknownBeneficiary() });
      if (!program) errors.push({ path: 'programId', message: FIELD.unknownProgramme() });
      throw new AppError('UNKNOWN_REFERENCE', DETAILS.unknownInEnrolment, errors);
    }
    assertRegionsInScope(ctx.actor.scope, [beneficiary.regionCode]);
    const endPeriod = input.endPeriod ?? program.endPeriod;
    assertWithinProgram(program, input.startPeriod, endPeriod);
    assertLivesWithin(await residenceLimits(trx, program), beneficiary.regionCode);
    const other = await repo.findOverlappingEnrolment(trx, beneficiaryId, input.startPeriod, endPeriod);
    if (other) {
      throw new AppError(
        'ENROLMENT_OVERLAP',
        DETAILS.enrolmentOverlap(other.programId, other.startPeriod, other.endPeriod),
        undefined,
        {
          conflictingEnrolment: {
            id: other.id,
            programId: other.programId,
            startPeriod: other.startPeriod,
            endPeriod: other.endPeriod,
          },
        },
      );
    }
    const enrolment = await repo.insertEnrolment(trx, {
      beneficiary_id: beneficiaryId,
      program_id: programId,
      start_period: input.startPeriod,
      end_period: endPeriod,
      created_at: timestamp(ctx.clock),
    });
    await recordAudit(trx, ctx, {
      action: 'enrolment.create',
      entity: 'enrolment',
      entityId: enrolment.id,
      change: {
        beneficiaryId: enrolment.beneficiaryId,
        programId: enrolment.programId,
        startPeriod: enrolment.startPeriod,
        endPeriod,
      },
    });
    return enrolment;
  });
}

/** Ends an enrolment at `endPeriod` (its last covered month); it can shorten, never extend. */
export async function endEnrolment(
  db: Conn,
  ctx: Ctx,
  id: number,
  input: EndEnrolmentInput,
): Promise<Enrolment> {
  return inTransaction(db, async (trx) => {
    const enrolment = await repo.findEnrolment(trx, id);
    if (!enrolment) throw notFound('enrolment');
    const beneficiary = (await repo.findBeneficiary(trx, Number(enrolment.beneficiaryId)))!;
    assertRegionsInScope(ctx.actor.scope, [beneficiary.regionCode]);
    if (enrolment.endReason !== null) {
      throw new AppError(
        'ENROLMENT_ENDED',
        DETAILS.enrolmentEnded(enrolment.endPeriod, enrolment.endReason),
        undefined,
        { enrolment },
      );
    }
    if (input.endPeriod < enrolment.startPeriod) {
      throw new AppError('INVALID_END_PERIOD', DETAILS.endBeforeStart, [
        { path: 'endPeriod', message: FIELD.notBeforeEnrolmentStarts({ start: enrolment.startPeriod }) },
      ]);
    }
    if (enrolment.endPeriod !== null && input.endPeriod > enrolment.endPeriod) {
      throw new AppError('INVALID_END_PERIOD', DETAILS.endExtends, [
        { path: 'endPeriod', message: FIELD.notAfterEnrolmentEnd({ end: enrolment.endPeriod }) },
      ]);
    }
    // The months given up lose their bills in the caller's transaction (life-events); a closed month's stand.
    await assertOpen(trx, addMonths(input.endPeriod, 1), enrolment.endPeriod);
    const ended = await repo.setEnrolmentEnd(trx, id, input.endPeriod, input.reason);
    await recordAudit(trx, ctx, {
      action: 'enrolment.end',
      entity: 'enrolment',
      entityId: ended.id,
      change: { endPeriod: input.endPeriod, reason: input.reason, previousEndPeriod: enrolment.endPeriod },
    });
    return ended;
  });
}

export async function getEnrolment(db: Conn, id: number): Promise<Enrolment | null> {
  return repo.findEnrolment(db, id);
}

export async function listEnrolments(
  db: Conn,
  filter: { beneficiaryId?: string | undefined; programId?: string | undefined },
  limit: number,
  afterId: number | null,
  scope?: Scope,
): Promise<Enrolment[]> {
  return repo.selectEnrolments(
    db,
    {
      scope,
      beneficiaryId: filter.beneficiaryId === undefined ? undefined : Number(filter.beneficiaryId),
      programId: filter.programId === undefined ? undefined : Number(filter.programId),
    },
    limit,
    afterId,
  );
}
