import type { Role } from '../../../shared/context.js';
import { BOOTSTRAP_ACTOR } from '../../../modules/users/index.js';
import { DataTable, ErrorSummary, TextField } from '../../components/forms.js';
import type { View } from '../../view.js';
import { ChangeView } from './change.js';
import { AuditLayout } from './tabs.js';

export interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  role: string;
  action: string;
  entity: string;
  entityId: string | null;
  change: unknown;
}

/** The trail's filters as the query string carries them; dates are whole days in Jakarta, both inclusive. */
export interface TrailFilters {
  actor: string;
  action: string;
  entity: string;
  from: string;
  to: string;
}

export interface TrailProps {
  view: View;
  filters: TrailFilters;
  /** Fields whose value is not a date, with the sentence to show beside them. */
  errors: Partial<Record<keyof TrailFilters, string>>;
  events: AuditEvent[];
  /** The query string of the next page, or null on the last page. */
  nextPage: string | null;
  /** The query string of the first page, when this is a later one. */
  firstPage: string | null;
  actors: { id: string; name: string; role: Role }[];
  actions: readonly string[];
}

function Select({
  id,
  name,
  label,
  value,
  options,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: { value: string; text: string }[];
}) {
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      <select class="field__input audit-select" id={id} name={name}>
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters({ view, filters, errors, actors, actions }: TrailProps) {
  const t = view.t.audit.trail;
  return (
    <form method="get" action="/audit/jejak" class="audit-filters audit-filters--trail" novalidate>
      <fieldset>
        <legend>{t.filtersLegend}</legend>
        <div class="audit-filters__grid">
          <Select
            id="f-actor"
            name="actor"
            label={t.actor}
            value={filters.actor}
            options={[
              { value: '', text: t.anyActor },
              ...actors.map((a) => ({ value: a.id, text: `${a.name} (${view.t.roles[a.role]})` })),
            ]}
          />
          <Select
            id="f-action"
            name="action"
            label={t.action}
            value={filters.action}
            options={[
              { value: '', text: t.anyAction },
              ...actions.map((a) => ({ value: a, text: view.t.audit.actions[a] ?? a })),
            ]}
          />
          <TextField
            view={view}
            name="entity"
            label={t.entity}
            hint={t.entityHint}
            value={filters.entity}
            spellcheck={false}
          />
          <TextField
            view={view}
            name="from"
            type="date"
            label={t.from}
            value={filters.from}
            error={errors.from}
          />
          <TextField view={view} name="to" type="date" label={t.to} value={filters.to} error={errors.to} />
        </div>
        <div class="audit-buttons">
          <button type="submit" class="button">
            {t.show}
          </button>
          <a href="/audit/jejak">{t.reset}</a>
        </div>
      </fieldset>
    </form>
  );
}

function EventRow({
  view,
  event,
  names,
}: {
  view: View;
  event: AuditEvent;
  names: ReadonlyMap<string, string>;
}) {
  const { t, f } = view;
  const tt = t.audit.trail;
  const role = t.roles[event.role as Role] ?? event.role;
  return (
    <tr>
      <td class="audit-nowrap">
        <span class="audit-event-id">#{event.id}</span> {f.time(event.at)}
      </td>
      <td>
        {names.get(event.actor) ?? (event.actor === BOOTSTRAP_ACTOR.id ? tt.bootstrap : event.actor)}
        <br />
        <span class="audit-muted">{role}</span>
      </td>
      <th scope="row">
        {t.audit.actions[event.action] ?? event.action}
        <br />
        <code class="audit-muted">{event.action}</code>
      </th>
      <td class="audit-entity">
        {event.entity}
        {event.entityId ? ` ${event.entityId}` : ''}
      </td>
      <td class="audit-change-cell">
        <ChangeView change={event.change} empty={tt.noChange} labels={tt.changeLabels} />
      </td>
    </tr>
  );
}

/** Jejak audit: the events that match the filters, oldest first, a page at a time. */
export function TrailPage(props: TrailProps) {
  const { view, events, nextPage, firstPage, errors } = props;
  const t = view.t.audit.trail;
  const names = new Map(props.actors.map((a) => [a.id, a.name]));
  const summary = Object.entries(errors).map(([field, text]) => ({ text, href: `#f-${field}` }));
  return (
    <AuditLayout view={view} tab="trail" title={t.title}>
      <ErrorSummary view={view} items={summary} />
      <p class="lead">{t.intro}</p>
      <Filters {...props} />
      {events.length === 0 ? (
        <p class="notice">{t.empty}</p>
      ) : (
        <DataTable id="trail-table" caption={t.caption}>
          <thead>
            <tr>
              <th scope="col">{t.columns.at}</th>
              <th scope="col">{t.columns.actor}</th>
              <th scope="col">{t.columns.action}</th>
              <th scope="col">{t.columns.entity}</th>
              <th scope="col">{t.columns.change}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <EventRow key={e.id} view={view} event={e} names={names} />
            ))}
          </tbody>
        </DataTable>
      )}
      {nextPage !== null || firstPage !== null ? (
        <nav class="audit-pager" aria-label={t.pagingLabel}>
          {firstPage !== null ? <a href={`/audit/jejak?${firstPage}`}>{t.first}</a> : null}
          {nextPage !== null ? (
            <a class="button audit-secondary" href={`/audit/jejak?${nextPage}`} rel="next">
              {t.next}
            </a>
          ) : null}
        </nav>
      ) : null}
    </AuditLayout>
  );
}
