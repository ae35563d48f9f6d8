import { UploadProblem, type FieldReason } from './problem.js';
import { reason } from './reasons.js';

/** A logical column and the header names it is known by, the Indonesian one first. */
export interface ColumnSpec {
  names: readonly string[];
  required?: boolean;
}

export type UploadSpec<C extends string> = Readonly<Record<C, ColumnSpec>>;

/** Header names compare without case, spacing or punctuation: `No. KPJ`, `no kpj` and `NoKPJ` are one name. */
export const normaliseName = (name: string): string =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

/** Normalised name → logical column; a name claimed by two columns is a mistake in the spec. */
function lookup<C extends string>(spec: UploadSpec<C>): Map<string, C> {
  const byName = new Map<string, C>();
  for (const [column, { names }] of Object.entries(spec) as [C, ColumnSpec][]) {
    for (const name of names) {
      const key = normaliseName(name);
      const other = byName.get(key);
      if (other !== undefined && other !== column)
        throw new Error(`the header name ${name} belongs to both ${other} and ${column}`);
      byName.set(key, column);
    }
  }
  return byName;
}

const listNames = (spec: ColumnSpec): string => spec.names.join(', ');

/**
 * Finds each logical column in a header row (`line` is where the header is, for the problem): the columns
 * it does not name are ignored, a required column that is missing or a column named twice refuses the file.
 */
export function matchHeader<C extends string>(
  names: readonly string[],
  spec: UploadSpec<C>,
  line: number,
): Map<C, number> {
  const byName = lookup(spec);
  const positions = new Map<C, number[]>();
  names.forEach((name, index) => {
    const column = byName.get(normaliseName(name));
    if (column !== undefined) positions.set(column, [...(positions.get(column) ?? []), index]);
  });
  const columns = new Map<C, number>();
  const problems: FieldReason[] = [];
  for (const [column, columnSpec] of Object.entries(spec) as [C, ColumnSpec][]) {
    const found = positions.get(column) ?? [];
    if (found.length > 1) {
      const numbers = found.map((index) => String(index + 1)).join(', ');
      problems.push({ path: column, reason: reason('upload.header_repeated', { positions: numbers }) });
    } else if (found.length === 1) {
      columns.set(column, found[0]!);
    } else if (columnSpec.required) {
      problems.push({
        path: column,
        reason: reason('upload.header_missing', { names: listNames(columnSpec) }),
      });
    }
  }
  if (problems.length > 0) {
    const required = (Object.values(spec) as ColumnSpec[])
      .filter((c) => c.required)
      .map((c) => c.names[0])
      .join(', ');
    throw new UploadProblem(
      'INVALID_HEADER',
      reason('upload.header', { line: String(line), required }),
      problems,
    );
  }
  return columns;
}
