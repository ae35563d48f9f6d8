import { fieldId } from '../../components/forms.js';
import type { View } from '../../view.js';

export interface Option {
  value: string;
  label: string;
}

interface SelectFieldProps {
  view: View;
  /** The API's name for the value, so a refusal finds its field. */
  name: string;
  label: string;
  options: readonly Option[];
  /** The first, empty choice ("Semua", "Pilih program"). */
  empty?: string;
  value?: string | undefined;
  error?: string | undefined;
}

/** A labelled choice with its error message tied to it for screen readers, like TextField. */
export function SelectField({ view, name, label, options, empty, value, error }: SelectFieldProps) {
  const id = fieldId(name);
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label class="field__label" for={id}>
        {label}
      </label>
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
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? 'true' : undefined}
      >
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
