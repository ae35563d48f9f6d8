import type { arrearsReport } from '../../../modules/reports/index.js';
import type { Period } from '../../../shared/period.js';
import { DataTable, TextField } from '../../components/forms.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { Downloads, REPORT_PATHS, ReportFilters, ReportFrame } from './frame.js';

export type ArrearsReport = Awaited<ReturnType<typeof arrearsReport>>;

export interface ArrearsQuery {
  asOf: string;
  minMonths: string;
}

function Months({ view, report }: { view: View; report: ArrearsReport }) {
  const { t, f } = view;
  const c = t.reports.arrears.columns;
  if (report.periods.length === 0) return <p>{t.reports.arrears.noPeriods}</p>;
  return (
    <DataTable
      id="arrears-months"
      caption={t.reports.arrears.periodsCaption(f.month(report.asOf as Period))}
      compact
    >
      <thead>
        <tr>
          <th scope="col">{c.program}</th>
          <th scope="col">{c.fundingSource}</th>
          <th scope="col">{c.period}</th>
          <th scope="col" class="num">
            {c.billed}
          </th>
          <th scope="col" class="num">
            {c.paid}
          </th>
          <th scope="col" class="num">
            {c.outstanding}
          </th>
        </tr>
      </thead>
      <tbody>
        {report.periods.map((p) => (
          <tr key={`${p.programId}-${p.fundingSourceId}-${p.period}`}>
            <th scope="row">{p.programCode}</th>
            <td>{p.fundingSourceCode}</td>
            <td>{f.month(p.period as Period)}</td>
            <td class="num">{f.money(p.billed)}</td>
            <td class="num">{f.money(p.paid)}</td>
            <td class="num">{f.money(p.outstanding)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

function Members({ view, report, minMonths }: { view: View; report: ArrearsReport; minMonths: number }) {
  const { t, f } = view;
  const c = t.reports.arrears.columns;
  if (report.beneficiaries.length === 0) return <p>{t.reports.arrears.noBeneficiaries}</p>;
  const codes = new Map(report.periods.map((p) => [p.programId, p.programCode]));
  return (
    <>
      <DataTable id="arrears-members" caption={t.reports.arrears.beneficiariesCaption(minMonths)} compact>
        <thead>
          <tr>
            <th scope="col">{c.nik}</th>
            <th scope="col">{c.name}</th>
            <th scope="col">{c.program}</th>
            <th scope="col">{c.region}</th>
            <th scope="col" class="num">
              {c.unpaidMonths}
            </th>
            <th scope="col">{c.oldest}</th>
            <th scope="col" class="num">
              {c.amount}
            </th>
            <th scope="col">{c.risk}</th>
          </tr>
        </thead>
        <tbody>
          {report.beneficiaries.map((b) => (
            <tr key={`${b.beneficiaryId}-${b.programId}`} class={b.deactivationRisk ? 'at-risk' : undefined}>
              <th scope="row" class="nik">
                {b.nik}
              </th>
              <td>{b.name}</td>
              <td>{codes.get(b.programId) ?? b.programId}</td>
              <td>{b.regionCode}</td>
              <td class="num">{f.count(b.unpaidMonths)}</td>
              <td>{f.month(b.oldestUnpaidPeriod as Period)}</td>
              <td class="num">{f.money(b.amount)}</td>
              <td>{b.deactivationRisk ? <strong>{t.reports.yes}</strong> : t.reports.no}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <p class="small">{t.reports.arrears.riskNote}</p>
    </>
  );
}

/** Tunggakan: the billed months not fully paid, and the members whose membership is at risk. */
export function ArrearsPage({
  view,
  query,
  report,
  refusal,
}: {
  view: View;
  query: ArrearsQuery;
  report: ArrearsReport | null;
  refusal?: Refusal | undefined;
}) {
  const { t, f } = view;
  const words = t.reports.arrears;
  return (
    <ReportFrame
      view={view}
      tab="arrears"
      title={words.title}
      subtitle={report ? words.subtitle(f.month(report.asOf as Period)) : undefined}
      refusal={refusal}
    >
      <ReportFilters view={view} action={REPORT_PATHS.arrears}>
        <TextField
          view={view}
          name="asOf"
          type="month"
          label={words.asOf}
          value={query.asOf}
          error={refusal?.byField.asOf}
          width="field__input--month"
        />
        <TextField
          view={view}
          name="minMonths"
          label={words.minMonths}
          value={query.minMonths}
          error={refusal?.byField.minMonths}
          inputMode="numeric"
          width="field__input--short"
        />
      </ReportFilters>
      {report ? (
        <>
          <Downloads
            view={view}
            apiPath="/reports/arrears"
            what={words.title}
            query={{ asOf: report.asOf, minMonths: query.minMonths }}
          />
          <Months view={view} report={report} />
          <Members view={view} report={report} minMonths={Number(query.minMonths)} />
        </>
      ) : null}
    </ReportFrame>
  );
}
