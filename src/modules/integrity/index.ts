/** The auditor's checks: the journal against the operational tables, and the audit hash chain. */
export { verifyAll, verifyLedgerAgainstOperations } from './integrity.service.js';
