#!/usr/bin/env node
// Finish a Trunk build for strict CSP and for embedding (Trunk.toml runs this as a
// post_build hook, for `trunk build` and `trunk serve` alike):
//
//   1. wikijs-keycloak.js: the loader (src/widget/loader.js) with this build's
//      content-hashed names filled in. Trunk's inline <script type="module"> is replaced by
//      `pattern_script` in Trunk.toml, which points at this file, so the page and every
//      host page load the same loader with one external <script> and nothing inline.
//   0. The lazily loaded parts (scripts/build-parts.mjs): wikijs-keycloak-<part>-<hash>.js
//      and _bg.wasm, whose names the loader gets.
//   2. wikijs-keycloak-widget-<hash>.css: the widget's shadow-root stylesheet
//      (src/widget/widget.css, then the page's CSS with `rem` measured in `--wkc-rem`).
//      The loader, the page's wasm-bindgen module and both stylesheets are minified
//      (scripts/minify.mjs), each named after its minified bytes, and the wasm after its
//      bytes as wasm-opt left them; index.html's references and integrity values follow,
//      and are checked against the files.
//   3. With WKC_DEMO_SITE=1 (`make dist`): the page defaults to the in-browser demo
//      backend (`data-mode="demo"` on its root; a `?mode=` in the URL still wins).
//   4. Checks the finished index.html carries no inline script or style, and drops the
//      `integrity` that Chromium ignores, with a warning, on the wasm's fetch preload.
//   5. For hosting inside Wiki.js itself (docs/serving.md; scripts/wiki-install.mjs does it
//      all with an API key): wikijs-keycloak-wiki.js (the page module, src/widget/wiki-page.js)
//      and wiki-snippet.html, the block to paste into Administration › Theme › Code Injection
//      › Head, which loads it on /keycloak-setup only with this build's hash.
//   6. In a release build (`TRUNK_PROFILE=release`, not with `WKC_SPLIT=0`): the page's wasm
//      in two, by what its first screen calls (scripts/split-page.mjs, profiled in Chromium):
//      the first module in place of the whole, `wikijs-keycloak-rest-<hash>.wasm` beside it,
//      the loader and the snippet written again with their names.
//
// Also usable by hand: `node scripts/widget-loader.mjs --demo-site <from> <to>` copies a
// built dist/ and applies step 3 (what `make test` does to check the static demo).

import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { buildParts } from "./build-parts.mjs";
import { contentHash, integrityMismatches, minified, minifyRenamed, renamedAfterBytes } from "./minify.mjs";
import { PROFILED_REST, REST_FILE, splitPage, withPlaceholders } from "./split-page.mjs";
import { PAGE_MODULE, PAGE_MODULE_SOURCE, SNIPPET_FILE, buildHash, loaderFiles, snippet } from "./wiki-snippet.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const LOADER = "wikijs-keycloak.js";
const ROOT_ELEMENT = '<div id="wikijs-keycloak-root"';

function fail(message) {
  console.error(`widget-loader: ${message}`);
  process.exit(1);
}

/** The one file in `dir` whose name matches `pattern`. */
function only(dir, files, pattern, what) {
  const found = files.filter((f) => pattern.test(f));
  if (found.length !== 1) fail(`expected one ${what} in ${dir}, found ${JSON.stringify(found)}`);
  return found[0];
}

/** `1.5rem` → `calc(1.5 * var(--wkc-rem, 1rem))`, except in @media conditions (no var() there). */
function remToWidgetUnits(css) {
  return css.replace(/(@media[^{]*)|(-?\d*\.?\d+)rem\b/g, (match, media, number) =>
    media !== undefined ? media : `calc(${number} * var(--wkc-rem, 1rem))`,
  );
}

/** The static demo: the page opens against the demo backend unless the URL says otherwise. */
function markDemoSite(indexFile) {
  const html = readFileSync(indexFile, "utf8");
  if (html.includes('data-mode="demo"')) return;
  if (!html.includes(ROOT_ELEMENT)) fail(`${indexFile} has no ${ROOT_ELEMENT}>`);
  writeFileSync(indexFile, html.replace(ROOT_ELEMENT, `${ROOT_ELEMENT} data-mode="demo"`));
}

/**
 * `<file>.gz` (level 9) and `<file>.br` (quality 11) beside every file of the build, so a
 * server that serves precompressed copies (nginx `gzip_static`, Caddy `precompressed`) sends
 * them without compressing on each request. Stale copies are replaced, and the copies of
 * files no longer there removed.
 */
function precompress(dir) {
  for (const name of readdirSync(dir)) {
    const copyOf = /^(.*)\.(gz|br)$/.exec(name)?.[1];
    if (copyOf !== undefined && !existsSync(join(dir, copyOf))) rmSync(join(dir, name)); // of a file since renamed
    if (copyOf !== undefined || !statSync(join(dir, name)).isFile()) continue;
    const bytes = readFileSync(join(dir, name));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
    const brotli = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(bytes, { params: brotli }));
  }
}

/** Inline <script> (no src) or <style>, or style="" attributes: what a strict CSP refuses. */
function inlineCode(html) {
  const found = [];
  for (const [, tag, body] of html.matchAll(/(<script\b[^>]*>)([\s\S]*?)<\/script>/gi)) {
    // `trunk serve` adds its live-reload script (development only, never in a build).
    if (!/\bsrc=/i.test(tag) && !body.includes("well-known/trunk/ws")) found.push(tag);
  }
  for (const [tag] of html.matchAll(/<style\b[^>]*>/gi)) found.push(tag);
  for (const [attr] of html.matchAll(/\sstyle\s*=\s*["'][^"']*["']/gi)) found.push(attr.trim());
  for (const [attr] of html.matchAll(/\son[a-z]+\s*=\s*["']/gi)) found.push(attr.trim());
  return found;
}

/**
 * The body the page posts first, `core::wikijs::queries::load_body()`: `{"query": LOAD}`,
 * read from the core's source. Should the two ever differ, the page ignores the early
 * answer and asks again (the e2e suite counts the load requests).
 */
function loadBody() {
  const source = readFileSync(join(ROOT, "core/src/wikijs/queries.rs"), "utf8");
  const query = /^pub const LOAD: &str = (".*");$/m.exec(source)?.[1];
  if (!query) fail("core/src/wikijs/queries.rs: no `pub const LOAD: &str = \"…\";` line");
  return JSON.stringify({ query: JSON.parse(query) });
}

/**
 * Chromium ignores `integrity` on a `preload` of `as="fetch"` and warns about it on every
 * load (crbug.com/981419); a browser that honoured it would not hand the preload to the
 * loader's plain `fetch`. The wasm's name is its bytes' hash, so nothing is checked less.
 */
function dropFetchPreloadIntegrity(index) {
  const html = readFileSync(index, "utf8");
  const fixed = html.replace(/<link\b[^>]*\brel="preload"[^>]*>/g, (tag) =>
    /\bas="fetch"/.test(tag) ? tag.replace(/\s+integrity="[^"]*"/, "") : tag,
  );
  if (fixed !== html) writeFileSync(index, fixed);
}

/** Whether this build's page wasm is split in two (scripts/split-page.mjs): every release build. */
const splitWanted = () => process.env.TRUNK_PROFILE === "release" && process.env.WKC_SPLIT !== "0";

/** The loader (src/widget/loader.js) with this build's names filled in, minified. */
function writeLoader(dir, { bindgen, wasm, rest, widgetCssName, parts }) {
  const template = readFileSync(join(ROOT, "src/widget/loader.js"), "utf8");
  const loader = template
    .replace("@@BINDGEN_JS@@", bindgen)
    .replace("@@WASM@@", wasm)
    .replace("@@REST@@", JSON.stringify(rest))
    .replace("@@STYLESHEETS@@", JSON.stringify([widgetCssName]))
    .replace("@@PARTS@@", JSON.stringify(parts))
    .replace("@@LOAD_BODY@@", JSON.stringify(loadBody()));
  if (loader.includes("@@")) fail("src/widget/loader.js has a placeholder this script does not fill");
  writeFileSync(join(dir, LOADER), minified(loader, LOADER));
}

/**
 * The block for Wiki.js's head injection, which names the build by its loader. A build the
 * wiki cannot host (its glue loads from a sub-folder) is still a good page: say so, and leave
 * the snippet out (the install suites then fail on its absence).
 */
function writeSnippet(dir) {
  rmSync(join(dir, SNIPPET_FILE), { force: true });
  try {
    loaderFiles(dir);
    writeFileSync(join(dir, SNIPPET_FILE), `${snippet({ hash: buildHash(dir) })}\n`);
  } catch (error) {
    console.warn(`widget-loader: no ${SNIPPET_FILE}: this build cannot be hosted inside Wiki.js: ${error.message}`);
  }
}

/**
 * The page's wasm in two (scripts/split-page.mjs): the first module in place of the whole,
 * named after its bytes, and the rest beside it; the loader and snippet written again.
 */
async function splitInTwo(dir, names) {
  const started = Date.now();
  const { first, rest, kept } = await splitPage(dir, join(dir, names.wasm));
  writeFileSync(join(dir, names.wasm), first);
  const wasm = renamedAfterBytes(dir, names.wasm, "wikijs-keycloak-", "_bg.wasm");
  const restName = `wikijs-keycloak-rest-${contentHash(rest)}.wasm`;
  writeFileSync(join(dir, restName), rest);
  writeLoader(dir, { ...names, wasm, rest: restName });
  writeSnippet(dir);
  const kb = (bytes) => `${(gzipSync(bytes, { level: 9 }).length / 1000).toFixed(1)} KB gzip`;
  console.log(`widget-loader: page wasm split in ${((Date.now() - started) / 1000).toFixed(1)} s: ${kept} functions first (${kb(first)}), the rest ${restName} (${kb(rest)})`);
}

async function finish(dir) {
  const files = readdirSync(dir);
  // A build finished before (by hand, below) is split already: it keeps its rest, and its
  // first module is never split again (the rest's functions would be lost).
  const rests = files.filter((f) => REST_FILE.test(f));
  if (rests.length > 1) fail(`${dir} holds ${rests.length} rests of the page's wasm: ${rests.join(", ")}`);
  const [keptRest = null] = rests;
  const split = splitWanted() && keptRest === null;
  const wasm = renamedAfterBytes(dir, only(dir, files, /^wikijs-keycloak-[0-9a-f]+_bg\.wasm$/, "wasm file"), "wikijs-keycloak-", "_bg.wasm");
  const builtBindgen = only(dir, files, /^wikijs-keycloak-[0-9a-f]+\.js$/, "wasm-bindgen module (wikijs-keycloak-<hash>.js)");
  const builtPageCss = only(dir, files, /^main-[0-9a-f]+\.css$/, "page stylesheet (main-<hash>.css)");
  const bindgen = minifyRenamed(dir, builtBindgen, "wikijs-keycloak-", ".js", withPlaceholders);
  const pageCss = minifyRenamed(dir, builtPageCss, "main-", ".css");
  const parts = buildParts(dir);

  for (const old of files.filter((f) => /^wikijs-keycloak-widget-[0-9a-f]+\.css$/.test(f))) rmSync(join(dir, old));
  const widgetCss = minified(
    [readFileSync(join(ROOT, "src/widget/widget.css"), "utf8"), remToWidgetUnits(readFileSync(join(dir, pageCss), "utf8"))].join("\n"),
    "widget.css",
  );
  const widgetCssName = `wikijs-keycloak-widget-${contentHash(widgetCss)}.css`;
  writeFileSync(join(dir, widgetCssName), widgetCss);

  // A build to split is profiled first with a rest that never comes (split-page.mjs).
  const names = { bindgen, wasm, rest: split ? PROFILED_REST : keptRest, widgetCssName, parts };
  writeLoader(dir, names);
  cpSync(PAGE_MODULE_SOURCE, join(dir, PAGE_MODULE));
  writeSnippet(dir);

  const index = join(dir, "index.html");
  dropFetchPreloadIntegrity(index);
  if (process.env.WKC_DEMO_SITE === "1") markDemoSite(index);
  if (split) await splitInTwo(dir, names);
  const html = readFileSync(index, "utf8");
  const inline = inlineCode(html);
  if (inline.length > 0) fail(`index.html has inline code a strict CSP refuses: ${inline.join(", ")}`);
  const mismatches = integrityMismatches(dir, html);
  if (mismatches.length > 0) fail(`index.html would make the browser refuse its own files: ${mismatches.join("; ")}`);
  if (!html.includes(`${LOADER}"`)) fail(`index.html does not load ${LOADER} (Trunk.toml's pattern_script?)`);
  precompress(dir);
}

const [mode, from, to] = process.argv.slice(2);
if (mode === "--demo-site") {
  if (!from || !to) fail("usage: widget-loader.mjs --demo-site <built dist> <demo site dir>");
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  markDemoSite(join(to, "index.html"));
  precompress(to);
} else if (process.env.TRUNK_STAGING_DIR) {
  await finish(process.env.TRUNK_STAGING_DIR);
} else if (mode) {
  await finish(resolve(mode));
} else {
  fail("run as a Trunk post_build hook (TRUNK_STAGING_DIR), or with a built directory");
}
