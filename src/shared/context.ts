import type { Clock } from './period.js';
import type { Scope } from './scope.js';

export const ROLES = ['admin', 'program_manager', 'finance_officer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: every service that writes receives one, and the audit trail records it. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
  /** What the actor may see and move; absent = province-wide. */
  scope?: Scope;
}

export interface Ctx {
  actor: Actor;
  clock: Clock;
  requestId: string | null;
}

/** Auditors check totals and trails, not people: lists show them masked NIKs; one record in full is audited. */
export function seesFullNik(role: Role): boolean {
  return role !== 'auditor';
}
