import { AppError } from '../errors.js';
import type { ErrorCode } from '../messages/index.js';
import { reasonLabel, type Reason } from './reasons.js';

export interface FieldReason {
  path: string;
  reason: Reason;
}

/**
 * A refused upload: an AppError whose words come from the upload reasons (reasons.ts), in both languages.
 */
export class UploadProblem extends AppError {
  constructor(
    code: ErrorCode,
    readonly reason: Reason,
    readonly fieldReasons: readonly FieldReason[] = [],
  ) {
    super(
      code,
      reasonLabel(reason),
      fieldReasons.length === 0
        ? undefined
        : fieldReasons.map((f) => ({ path: f.path, message: reasonLabel(f.reason) })),
    );
    this.name = 'UploadProblem';
  }
}
