import type { ComponentChildren } from 'preact';
import { navFor, sectionOf } from '../nav.js';
import type { View } from '../view.js';
import { CsrfField } from './forms.js';

interface LayoutProps {
  view: View;
  /** The page's own title; the tab shows it before the product's name. */
  title: string;
  /** Loads Chart.js: only pages that draw a chart pay for it. */
  charts?: boolean;
  children: ComponentChildren;
}

/** htmx without inline styles or eval, so the strict Content-Security-Policy holds (docs/console.md). */
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  // Settling copies each attribute named here onto the swapped-in element; a style attribute breaks the CSP.
  attributesToSettle: ['class', 'width', 'height'],
});

function LanguageSwitch({ view }: { view: View }) {
  const other =
    view.lang === 'id' ? { lang: 'en', name: 'English' } : { lang: 'id', name: 'Bahasa Indonesia' };
  return (
    <form method="post" action="/bahasa" class="lang-switch">
      <CsrfField view={view} />
      <input type="hidden" name="next" value={view.path} />
      <input type="hidden" name="lang" value={other.lang} />
      <button type="submit" class="link-button">
        <span class="visually-hidden">{view.t.switchLanguage}: </span>
        <span lang={other.lang}>{other.name}</span>
      </button>
    </form>
  );
}

function Navigation({ view }: { view: View }) {
  if (!view.session) return null;
  const current = sectionOf(view.path.split('?')[0] ?? '/');
  return (
    <nav class="site-nav" aria-label={view.t.navLabel}>
      <ul>
        {navFor(view.session.actor.role).map((item) => (
          <li key={item.section}>
            <a href={item.path} aria-current={item.section === current ? 'page' : undefined}>
              {view.t.nav[item.section]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The frame of every page: skip link, header with the menu for the user's role, main region, footer. */
export function Layout({ view, title, charts = false, children }: LayoutProps) {
  const { t, session } = view;
  return (
    <html lang={view.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${title} · ${t.product}`}</title>
        <link rel="icon" href={view.asset('favicon.svg')} type="image/svg+xml" />
        <link rel="stylesheet" href={view.asset('console.css')} />
        <script src={view.asset('htmx.js')} defer></script>
        {charts ? <script src={view.asset('chart.js')} defer></script> : null}
        <script src={view.asset('console.js')} defer></script>
      </head>
      <body hx-headers={session ? JSON.stringify({ 'X-CSRF-Token': session.csrfToken }) : undefined}>
        <a class="skip-link" href="#main">
          {t.skipLink}
        </a>
        <header class="site-header">
          <div class="site-header__bar">
            <a class="brand" href="/">
              <span class="brand__name">{t.product}</span>
              <span class="brand__subtitle">{t.subtitle}</span>
            </a>
            <div class="site-header__tools">
              {session ? (
                <p class="who">
                  <span class="visually-hidden">{t.signedInAs} </span>
                  <strong>{session.actor.name}</strong>
                  <span class="who__role">{t.roles[session.actor.role]}</span>
                </p>
              ) : null}
              <LanguageSwitch view={view} />
              {session ? (
                <form method="post" action="/keluar" class="sign-out">
                  <CsrfField view={view} />
                  <button type="submit" class="button button--secondary button--small">
                    {t.signOut}
                  </button>
                </form>
              ) : null}
            </div>
          </div>
          <Navigation view={view} />
        </header>
        <main id="main" class="main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="site-footer__inner">
            <p>{t.footerNote}</p>
            <p>
              <a href="/api/v1/docs">{t.apiReference}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
