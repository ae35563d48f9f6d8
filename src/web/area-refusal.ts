import type { Catalogue } from './i18n/index.js';
import { describeProblem, type Problem, type Refusal } from './problem-text.js';

/**
 * describeProblem with an area's own sentences for the refusals only its forms meet (a month already
 * closed, the last administrator), which take precedence over the catalogue's sentence for the status.
 */
export function describeAreaProblem(
  t: Catalogue,
  problem: Problem,
  sentences: Readonly<Record<string, string>>,
  labels: Record<string, string> = {},
): Refusal {
  const byCode = { ...t.problems.byCode, ...sentences };
  return describeProblem({ ...t, problems: { ...t.problems, byCode } }, problem, labels);
}
