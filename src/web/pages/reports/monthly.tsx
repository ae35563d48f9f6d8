import type { FundingSource } from '../../../modules/funding-sources/index.js';
import type { Period } from '../../../shared/period.js';
import { TextField, fieldId } from '../../components/forms.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { exportUrl, REPORT_PATHS, ReportFilters, ReportFrame } from './frame.js';

export interface MonthlyQuery {
  fundingSourceId: string;
  period: string;
}

/**
 * Laporan bulanan: the printable statement of a funding source for a month. The document itself is the
 * API's (PDF, or a self-contained page to print); this page chooses it and links to both.
 */
export function MonthlyPage({
  view,
  query,
  sources,
  chosen,
  refusal,
}: {
  view: View;
  query: MonthlyQuery;
  sources: FundingSource[];
  /** The source and month once both are chosen and valid. */
  chosen: { source: FundingSource; period: Period } | null;
  refusal?: Refusal | undefined;
}) {
  const { t, f } = view;
  const words = t.reports.monthly;
  const link = (format: string) =>
    exportUrl(
      '/reports/monthly-statement',
      { fundingSourceId: chosen?.source.id, period: chosen?.period },
      format,
      view.lang,
    );
  return (
    <ReportFrame view={view} tab="monthly" title={words.title} refusal={refusal}>
      <p class="lead">{words.intro}</p>
      <ReportFilters view={view} action={REPORT_PATHS.monthly}>
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
          name="period"
          type="month"
          label={words.period}
          value={query.period}
          error={refusal?.byField.period}
          width="field__input--month"
        />
      </ReportFilters>
      {chosen ? (
        <section class="panel" aria-labelledby="monthly-ready">
          <h2 id="monthly-ready">{words.ready(chosen.source.name, f.month(chosen.period))}</h2>
          <ul class="report-links">
            <li>
              <a href={link('pdf')}>{words.pdf}</a>
            </li>
            <li>
              <a href={link('html')}>{words.html}</a>
            </li>
          </ul>
        </section>
      ) : (
        <p>{words.choose}</p>
      )}
    </ReportFrame>
  );
}
