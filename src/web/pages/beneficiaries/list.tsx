import type { Beneficiary } from '../../../modules/beneficiaries/index.js';
import type { Program } from '../../../modules/programs/index.js';
import type { Region } from '../../../modules/regions/index.js';
import { DataTable, ErrorSummary, TextField } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { SelectField } from '../../components/forms.js';

/** The list's filters as the query string carries them (each one the API's own name for it). */
export interface ListFilters {
  q?: string | undefined;
  programId?: string | undefined;
  regionCode?: string | undefined;
  status?: string | undefined;
  period?: string | undefined;
}

export const FILTER_NAMES = ['q', 'programId', 'regionCode', 'status', 'period'] as const;

export interface ListProps {
  view: View;
  filters: ListFilters;
  rows: Beneficiary[];
  programs: Program[];
  regions: Region[];
  refusal: Refusal | null;
  /** Links to the neighbouring pages, keeping the filters; null where there is none. */
  previous: string | null;
  next: string | null;
  mayUpload: boolean;
  masked: boolean;
}

export const queryOf = (filters: ListFilters, extra: Record<string, string> = {}) => {
  const entries = Object.entries({ ...filters, ...extra }).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
  );
  return new URLSearchParams(entries).toString();
};

function Filters({ view, filters, programs, regions, refusal, masked }: ListProps) {
  const w = view.t.beneficiaries;
  const error = (name: string) => refusal?.byField[name];
  return (
    <form method="get" action="/penerima" class="filters" role="search">
      <fieldset>
        <legend class="filters__legend">{w.filters.legend}</legend>
        <div class="filters__grid">
          <TextField
            view={view}
            name="q"
            type="search"
            label={w.filters.q}
            // A role that sees NIKs masked finds a NIK only whole (a prefix would unmask it digit by digit).
            hint={masked ? w.filters.qHintMasked : w.filters.qHint}
            value={filters.q ?? ''}
            error={error('q')}
            spellcheck={false}
          />
          <SelectField
            view={view}
            name="programId"
            label={w.filters.program}
            empty={w.filters.any}
            value={filters.programId}
            error={error('programId')}
            choices={programs.map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }))}
          />
          <SelectField
            view={view}
            name="regionCode"
            label={w.filters.region}
            empty={w.filters.any}
            value={filters.regionCode}
            error={error('regionCode')}
            choices={regions
              .filter((r) => r.level !== 'province')
              .map((r) => ({ value: r.code, label: r.name }))}
          />
          <SelectField
            view={view}
            name="status"
            label={w.filters.status}
            empty={w.filters.any}
            value={filters.status}
            error={error('status')}
            choices={(['active', 'inactive'] as const).map((s) => ({ value: s, label: w.statuses[s] }))}
          />
          <TextField
            view={view}
            name="period"
            type="month"
            label={w.filters.period}
            hint={w.filters.periodHint}
            value={filters.period ?? ''}
            error={error('period')}
            width="field__input--month"
          />
        </div>
        <div class="filters__actions">
          <button type="submit" class="button">
            {w.filters.submit}
          </button>
          <a href="/penerima">{w.filters.reset}</a>
        </div>
      </fieldset>
    </form>
  );
}

function Paging({ view, previous, next }: Pick<ListProps, 'view' | 'previous' | 'next'>) {
  const w = view.t.beneficiaries.paging;
  if (previous === null && next === null) return null;
  return (
    <nav class="paging" aria-label={w.label}>
      {previous !== null ? (
        <a href={previous} rel="prev">
          ← {w.previous}
        </a>
      ) : null}
      {next !== null ? (
        <a href={next} rel="next">
          {w.next} →
        </a>
      ) : null}
    </nav>
  );
}

export function BeneficiaryList(props: ListProps) {
  const { view, rows, regions, filters } = props;
  const { t, f } = view;
  const w = t.beneficiaries;
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  const query = queryOf(filters);
  const download = (format: string) =>
    `/api/v1/beneficiaries?${queryOf(filters, { format, lang: view.lang })}`;
  return (
    <Layout view={view} title={w.title}>
      <div class="page-head">
        <h1>{w.title}</h1>
        {props.mayUpload ? (
          <a class="button" href="/penerima/unggah">
            {w.uploadLink}
          </a>
        ) : null}
      </div>
      <p class="lead">{w.intro}</p>
      {props.refusal ? <ErrorSummary view={view} items={props.refusal.summary} /> : null}
      <Filters {...props} />
      {props.masked ? <p class="notice">{w.maskedNote}</p> : null}
      {rows.length === 0 ? (
        <p class="empty">{w.none}</p>
      ) : (
        <>
          <DataTable id="beneficiaries" caption={w.caption}>
            <thead>
              <tr>
                <th scope="col">{w.columns.nik}</th>
                <th scope="col">{w.columns.name}</th>
                <th scope="col">{w.columns.region}</th>
                <th scope="col">{w.columns.sector}</th>
                <th scope="col">{w.columns.kpj}</th>
                <th scope="col">{w.columns.registered}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr key={b.id}>
                  <td class="nik">{b.nik}</td>
                  <th scope="row">
                    <a href={`/penerima/${b.id}${query ? `?${query}` : ''}`}>{b.name}</a>
                  </th>
                  <td>{regionName.get(b.regionCode) ?? b.regionCode}</td>
                  <td>{w.sectors[b.sector]}</td>
                  <td>{b.kpjNumber ?? '–'}</td>
                  <td>{f.date(b.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <Paging view={view} previous={props.previous} next={props.next} />
          <p class="downloads">
            <a href={download('csv')}>{w.download}</a>
            <a href={download('xlsx')}>{w.downloadXlsx}</a>
          </p>
        </>
      )}
    </Layout>
  );
}
