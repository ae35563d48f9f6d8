import type { Response } from 'express';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/**
 * Sends a page. preact-render-to-string escapes every text and attribute, so data reaches the page only
 * as text. Pages carry personal data and a CSRF token, so no cache keeps them.
 */
export function sendPage(res: Response, status: number, page: VNode): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.send(`<!DOCTYPE html>${renderToString(page)}`);
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` escaped so that no value can
 * close the element or start markup, and the two line separators JSON allows but scripts once did not.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
