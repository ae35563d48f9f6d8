/** The audit trail: every write's actor, action and change, chained by SHA-256 in the write's transaction. */
export {
  recordAudit,
  recordAccess,
  verifyAuditChain,
  listAuditEvents,
  type AuditInput,
} from './audit.service.js';
export { AUDIT_ACTIONS, type AuditAction } from './actions.js';
