import { Layout } from '../components/layout.js';
import type { View } from '../view.js';

export type ErrorKind = 'notFound' | 'forbidden' | 'csrf' | 'refused' | 'server';

/** The console's own refusal pages: what happened in a sentence and the way back. */
export function ErrorPage({ view, kind, status }: { view: View; kind: ErrorKind; status: number }) {
  const { t } = view;
  const role = view.session ? t.roles[view.session.actor.role] : '';
  const text = {
    notFound: [t.errors.notFoundTitle, t.errors.notFoundBody],
    forbidden: [t.errors.forbiddenTitle, t.errors.forbiddenBody(role)],
    csrf: [t.errors.csrfTitle, t.errors.csrfBody],
    refused: [
      t.errors.refusedTitle,
      (t.problems.byStatus as Record<number, string>)[status] ?? t.problems.fallback,
    ],
    server: [t.errors.serverTitle, t.errors.serverBody],
  }[kind];
  return (
    <Layout view={view} title={text[0]!}>
      <div class="narrow">
        <h1>{text[0]}</h1>
        <p class="lead">{text[1]}</p>
        <p>
          <a href="/">{t.errors.backHome}</a>
        </p>
      </div>
    </Layout>
  );
}
