import type { Beneficiary, Enrolment } from '../../../modules/beneficiaries/index.js';
import type { Obligation } from '../../../modules/billing/index.js';
import type { FundingSource } from '../../../modules/funding-sources/index.js';
import type { Program } from '../../../modules/programs/index.js';
import type { Region } from '../../../modules/regions/index.js';
import { CsrfField, DataTable, ErrorSummary, TextField } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { SelectField } from '../../components/forms.js';
import { END_REASONS } from '../../../modules/beneficiaries/index.js';

export interface PersonDetail extends Beneficiary {
  enrolments: Enrolment[];
  obligationsByPeriod: { period: Obligation['period']; total: string; obligations: Obligation[] }[];
}

/** Which form of the page a refusal belongs to, with what the reader had typed. */
export type PersonForm =
  | { form: 'enrol'; input: Record<string, string>; refusal: Refusal }
  | { form: 'end'; enrolmentId: string; input: Record<string, string>; refusal: Refusal };

export interface PersonProps {
  view: View;
  person: PersonDetail;
  programs: ReadonlyMap<string, Program>;
  sources: ReadonlyMap<string, FundingSource>;
  region: Region | null;
  mayWrite: boolean;
  /** A sentence after a completed action (post/redirect/get), from the query string. */
  notice: string | null;
  refused: PersonForm | null;
  /** The list's filters, so "back" returns to the same page of the list. */
  backQuery: string;
}

function Details({ view, person, region }: PersonProps) {
  const w = view.t.beneficiaries;
  const rows: [string, string][] = [
    [w.columns.nik, person.nik],
    [w.columns.region, region ? `${region.name} (${region.code})` : person.regionCode],
    [w.columns.sector, w.sectors[person.sector]],
    [w.person.occupation, person.occupation ?? w.person.none],
    [w.columns.kpj, person.kpjNumber ?? w.person.none],
    [w.person.phone, person.phone ?? w.person.none],
    [w.columns.registered, view.f.date(person.createdAt)],
  ];
  return (
    <section class="panel" aria-labelledby="details-title">
      <h2 id="details-title">{w.person.details}</h2>
      <dl class="details">
        {rows.map(([term, value]) => (
          <div key={term} class="details__row">
            <dt>{term}</dt>
            <dd class={term === w.columns.nik ? 'nik' : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function EndForm({
  view,
  person,
  enrolment,
  refused,
  label,
}: PersonProps & { enrolment: Enrolment; label: string }) {
  const w = view.t.beneficiaries.person;
  const mine = refused?.form === 'end' && refused.enrolmentId === enrolment.id ? refused : null;
  const suffix = `-${enrolment.id}`;
  return (
    <form
      method="post"
      action={`/penerima/${person.id}/kepesertaan/${enrolment.id}/akhiri`}
      class="inline-form"
      aria-label={label}
    >
      <CsrfField view={view} />
      {mine ? <ErrorSummary view={view} items={mine.refusal.summary} /> : null}
      <TextField
        view={view}
        name={`endPeriod${suffix}`}
        type="month"
        label={w.endPeriod}
        hint={w.endPeriodHint}
        value={mine?.input.endPeriod ?? ''}
        error={mine?.refusal.byField[`endPeriod${suffix}`]}
        width="field__input--month"
      />
      <SelectField
        view={view}
        name={`reason${suffix}`}
        label={w.reason}
        empty={w.chooseReason}
        value={mine?.input.reason}
        error={mine?.refusal.byField[`reason${suffix}`]}
        choices={END_REASONS.map((r) => ({ value: r, label: view.t.beneficiaries.endReasons[r] }))}
      />
      <button type="submit" class="button button--warning">
        {w.endSubmit}
      </button>
    </form>
  );
}

function Enrolments(props: PersonProps) {
  const { view, person, programs, mayWrite } = props;
  const { t, f } = view;
  const w = t.beneficiaries.person;
  const programName = (id: string) => programs.get(id)?.code ?? id;
  return (
    <section class="panel" aria-labelledby="enrolments-title">
      <h2 id="enrolments-title">{w.enrolments}</h2>
      {person.enrolments.length === 0 ? (
        <p>{w.noEnrolments}</p>
      ) : (
        <DataTable id="enrolments" caption={w.enrolmentsCaption}>
          <thead>
            <tr>
              <th scope="col">{w.program}</th>
              <th scope="col">{w.from}</th>
              <th scope="col">{w.to}</th>
              <th scope="col">{w.state}</th>
            </tr>
          </thead>
          <tbody>
            {person.enrolments.map((e) => (
              <tr key={e.id}>
                <th scope="row">{programName(e.programId)}</th>
                <td>{f.month(e.startPeriod)}</td>
                <td>{e.endPeriod ? f.month(e.endPeriod) : w.open}</td>
                <td>{e.endReason ? w.ended(t.beneficiaries.endReasons[e.endReason]) : w.active}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {mayWrite
        ? person.enrolments
            .filter((e) => e.endReason === null)
            .map((e) => {
              const label = w.endFor(programName(e.programId), f.month(e.startPeriod));
              return (
                <details
                  key={e.id}
                  class="action"
                  open={props.refused?.form === 'end' && props.refused.enrolmentId === e.id}
                >
                  <summary>{label}</summary>
                  <EndForm {...props} enrolment={e} label={label} />
                </details>
              );
            })
        : null}
    </section>
  );
}

function EnrolForm({ view, person, programs, refused }: PersonProps) {
  const w = view.t.beneficiaries.person;
  const mine = refused?.form === 'enrol' ? refused : null;
  return (
    <section class="panel" aria-labelledby="enrol-title">
      <h2 id="enrol-title">{w.enrolTitle}</h2>
      <form method="post" action={`/penerima/${person.id}/daftarkan`} class="inline-form">
        <CsrfField view={view} />
        {mine ? <ErrorSummary view={view} items={mine.refusal.summary} /> : null}
        <SelectField
          view={view}
          name="programId"
          label={w.program}
          empty={w.chooseProgram}
          value={mine?.input.programId}
          error={mine?.refusal.byField.programId}
          choices={[...programs.values()].map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }))}
        />
        <TextField
          view={view}
          name="startPeriod"
          type="month"
          label={w.startPeriod}
          value={mine?.input.startPeriod ?? ''}
          error={mine?.refusal.byField.startPeriod}
          width="field__input--month"
        />
        <TextField
          view={view}
          name="endPeriod"
          type="month"
          label={w.lastPeriod}
          hint={w.lastPeriodHint}
          value={mine?.input.endPeriod ?? ''}
          error={mine?.refusal.byField.endPeriod}
          width="field__input--month"
        />
        <button type="submit" class="button">
          {w.enrolSubmit}
        </button>
      </form>
    </section>
  );
}

function Obligations({ view, person, programs, sources }: PersonProps) {
  const { t, f } = view;
  const w = t.beneficiaries.person;
  return (
    <section class="panel" aria-labelledby="obligations-title">
      <h2 id="obligations-title">{w.obligations}</h2>
      {person.obligationsByPeriod.length === 0 ? (
        <p>{w.noObligations}</p>
      ) : (
        <DataTable id="obligations" caption={w.obligationsCaption}>
          <thead>
            <tr>
              <th scope="col">{w.month}</th>
              <th scope="col">{w.program}</th>
              <th scope="col">{w.source}</th>
              <th scope="col">{w.kind}</th>
              <th scope="col" class="num">
                {w.amount}
              </th>
              <th scope="col">{w.status}</th>
            </tr>
          </thead>
          {person.obligationsByPeriod.map((month) => (
            <tbody key={month.period} class="month-group">
              {month.obligations.map((o, i) => (
                <tr key={o.id}>
                  {i === 0 ? (
                    <th scope="rowgroup" rowSpan={month.obligations.length}>
                      {f.month(month.period)}
                      <span class="month-group__total">{w.monthTotal(f.money(month.total))}</span>
                    </th>
                  ) : null}
                  <td>{programs.get(o.programId)?.code ?? o.programId}</td>
                  <td>{sources.get(o.fundingSourceId)?.code ?? o.fundingSourceId}</td>
                  <td>{t.beneficiaries.kinds[o.kind]}</td>
                  <td class="num">{f.money(o.amount)}</td>
                  <td>
                    <span class={`status status--${o.status}`}>
                      {t.beneficiaries.obligationStatuses[o.status]}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </DataTable>
      )}
    </section>
  );
}

export function PersonPage(props: PersonProps) {
  const { view, person } = props;
  const w = view.t.beneficiaries.person;
  return (
    <Layout view={view} title={person.name}>
      <p class="back">
        <a href={`/penerima${props.backQuery ? `?${props.backQuery}` : ''}`}>← {w.back}</a>
      </p>
      <h1>{person.name}</h1>
      {props.notice ? (
        <p class="notice notice--success" role="status">
          {props.notice}
        </p>
      ) : null}
      <Details {...props} />
      <Enrolments {...props} />
      {props.mayWrite ? <EnrolForm {...props} /> : null}
      <Obligations {...props} />
    </Layout>
  );
}
