import { Layout } from '../../components/layout.js';
import type { View } from '../../view.js';
import type { UserRow } from './list.js';

export interface CreatedUserProps {
  view: View;
  user: UserRow & { token: string };
}

/**
 * The one page that shows a new user's token. It answers the form's POST itself (no redirect to a page
 * that could show it again), and like every page it is sent with `Cache-Control: no-store`.
 */
export function CreatedUserPage({ view, user }: CreatedUserProps) {
  const tc = view.t.users.created;
  return (
    <Layout view={view} title={tc.title}>
      <div class="narrow">
        <h1>{tc.title}</h1>
        <p class="lead">{tc.lead(user.name, view.t.roles[user.role])}</p>
        <div class="users-warning" role="alert">
          <h2 class="users-warning__title">{tc.warningTitle}</h2>
          <p>{tc.warning}</p>
        </div>
        <div class="field">
          <label class="field__label" for="new-token">
            {tc.tokenLabel}
          </label>
          <div class="users-token">
            <input
              class="field__input users-token__value"
              id="new-token"
              type="text"
              value={user.token}
              readOnly
              autocomplete="off"
              spellcheck={false}
            />
            <button
              type="button"
              class="button users-secondary users-token__copy"
              data-copy-from="new-token"
              data-copied-text={tc.copied}
              hidden
            >
              {tc.copy}
            </button>
          </div>
          <p class="users-token__status" role="status" aria-live="polite"></p>
        </div>
        {user.expiresAt ? <p>{tc.expires(view.f.time(user.expiresAt))}</p> : null}
        <p>
          <a href="/pengguna">{tc.back}</a>
        </p>
      </div>
    </Layout>
  );
}
