import type { ComponentChildren } from 'preact';
import { Layout } from '../../components/layout.js';
import type { View } from '../../view.js';

const TABS = [
  { key: 'calendar', path: '/audit' },
  { key: 'trail', path: '/audit/jejak' },
  { key: 'verify', path: '/audit/verifikasi' },
] as const;

export type AuditTab = (typeof TABS)[number]['key'];

/** The frame of the Audit pages: the page's title, then links to the three parts of the area. */
export function AuditLayout({
  view,
  tab,
  title,
  children,
}: {
  view: View;
  tab: AuditTab;
  title: string;
  children: ComponentChildren;
}) {
  const { t } = view;
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <nav class="audit-tabs" aria-label={t.audit.tabsLabel}>
        <ul>
          {TABS.map((item) => (
            <li key={item.key}>
              <a href={item.path} aria-current={item.key === tab ? 'page' : undefined}>
                {t.audit.tabs[item.key]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </Layout>
  );
}
