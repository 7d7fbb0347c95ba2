// Transfer size of the page's first load, from the built dist/ alone (deterministic: the
// size-budget test in `make test` and `make bench` share this).
//
// The first load is index.html and everything it references: the loader
// (wikijs-keycloak.js), the wasm-bindgen module it imports (modulepreload), the wasm
// (preload) and the page stylesheet. The widget's shadow-root stylesheet is fetched only
// by a host page that mounts the widget, so it is not part of it. `make bench` also
// records what Chromium actually fetched and reports any difference.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Bytes of `gzip -9` (the gzip tool, as the issue says; its deflate is about 1% tighter on
 * the wasm than zlib's level 9, which is the fallback where gzip is missing).
 */
export function gzipSize(buf) {
  try {
    return execFileSync('gzip', ['-9', '-n', '-c'], { input: buf, maxBuffer: 64 * 2 ** 20 }).length;
  } catch {
    return gzipSync(buf, { level: 9 }).length;
  }
}
/** Brotli at its maximum quality (11), Node's built-in encoder. */
export const brotliSize = (buf) =>
  brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length;

/** wasm | js | css | html, from a file name. */
export function kindOf(name) {
  if (name.endsWith('.wasm')) return 'wasm';
  if (name.endsWith('.js') || name.endsWith('.mjs')) return 'js';
  if (name.endsWith('.css')) return 'css';
  if (name.endsWith('.html')) return 'html';
  return 'other';
}

/** Local file names index.html references (script src, stylesheet/modulepreload/preload href). */
export function firstLoadFiles(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const names = new Set(['index.html']);
  for (const [tag] of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    const url = /\b(?:src|href)\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    if (!url || /^[a-z]+:/i.test(url) || url.startsWith('//')) continue;
    if (/^<link/i.test(tag) && !/\brel\s*=\s*["']?(stylesheet|modulepreload|preload)/i.test(tag)) continue;
    names.add(basename(url.split(/[?#]/)[0]));
  }
  return [...names];
}

/**
 * Raw, gzip and brotli bytes of each first-load file, per kind and in total (brotli at
 * quality 11 takes seconds on the wasm: `{brotli: false}` leaves it out, as NaN).
 * @returns {{files: {name,kind,raw,gzip,brotli}[], byKind: Record<string,{raw,gzip,brotli}>, total: {raw,gzip,brotli}}}
 */
export function transferSizes(dist, { brotli = true } = {}) {
  const files = firstLoadFiles(dist).map((name) => {
    const buf = readFileSync(join(dist, name));
    return { name, kind: kindOf(name), raw: buf.length, gzip: gzipSize(buf), brotli: brotli ? brotliSize(buf) : NaN };
  });
  const zero = () => ({ raw: 0, gzip: 0, brotli: 0 });
  const byKind = { wasm: zero(), js: zero(), css: zero(), html: zero() };
  const total = zero();
  for (const f of files) {
    byKind[f.kind] ??= zero();
    for (const k of ['raw', 'gzip', 'brotli']) {
      byKind[f.kind][k] += f[k];
      total[k] += f[k];
    }
  }
  return { files, byKind, total };
}
