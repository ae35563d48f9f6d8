/** Reconciliation with the insurer's statements: which billed workers the insurer credited, and the differences. */
export { getStatement, listExceptions, listStatements, resolveException } from './exceptions.service.js';
export { importStatement } from './statement-import.service.js';
export { EXCEPTION_KINDS, type ExceptionKind, type Statement } from './reconciliation.schemas.js';
export { activeStatements } from './statements.repository.js';
