import type { RequestHandler } from 'express';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Assets } from './assets.js';

export const API_DOCS_PATH = '/api/v1/docs';
const OPENAPI_PATH = '/api/v1/openapi.json';

/**
 * The API reference's own Content-Security-Policy (docs/console.md, "The API reference"). Redoc writes its
 * styles at run time (styled-components `<style>` elements: 'unsafe-inline' for styles only, on this page
 * only) and runs its search index in a Worker made from a blob: URL. Scripts still come only from the
 * console's own hashed assets, and nothing may be fetched from another origin.
 */
export const API_DOCS_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  'worker-src blob:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The console's type in Redoc's headings and text too, so nothing asks for a web font. */
const THEME = JSON.stringify({
  typography: {
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif",
    headings: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif" },
  },
  colors: { primary: { main: '#0b4467' } },
});

/**
 * The API reference for integrators (a regency's own systems, SIPD exports): the OpenAPI document as Redoc
 * renders it, from the installed package through the hashed assets. Public, as the document is: it
 * describes the API and holds no data, and an integrator reads it before holding a token.
 */
export function apiReference(assets: Assets): RequestHandler {
  const page = `<!DOCTYPE html>${renderToString(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>iuran-ledger API reference</title>
        <link rel="icon" href={assets.url('favicon.svg')} type="image/svg+xml" />
      </head>
      <body>
        <noscript>
          <p>
            The API reference needs JavaScript. The OpenAPI document itself is at{' '}
            <a href={OPENAPI_PATH}>{OPENAPI_PATH}</a>.
          </p>
        </noscript>
        {/* Redoc renders the <redoc spec-url> element it finds; its attributes are its options. */}
        {h('redoc', { 'spec-url': OPENAPI_PATH, theme: THEME })}
        <script src={assets.url('redoc.js')}></script>
      </body>
    </html>,
  )}`;
  return (_req, res) => {
    res.setHeader('Content-Security-Policy', API_DOCS_POLICY);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.send(page);
  };
}
