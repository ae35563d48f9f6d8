import type { Role } from '../../../shared/context.js';
import { DataTable } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import type { View } from '../../view.js';

/** A user as `listUsers` answers. */
export interface UserRow {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export type UserStatus = 'active' | 'revoked' | 'expired';

/** Revoked wins over expired: the revocation is the act a reader looks for. */
export function userStatus(user: UserRow, now: string): UserStatus {
  if (user.revokedAt !== null) return 'revoked';
  if (user.expiresAt !== null && Date.parse(user.expiresAt) <= Date.parse(now)) return 'expired';
  return 'active';
}

export interface UsersProps {
  view: View;
  users: UserRow[];
  /** The moment the list is read, to tell expired tokens from live ones. */
  now: string;
  notice?: string | undefined;
}

function UserLine({ view, user, now }: { view: View; user: UserRow; now: string }) {
  const { t, f } = view;
  const tu = t.users;
  const status = userStatus(user, now);
  return (
    <tr>
      <th scope="row">{user.name}</th>
      <td>{t.roles[user.role]}</td>
      <td>
        <span class={`users-state users-state--${status}`}>{tu.status[status]}</span>
        {user.revokedAt ? <span class="users-muted"> {tu.revokedOn(f.date(user.revokedAt))}</span> : null}
      </td>
      <td>{f.date(user.createdAt)}</td>
      <td>{user.expiresAt ? f.date(user.expiresAt) : tu.never}</td>
      <td class="users-actions">
        {status === 'active' ? (
          <>
            <a href={`/pengguna/${user.id}/cakupan`}>
              {tu.scope}
              <span class="visually-hidden"> {user.name}</span>
            </a>{' '}
            <a href={`/pengguna/${user.id}/cabut`}>
              {tu.revoke}
              <span class="visually-hidden"> {user.name}</span>
            </a>
          </>
        ) : null}
      </td>
    </tr>
  );
}

/** Pengguna: every user with role and status, the way to create one and to revoke one. */
export function UsersPage({ view, users, now, notice }: UsersProps) {
  const tu = view.t.users;
  return (
    <Layout view={view} title={tu.title}>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <div class="users-head">
        <h1>{tu.title}</h1>
        <a class="button" href="/pengguna/baru">
          {tu.create}
        </a>
      </div>
      <p class="lead">{tu.intro}</p>
      {users.length === 0 ? (
        <p class="notice">{tu.empty}</p>
      ) : (
        <DataTable id="users-table" caption={tu.caption}>
          <thead>
            <tr>
              <th scope="col">{tu.columns.name}</th>
              <th scope="col">{tu.columns.role}</th>
              <th scope="col">{tu.columns.status}</th>
              <th scope="col">{tu.columns.created}</th>
              <th scope="col">{tu.columns.expires}</th>
              <th scope="col">{tu.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <UserLine key={u.id} view={view} user={u} now={now} />
            ))}
          </tbody>
        </DataTable>
      )}
    </Layout>
  );
}
