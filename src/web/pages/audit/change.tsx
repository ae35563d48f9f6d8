import type { ComponentChildren } from 'preact';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isRecord = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A scalar as text; null shows as a dash, since an auditor reads "nothing" there. */
const scalar = (value: Json): string => (value === null ? '–' : String(value));

/** Any recorded value, readably: objects as definition lists, lists as lists, scalars as text. */
function Value({ value }: { value: Json }): ComponentChildren {
  if (Array.isArray(value)) {
    if (value.every((v) => !isRecord(v) && !Array.isArray(v))) return value.map(scalar).join(', ') || '–';
    return (
      <ol class="audit-change__list">
        {value.map((v, i) => (
          <li key={i}>
            <Value value={v} />
          </li>
        ))}
      </ol>
    );
  }
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return '–';
    return (
      <dl class="audit-change">
        {keys.map((key) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>
              <Value value={value[key]!} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return scalar(value);
}

/** A change recorded as `{ before, after }` of two records: one row per field, old beside new. */
function BeforeAfter({
  before,
  after,
  labels,
}: {
  before: Record<string, Json>;
  after: Record<string, Json>;
  labels: { field: string; before: string; after: string };
}) {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return (
    <table class="audit-change-table">
      <thead>
        <tr>
          <th scope="col">{labels.field}</th>
          <th scope="col">{labels.before}</th>
          <th scope="col">{labels.after}</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr
            key={key}
            class={JSON.stringify(before[key]) === JSON.stringify(after[key]) ? '' : 'audit-changed'}
          >
            <th scope="row">{key}</th>
            <td>
              <Value value={before[key] ?? null} />
            </td>
            <td>
              <Value value={after[key] ?? null} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An event's recorded change, never as raw JSON: a before/after table where it has both, else a list. */
export function ChangeView({
  change,
  empty,
  labels,
}: {
  change: unknown;
  empty: string;
  labels: { field: string; before: string; after: string };
}) {
  const value = (change ?? null) as Json;
  if (value === null || (isRecord(value) && Object.keys(value).length === 0)) {
    return <span class="audit-muted">{empty}</span>;
  }
  const before = isRecord(value) ? (value.before ?? {}) : null;
  if (isRecord(value) && isRecord(before) && isRecord(value.after) && 'before' in value) {
    const { before: _before, after, ...rest } = value;
    return (
      <>
        <BeforeAfter before={before} after={after as Record<string, Json>} labels={labels} />
        {Object.keys(rest).length > 0 ? <Value value={rest} /> : null}
      </>
    );
  }
  return <Value value={value} />;
}
