import { exactText, type Conn } from '../../db/knex.js';
import { regionInScopeSql, sourceInScopeSql } from '../../db/scope.js';
import { Decimal, fromDb } from '../../shared/money.js';
import { maskNik } from '../../shared/nik.js';
import { periodYear, type Period } from '../../shared/period.js';
import type { Scope } from '../../shared/scope.js';
import { monthBit } from '../billing/index.js';
import { workerSets } from './worker-sets.js';

/**
 * Months billed up to `asOf` whose account (programme, funding source, month) is not fully paid, from the
 * summaries (`obligation_totals`) and the payments. BPJS bills a collective account, so a worker's month
 * counts as unpaid when that account month is not fully paid. Within a scope of regions, only the account
 * months in which a worker of its regions is billed (an account month is paid as a whole, so its figures
 * stay whole).
 */
const UNPAID_MONTHS = `
  WITH billed AS (
    SELECT program_id, funding_source_id, period, SUM(billed) AS billed
    FROM obligation_totals WHERE period <= ? AND {sources}
    GROUP BY program_id, funding_source_id, period
    HAVING SUM(obligations) > 0 AND SUM(CASE WHEN {regions} THEN obligations ELSE 0 END) > 0
  ), paid AS (
    SELECT program_id, funding_source_id, period, SUM(amount) AS paid
    FROM payment_allocations WHERE period <= ? AND {sources}
    GROUP BY program_id, funding_source_id, period
  )
  SELECT b.program_id, b.funding_source_id, b.period, ${'{billed}'} AS billed, ${'{paid}'} AS paid,
         pr.code AS program_code, fs.code AS source_code
  FROM billed b
  LEFT JOIN paid p ON p.program_id = b.program_id AND p.funding_source_id = b.funding_source_id AND p.period = b.period
  JOIN programs pr ON pr.id = b.program_id JOIN funding_sources fs ON fs.id = b.funding_source_id
  WHERE b.billed > COALESCE(p.paid, 0)
  ORDER BY b.program_id, b.funding_source_id, b.period`;

interface AccountMonth {
  programId: number;
  fundingSourceId: number;
  period: Period;
  billed: Decimal;
  paid: Decimal;
  programCode: string;
  sourceCode: string;
}

export async function unpaidAccountMonths(
  db: Conn,
  asOf: Period,
  scope: Scope | undefined,
): Promise<AccountMonth[]> {
  const sources = sourceInScopeSql('funding_source_id', scope);
  const regions = regionInScopeSql('region_code', scope);
  const sql = UNPAID_MONTHS.replaceAll('{sources}', sources.sql)
    .replace('{regions}', regions.sql)
    .replace('{billed}', exactText(db, 'b.billed'))
    .replace('{paid}', exactText(db, 'COALESCE(p.paid, 0)'));
  const rows = rowsOf(
    await db.raw(sql, [asOf, ...sources.bindings, ...regions.bindings, asOf, ...sources.bindings]),
  );
  return rows.map((r) => ({
    programId: Number(r.program_id),
    fundingSourceId: Number(r.funding_source_id),
    period: r.period as Period,
    billed: fromDb(r.billed),
    paid: fromDb(r.paid),
    programCode: r.program_code as string,
    sourceCode: r.source_code as string,
  }));
}

/** The number of months (bits 0 to 11) in a set of months held in the SQL expression `x`. */
const monthsIn = (x: string) => Array.from({ length: 12 }, (_, i) => `((${x} >> ${i}) & 1)`).join(' + ');

/** The union of the sets of months `m` over a group's rows: OR is no SQL aggregate, so per month its MAX. */
const unionOf = (m: string) => Array.from({ length: 12 }, (_, i) => `MAX(${m} & ${1 << i})`).join(' | ');

interface UnpaidSet {
  fiscalYear: number;
  programId: number;
  fundingSourceId: number;
  months: number;
  /** Another source of the programme has unpaid months in the same year: a worker's months are united. */
  shared: boolean;
}

/** The account months as one set of months per programme, source and fiscal year. */
function unpaidSets(months: AccountMonth[]): UnpaidSet[] {
  const sets = new Map<string, UnpaidSet>();
  for (const m of months) {
    const key = `${periodYear(m.period)}:${m.programId}:${m.fundingSourceId}`;
    const set = sets.get(key) ?? {
      fiscalYear: periodYear(m.period),
      programId: m.programId,
      fundingSourceId: m.fundingSourceId,
      months: 0,
      shared: false,
    };
    set.months |= monthBit(m.period);
    sets.set(key, set);
  }
  const perProgramYear = new Map<string, number>();
  for (const s of sets.values()) {
    const key = `${s.fiscalYear}:${s.programId}`;
    perProgramYear.set(key, (perProgramYear.get(key) ?? 0) + 1);
  }
  for (const s of sets.values()) s.shared = (perProgramYear.get(`${s.fiscalYear}:${s.programId}`) ?? 0) > 1;
  return [...sets.values()];
}

interface Ranked {
  beneficiaryId: number;
  programId: number;
  unpaidMonths: number;
}

interface RankOptions {
  minMonths: number;
  limit: number;
  scope?: Scope | undefined;
}

const ranked = (rows: Record<string, unknown>[]): Ranked[] =>
  rows.map((r) => ({
    beneficiaryId: Number(r.beneficiary_id),
    programId: Number(r.program_id),
    unpaidMonths: Number(r.n),
  }));

/**
 * The workers with the most unpaid months, at least `minMonths`, per programme, most first, then by worker
 * and programme. A worker's unpaid months in a programme are, per year, the union over its sources of its
 * months that are unpaid for that source, summed over the years. Within one fiscal year the counts of
 * workers per sets of months say how many workers have each number of unpaid months, so only the workers of
 * the numbers shown are read, in the order of `beneficiary_months`; over several years each worker's years
 * are added up row by row.
 */
async function mostUnpaid(db: Conn, sets: UnpaidSet[], options: RankOptions): Promise<Ranked[]> {
  if (sets.length === 0) return [];
  if (new Set(sets.map((s) => s.fiscalYear)).size > 1) return mostUnpaidOverYears(db, sets, options);
  const levels = await unpaidLevels(db, sets, options.scope);
  const out: Ranked[] = [];
  for (const n of [...levels.keys()].sort((a, b) => b - a)) {
    if (n < options.minMonths || out.length >= options.limit) break;
    const programs = sets.filter((s) => levels.get(n)!.has(s.programId));
    out.push(...(await workersWithUnpaid(db, programs, n, options.limit - out.length, options.scope)));
  }
  return out;
}

/** The number of months (bits 0 to 11) in a set of months. */
const monthCount = (months: number) =>
  Array.from({ length: 12 }, (_, i) => (months >> i) & 1).reduce((a, b) => a + b, 0);

/**
 * For each number of unpaid months that some worker has, the programmes in which one has it: from the
 * counts of workers per sets of months of the sets' one fiscal year, in the scope's regions.
 */
async function unpaidLevels(
  db: Conn,
  sets: UnpaidSet[],
  scope: Scope | undefined,
): Promise<Map<number, Set<number>>> {
  const year = sets[0]!.fiscalYear;
  const unpaid = new Map(sets.map((s) => [`${s.programId}/${s.fundingSourceId}`, s.months]));
  const levels = new Map<number, Set<number>>();
  for (const set of await workerSets(db, year, year, scope)) {
    const perProgram = new Map<number, number>();
    for (const share of set.shares) {
      const mask = unpaid.get(`${share.programId}/${share.fundingSourceId}`);
      const programId = Number(share.programId);
      if (mask !== undefined)
        perProgram.set(programId, (perProgram.get(programId) ?? 0) | (share.months & mask));
    }
    for (const [programId, months] of perProgram) {
      const n = monthCount(months);
      if (n > 0) levels.set(n, (levels.get(n) ?? new Set()).add(programId));
    }
  }
  return levels;
}

/**
 * Up to `limit` workers with exactly `n` unpaid months in one fiscal year, by worker and programme. Per
 * programme and source, the rows of `beneficiary_months` in key order (worker order), each joined to the
 * same worker's rows of the programme's other sources to unite its unpaid months; a worker is read under
 * the first source it has a row of. Those ordered reads are merged, so the work stops at `limit`.
 */
async function workersWithUnpaid(
  db: Conn,
  sets: UnpaidSet[],
  n: number,
  limit: number,
  scope: Scope | undefined,
): Promise<Ranked[]> {
  const regions = regionInScopeSql('a.region_code', scope);
  const arms: string[] = [];
  const bindings: (string | number)[] = [];
  for (const programId of new Set(sets.map((s) => s.programId))) {
    const own = sets.filter((s) => s.programId === programId);
    own.forEach((first, i) => {
      const others = own.filter((s) => s !== first);
      const joins = others.map(
        (s, j) =>
          `LEFT JOIN beneficiary_months o${j} ON o${j}.fiscal_year = a.fiscal_year
             AND o${j}.program_id = a.program_id AND o${j}.funding_source_id = ${s.fundingSourceId}
             AND o${j}.beneficiary_id = a.beneficiary_id`,
      );
      const notEarlier = others.flatMap((s, j) =>
        own.indexOf(s) < i ? [`AND o${j}.beneficiary_id IS NULL`] : [],
      );
      // Masks and ids are integers from the database, written into the SQL as numbers.
      const unpaid = [
        `(a.months & ${first.months})`,
        ...others.map((s, j) => `(COALESCE(o${j}.months, 0) & ${s.months})`),
      ].join(' | ');
      arms.push(
        `SELECT a.beneficiary_id AS beneficiary_id, a.program_id AS program_id, ${n} AS n
         FROM beneficiary_months a ${joins.join(' ')}
         WHERE a.fiscal_year = ? AND a.program_id = ? AND a.funding_source_id = ? AND ${regions.sql}
           ${notEarlier.join(' ')} AND ${monthsIn(`(${unpaid})`)} = ?`,
      );
      bindings.push(first.fiscalYear, programId, first.fundingSourceId, ...regions.bindings, n);
    });
  }
  const rows = rowsOf(
    await db.raw(`${arms.join(' UNION ALL ')} ORDER BY beneficiary_id, program_id LIMIT ?`, [
      ...bindings,
      limit,
    ]),
  );
  return ranked(rows);
}

/**
 * The workers with the most unpaid months over several fiscal years: read from `beneficiary_months` (a row
 * per worker, programme, source and year with its months billed), never from the obligations, so the work
 * is a pass over one row per worker and year however many months are unpaid.
 */
async function mostUnpaidOverYears(db: Conn, sets: UnpaidSet[], options: RankOptions): Promise<Ranked[]> {
  const regions = regionInScopeSql('bm.region_code', options.scope);
  const values = sets.map(
    () =>
      '(CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER))',
  );
  const perYear = `
    SELECT beneficiary_id, program_id, m FROM r WHERE shared = 0
    UNION ALL
    SELECT beneficiary_id, program_id, ${unionOf('m')} FROM r WHERE shared = 1
    GROUP BY beneficiary_id, program_id, fiscal_year`;
  const rows = rowsOf(
    await db.raw(
      `WITH u (fiscal_year, program_id, funding_source_id, mask, shared) AS (VALUES ${values.join(', ')}),
       r AS (
         SELECT bm.beneficiary_id, bm.program_id, bm.fiscal_year, bm.months & u.mask AS m, u.shared
         FROM beneficiary_months bm
         JOIN u ON u.fiscal_year = bm.fiscal_year AND u.program_id = bm.program_id
               AND u.funding_source_id = bm.funding_source_id
         WHERE bm.months & u.mask <> 0 AND ${regions.sql}
       )
       SELECT beneficiary_id, program_id, n FROM (
         SELECT beneficiary_id, program_id, SUM(${monthsIn('m')}) AS n FROM (${perYear}) y
         GROUP BY beneficiary_id, program_id
       ) c
       WHERE n >= ?
       ORDER BY n DESC, beneficiary_id, program_id
       LIMIT ?`,
      [
        ...sets.flatMap((s) => [s.fiscalYear, s.programId, s.fundingSourceId, s.months, s.shared ? 1 : 0]),
        ...regions.bindings,
        options.minMonths,
        options.limit,
      ],
    ),
  );
  return ranked(rows);
}

/**
 * Ids per statement: far below the bound on bound values of either database, and few enough that
 * PostgreSQL reads each worker's months through the obligations' index (at 5,000 it scans the whole table).
 */
const IDS_PER_STATEMENT = 1_000;

/** Who the workers are, and their oldest unpaid month and unpaid amount per programme, from their obligations. */
async function describe(
  db: Conn,
  workers: { beneficiaryId: number; programId: number }[],
  months: AccountMonth[],
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const accounts = months.map(() => '(CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS VARCHAR(7)))');
  const periods = [...new Set(months.map((m) => m.period))];
  const ids = [...new Set(workers.map((w) => w.beneficiaryId))];
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    const chunk = ids.slice(i, i + IDS_PER_STATEMENT);
    const rows = rowsOf(
      await db.raw(
        `WITH a (program_id, funding_source_id, period) AS (VALUES ${accounts.join(', ')})
         SELECT o.beneficiary_id, o.program_id, b.nik, b.name, b.region_code, MIN(o.period) AS oldest,
                ${exactText(db, 'SUM(o.amount)')} AS amount
         FROM obligations o
         JOIN a ON a.program_id = o.program_id AND a.funding_source_id = o.funding_source_id AND a.period = o.period
         JOIN beneficiaries b ON b.id = o.beneficiary_id
         WHERE o.period IN (${periods.map(() => '?').join(', ')})
           AND o.beneficiary_id IN (${chunk.map(() => '?').join(', ')})
           AND o.status <> 'cancelled'
         GROUP BY o.beneficiary_id, o.program_id, b.nik, b.name, b.region_code`,
        [...months.flatMap((m) => [m.programId, m.fundingSourceId, m.period]), ...periods, ...chunk],
      ),
    );
    for (const r of rows) found.set(`${r.beneficiary_id}:${r.program_id}`, r);
  }
  return found;
}

/**
 * Within a scope: the accounts of its funding sources and, for a scope of regions, the account months in
 * which a worker of its regions is billed, and only the workers of its regions.
 */
export async function arrearsReport(
  db: Conn,
  asOf: Period,
  options: { minMonths: number; limit: number; maskNiks: boolean; scope?: Scope | undefined },
) {
  const months = await unpaidAccountMonths(db, asOf, options.scope);
  const ranked = await mostUnpaid(db, unpaidSets(months), options);
  const details = await describe(db, ranked, months);
  return {
    asOf,
    periods: months.map((m) => ({
      programId: String(m.programId),
      programCode: m.programCode,
      fundingSourceId: String(m.fundingSourceId),
      fundingSourceCode: m.sourceCode,
      period: m.period,
      billed: m.billed.toFixed(0),
      paid: m.paid.toFixed(0),
      outstanding: m.billed.minus(m.paid).toFixed(0),
    })),
    beneficiaries: ranked.map((w) => {
      const r = details.get(`${w.beneficiaryId}:${w.programId}`) ?? {};
      return {
        beneficiaryId: String(w.beneficiaryId),
        programId: String(w.programId),
        nik: options.maskNiks ? maskNik(r.nik as string) : (r.nik as string),
        name: r.name as string,
        regionCode: r.region_code as string,
        unpaidMonths: w.unpaidMonths,
        oldestUnpaidPeriod: r.oldest as string,
        amount: fromDb(r.amount).toFixed(0),
        deactivationRisk: w.unpaidMonths >= 3,
        // BPJS deactivates a member after 3 unpaid months: at 2 a finance officer still has a month to pay.
        atRisk: w.unpaidMonths === 2,
        lapsed: w.unpaidMonths >= 3,
      };
    }),
  };
}

/** knex.raw answers with an array on SQLite and `{ rows }` on PostgreSQL. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  return ((result as { rows?: Record<string, unknown>[] }).rows ?? []) as Record<string, unknown>[];
}
