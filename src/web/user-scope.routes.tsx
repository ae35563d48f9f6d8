import { notFound } from '../shared/errors.js';
import { SCOPE_AXES } from '../modules/users/index.js';
import { UserScopePage, type ScopedUser } from './pages/user-scope.js';
import { describeProblem } from './problem-text.js';
import type { PageInput, Pages } from './routing.js';

type List<T> = { data: T[] };
interface Chosen {
  fundingSourceIds: string[];
  regionCodes: string[];
}

/** A form's checkboxes: none, one (a string) or several (an array) values under one name. */
const values = (raw: unknown): string[] =>
  (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (v): v is string => typeof v === 'string',
  );

/** The user, the choices the page offers and the page itself, as the API answers them to the admin. */
async function render(
  input: PageInput,
  chosen: Chosen | null,
  extra: { errors?: ReturnType<typeof describeProblem>; saved?: boolean } = {},
) {
  const { view, req, call } = input;
  const [users, sources, regions] = await Promise.all([
    call<List<ScopedUser>>('listUsers'),
    call<List<{ id: string; code: string; name: string }>>('listFundingSources', {
      query: { limit: '1000' },
    }),
    call<List<{ code: string; name: string; level: string }>>('listRegions'),
  ]);
  const user = users.data.find((u) => u.id === String(req.params.id));
  if (!user) throw notFound('user');
  return (
    <UserScopePage
      view={view}
      user={user}
      axes={SCOPE_AXES[user.role]}
      sources={sources.data}
      regions={regions.data.filter((r) => r.level !== 'province')}
      chosen={
        chosen ?? {
          fundingSourceIds: user.scope.fundingSourceIds ?? [],
          regionCodes: user.scope.regionCodes ?? [],
        }
      }
      errors={extra.errors?.summary}
      saved={extra.saved}
    />
  );
}

/** Pengguna › Cakupan: an admin views and sets the funding sources and regions a user is limited to. */
export function registerUserScopeRoutes(pages: Pages): void {
  pages.page('/pengguna/:id/cakupan', { section: 'users' }, (input) =>
    render(input, null, { saved: input.req.query.disimpan === '1' }),
  );
  const chosenOf = (input: PageInput): Chosen => {
    const form = input.req.body as Record<string, unknown>;
    return { fundingSourceIds: values(form.fundingSourceIds), regionCodes: values(form.regionCodes) };
  };
  pages.action(
    '/pengguna/:id/cakupan',
    { operation: 'setUserScope' },
    async (input) => {
      const { fundingSourceIds, regionCodes } = chosenOf(input);
      // An axis with nothing chosen is left out: the user is not limited on it.
      await input.call('setUserScope', {
        params: { id: String(input.req.params.id) },
        body: {
          ...(fundingSourceIds.length > 0 ? { fundingSourceIds } : {}),
          ...(regionCodes.length > 0 ? { regionCodes } : {}),
        },
      });
      return { redirect: `/pengguna/${encodeURIComponent(String(input.req.params.id))}/cakupan?disimpan=1` };
    },
    {
      refused: (input, problem) =>
        render(input, chosenOf(input), {
          errors: describeProblem(input.view.t, problem, {
            fundingSourceIds: input.view.t.scope.sourcesLegend,
            regionCodes: input.view.t.scope.regionsLegend,
          }),
        }),
    },
  );
}
