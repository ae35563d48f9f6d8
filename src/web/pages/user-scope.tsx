import type { Role } from '../../shared/context.js';
import { CsrfField, ErrorSummary, type SummaryItem } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import type { View } from '../view.js';

export interface ScopedUser {
  id: string;
  name: string;
  role: Role;
  revokedAt: string | null;
  scope: { fundingSourceIds: string[] | null; regionCodes: string[] | null };
}

export interface UserScopeProps {
  view: View;
  user: ScopedUser;
  /** Which axes the user's role may be limited on. */
  axes: { sources: boolean; regions: boolean };
  sources: { id: string; code: string; name: string }[];
  regions: { code: string; name: string }[];
  /** What the form shows as chosen: the scope in force, or what was sent when it is refused. */
  chosen: { fundingSourceIds: readonly string[]; regionCodes: readonly string[] };
  errors?: SummaryItem[] | undefined;
  saved?: boolean | undefined;
}

function Choices({
  legend,
  hint,
  name,
  options,
  chosen,
}: {
  legend: string;
  hint: string;
  name: string;
  options: { value: string; label: string }[];
  chosen: readonly string[];
}) {
  return (
    <fieldset class="scope-choices" aria-describedby={`${name}-hint`}>
      <legend class="field__label">{legend}</legend>
      <p class="field__hint" id={`${name}-hint`}>
        {hint}
      </p>
      <ul class="scope-choices__list">
        {options.map((o) => (
          <li key={o.value}>
            <label class="scope-choice">
              <input type="checkbox" name={name} value={o.value} checked={chosen.includes(o.value)} />{' '}
              {o.label}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function UserScopePage({
  view,
  user,
  axes,
  sources,
  regions,
  chosen,
  errors = [],
  saved,
}: UserScopeProps) {
  const { t } = view;
  const w = t.scope;
  const sourceName = new Map(sources.map((s) => [s.id, s.name]));
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  const { fundingSourceIds, regionCodes } = user.scope;
  return (
    <Layout view={view} title={w.pageTitle}>
      <p>
        <a href="/pengguna">{w.back}</a>
      </p>
      <ErrorSummary view={view} items={errors} />
      {saved ? (
        <p class="notice" role="status">
          {w.saved}
        </p>
      ) : null}
      <h1>{w.title(user.name)}</h1>
      <p class="lead">{w.intro}</p>
      <section class="panel" aria-labelledby="current-title">
        <h2 id="current-title">{w.current}</h2>
        <dl class="scope-summary">
          <dt>{w.role}</dt>
          <dd>{t.roles[user.role]}</dd>
          {fundingSourceIds === null && regionCodes === null ? (
            <>
              <dt>{w.both}</dt>
              <dd>{w.provinceWide}</dd>
            </>
          ) : (
            <>
              <dt>{w.sourcesLegend}</dt>
              <dd>{fundingSourceIds?.map((id) => sourceName.get(id) ?? id).join(', ') ?? w.allSources}</dd>
              <dt>{w.regionsLegend}</dt>
              <dd>{regionCodes?.map((code) => regionName.get(code) ?? code).join(', ') ?? w.allRegions}</dd>
            </>
          )}
        </dl>
        {user.revokedAt ? <p class="small">{w.revoked}</p> : null}
      </section>
      {axes.sources || axes.regions ? (
        <form method="post" action={`/pengguna/${user.id}/cakupan`} class="panel" novalidate>
          <CsrfField view={view} />
          {axes.sources ? (
            <Choices
              legend={w.sourcesLegend}
              hint={w.sourcesHint}
              name="fundingSourceIds"
              options={sources.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
              chosen={chosen.fundingSourceIds}
            />
          ) : null}
          {axes.regions ? (
            <Choices
              legend={w.regionsLegend}
              hint={w.regionsHint}
              name="regionCodes"
              options={regions.map((r) => ({ value: r.code, label: `${r.name} (${r.code})` }))}
              chosen={chosen.regionCodes}
            />
          ) : null}
          <button type="submit" class="button">
            {w.submit}
          </button>
        </form>
      ) : (
        <p class="notice">{w.adminNote}</p>
      )}
    </Layout>
  );
}
