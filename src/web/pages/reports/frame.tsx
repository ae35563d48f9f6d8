import type { ComponentChildren } from 'preact';
import type { Lang } from '../../../shared/i18n.js';
import { ErrorSummary } from '../../components/forms.js';
import { Layout } from '../../components/layout.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';

export type ReportTab = 'totals' | 'arrears' | 'coverage' | 'burn' | 'realisation' | 'monthly';

/** Each report's own address, so a report with its options can be bookmarked and shared. */
export const REPORT_PATHS: Record<ReportTab, string> = {
  totals: '/laporan/total',
  arrears: '/laporan/tunggakan',
  coverage: '/laporan/cakupan',
  burn: '/laporan/serapan',
  realisation: '/laporan/realisasi',
  monthly: '/laporan/bulanan',
};

export const REPORT_TABS = Object.keys(REPORT_PATHS) as ReportTab[];

/** The API's own download of a report: the same query with `format` and `lang`, sent with the session cookie. */
export function exportUrl(
  apiPath: string,
  query: Record<string, string | undefined>,
  format: string,
  lang: Lang,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  params.set('format', format);
  params.set('lang', lang);
  return `/api/v1${apiPath}?${params.toString()}`;
}

/** Links to the CSV and XLSX downloads of a report's table. */
export function Downloads({
  view,
  apiPath,
  query,
  what,
}: {
  view: View;
  apiPath: string;
  query: Record<string, string | undefined>;
  /** The table's name, for a reader who hears the links out of context. */
  what: string;
}) {
  const { t } = view;
  return (
    <p class="downloads">
      <span class="downloads__label">{t.reports.downloads}:</span>
      {(['csv', 'xlsx'] as const).map((format) => (
        <a key={format} class="downloads__link" href={exportUrl(apiPath, query, format, view.lang)} download>
          {format.toUpperCase()}
          <span class="visually-hidden"> {t.reports.downloadOf(what)}</span>
        </a>
      ))}
    </p>
  );
}

/** The options of a report: a GET form, so the chosen report keeps its address. */
export function ReportFilters({
  view,
  action,
  children,
}: {
  view: View;
  action: string;
  children: ComponentChildren;
}) {
  return (
    <form method="get" action={action} class="report-filters" aria-label={view.t.reports.filtersLabel}>
      <div class="report-filters__fields">{children}</div>
      <button type="submit" class="button">
        {view.t.reports.show}
      </button>
    </form>
  );
}

function ReportTabs({ view, current }: { view: View; current: ReportTab | null }) {
  const { t } = view;
  return (
    <nav class="report-tabs" aria-label={t.reports.tabsLabel}>
      <ul>
        {REPORT_TABS.map((tab) => (
          <li key={tab}>
            <a href={REPORT_PATHS[tab]} aria-current={tab === current ? 'page' : undefined}>
              {t.reports.tabs[tab]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The frame of a report: the reports' tabs, the title and a line saying what the report covers (printed
 * with it, since the options form is not), and the refusal of the options, if any.
 */
export function ReportFrame({
  view,
  tab,
  title,
  subtitle,
  refusal,
  charts = false,
  children,
}: {
  view: View;
  tab: ReportTab | null;
  title: string;
  subtitle?: string | undefined;
  refusal?: Refusal | undefined;
  charts?: boolean;
  children: ComponentChildren;
}) {
  return (
    <Layout view={view} title={title} charts={charts}>
      <ReportTabs view={view} current={tab} />
      {refusal ? <ErrorSummary view={view} items={refusal.summary} /> : null}
      <h1>{title}</h1>
      {subtitle ? <p class="report-subtitle">{subtitle}</p> : null}
      {children}
    </Layout>
  );
}

/** A decimal as the API writes it (`47.14`), with the reader's decimal mark (`47,14` in Bahasa Indonesia). */
export const decimalOf = (view: View, value: string) =>
  view.lang === 'id' ? value.replace('.', ',') : value;

/** Money or a dash where the report has no figure (a grouping that does not split it). */
export const moneyOr = (view: View, value: string | null) =>
  value === null ? view.t.reports.none : view.f.money(value);

/**
 * A wide table of amounts writes `Rp` once, in the header (`Pagu (Rp)`), and the amounts without it
 * (`23.587.200.000`), or a dash where the report has no figure.
 */
export const inRupiah = (label: string) => `${label} (Rp)`;
export const amountOr = (view: View, value: string | null) =>
  value === null ? view.t.reports.none : view.f.amount(value);
