import type { Program } from '../../../modules/programs/index.js';
import { CsrfField, ErrorSummary, OnceField, TextField, fieldId } from '../../components/forms.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { ProgramSelect } from './list.js';

export interface UploadValues {
  programId: string;
  period: string;
}

/**
 * The upload of an insurer statement. Without JavaScript it is a plain multipart form; with it, htmx sends
 * it and console.js fills the progress bar as the file goes, and shows a refusal in place. The hidden
 * fields come before the file, as src/web/multipart.ts reads the form up to its file.
 */
export function UploadForm({
  view,
  programs,
  values,
  refusal,
}: {
  view: View;
  programs: Program[];
  values: UploadValues;
  refusal?: Refusal | undefined;
}) {
  const u = view.t.reconciliation.upload;
  const fileId = fieldId('file');
  return (
    <section class="panel" aria-labelledby="upload-title">
      <h2 id="upload-title">{u.title}</h2>
      {refusal ? <ErrorSummary view={view} items={refusal.summary} /> : null}
      <p>{u.intro}</p>
      <form
        method="post"
        action="/rekonsiliasi/unggah"
        enctype="multipart/form-data"
        class="upload-form"
        hx-post="/rekonsiliasi/unggah"
        hx-encoding="multipart/form-data"
        hx-target="main"
        hx-select="main"
        hx-swap="outerHTML"
        hx-disabled-elt="find button"
        data-swap-refusals
      >
        <CsrfField view={view} />
        <OnceField />
        <ProgramSelect
          view={view}
          programs={programs}
          value={values.programId}
          error={refusal?.byField.programId}
        />
        <TextField
          view={view}
          name="period"
          type="month"
          label={view.t.reconciliation.period}
          value={values.period}
          error={refusal?.byField.period}
          width="field__input--month"
        />
        <div class={refusal?.byField.file ? 'field field--error' : 'field'}>
          <label class="field__label" for={fileId}>
            {u.file}
          </label>
          <p class="field__hint" id={`${fileId}-hint`}>
            {u.fileHint}
          </p>
          {refusal?.byField.file ? (
            <p class="field__error" id={`${fileId}-error`}>
              <span class="visually-hidden">{view.t.errorPrefix} </span>
              {refusal.byField.file}
            </p>
          ) : null}
          <input
            class="field__input"
            type="file"
            id={fileId}
            name="file"
            accept=".csv,text/csv"
            aria-describedby={refusal?.byField.file ? `${fileId}-hint ${fileId}-error` : `${fileId}-hint`}
          />
        </div>
        <div class="upload-form__progress htmx-indicator">
          <label for="upload-progress">{u.progress}</label>
          <progress id="upload-progress" max="100" value="0" data-upload-progress></progress>
        </div>
        <button type="submit" class="button">
          {u.submit}
        </button>
      </form>
    </section>
  );
}
