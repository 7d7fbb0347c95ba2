// How Trunk builds the page, for the benches that build a wasm again the same way
// (floor.mjs, weight.mjs): wasm-opt with index.html's options; and the built site a bench
// reads (`--dist`, dist/ by default).

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The site given as `--dist <dir>` in `argv`, else dist/. */
export function distArg(argv) {
  const at = argv.indexOf('--dist');
  return resolve(at >= 0 ? argv[at + 1] : join(ROOT, 'dist'));
}

/** The number given as `--loads <n>` in `argv`, else `fallback`. */
export function loadsArg(argv, fallback) {
  const at = argv.indexOf('--loads');
  return at >= 0 ? Number(argv[at + 1]) : fallback;
}

/** wasm-opt's arguments as Trunk passes them for the page: -O<level>, index.html's extra options, the features Rust's wasm uses. */
export function wasmOptArgs() {
  const link = readFileSync(join(ROOT, 'index.html'), 'utf8').match(/<link data-trunk rel="rust"[^>]*>/)[0];
  const level = link.match(/data-wasm-opt="([^"]+)"/)[1];
  const extra = (link.match(/data-wasm-opt-params="([^"]*)"/)?.[1] ?? '').split(/\s+/).filter(Boolean);
  const enable = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'reference-types', 'multivalue', 'mutable-globals'];
  return [`-O${level}`, ...extra, ...enable.map((f) => `--enable-${f}`)];
}
