import type { Knex } from 'knex';
import type { Conn } from '../../db/knex.js';
import { whereRegionInScope } from '../../db/scope.js';
import type { Period } from '../../shared/period.js';
import type { Scope } from '../../shared/scope.js';

/**
 * The enrolments in force in `period` with their beneficiary's sector and region, as a subquery other
 * modules can join in set-based SQL (billing) without touching this module's tables themselves.
 * Columns: enrolment_id, beneficiary_id, program_id, sector, region_code.
 */
export function activeEnrolments(db: Conn, period: Period, programIds: number[]): Knex.QueryBuilder {
  return db('enrolments as e')
    .join('beneficiaries as b', 'b.id', 'e.beneficiary_id')
    .whereIn('e.program_id', programIds)
    .where('e.start_period', '<=', period)
    .andWhere((w) => w.whereNull('e.end_period').orWhere('e.end_period', '>=', period))
    .select({
      enrolment_id: 'e.id',
      beneficiary_id: 'e.beneficiary_id',
      program_id: 'e.program_id',
      sector: 'b.sector',
      region_code: 'b.region_code',
    });
}

/** The sectors and regions of beneficiaries, by id, as a subquery: columns beneficiary_id, sector, region_code. */
export function beneficiarySectors(db: Conn): Knex.QueryBuilder {
  return db('beneficiaries').select({ beneficiary_id: 'id', sector: 'sector', region_code: 'region_code' });
}

/** Registered NIKs, as a subquery: columns beneficiary_id, nik. */
export function beneficiaryNiks(db: Conn): Knex.QueryBuilder {
  return db('beneficiaries').select({ beneficiary_id: 'id', nik: 'nik' });
}

/** NIKs of the beneficiaries registered within a scope's regions, as a subquery: column nik. */
export function niksInScope(db: Conn, scope: Scope | undefined): Knex.QueryBuilder {
  return whereRegionInScope(db('beneficiaries').select('nik'), 'region_code', scope);
}
