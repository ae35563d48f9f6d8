import { inTransaction, type Conn } from '../../db/knex.js';
import type { Ctx } from '../../shared/context.js';
import { conflict, notFound, unprocessable, type FieldError } from '../../shared/errors.js';
import { maskNik } from '../../shared/nik.js';
import { currentPeriod, timestamp, type Clock } from '../../shared/period.js';
import { recordAudit } from '../audit/audit.service.js';
import { getProgram } from '../programs/programs.service.js';
import * as repo from './beneficiaries.repository.js';
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
    const existing = await repo.findBeneficiaryIdByNik(trx, input.nik);
    if (existing !== null) {
      throw conflict('DUPLICATE_NIK', 'a beneficiary with this NIK is already registered', {
        beneficiaryId: existing,
      });
    }
    if (!(await repo.regionExists(trx, input.regionCode))) {
      throw unprocessable('UNKNOWN_REFERENCE', 'the region is not known', [
        { path: 'regionCode', message: 'is not a known region code' },
      ]);
    }
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

/** The beneficiary with every enrolment, oldest first; null when the id is unknown. */
export async function getBeneficiary(db: Conn, id: number): Promise<BeneficiaryDetail | null> {
  const beneficiary = await repo.findBeneficiary(db, id);
  if (!beneficiary) return null;
  return { ...beneficiary, enrolments: await repo.enrolmentsOf(db, id) };
}

function toFilter(clock: Clock, query: ListBeneficiariesQuery): repo.BeneficiaryFilter {
  const month = query.period ?? currentPeriod(clock);
  return {
    programId: query.programId === undefined ? undefined : Number(query.programId),
    regionCode: query.regionCode,
    q: query.q,
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
): Promise<Beneficiary[]> {
  return repo.selectBeneficiaries(db, toFilter(clock, query), limit, afterId);
}

const EXPORT_PAGE = 1000;

/** Every matching beneficiary, read a page at a time so that an export never holds the whole list. */
export async function* eachBeneficiary(
  db: Conn,
  clock: Clock,
  query: ListBeneficiariesQuery,
): AsyncGenerator<Beneficiary> {
  const filter = toFilter(clock, query);
  let afterId: number | null = null;
  for (;;) {
    const rows = await repo.selectBeneficiaries(db, filter, EXPORT_PAGE, afterId);
    yield* rows.slice(0, EXPORT_PAGE);
    const last = rows[EXPORT_PAGE - 1];
    if (rows.length <= EXPORT_PAGE || !last) return;
    afterId = Number(last.id);
  }
}

export interface ProgramSpan {
  startPeriod: string;
  endPeriod: string | null;
}

/** An enrolment may only cover months in which its programme runs. */
export function assertWithinProgram(program: ProgramSpan, start: string, end: string | null): void {
  const errors: FieldError[] = [];
  if (start < program.startPeriod) {
    errors.push({
      path: 'startPeriod',
      message: `must not be before the programme starts (${program.startPeriod})`,
    });
  }
  if (program.endPeriod !== null) {
    if (start > program.endPeriod) {
      errors.push({
        path: 'startPeriod',
        message: `must not be after the programme ends (${program.endPeriod})`,
      });
    } else if (end === null || end > program.endPeriod) {
      errors.push({
        path: 'endPeriod',
        message: `must not be after the programme ends (${program.endPeriod})`,
      });
    }
  }
  if (errors.length > 0) {
    throw unprocessable('OUTSIDE_PROGRAM', 'the enrolment lies outside the months of its programme', errors, {
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
      if (!beneficiary) errors.push({ path: 'beneficiaryId', message: 'is not a known beneficiary' });
      if (!program) errors.push({ path: 'programId', message: 'is not a known programme' });
      throw unprocessable('UNKNOWN_REFERENCE', 'the enrolment names an unknown record', errors);
    }
    const endPeriod = input.endPeriod ?? program.endPeriod;
    assertWithinProgram(program, input.startPeriod, endPeriod);
    const other = await repo.findOverlappingEnrolment(trx, beneficiaryId, input.startPeriod, endPeriod);
    if (other) {
      throw conflict(
        'ENROLMENT_OVERLAP',
        `the person is already enrolled in programme ${other.programId} from ${other.startPeriod}${other.endPeriod ? ` to ${other.endPeriod}` : ''}`,
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
    if (enrolment.endReason !== null) {
      throw conflict(
        'ENROLMENT_ENDED',
        `the enrolment already ended with ${enrolment.endPeriod} (${enrolment.endReason})`,
        { enrolment },
      );
    }
    if (input.endPeriod < enrolment.startPeriod) {
      throw unprocessable('INVALID_END_PERIOD', 'an enrolment cannot end before it starts', [
        { path: 'endPeriod', message: `must not be before the enrolment starts (${enrolment.startPeriod})` },
      ]);
    }
    if (enrolment.endPeriod !== null && input.endPeriod > enrolment.endPeriod) {
      throw unprocessable('INVALID_END_PERIOD', 'ending an enrolment cannot extend it', [
        {
          path: 'endPeriod',
          message: `must not be after the enrolment's current end (${enrolment.endPeriod})`,
        },
      ]);
    }
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
): Promise<Enrolment[]> {
  return repo.selectEnrolments(
    db,
    {
      beneficiaryId: filter.beneficiaryId === undefined ? undefined : Number(filter.beneficiaryId),
      programId: filter.programId === undefined ? undefined : Number(filter.programId),
    },
    limit,
    afterId,
  );
}
