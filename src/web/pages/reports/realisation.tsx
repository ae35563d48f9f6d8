import type { FundingSource } from '../../../modules/funding-sources/index.js';
import type { RealisationReport } from '../../../modules/reports/index.js';
import { DataTable, TextField, fieldId } from '../../components/forms.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { Downloads, REPORT_PATHS, ReportFilters, ReportFrame, decimalOf, moneyOr } from './frame.js';

export interface RealisationQuery {
  fundingSourceId: string;
  fiscalYear: string;
  asOf: string;
}

const MONEY = ['original', 'amended', 'realisedThisMonth', 'realisedToDate', 'remaining'] as const;

function RealisationTable({ view, report }: { view: View; report: RealisationReport }) {
  const { t, f } = view;
  const words = t.reports.realisation;
  const c = words.columns;
  const cells = (row: RealisationReport['total']) => (
    <>
      {MONEY.map((key) => (
        <td key={key} class={row[key]?.startsWith('-') ? 'num negative' : 'num'}>
          {moneyOr(view, row[key])}
        </td>
      ))}
      <td class="num">{row.percent === null ? t.reports.none : decimalOf(view, row.percent)}</td>
    </>
  );
  return (
    <DataTable id="realisation-table" caption={words.caption(report.fiscalYear, f.date(report.asOf))} compact>
      <thead>
        <tr>
          <th scope="col">{c.account}</th>
          <th scope="col">{c.description}</th>
          {MONEY.map((key) => (
            <th key={key} scope="col" class="num">
              {c[key]}
            </th>
          ))}
          <th scope="col" class="num">
            {c.percent}
          </th>
        </tr>
      </thead>
      <tbody>
        {report.rows.map((row) => (
          <tr key={`${row.programId}-${row.benefit ?? 'line'}`}>
            <td>{row.accountCode ?? t.reports.none}</td>
            <th scope="row">
              {row.benefit === null ? `${row.programCode} ${row.programName}` : words.benefit(row.benefit)}
            </th>
            {cells(row)}
          </tr>
        ))}
        <tr class="total">
          <td />
          <th scope="row">{t.reports.total}</th>
          {cells(report.total)}
        </tr>
      </tbody>
    </DataTable>
  );
}

/** Realisasi anggaran: a funding source's LRA, cash-based, per programme and kode rekening. */
export function RealisationPage({
  view,
  query,
  sources,
  report,
  refusal,
}: {
  view: View;
  query: RealisationQuery;
  sources: FundingSource[];
  report: RealisationReport | null;
  refusal?: Refusal | undefined;
}) {
  const { t, f } = view;
  const words = t.reports.realisation;
  return (
    <ReportFrame
      view={view}
      tab="realisation"
      title={words.title}
      subtitle={
        report ? words.subtitle(report.fundingSourceName, report.fiscalYear, f.date(report.asOf)) : undefined
      }
      refusal={refusal}
    >
      <p class="lead">{words.intro}</p>
      <ReportFilters view={view} action={REPORT_PATHS.realisation}>
        <div class="field">
          <label class="field__label" for={fieldId('fundingSourceId')}>
            {words.source}
          </label>
          <select class="field__input" id={fieldId('fundingSourceId')} name="fundingSourceId">
            {sources.map((s) => (
              <option key={s.id} value={s.id} selected={s.id === query.fundingSourceId}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        </div>
        <TextField
          view={view}
          name="fiscalYear"
          label={words.fiscalYear}
          value={query.fiscalYear}
          error={refusal?.byField.fiscalYear}
          inputMode="numeric"
          width="field__input--short"
        />
        <TextField
          view={view}
          name="asOf"
          type="date"
          label={words.asOf}
          hint={words.asOfHint}
          value={query.asOf}
          error={refusal?.byField.asOf}
        />
      </ReportFilters>
      {report && report.rows.length === 0 ? <p>{t.reports.empty}</p> : null}
      {report && report.rows.length > 0 ? (
        <>
          <Downloads
            view={view}
            apiPath="/reports/realisation"
            what={words.title}
            query={{
              fundingSourceId: report.fundingSourceId,
              fiscalYear: String(report.fiscalYear),
              asOf: report.asOf,
            }}
          />
          <RealisationTable view={view} report={report} />
        </>
      ) : null}
    </ReportFrame>
  );
}
