import type { Knex } from 'knex';
import { whereRegionInScope } from '../../db/scope.js';
import type { Scope } from '../../shared/scope.js';
import { isPostgres, type Conn } from '../../db/knex.js';
import type { Period } from '../../shared/period.js';
import type { Sector } from '../programs/index.js';
import type { Beneficiary, EndReason, Enrolment } from './beneficiaries.schemas.js';
import { addEnrolmentFlows, moveEnrolmentEnd } from './enrolment-flows.js';

/** The only place that knows the SQL of the beneficiaries and enrolments tables. */

export interface BeneficiaryRow {
  nik: string;
  name: string;
  region_code: string;
  sector: Sector;
  occupation: string | null;
  kpj_number: string | null;
  phone: string | null;
  created_at: string;
}

export interface EnrolmentRow {
  beneficiary_id: number;
  program_id: number;
  start_period: string;
  end_period: string | null;
  created_at: string;
}

type Row = Record<string, unknown>;

const nullable = (value: unknown) => (value === null || value === undefined ? null : String(value));

function toBeneficiary(row: Row): Beneficiary {
  return {
    id: String(row.id),
    nik: row.nik as string,
    name: row.name as string,
    regionCode: row.region_code as string,
    sector: row.sector as Sector,
    occupation: nullable(row.occupation),
    kpjNumber: nullable(row.kpj_number),
    phone: nullable(row.phone),
    createdAt: row.created_at as string,
  };
}

function toEnrolment(row: Row): Enrolment {
  return {
    id: String(row.id),
    beneficiaryId: String(row.beneficiary_id),
    programId: String(row.program_id),
    startPeriod: row.start_period as Period,
    endPeriod: nullable(row.end_period) as Period | null,
    endReason: nullable(row.end_reason) as EndReason | null,
    createdAt: row.created_at as string,
  };
}

export async function findBeneficiary(db: Conn, id: number): Promise<Beneficiary | null> {
  const row: Row | undefined = await db('beneficiaries').where({ id }).first();
  return row ? toBeneficiary(row) : null;
}

export async function findBeneficiaryIdByNik(db: Conn, nik: string): Promise<string | null> {
  const row: Row | undefined = await db('beneficiaries').where({ nik }).first('id');
  return row ? String(row.id) : null;
}

export async function insertBeneficiary(db: Conn, row: BeneficiaryRow): Promise<Beneficiary> {
  const [inserted] = await db('beneficiaries').insert(row).returning('*');
  return toBeneficiary(inserted as Row);
}

export interface BeneficiaryFilter {
  programId?: number | undefined;
  regionCode?: string | undefined;
  q?: string | undefined;
  /** A digit search matches a NIK only as a whole (for roles that see NIKs masked), else as a prefix. */
  wholeNikOnly?: boolean | undefined;
  /** Has an enrolment (in `programId` when given) covering this month. */
  enrolledIn?: string | undefined;
  /** Has no enrolment (in `programId` when given) covering this month. */
  notEnrolledIn?: string | undefined;
  /** Only the people of the scope's regions. */
  scope?: Scope | undefined;
}

/** `%`, `_` and the escape character itself would otherwise act as wildcards in a search term. */
const likeEscape = (term: string) => term.replace(/[!%_]/g, (c) => `!${c}`);

/** The beneficiaries the filter selects, by id, up to `limit + 1` after `afterId`. */
function selectFiltered(db: Conn, filter: BeneficiaryFilter, limit: number, afterId: number | null) {
  const enrolment = (month?: string) => {
    const sub = db('enrolments as e').select(db.raw('1')).whereRaw('e.beneficiary_id = b.id');
    if (filter.programId !== undefined) sub.where('e.program_id', filter.programId);
    if (month !== undefined) {
      sub
        .where('e.start_period', '<=', month)
        .where((w) => w.whereNull('e.end_period').orWhere('e.end_period', '>=', month));
    }
    return sub;
  };
  const q = db('beneficiaries as b')
    .orderBy('b.id')
    .limit(limit + 1);
  if (afterId !== null) q.where('b.id', '>', afterId);
  whereRegionInScope(q, 'b.region_code', filter.scope);
  const { regionCode, q: term } = filter;
  if (regionCode !== undefined) {
    q.where((w) => w.where('b.region_code', regionCode).orWhere('b.region_code', 'like', `${regionCode}.%`));
  }
  if (term !== undefined) {
    q.where((w) => {
      // lower() on both sides: LIKE is case-insensitive on SQLite but not on PostgreSQL.
      w.whereRaw(`lower(b.name) like ? escape '!'`, [`%${likeEscape(term.toLowerCase())}%`]);
      if (filter.wholeNikOnly) w.orWhere('b.nik', term);
      else if (/^[0-9]+$/.test(term)) w.orWhere('b.nik', 'like', `${term}%`);
    });
  }
  if (filter.enrolledIn !== undefined) q.whereExists(enrolment(filter.enrolledIn));
  else if (filter.programId !== undefined) q.whereExists(enrolment());
  if (filter.notEnrolledIn !== undefined) q.whereNotExists(enrolment(filter.notEnrolledIn));
  return q;
}

export async function selectBeneficiaries(
  db: Conn,
  filter: BeneficiaryFilter,
  limit: number,
  afterId: number | null,
): Promise<Beneficiary[]> {
  const rows: Row[] = await selectFiltered(db, filter, limit, afterId).select('b.*');
  return rows.map(toBeneficiary);
}

/** A beneficiary of an export with the enrolment that describes them in `month` (null fields without one). */
export interface ExportedBeneficiary extends Beneficiary {
  /** An enrolment covers the month: the list's `status=active`. */
  active: boolean;
  programCode: string | null;
  startPeriod: Period | null;
  endPeriod: Period | null;
  endReason: EndReason | null;
}

/**
 * Each row as one JSON object of `columns` (the keys are the columns' names), not a column each: the SQLite
 * driver builds every column of every row as a property on the main thread, which took half of an export's
 * read (docs/performance.md). PostgreSQL's driver parses the object itself.
 */
async function jsonRows(db: Conn, query: Knex.QueryBuilder, columns: readonly string[]): Promise<Row[]> {
  const object = isPostgres(db) ? 'json_build_object' : 'json_object';
  const pairs = columns.map((c) => `'${c.slice(c.indexOf('.') + 1)}', ${c}`).join(', ');
  const rows = (await query.select(db.raw(`${object}(${pairs}) AS r`))) as { r: string | Row }[];
  return rows.map(({ r }) => (typeof r === 'string' ? (JSON.parse(r) as Row) : r));
}

interface ExportEnrolment {
  covers: boolean;
  id: number;
  programCode: string;
  startPeriod: Period;
  endPeriod: Period | null;
  endReason: EndReason | null;
}

/** The enrolment that describes a person in a month: the one covering it, else the one starting last. */
const describesBetter = (a: ExportEnrolment, b: ExportEnrolment) =>
  a.covers !== b.covers
    ? a.covers
    : a.startPeriod !== b.startPeriod
      ? a.startPeriod > b.startPeriod
      : a.id > b.id;

/**
 * A page of an export: the beneficiaries the filter selects, then in a second query the enrolments of
 * exactly those (in `filter.programId` when given), of which each person gets one: the one covering
 * `month` if any, else the one that starts last. A person has at most one enrolment covering a month, so
 * the choice is never arbitrary where it matters. Choosing in the query, a sorted subquery per person, took
 * most of PostgreSQL's time for a page (docs/performance.md).
 */
export async function selectExportPage(
  db: Conn,
  filter: BeneficiaryFilter,
  month: Period,
  limit: number,
  afterId: number | null,
): Promise<ExportedBeneficiary[]> {
  const people = await jsonRows(db, selectFiltered(db, filter, limit, afterId), [
    'b.id',
    'b.nik',
    'b.name',
    'b.region_code',
    'b.sector',
    'b.occupation',
    'b.kpj_number',
    'b.phone',
    'b.created_at',
  ]);
  if (people.length === 0) return [];
  const enrolments = db('enrolments as e')
    .join('programs as p', 'p.id', 'e.program_id')
    .whereIn(
      'e.beneficiary_id',
      people.map((r) => Number(r.id)),
    );
  if (filter.programId !== undefined) enrolments.where('e.program_id', filter.programId);
  const chosen = new Map<number, ExportEnrolment>();
  for (const r of await jsonRows(db, enrolments, [
    'e.beneficiary_id',
    'e.id',
    'p.code',
    'e.start_period',
    'e.end_period',
    'e.end_reason',
  ])) {
    const start = r.start_period as Period;
    const end = nullable(r.end_period) as Period | null;
    const e: ExportEnrolment = {
      covers: start <= month && (end === null || end >= month),
      id: Number(r.id),
      programCode: r.code as string,
      startPeriod: start,
      endPeriod: end,
      endReason: nullable(r.end_reason) as EndReason | null,
    };
    const person = Number(r.beneficiary_id);
    const held = chosen.get(person);
    if (!held || describesBetter(e, held)) chosen.set(person, e);
  }
  // Each row becomes one object (no spread of a second one): an export maps half a million of them.
  return people.map((row) => {
    const exported = toBeneficiary(row) as ExportedBeneficiary;
    const e = chosen.get(Number(row.id));
    exported.active = e?.covers ?? false;
    exported.programCode = e?.programCode ?? null;
    exported.startPeriod = e?.startPeriod ?? null;
    exported.endPeriod = e?.endPeriod ?? null;
    exported.endReason = e?.endReason ?? null;
    return exported;
  });
}

export async function findEnrolment(db: Conn, id: number): Promise<Enrolment | null> {
  const row: Row | undefined = await db('enrolments').where({ id }).first();
  return row ? toEnrolment(row) : null;
}

export async function enrolmentsOf(db: Conn, beneficiaryId: number): Promise<Enrolment[]> {
  const rows: Row[] = await db('enrolments')
    .where({ beneficiary_id: beneficiaryId })
    .orderBy([{ column: 'start_period' }, { column: 'id' }]);
  return rows.map(toEnrolment);
}

/** The earliest enrolment of the person, in any programme, sharing a month with `start`..`end`. */
export async function findOverlappingEnrolment(
  db: Conn,
  beneficiaryId: number,
  start: string,
  end: string | null,
): Promise<Enrolment | null> {
  const q = db('enrolments')
    .where({ beneficiary_id: beneficiaryId })
    .where((w) => w.whereNull('end_period').orWhere('end_period', '>=', start));
  if (end !== null) q.where('start_period', '<=', end);
  const row: Row | undefined = await q.orderBy([{ column: 'start_period' }, { column: 'id' }]).first();
  return row ? toEnrolment(row) : null;
}

export async function insertEnrolment(db: Conn, row: EnrolmentRow): Promise<Enrolment> {
  const [inserted] = await db('enrolments').insert(row).returning('*');
  await addEnrolmentFlows(db, [row]);
  return toEnrolment(inserted as Row);
}

export async function setEnrolmentEnd(
  db: Conn,
  id: number,
  endPeriod: string,
  reason: EndReason,
): Promise<Enrolment> {
  const before = (await db('enrolments').where({ id }).first('end_period')) as Row;
  const [updated] = await db('enrolments')
    .where({ id })
    .update({ end_period: endPeriod, end_reason: reason })
    .returning('*');
  const enrolment = toEnrolment(updated as Row);
  await moveEnrolmentEnd(
    db,
    { beneficiaryId: Number(enrolment.beneficiaryId), programId: Number(enrolment.programId) },
    nullable(before.end_period),
    endPeriod,
  );
  return enrolment;
}

export interface EnrolmentFilter {
  beneficiaryId?: number | undefined;
  programId?: number | undefined;
  scope?: Scope | undefined;
}

export async function selectEnrolments(
  db: Conn,
  filter: EnrolmentFilter,
  limit: number,
  afterId: number | null,
): Promise<Enrolment[]> {
  const q = db('enrolments')
    .orderBy('id')
    .limit(limit + 1);
  if (afterId !== null) q.where('id', '>', afterId);
  if (filter.beneficiaryId !== undefined) q.where('beneficiary_id', filter.beneficiaryId);
  if (filter.programId !== undefined) q.where('program_id', filter.programId);
  if (filter.scope?.regionCodes)
    q.whereIn(
      'beneficiary_id',
      whereRegionInScope(db('beneficiaries').select('id'), 'region_code', filter.scope),
    );
  const rows: Row[] = await q;
  return rows.map(toEnrolment);
}
