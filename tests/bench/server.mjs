// The benchmark's web server, loopback only: the built site (dist/) at /, the static
// comparison page at /bench/static.html (with the site's own stylesheet as
// /bench/static.css). Like a production server it sends gzip (-9, compressed once) to a
// browser that accepts it, and long-lived caching for the content-hashed files. It adds
// COOP/COEP so the page is cross-origin isolated: performance.now() then ticks in 5 µs
// steps instead of 100 µs, which sub-millisecond keystroke timings need.

import { createServer } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { contentTypeOf } from '../content-types.mjs';


/** The page stylesheet Trunk wrote (main-<hash>.css). */
export function pageStylesheet(dist) {
  const found = readdirSync(dist).filter((f) => /^main-[0-9a-f]+\.css$/.test(f));
  if (found.length !== 1) throw new Error(`expected one main-<hash>.css in ${dist}, found ${found}`);
  return join(dist, found[0]);
}

/**
 * Serve `dist` and the static comparison page on 127.0.0.1 (a free port).
 * @returns {Promise<{url: string, close: () => Promise<void>, requests: {path: string, bytes: number, encoding: string}[]}>}
 */
export async function startServer({ dist, staticPage }) {
  dist = resolve(dist);
  const cache = new Map();
  const requests = [];
  const fileFor = (path) => {
    if (path === '/bench/static.html') return staticPage;
    if (path === '/bench/static.css') return pageStylesheet(dist);
    const file = normalize(join(dist, path === '/' ? 'index.html' : decodeURIComponent(path)));
    if (!file.startsWith(dist)) return null;
    return existsSync(file) && statSync(file).isFile() ? file : null;
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = fileFor(path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    let entry = cache.get(file);
    if (!entry) {
      const raw = readFileSync(file);
      entry = { raw, gzip: gzipSync(raw, { level: 9 }) };
      cache.set(file, entry);
    }
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = gzip ? entry.gzip : entry.raw;
    const hashed = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(file);
    const headers = {
      'content-type': contentTypeOf(file),
      'content-length': body.length,
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cross-origin-resource-policy': 'same-origin',
    };
    if (gzip) headers['content-encoding'] = 'gzip';
    requests.push({ path, bytes: body.length, encoding: gzip ? 'gzip' : 'identity' });
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
