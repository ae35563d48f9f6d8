import type { Knex } from 'knex';
import type { Conn } from '../../db/knex.js';
import { PROVINCE_CODES } from '../../shared/nik.js';

/**
 * Rules added after data was written apply to new writes only, so a database may hold rows written before
 * them: they keep working, and the auditor learns here where they are. Like the reports, the auditor's
 * checks read every table and write none.
 */
export const RULES = ['INVALID_NIK', 'RESIDENCE_IS_PROVINCE', 'OUT_OF_REGION'] as const;
export type Rule = (typeof RULES)[number];

export interface RuleBreak {
  rule: Rule;
  entity: 'beneficiary' | 'enrolment';
  count: number;
  /** The first ids by id, at most SAMPLE of them. */
  ids: string[];
}

const SAMPLE = 100;

/** NIKs that the province, district or regency checks of docs/domain.md now refuse. */
function invalidNiks(db: Conn): Knex.QueryBuilder {
  const provinces = [...PROVINCE_CODES];
  return db('beneficiaries as b')
    .whereRaw(`substr(b.nik, 1, 2) not in (${provinces.map(() => '?').join(', ')})`, provinces)
    .orWhereRaw(`substr(b.nik, 5, 2) = '00'`)
    .orWhereRaw(
      `substr(b.nik, 1, 2) in (select substr(code, 1, 2) from regions where level <> 'province')
       and substr(b.nik, 1, 2) || '.' || substr(b.nik, 3, 2) not in (select code from regions)`,
    );
}

function provinceResidences(db: Conn): Knex.QueryBuilder {
  return db('beneficiaries as b')
    .join('regions as r', 'r.code', 'b.region_code')
    .where('r.level', 'province');
}

/** Enrolments in a programme with a regency or city share whose worker lives outside that regency or city. */
function outOfRegion(db: Conn): Knex.QueryBuilder {
  const limited = db('program_funding_shares as s')
    .join('funding_sources as f', 'f.id', 's.funding_source_id')
    .whereIn('f.level', ['regency', 'city'])
    .select('s.program_id');
  return db('enrolments as b')
    .join('beneficiaries as w', 'w.id', 'b.beneficiary_id')
    .whereIn('b.program_id', limited)
    .whereExists(
      db('program_funding_shares as s')
        .join('funding_sources as f', 'f.id', 's.funding_source_id')
        .whereRaw('s.program_id = b.program_id')
        .whereIn('f.level', ['regency', 'city'])
        .whereRaw(`w.region_code <> f.region_code and w.region_code not like f.region_code || '.%'`)
        .select(db.raw('1')),
    );
}

async function tally(query: Knex.QueryBuilder, rule: Rule, entity: RuleBreak['entity']) {
  const [{ n }] = await query.clone().count({ n: '*' });
  const count = Number(n);
  if (count === 0) return null;
  const ids = await query.clone().orderBy('b.id').limit(SAMPLE).pluck('b.id');
  return { rule, entity, count, ids: ids.map(String) };
}

export async function ruleBreaks(db: Conn): Promise<RuleBreak[]> {
  const found = [
    await tally(invalidNiks(db), 'INVALID_NIK', 'beneficiary'),
    await tally(provinceResidences(db), 'RESIDENCE_IS_PROVINCE', 'beneficiary'),
    await tally(outOfRegion(db), 'OUT_OF_REGION', 'enrolment'),
  ];
  return found.filter((f): f is RuleBreak => f !== null);
}
