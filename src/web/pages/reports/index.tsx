import type { View } from '../../view.js';
import { REPORT_PATHS, REPORT_TABS, ReportFrame } from './frame.js';

/** Laporan: the reports there are, each with a sentence on what it shows. */
export function ReportsIndexPage({ view }: { view: View }) {
  const { t } = view;
  return (
    <ReportFrame view={view} tab={null} title={t.reports.title}>
      <p class="lead">{t.reports.intro}</p>
      <ul class="report-list">
        {REPORT_TABS.map((tab) => (
          <li key={tab}>
            <a href={REPORT_PATHS[tab]}>{t.reports.tabs[tab]}</a>
            <p>{t.reports.about[tab]}</p>
          </li>
        ))}
      </ul>
    </ReportFrame>
  );
}
