import crypto from 'node:crypto';
import type { ComponentChildren } from 'preact';
import { CSRF_FIELD } from '../csrf.js';
import type { View } from '../view.js';

/** The key that makes a money form once-only (routing.ts, `once`): drawn anew each time the form is shown. */
export function OnceField() {
  return <input type="hidden" name="_once" value={crypto.randomUUID()} />;
}

/** Every console form carries the session's CSRF token; before sign-in there is none to carry. */
export function CsrfField({ view }: { view: View }) {
  return view.session ? <input type="hidden" name={CSRF_FIELD} value={view.session.csrfToken} /> : null;
}

export interface SummaryItem {
  text: string;
  /** The field the error is about (`#token`), so the reader can jump to it. */
  href?: string;
}

/**
 * The box at the top of a form that lists what to correct, each item linking to its field (GOV.UK's error
 * summary). console.js moves the focus to it, so a screen reader announces it on arrival.
 */
export function ErrorSummary({ view, items }: { view: View; items: readonly SummaryItem[] }) {
  if (items.length === 0) return null;
  return (
    <div
      class="error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabIndex={-1}
      data-focus-on-load
    >
      <h2 class="error-summary__title" id="error-summary-title">
        {view.t.errorSummaryTitle}
      </h2>
      <ul class="error-summary__list">
        {items.map((item, i) => (
          <li key={i}>{item.href ? <a href={item.href}>{item.text}</a> : item.text}</li>
        ))}
      </ul>
    </div>
  );
}

interface TextFieldProps {
  view: View;
  /** The API's name for the value (`sp2dNumber`, `fundingShares.0.share`), so a refusal finds its field. */
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  type?: 'text' | 'password' | 'search' | 'month' | 'date';
  value?: string;
  autocomplete?: string;
  inputMode?: 'text' | 'numeric';
  spellcheck?: boolean;
  /** A width class from console.css (`field__input--20`) where the expected answer is short. */
  width?: string;
}

/** The element id of a field, derived from its API path so that error links and labels agree. */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

interface FrameProps {
  view: View;
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ComponentChildren;
}

/** What every field shares: its label, hint and error message, each tied to the control by id. */
function FieldFrame({ view, id, label, hint, error, children }: FrameProps) {
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
      {children}
    </div>
  );
}

/** The ids a control is described by: its hint and its error, when it has them. */
export const describedBy = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

/** A labelled input with its hint and error message tied to it for screen readers. */
export function TextField({ view, name, label, hint, error, width, ...input }: TextFieldProps) {
  const id = fieldId(name);
  return (
    <FieldFrame view={view} id={id} label={label} hint={hint} error={error}>
      <input
        class={width ? `field__input ${width}` : 'field__input'}
        // preact's types pair each input type with its own attributes; a field chooses among a few plain ones.
        {...({ type: input.type ?? 'text' } as Record<string, string>)}
        value={input.value}
        autocomplete={input.autocomplete}
        inputMode={input.inputMode}
        spellcheck={input.spellcheck}
        id={id}
        name={name}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </FieldFrame>
  );
}

/**
 * A table that scrolls sideways on its own when the screen is narrow (a phone in a regency office), so
 * the page itself never does. The scrolling region is focusable and named by the caption, so it can be
 * scrolled with the keyboard.
 */
export function DataTable({
  id,
  caption,
  compact = false,
  children,
}: {
  id: string;
  caption: string;
  /** Many columns of figures: a smaller type and headers that wrap, so it fits a 1280-pixel screen. */
  compact?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class="table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table class={compact ? 'table table--compact' : 'table'} id={id}>
        <caption id={`${id}-caption`}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

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
  empty?: string | undefined;
  hint?: string;
  error?: string | undefined;
  /** The element id, where a page holds two fields of one name (a filter and a form). */
  id?: string;
}

/** A labelled list to choose from, with its hint and error tied to it for screen readers (as TextField). */
export function SelectField({ view, name, label, choices, value, empty, hint, error, id }: SelectFieldProps) {
  const elementId = id ?? fieldId(name);
  return (
    <FieldFrame view={view} id={elementId} label={label} hint={hint} error={error}>
      <select
        class="field__input field__select"
        id={elementId}
        name={name}
        aria-describedby={describedBy(elementId, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      >
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {choices.map((c) => (
          <option key={c.value} value={c.value} selected={c.value === value}>
            {c.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
