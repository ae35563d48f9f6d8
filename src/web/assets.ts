import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { RequestHandler } from 'express';

/**
 * The console's scripts and styles, served from the installed packages and `static/` under content-hashed
 * names (`/assets/htmx.3f2a91c0de.js`) with a year-long immutable cache: a new release changes the hash,
 * so a regency office on a slow link downloads each file once. Files are read and hashed once at start-up
 * and compressed once when first asked for; nothing is fetched from a CDN.
 */
export type AssetName = 'htmx.js' | 'chart.js' | 'console.js' | 'console.css' | 'favicon.svg' | 'redoc.js';

interface Asset {
  url: string;
  type: string;
  body: Buffer;
  gzip: () => Buffer;
}

const require = createRequire(import.meta.url);
/**
 * `static/` stays beside this file's source: under tsx this file runs from `src/web/`, compiled (`npm start`)
 * from `dist/src/web/`, where tsc copies no static files. The project's root is the nearest folder above
 * with a package.json.
 */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('no package.json above the service');
    dir = parent;
  }
  return dir;
}
const STATIC_DIR = path.join(projectRoot(), 'src', 'web', 'static');

/**
 * The files each asset is made of, joined in order. The stylesheet is the base rules and then one file per
 * area of the console (`static/css/*.css`), served as one file so a page needs one request for its styles.
 */
function sources(): Record<AssetName, string[]> {
  const areaStyles = fs
    .readdirSync(path.join(STATIC_DIR, 'css'))
    .filter((f) => f.endsWith('.css'))
    .sort()
    .map((f) => path.join(STATIC_DIR, 'css', f));
  return {
    'htmx.js': [require.resolve('htmx.org/dist/htmx.min.js')],
    // chart.js exports only its module entry points; the browser build sits beside them.
    'chart.js': [path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js')],
    'console.js': [path.join(STATIC_DIR, 'console.js')],
    'console.css': [path.join(STATIC_DIR, 'console.css'), ...areaStyles],
    'favicon.svg': [path.join(STATIC_DIR, 'favicon.svg')],
    // The API reference's renderer (api-docs.tsx), its self-contained browser build.
    'redoc.js': [require.resolve('redoc/bundles/redoc.standalone.js')],
  };
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A source map comment would send browsers' developer tools after a file that is not served. */
const withoutSourceMap = (text: string) => text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');

/**
 * Redoc's side menu shows Redocly's logo from their CDN; the console reaches no other origin (and the API
 * reference's policy would refuse it), so the image has no address and Redoc hides it as failed to load.
 */
const withoutRemoteLogo = (text: string) => text.replace('"https://cdn.redoc.ly/redoc/logo-mini.svg"', '""');

function load(name: AssetName, files: string[]): Asset {
  const ext = path.extname(name);
  const text = files
    .map((file) => withoutRemoteLogo(withoutSourceMap(fs.readFileSync(file, 'utf8'))))
    .join('\n');
  const body = Buffer.from(text, 'utf8');
  const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 12);
  let gzip: Buffer | undefined;
  return {
    url: `/assets/${path.basename(name, ext)}.${hash}${ext}`,
    type: TYPES[ext] ?? 'application/octet-stream',
    body,
    // gzip at level 9, once, when first asked for (Redoc's megabyte would slow every start-up, tests too);
    // brotli would save a little more at many times the time.
    gzip: () => (gzip ??= zlib.gzipSync(body, { level: 9 })),
  };
}

export interface Assets {
  /** The hashed URL the pages link to. */
  url: (name: AssetName) => string;
  /** Serves `/assets/*`, gzipped when the browser accepts it. */
  handler: RequestHandler;
}

export function loadAssets(): Assets {
  const byName = new Map<AssetName, Asset>();
  const byUrl = new Map<string, Asset>();
  for (const [name, files] of Object.entries(sources()) as [AssetName, string[]][]) {
    const asset = load(name, files);
    byName.set(name, asset);
    byUrl.set(asset.url, asset);
  }
  return {
    url: (name) => byName.get(name)!.url,
    handler: (req, res, next) => {
      const asset = byUrl.get(req.originalUrl.split('?')[0] ?? '');
      if (!asset || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
      const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
      const body = gzip ? asset.gzip() : asset.body;
      res.setHeader('Content-Type', asset.type);
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.setHeader('Vary', 'Accept-Encoding');
      if (gzip) res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Content-Length', String(body.length));
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
}
