// The benchmark's web server, loopback only, on the one static server (tests/static.mjs):
// the built site (dist/) at /, the static comparison page at /bench/static.html (with the
// site's own stylesheet as /bench/static.css). Like a production server it sends gzip (-9,
// compressed once) to a browser that accepts it, and long-lived caching for the
// content-hashed files. It adds COOP/COEP so the page is cross-origin isolated:
// performance.now() then ticks in 5 µs steps instead of 100 µs, which sub-millisecond
// keystroke timings need.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { startStatic } from '../static.mjs';

/** The page stylesheet Trunk wrote (main-<hash>.css). */
export function pageStylesheet(dist) {
  const found = readdirSync(dist).filter((f) => /^main-[0-9a-f]+\.css$/.test(f));
  if (found.length !== 1) throw new Error(`expected one main-<hash>.css in ${dist}, found ${found}`);
  return join(dist, found[0]);
}

/** Response headers: caching by whether the name is content-hashed, cross-origin isolation. */
function headers(file) {
  const hashed = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(file);
  return {
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/**
 * Serve `dist` and the static comparison page on 127.0.0.1 (a free port).
 * @returns {Promise<{url: string, close: () => Promise<void>, requests: {path: string, bytes: number, encoding: string}[]}>}
 */
export function startServer({ dist, staticPage }) {
  const files = { '/bench/static.html': staticPage, '/bench/static.css': pageStylesheet(dist) };
  return startStatic({ mounts: { '/': dist }, files, headers, gzip: true });
}
