import type { Problem } from './problem-text.js';

/**
 * The API names the fields of a query `query.<name>`; a console form sending them names them as the query
 * does, so a refusal is turned to the form's names before describeProblem finds each field.
 */
export function asFormProblem(problem: Problem): Problem {
  return { ...problem, errors: problem.errors?.map((e) => ({ ...e, path: e.path.replace(/^query\./, '') })) };
}
