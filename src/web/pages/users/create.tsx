import { ROLES } from '../../../shared/context.js';
import { CsrfField, ErrorSummary, fieldId, TextField } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';

export interface NewUserInput {
  name: string;
  role: string;
  expiresInDays: string;
}

export interface CreateUserProps {
  view: View;
  input: NewUserInput;
  refusal?: Refusal | undefined;
}

function RoleChoice({ view, value, error }: { view: View; value: string; error: string | undefined }) {
  const tf = view.t.users.form;
  const id = fieldId('role');
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <fieldset class="users-choices" id={id} aria-describedby={error ? `${id}-error` : undefined}>
        <legend class="field__label">{tf.role}</legend>
        {error ? (
          <p class="field__error" id={`${id}-error`}>
            <span class="visually-hidden">{view.t.errorPrefix} </span>
            {error}
          </p>
        ) : null}
        {ROLES.map((role) => (
          <div class="users-choice" key={role}>
            <input
              type="radio"
              name="role"
              value={role}
              id={`${id}-${role}`}
              checked={value === role}
              aria-describedby={`${id}-${role}-help`}
            />
            <label for={`${id}-${role}`}>{view.t.roles[role]}</label>
            <span class="users-choice__help" id={`${id}-${role}-help`}>
              {tf.roleHelp[role]}
            </span>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

/** The form that creates a user; the token follows on the next page, once. */
export function CreateUserPage({ view, input, refusal }: CreateUserProps) {
  const tf = view.t.users.form;
  return (
    <Layout view={view} title={tf.title}>
      <div class="narrow">
        <ErrorSummary view={view} items={refusal?.summary ?? []} />
        <h1>{tf.title}</h1>
        <p class="lead">{tf.intro}</p>
        <form method="post" action="/pengguna/baru" novalidate>
          <CsrfField view={view} />
          <TextField
            view={view}
            name="name"
            label={tf.name}
            hint={tf.nameHint}
            value={input.name}
            error={refusal?.byField.name}
            autocomplete="off"
          />
          <RoleChoice view={view} value={input.role} error={refusal?.byField.role} />
          <TextField
            view={view}
            name="expiresInDays"
            label={tf.expires}
            hint={tf.expiresHint}
            value={input.expiresInDays}
            error={refusal?.byField.expiresInDays}
            inputMode="numeric"
            width="users-days"
          />
          <div class="users-buttons">
            <button type="submit" class="button">
              {tf.submit}
            </button>
            <a href="/pengguna">{tf.cancel}</a>
          </div>
        </form>
      </div>
    </Layout>
  );
}
