import type { Label } from './i18n.js';
import { DETAILS, FIELD, PROBLEMS, type ErrorCode, type Thing } from './messages/index.js';

/** One field's problem: where (`amount`, `fundingShares.1.share`, `line 7.nik`) and what, in both languages. */
export interface FieldError {
  path: string;
  message: Label;
}

/**
 * One error type for every refusal the service makes on purpose. The code fixes the HTTP status (see
 * shared/messages/problems.ts); the HTTP edge turns it into problem+json in the request's language.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: Label,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail.en);
    this.name = 'AppError';
    this.status = PROBLEMS[code].status;
  }
}

export const notFound = (thing: Thing) => new AppError('NOT_FOUND', DETAILS.notFound(thing));

/** A 400 naming each field and the rule it broke. */
export const invalid = (errors: FieldError[]) =>
  new AppError('VALIDATION_FAILED', DETAILS.invalidRequest, errors);

/** A 422 for a body that names a record (by id or code) that does not exist. */
export const unknownReference = (thing: Thing, path: string, message: Label) =>
  new AppError('UNKNOWN_REFERENCE', DETAILS.unknown(thing), [{ path, message }]);

export const unknownProgramme = (path = 'programId') =>
  unknownReference('programme', path, FIELD.unknownProgramme());
