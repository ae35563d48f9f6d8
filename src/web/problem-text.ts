import type { AppError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n.js';
import type { SummaryItem } from './components/forms.js';
import { fieldId } from './components/forms.js';
import type { Catalogue } from './i18n/index.js';

/** A refusal as the API states it (problem+json) or as a service throws it. */
export interface Problem {
  status: number;
  code?: string | undefined;
  detail?: string | undefined;
  errors?: readonly { path: string; message: string }[] | undefined;
  /** The refusal's figures (OVER_BUDGET's shortfalls, OVERPAYMENT's outstanding), for a page to format. */
  extra?: Record<string, unknown> | undefined;
}

/** What a form shows for a refusal: the summary at its top and a message beside each field named. */
export interface Refusal {
  summary: SummaryItem[];
  byField: Record<string, string>;
}

/** A refusal in the reader's language: the API's own words for its detail and each field. */
export function problemOf(err: AppError, lang: Lang): Problem {
  return {
    status: err.status,
    code: err.code,
    detail: err.detail[lang],
    errors: err.errors?.map((e) => ({ path: e.path, message: e.message[lang] })),
    extra: err.extra,
  };
}

/**
 * Turns a refusal into sentences a finance officer understands: the catalogue's sentence for its code (or,
 * for a code it does not know, for its status, followed by the service's own detail), then each field
 * error under the label the form gives that field, linked to it. `labels` maps the API's field paths
 * (`amount`, `fundingShares.0.share`) to the labels of the form's fields; errors on paths the form does
 * not show are listed without a link.
 */
export function describeProblem(
  t: Catalogue,
  problem: Problem,
  labels: Record<string, string> = {},
): Refusal {
  const byCode = t.problems.byCode as Record<string, string>;
  const byStatus = t.problems.byStatus as Record<number, string>;
  const known = problem.code !== undefined ? byCode[problem.code] : undefined;
  const summary: SummaryItem[] = [];
  const byField: Record<string, string> = {};
  for (const error of problem.errors ?? []) {
    const label = labels[error.path];
    if (label !== undefined) {
      byField[error.path] = `${label}: ${error.message}`;
      summary.push({ text: byField[error.path]!, href: `#${fieldId(error.path)}` });
    } else {
      summary.push({ text: error.path ? `${error.path}: ${error.message}` : error.message });
    }
  }
  if (known !== undefined) summary.unshift({ text: known });
  else if (summary.length === 0) {
    summary.push({ text: byStatus[problem.status] ?? t.problems.fallback });
    if (problem.detail) summary.push({ text: problem.detail });
  }
  return { summary, byField };
}
