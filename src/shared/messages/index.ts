export { PROBLEMS, ERROR_CODES, type ErrorCode } from './problems.js';
export { DETAILS, THINGS, type Thing } from './details.js';
export { FIELD, isFieldRule, type FieldRule } from './fields.js';
