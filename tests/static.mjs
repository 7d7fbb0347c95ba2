// The one static file server of the test tools: the e2e host pages, the built page for the
// live check, the stand-in Wiki.js's same-origin files and the benchmark all serve files
// through it. Loopback only. One path check (fileUnder) decides what a URL may reach.

import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { contentTypeOf } from './content-types.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The build under test: WKC_DIST, or dist/ at the top of the tree (`make test` builds it). */
export const DIST = resolve(process.env.WKC_DIST ?? join(REPO, 'dist'));

/**
 * The file that the URL path `urlPath` (still percent-encoded, as it arrives) names below
 * `root`, or null when it cannot be decoded, holds a NUL, or would leave `root`.
 */
export function fileUnder(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${decoded.startsWith('/') ? '' : '/'}${decoded}`);
  return file === base || file.startsWith(base + sep) ? file : null;
}

/**
 * A request handler serving files: `mounts` maps URL prefixes to directories (longest
 * prefix first; a directory answers with its index.html), `files` maps exact URL paths to
 * files. Options:
 *   headers(file) → extra response headers for a file found (default none);
 *   always: headers sent with every response, a 404 too (a Content-Security-Policy);
 *   gzip: answer gzip -9 (compressed once per file) to a client that accepts it.
 * GET and HEAD only. Anything else, anything outside the mounts or missing: 404.
 * The handler's `requests` lists what it served: {path, bytes, encoding}.
 */
export function staticFiles({ mounts = {}, files = {}, headers = () => ({}), always = {}, gzip = false } = {}) {
  const table = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix, resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const cache = new Map();
  const requests = [];

  async function find(pathname) {
    if (Object.hasOwn(files, pathname)) return files[pathname];
    const mount = table.find(([prefix]) => pathname.startsWith(prefix));
    if (!mount) return null;
    let file = fileUnder(mount[1], `/${pathname.slice(mount[0].length)}`);
    if (!file) return null;
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      return (await stat(file)).isFile() ? file : null;
    } catch {
      return null;
    }
  }

  async function handle(req, res) {
    const pathname = new URL(req.url, 'http://x').pathname;
    const file = req.method === 'GET' || req.method === 'HEAD' ? await find(pathname) : null;
    if (!file) {
      res.writeHead(404, { ...always, 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    let entry = cache.get(file);
    if (!entry) {
      const raw = await readFile(file);
      entry = { raw, gzip: gzip ? gzipSync(raw, { level: 9 }) : null };
      // Only the benchmark caches: the e2e suites may rewrite a file between loads.
      if (gzip) cache.set(file, entry);
    }
    const zipped = gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = zipped ? entry.gzip : entry.raw;
    res.writeHead(200, {
      'content-type': contentTypeOf(file),
      'content-length': body.length,
      'cache-control': 'no-store',
      ...(zipped ? { 'content-encoding': 'gzip' } : {}),
      ...headers(file),
      ...always,
    });
    requests.push({ path: pathname, bytes: body.length, encoding: zipped ? 'gzip' : 'identity' });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
  handle.requests = requests;
  return handle;
}

/**
 * Serve `staticFiles(options)` on 127.0.0.1 (a free port); with `tls` ({key, cert}) over
 * https; `routes(req, res)`, when given, sees each request first and resolves true when it
 * answered it. Resolves to {url, requests, close()}.
 */
export async function startStatic({ tls = null, routes = null, ...options } = {}) {
  const handle = staticFiles(options);
  const answer = async (req, res) => (routes && (await routes(req, res))) || handle(req, res);
  const serve = (req, res) => {
    answer(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(String(error));
      else res.destroy();
    });
  };
  const server = tls ? createTlsServer(tls, serve) : createServer(serve);
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}`,
    requests: handle.requests,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
