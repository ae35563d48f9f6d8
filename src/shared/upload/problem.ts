import { AppError } from '../errors.js';
import { reasonText, type Reason } from './reasons.js';

export interface FieldReason {
  path: string;
  reason: Reason;
}

/**
 * A refused upload. It answers like any AppError (in English) and keeps its reasons, so that the edge can
 * render them in the language the user asked for.
 */
export class UploadProblem extends AppError {
  constructor(
    status: number,
    code: string,
    readonly reason: Reason,
    readonly fieldReasons: readonly FieldReason[] = [],
  ) {
    super(
      status,
      code,
      reasonText(reason, 'en'),
      fieldReasons.length === 0
        ? undefined
        : fieldReasons.map((f) => ({ path: f.path, message: reasonText(f.reason, 'en') })),
    );
    this.name = 'UploadProblem';
  }
}
