import type { Program } from '../../../modules/programs/index.js';
import { CsrfField, DataTable, ErrorSummary, fieldId, TextField } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { SelectField } from '../../components/forms.js';

export interface UploadProps {
  view: View;
  programs: Program[];
  input: Record<string, string>;
  refusal: Refusal | null;
}

/**
 * The upload form. Without JavaScript it is a plain multipart form; with htmx it is sent in the background
 * so that the progress bar moves (console.js), and the answer replaces the page as a boosted link would. Its hidden
 * fields come before the file, so that the CSRF token is read before the file streams (multipart.ts).
 */
export function UploadPage({ view, programs, input, refusal }: UploadProps) {
  const w = view.t.beneficiaries.upload;
  const fileId = fieldId('file');
  const fileError = refusal?.byField.file;
  return (
    <Layout view={view} title={w.title}>
      <p class="back">
        <a href="/penerima">← {view.t.beneficiaries.person.back}</a>
      </p>
      <h1>{w.title}</h1>
      <p class="lead">{w.intro}</p>
      {refusal ? <ErrorSummary view={view} items={refusal.summary} /> : null}
      <form
        method="post"
        action="/penerima/unggah"
        enctype="multipart/form-data"
        class="upload-form"
        hx-post="/penerima/unggah"
        hx-encoding="multipart/form-data"
        hx-target="body"
        hx-swap="innerHTML"
        hx-disabled-elt="find button"
        data-swap-refusals
      >
        <CsrfField view={view} />
        <fieldset class="upload-form__enrol">
          <legend>{w.enrolLegend}</legend>
          <SelectField
            view={view}
            name="programId"
            label={view.t.beneficiaries.person.program}
            empty={w.noProgram}
            value={input.programId}
            error={refusal?.byField.programId}
            choices={programs.map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }))}
          />
          <TextField
            view={view}
            name="startPeriod"
            type="month"
            label={w.startPeriod}
            hint={w.startPeriodHint}
            value={input.startPeriod ?? ''}
            error={refusal?.byField.startPeriod}
            width="field__input--month"
          />
        </fieldset>
        <div class={fileError ? 'field field--error' : 'field'}>
          <label class="field__label" for={fileId}>
            {w.file}
          </label>
          <p class="field__hint" id={`${fileId}-hint`}>
            {w.fileHint}
          </p>
          {fileError ? (
            <p class="field__error" id={`${fileId}-error`}>
              <span class="visually-hidden">{view.t.errorPrefix} </span>
              {fileError}
            </p>
          ) : null}
          <input
            class="field__file"
            type="file"
            id={fileId}
            name="file"
            accept=".csv,text/csv"
            aria-describedby={fileError ? `${fileId}-hint ${fileId}-error` : `${fileId}-hint`}
            aria-invalid={fileError ? 'true' : undefined}
          />
        </div>
        <div class="upload-progress">
          <label for="upload-progress">{w.progress}</label>
          <progress id="upload-progress" data-upload-progress max={100} value={0}>
            0%
          </progress>
        </div>
        <button type="submit" class="button">
          {w.submit}
        </button>
      </form>
    </Layout>
  );
}

/** What an upload did, as the result's address tells it. */
export interface UploadOutcome {
  fileName: string;
  created: number;
  enrolled: number;
  rejected: number;
}

/** The rejected lines the API keeps for the uploader (getRejectedBeneficiaryLines), and where to download them. */
export interface RejectedLines {
  url: string;
  lines: { line: number; nik: string; errors: { path: string; message: string }[] }[];
}

/** Rows shown on the page; the download holds every one. */
const SHOWN = 100;

export interface ResultProps {
  view: View;
  outcome: UploadOutcome;
  /** null when the upload rejected nothing, or when its lines are no longer kept. */
  rejected: RejectedLines | null;
}

/** The rejected lines with their reasons, and the links that download them as CSV or XLSX. */
function RejectedTable({ view, rejected }: { view: View; rejected: RejectedLines }) {
  const w = view.t.beneficiaries.upload;
  const { f } = view;
  const lang = `lang=${view.lang}`;
  return (
    <>
      <p class="downloads">
        <a href={`${rejected.url}?format=csv&${lang}`} download>
          {w.downloadRejected}
        </a>{' '}
        <a href={`${rejected.url}?format=xlsx&${lang}`} download>
          {w.downloadRejectedXlsx}
        </a>
      </p>
      {rejected.lines.length > SHOWN ? (
        <p>{w.firstShown(f.count(SHOWN), f.count(rejected.lines.length))}</p>
      ) : null}
      <DataTable id="rejected" caption={w.rejectedCaption}>
        <thead>
          <tr>
            <th scope="col" class="num">
              {w.line}
            </th>
            <th scope="col">{view.t.beneficiaries.columns.nik}</th>
            <th scope="col">{w.reasons}</th>
          </tr>
        </thead>
        <tbody>
          {rejected.lines.slice(0, SHOWN).map((row) => (
            <tr key={row.line}>
              <th scope="row" class="num">
                {row.line}
              </th>
              <td class="nik">{row.nik}</td>
              <td>
                <ul class="reasons">
                  {row.errors.map((e, i) => (
                    <li key={i}>{e.message}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}

/** What an upload did: the counts, and each rejected row with its reasons. */
export function UploadResultPage({ view, outcome, rejected }: ResultProps) {
  const w = view.t.beneficiaries.upload;
  const { f } = view;
  return (
    <Layout view={view} title={w.resultTitle}>
      <p class="back">
        <a href="/penerima">← {view.t.beneficiaries.person.back}</a>
      </p>
      <h1 tabIndex={-1} data-focus-on-load>
        {w.resultTitle}
      </h1>
      <p class="lead">{outcome.fileName}</p>
      <dl class="counts">
        <div class="counts__item">
          <dt>{w.created}</dt>
          <dd>{f.count(outcome.created)}</dd>
        </div>
        <div class="counts__item">
          <dt>{w.enrolled}</dt>
          <dd>{f.count(outcome.enrolled)}</dd>
        </div>
        <div class={outcome.rejected > 0 ? 'counts__item counts__item--bad' : 'counts__item'}>
          <dt>{w.rejected}</dt>
          <dd>{f.count(outcome.rejected)}</dd>
        </div>
      </dl>
      {outcome.rejected === 0 ? (
        <p>{w.allAccepted}</p>
      ) : rejected === null ? (
        <p class="notice">{w.gone}</p>
      ) : (
        <RejectedTable view={view} rejected={rejected} />
      )}
      <p>
        <a href="/penerima/unggah">{w.again}</a>
      </p>
    </Layout>
  );
}
