/**
 * Every action the audit trail records. `AuditInput.action` takes only these, so a new audited write does
 * not compile until its action is listed here, and `tests/audit-actions.test.ts` fails until it has a case
 * that performs the action and checks the event it writes.
 */
export const AUDIT_ACTIONS = [
  'user.create',
  'user.revoke',
  'user.scope',
  'settings.admin_token_disable',
  'funding_source.create',
  'funding_source.update',
  'program.create',
  'rate.create',
  'rate.correct',
  'budget.allocate',
  'beneficiary.create',
  'beneficiary.import',
  'beneficiary.view',
  'beneficiary.search',
  'enrolment.create',
  'enrolment.end',
  'enrolment.end_billed',
  'overpayment.settle',
  'billing.run',
  'billing.reprice',
  'billing.cancel',
  'payment.record',
  'payment.approve',
  'payment.reverse',
  'payment.reject',
  'statement.import',
  'exception.resolve',
  'period.close',
  'period.reopen',
  'workforce.set',
  'insured_count.set',
  'session.sign_in',
  'session.sign_out',
  'export',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
