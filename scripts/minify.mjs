// Minify what every first load fetches besides the wasm: the loader, the page's wasm-bindgen
// module and the two stylesheets (esbuild, from npm; scripts/widget-loader.mjs calls these
// before it precompresses). Comments, whitespace and long local names are most of those
// files' gzip (docs/performance.md, "Size levers"). A minified file, and the wasm, is named
// after its own bytes: a name served with `expires max` must never hold other bytes, or a
// cached copy would fail the integrity index.html gives for the new ones.
// The lazy parts' modules and the wiki's page module stay readable: they are not first
// load, and tests read them as built.

import { createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { transformSync } from "esbuild";

/** Sixteen hex digits of the SHA-256 of `bytes`, as Trunk names its files. */
export const contentHash = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);

/** The Subresource Integrity value of `bytes` in Trunk's algorithm. */
const integrity = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;

/** `text` minified: `.css`, or else an ES module. */
export function minified(text, name) {
  const css = name.endsWith(".css");
  return transformSync(text, {
    loader: css ? "css" : "js",
    minify: true,
    ...(css ? {} : { format: "esm" }),
    // Nothing rewritten for older browsers: the page needs a wasm-capable one anyway.
    target: "esnext",
    legalComments: "none",
    sourcefile: name,
  }).code;
}

/**
 * Minify `dir/name` (Trunk's `<prefix><hash><suffix>`), after `edit` of its text, into
 * `<prefix><hash of the result><suffix>`, and point index.html's references and integrity
 * values at it. Returns the new name.
 */
export function minifyRenamed(dir, name, prefix, suffix, edit = (text) => text) {
  const before = readFileSync(join(dir, name));
  const code = Buffer.from(minified(edit(before.toString("utf8")), name));
  const renamed = `${prefix}${contentHash(code)}${suffix}`;
  if (renamed !== name) rmSync(join(dir, name));
  writeFileSync(join(dir, renamed), code);
  const index = join(dir, "index.html");
  const html = readFileSync(index, "utf8");
  writeFileSync(index, html.replaceAll(name, renamed).replaceAll(integrity(before), integrity(code)));
  return renamed;
}

/**
 * Name `dir/name` (Trunk's `<prefix><hash><suffix>`) after its own bytes, and point
 * index.html at it. Trunk hashes the wasm before wasm-opt runs: a change of wasm-opt's flags
 * alone would keep the name and change the bytes. Returns the new name.
 */
export function renamedAfterBytes(dir, name, prefix, suffix) {
  const renamed = `${prefix}${contentHash(readFileSync(join(dir, name)))}${suffix}`;
  if (renamed === name) return name;
  renameSync(join(dir, name), join(dir, renamed));
  const index = join(dir, "index.html");
  writeFileSync(index, readFileSync(index, "utf8").replaceAll(name, renamed));
  return renamed;
}

/**
 * Every `integrity` in `html` against the file its tag names in `dir`: the mismatches, in
 * words (a browser refuses such a file, so the page would not start or stay unstyled).
 */
export function integrityMismatches(dir, html) {
  const wrong = [];
  for (const [tag] of html.matchAll(/<(?:link|script)\b[^>]*\bintegrity=[^>]*>/gi)) {
    const file = /\b(?:href|src)="(?:\.\/)?([^"?#]+)"/.exec(tag)?.[1];
    const given = /\bintegrity="([^"]+)"/.exec(tag)?.[1];
    const bytes = file && readFileSync(join(dir, file));
    if (!bytes || given !== integrity(bytes)) wrong.push(`${file ?? tag}: integrity ${given} is not its content's`);
  }
  return wrong;
}
