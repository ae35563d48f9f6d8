import type { Beneficiary, Enrolment } from '../../../modules/beneficiaries/index.js';
import type { Obligation } from '../../../modules/billing/index.js';
import type { FundingSource } from '../../../modules/funding-sources/index.js';
import type { Overpayment } from '../../../modules/life-events/index.js';
import type { Program } from '../../../modules/programs/index.js';
import type { Region } from '../../../modules/regions/index.js';
import { Decimal } from '../../../shared/money.js';
import type { Period } from '../../../shared/period.js';
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

/**
 * What ending an enrolment did to one month and funding source already billed after it: its obligations
 * cancelled, and what was paid for them turned into an overpayment (null where the month was unpaid).
 */
export interface EndEffect {
  period: Period;
  fundingSourceId: string;
  cancelled: string;
  overpaid: string | null;
}

/**
 * The effects of an end, from the ids of the obligations the API said it settled (`affected`): each is looked
 * up among the person's cancelled obligations, so the page states amounts as the database holds them, and
 * its month is overpaid where one of the person's overpayments names one of them.
 */
export function endEffects(
  person: PersonDetail,
  overpayments: readonly Overpayment[],
  obligationIds: readonly string[],
): EndEffect[] {
  const wanted = new Set(obligationIds);
  const groups = new Map<string, Obligation[]>();
  for (const month of person.obligationsByPeriod) {
    for (const o of month.obligations) {
      if (!wanted.has(o.id) || o.status !== 'cancelled') continue;
      const key = `${o.period} ${o.fundingSourceId}`;
      groups.set(key, [...(groups.get(key) ?? []), o]);
    }
  }
  return [...groups.values()].map((group) => {
    const ids = new Set(group.map((o) => o.id));
    const claim = overpayments.find((op) => ids.has(op.obligationId));
    return {
      period: group[0]!.period,
      fundingSourceId: group[0]!.fundingSourceId,
      cancelled: group.reduce((acc, o) => acc.plus(o.amount), new Decimal(0)).toFixed(0),
      overpaid: claim?.amount ?? null,
    };
  });
}

export interface PersonProps {
  view: View;
  person: PersonDetail;
  overpayments: readonly Overpayment[];
  programs: ReadonlyMap<string, Program>;
  sources: ReadonlyMap<string, FundingSource>;
  region: Region | null;
  mayWrite: boolean;
  /** A sentence after a completed action (post/redirect/get), from the query string. */
  notice: string | null;
  /** After an enrolment was ended: what it did to the months already billed after its end. */
  ended: EndEffect[] | null;
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

/** The months named in a sentence: `September 2026, Oktober 2026`, each once, in order. */
const monthsOf = (view: View, effects: EndEffect[]) =>
  [...new Set(effects.map((e) => e.period))].map((p) => view.f.month(p)).join(', ');

/** What the end just did: a sentence for each outcome, and the months and amounts in a table. */
function EndedNotice({ view, ended, sources }: PersonProps & { ended: EndEffect[] }) {
  const { f } = view;
  const w = view.t.beneficiaries.person;
  const cancelled = ended.filter((e) => e.overpaid === null);
  const overpaid = ended.filter((e) => e.overpaid !== null);
  const sum = (values: (string | null)[]) =>
    values.reduce((acc: Decimal, v) => (v === null ? acc : acc.plus(v)), new Decimal(0)).toFixed(0);
  return (
    <>
      <div class="notice notice--success notice--ended" role="status">
        <p>{w.endedNotice}</p>
        {cancelled.length > 0 ? <p>{w.endedCancelled(monthsOf(view, cancelled))}</p> : null}
        {overpaid.length > 0 ? <p>{w.endedOverpaid(monthsOf(view, overpaid))}</p> : null}
      </div>
      <section class="panel" aria-labelledby="effects-title">
        <h2 id="effects-title">{w.effectsTitle}</h2>
        <DataTable id="end-effects" caption={w.effectsCaption}>
          <thead>
            <tr>
              <th scope="col">{w.month}</th>
              <th scope="col">{w.source}</th>
              <th scope="col" class="num">
                {w.effectCancelled}
              </th>
              <th scope="col" class="num">
                {w.effectOverpaid}
              </th>
            </tr>
          </thead>
          <tbody>
            {ended.map((e) => (
              <tr key={`${e.period} ${e.fundingSourceId}`}>
                <th scope="row">{f.month(e.period)}</th>
                <td>{sources.get(e.fundingSourceId)?.code ?? e.fundingSourceId}</td>
                <td class="num">{f.money(e.cancelled)}</td>
                <td class="num">{e.overpaid === null ? w.none : f.money(e.overpaid)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                {w.effectsTotal}
              </th>
              <td class="num">{f.money(sum(ended.map((e) => e.cancelled)))}</td>
              <td class="num">{f.money(sum(ended.map((e) => e.overpaid)))}</td>
            </tr>
          </tfoot>
        </DataTable>
        <p>{w.effectsExplained}</p>
        {overpaid.length > 0 ? (
          <p>
            <a href="#lebih-bayar">{w.seeOverpayments}</a>
          </p>
        ) : null}
      </section>
    </>
  );
}

/** The person's overpayments: claims on the insurer for months paid and no longer owed, open or settled. */
function Overpayments({ view, overpayments, programs, sources }: PersonProps) {
  const { t, f } = view;
  const w = t.beneficiaries.person;
  const state = (op: Overpayment) =>
    op.settlement === null
      ? w.overpaymentOpen
      : w.overpaymentSettled[op.settlement.method](op.settlement.documentRef);
  return (
    <section class="panel" id="lebih-bayar" aria-labelledby="overpayments-title">
      <h2 id="overpayments-title">{w.overpayments}</h2>
      <p>{w.overpaymentsIntro}</p>
      <DataTable id="overpayments" caption={w.overpaymentsCaption}>
        <thead>
          <tr>
            <th scope="col">{w.month}</th>
            <th scope="col">{w.program}</th>
            <th scope="col">{w.source}</th>
            <th scope="col" class="num">
              {w.amount}
            </th>
            <th scope="col">{w.status}</th>
          </tr>
        </thead>
        <tbody>
          {overpayments.map((op) => (
            <tr key={op.id}>
              <th scope="row">{f.month(op.period)}</th>
              <td>{programs.get(op.programId)?.code ?? op.programId}</td>
              <td>{sources.get(op.fundingSourceId)?.code ?? op.fundingSourceId}</td>
              <td class="num">{f.money(op.amount)}</td>
              <td>{state(op)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
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
      {props.ended && props.ended.length > 0 ? (
        <EndedNotice {...props} ended={props.ended} />
      ) : props.notice ? (
        <p class="notice notice--success" role="status">
          {props.notice}
        </p>
      ) : null}
      <Details {...props} />
      <Enrolments {...props} />
      {props.mayWrite ? <EnrolForm {...props} /> : null}
      <Obligations {...props} />
      {props.overpayments.length > 0 ? <Overpayments {...props} /> : null}
    </Layout>
  );
}
