import type { View } from '../view.js';
import { fieldId } from './forms.js';

export interface Choice {
  value: string;
  label: string;
}

interface SelectFieldProps {
  view: View;
  /** The API's name for the value (`programId`), so a refusal finds its field. */
  name: string;
  label: string;
  choices: readonly Choice[];
  value?: string | undefined;
  /** A first choice with an empty value (`Semua program`, `Pilih…`). */
  empty?: string;
  hint?: string;
  error?: string | undefined;
}

/** A labelled list to choose from, with its hint and error tied to it for screen readers (as TextField). */
export function SelectField({ view, name, label, choices, value, empty, hint, error }: SelectFieldProps) {
  const id = fieldId(name);
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label class="field__label" for={id}>
        {label}
      </label>
      {hint ? (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field__error" id={`${id}-error`}>
          <span class="visually-hidden">{view.t.errorPrefix} </span>
          {error}
        </p>
      ) : null}
      <select
        class="field__input field__select"
        id={id}
        name={name}
        aria-describedby={described || undefined}
        aria-invalid={error ? 'true' : undefined}
      >
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {choices.map((c) => (
          <option key={c.value} value={c.value} selected={c.value === value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}
