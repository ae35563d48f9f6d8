import { notFound } from '../shared/errors.js';
import { timestamp } from '../shared/period.js';
import { describeAreaProblem } from './area-refusal.js';
import { CreateUserPage, type NewUserInput } from './pages/users/create.js';
import { CreatedUserPage } from './pages/users/created.js';
import { UsersPage, type UserRow } from './pages/users/list.js';
import { RevokeUserPage } from './pages/users/revoke.js';
import type { PageInput, Pages } from './routing.js';
import { formText as text } from './lookups.js';

type List<T> = { data: T[] };

const newUserInput = (body: Record<string, unknown> | undefined): NewUserInput => ({
  name: text(body?.name),
  role: text(body?.role),
  expiresInDays: text(body?.expiresInDays),
});

/**
 * The API's body for the form: days as the whole number the API expects when they are one, otherwise as
 * typed, so that the API refuses them under its own rule and the sentence lands beside the field.
 */
function createBody(input: NewUserInput) {
  const days = input.expiresInDays;
  return {
    name: input.name,
    role: input.role,
    ...(days === '' ? {} : { expiresInDays: /^[0-9]{1,6}$/.test(days) ? Number(days) : days }),
  };
}

async function userById(call: PageInput['call'], id: unknown): Promise<UserRow> {
  const users = await call<List<UserRow>>('listUsers');
  const user = users.data.find((u) => u.id === id);
  if (!user) throw notFound('user');
  return user;
}

/** Pengguna (admins): the list, creating a user with its token shown once, and revoking with a confirmation. */
export function registerUserRoutes(pages: Pages): void {
  pages.page('/pengguna', { section: 'users' }, async ({ view, req, ctx, call }) => {
    const users = await call<List<UserRow>>('listUsers');
    const revoked = users.data.find((u) => u.id === text(req.query.dicabut));
    return (
      <UsersPage
        view={view}
        users={users.data}
        now={timestamp(ctx.clock)}
        notice={revoked ? view.t.users.revoked(revoked.name) : undefined}
      />
    );
  });

  pages.page('/pengguna/baru', { section: 'users' }, async ({ view }) => (
    <CreateUserPage view={view} input={{ name: '', role: '', expiresInDays: '' }} />
  ));
  pages.action(
    '/pengguna/baru',
    { operation: 'createUser' },
    async ({ view, req, call }) => {
      const created = await call<UserRow & { token: string }>('createUser', {
        body: createBody(newUserInput(req.body)),
      });
      return <CreatedUserPage view={view} user={created} />;
    },
    {
      refused: async ({ view, req }, problem) => {
        const tf = view.t.users.form;
        const labels = { name: tf.name, role: tf.role, expiresInDays: tf.expires };
        return (
          <CreateUserPage
            view={view}
            input={newUserInput(req.body)}
            refusal={describeAreaProblem(view.t, problem, view.t.users.problems, labels)}
          />
        );
      },
    },
  );

  pages.page('/pengguna/:id/cabut', { section: 'users' }, async ({ view, req, call }) => (
    <RevokeUserPage view={view} user={await userById(call, req.params.id)} />
  ));
  pages.action(
    '/pengguna/:id/cabut',
    { operation: 'revokeUser' },
    async ({ req, call }) => {
      const user = await call<UserRow>('revokeUser', { params: { id: String(req.params.id) } });
      return { redirect: `/pengguna?dicabut=${encodeURIComponent(user.id)}` };
    },
    {
      refused: async ({ view, req, call }, problem) => (
        <RevokeUserPage
          view={view}
          user={await userById(call, req.params.id)}
          refusal={describeAreaProblem(view.t, problem, view.t.users.problems)}
        />
      ),
    },
  );
}
