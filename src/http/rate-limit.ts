import { AppError } from '../shared/errors.js';
import { DETAILS } from '../shared/messages/index.js';

/**
 * Failed sign-ins per client address within a sliding window. Past the limit every further attempt from
 * that address is refused with 429 until the window has passed, so tokens cannot be guessed at speed.
 */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 20,
    private readonly windowMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  assertAllowed(key: string): void {
    const recent = this.recent(key);
    if (recent.length >= this.max) {
      const retryAfter = Math.ceil((recent[0]! + this.windowMs - this.now()) / 1000);
      throw new AppError('TOO_MANY_FAILED_LOGINS', DETAILS.tooManyFailures(retryAfter), undefined, {
        retryAfterSeconds: retryAfter,
      });
    }
  }

  recordFailure(key: string): void {
    this.failures.set(key, [...this.recent(key), this.now()]);
  }
}
