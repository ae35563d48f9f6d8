import http from 'node:http';
import type { Db } from '../src/db/knex.js';
import type { Clock } from '../src/shared/period.js';
import { withApp } from './serve.js';

/**
 * The console's pages, timed as a signed-in administrator opens them (an administrator may open every
 * one). A page that answers 404 is not built on this branch yet and is skipped, so the table can list the
 * whole console ahead of its pages.
 */
export const CONSOLE_PAGES: readonly { name: string; path: string }[] = [
  { name: 'Beranda', path: '/' },
  { name: 'Beranda, another year', path: '/?tahun=2025' },
  { name: 'Penerima', path: '/penerima' },
  { name: 'Tagihan', path: '/tagihan' },
  { name: 'Pembayaran', path: '/pembayaran' },
  { name: 'Rekonsiliasi', path: '/rekonsiliasi' },
  { name: 'Laporan', path: '/laporan' },
  { name: 'Audit', path: '/audit' },
  { name: 'Pengguna', path: '/pengguna' },
  { name: 'API reference', path: '/api/v1/docs' },
];

/** Requests timed per page; the first request of each page is a warm-up and is not counted. */
export const PAGE_SAMPLES = 20;

export interface PageTiming {
  name: string;
  path: string;
  status: number;
  medianMs: number;
  p95Ms: number;
  bytes: number;
}

export interface PagesStep {
  pages: PageTiming[];
  skipped: string[];
  /** The scripts and styles the first page (the Beranda) links, as a browser downloads them: gzipped. */
  firstPageAssets: { url: string; gzipBytes: number }[];
  firstPageAssetsBytes: number;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request over loopback, read to its last byte, never decompressed (what travels is what counts). */
function request(base: string, path: string, headers: Record<string, string>, form?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${path}`,
      {
        method: form === undefined ? 'GET' : 'POST',
        headers: {
          ...headers,
          ...(form === undefined
            ? {}
            : { 'content-type': 'application/x-www-form-urlencoded', origin: base }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(form);
  });
}

/** The value at fraction `q` of the sorted samples (nearest rank). */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** Signs in through the console's form with the bootstrap token and answers the session cookie. */
async function signIn(base: string, token: string): Promise<string> {
  const reply = await request(base, '/masuk', {}, new URLSearchParams({ token }).toString());
  const cookie = [reply.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('iuran_session='));
  if (reply.status !== 303 || !cookie) throw new Error(`console sign-in failed: ${reply.status}`);
  return cookie.split(';')[0]!;
}

/** The hashed scripts and styles a page links, in order. */
function linkedAssets(html: string): string[] {
  return [...html.matchAll(/<(?:script src|link rel="stylesheet" href)="(\/assets\/[^"]+)"/g)].map(
    (m) => m[1]!,
  );
}

/**
 * Each console page's server time, over a real server on loopback with a session cookie, as the median and
 * 95th percentile of PAGE_SAMPLES sequential requests (gzip accepted, as a browser does), and the weight
 * of the first page's scripts and styles as transferred.
 */
export async function measurePages(db: Db, clock: Clock): Promise<PagesStep> {
  return withApp(db, clock, async (base, token) => {
    const cookie = await signIn(base, token);
    const headers = { cookie, 'accept-encoding': 'gzip' };
    const pages: PageTiming[] = [];
    const skipped: string[] = [];
    for (const { name, path } of CONSOLE_PAGES) {
      const first = await request(base, path, headers);
      if (first.status === 404) {
        skipped.push(path);
        continue;
      }
      if (first.status !== 200) throw new Error(`${path} answered ${first.status}`);
      const times: number[] = [];
      for (let i = 0; i < PAGE_SAMPLES; i++) {
        const started = process.hrtime.bigint();
        await request(base, path, headers);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      times.sort((a, b) => a - b);
      pages.push({
        name,
        path,
        status: first.status,
        medianMs: Number(quantile(times, 0.5).toFixed(1)),
        p95Ms: Number(quantile(times, 0.95).toFixed(1)),
        bytes: first.body.length,
      });
    }
    const home = await request(base, '/', { cookie });
    const firstPageAssets = [];
    for (const url of linkedAssets(home.body.toString('utf8'))) {
      const asset = await request(base, url, { 'accept-encoding': 'gzip' });
      firstPageAssets.push({ url, gzipBytes: asset.body.length });
    }
    const firstPageAssetsBytes = firstPageAssets.reduce((sum, a) => sum + a.gzipBytes, 0);
    return { pages, skipped, firstPageAssets, firstPageAssetsBytes };
  });
}

export function printPages(step: PagesStep): void {
  console.log(
    `\n${'page'.padEnd(36)}${'median ms'.padStart(12)}${'p95 ms'.padStart(10)}${'KB gzip'.padStart(10)}`,
  );
  for (const p of step.pages)
    console.log(
      `${`${p.name} ${p.path}`.padEnd(36)}${p.medianMs.toFixed(1).padStart(12)}${p.p95Ms.toFixed(1).padStart(10)}${(p.bytes / 1024).toFixed(1).padStart(10)}`,
    );
  if (step.skipped.length) console.log(`not built yet (404): ${step.skipped.join(', ')}`);
  console.log(
    `first page's scripts and styles, gzipped: ${(step.firstPageAssetsBytes / 1024).toFixed(1)} KB (${step.firstPageAssets
      .map((a) => `${a.url.split('/').pop()} ${(a.gzipBytes / 1024).toFixed(1)} KB`)
      .join(', ')})`,
  );
}
