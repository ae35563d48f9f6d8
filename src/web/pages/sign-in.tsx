import { ErrorSummary, TextField, fieldId } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import type { View } from '../view.js';

export interface SignInProps {
  view: View;
  /** Where to go once signed in (a console path), kept through a refused attempt. */
  next?: string | undefined;
  error?: string | undefined;
  notice?: string | undefined;
}

export function SignInPage({ view, next, error, notice }: SignInProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t.signIn.title}>
      <div class="narrow">
        <ErrorSummary view={view} items={error ? [{ text: error, href: `#${fieldId('token')}` }] : []} />
        {notice ? (
          <p class="notice" role="status">
            {notice}
          </p>
        ) : null}
        <h1>{t.signIn.title}</h1>
        <p class="lead">{t.signIn.intro}</p>
        <form method="post" action="/masuk" novalidate>
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <TextField
            view={view}
            name="token"
            type="password"
            label={t.signIn.tokenLabel}
            hint={t.signIn.tokenHint}
            error={error}
            autocomplete="off"
            spellcheck={false}
          />
          <button type="submit" class="button">
            {t.signIn.submit}
          </button>
        </form>
        <p class="small">{t.signIn.lostToken}</p>
      </div>
    </Layout>
  );
}
