import { CsrfField, ErrorSummary } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import type { UserRow } from './list.js';

export interface RevokeUserProps {
  view: View;
  user: UserRow;
  refusal?: Refusal | undefined;
}

/** Asks before revoking, naming who and what it does; the API's refusal (the last admin) shows here. */
export function RevokeUserPage({ view, user, refusal }: RevokeUserProps) {
  const { t, f } = view;
  const tr = t.users.revokeForm;
  return (
    <Layout view={view} title={tr.title(user.name)}>
      <div class="narrow">
        <ErrorSummary view={view} items={refusal?.summary ?? []} />
        <h1>{tr.title(user.name)}</h1>
        <p class="lead">{tr.intro}</p>
        <dl class="users-facts">
          <div>
            <dt>{t.users.columns.name}</dt>
            <dd>{user.name}</dd>
          </div>
          <div>
            <dt>{t.users.columns.role}</dt>
            <dd>{t.roles[user.role]}</dd>
          </div>
          <div>
            <dt>{t.users.columns.created}</dt>
            <dd>{f.time(user.createdAt)}</dd>
          </div>
        </dl>
        <form method="post" action={`/pengguna/${user.id}/cabut`}>
          <CsrfField view={view} />
          <div class="users-buttons">
            <button type="submit" class="button users-danger">
              {tr.confirm}
            </button>
            <a href="/pengguna">{tr.cancel}</a>
          </div>
        </form>
      </div>
    </Layout>
  );
}
