#!/usr/bin/env node
// Build the lazily loaded parts (crate `wkc-parts`, parts/) into a finished Trunk build:
// one wasm module per part, each from its own cargo feature set, each run through
// wasm-bindgen (`--target web`) and wasm-opt like the page's own module, and written beside
// it with a content hash in its names:
//
//   wikijs-keycloak-<part>-<hash>.js        the part's wasm-bindgen module (ES module)
//   wikijs-keycloak-<part>-<hash>_bg.wasm   its wasm
//
// scripts/widget-loader.mjs (the post_build hook) calls `buildParts(dir)` first and puts the
// names it returns into the loader, which imports a part when the page first asks for it
// (src/parts/ in the shell). Same tools and the same offline rule as the page's build:
// cargo --offline, wasm-bindgen and wasm-opt from PATH (~/.cargo/bin, node_modules/.bin).
//
// A part's optimised output is cached under <cargo target dir>/wkc-parts/, keyed by the
// bytes cargo wrote, so `trunk serve` rebuilds only what changed.
//
// Also by hand: `node scripts/build-parts.mjs <dir> [part=features …]` (e.g. `all=demo,tools`
// to measure one module against several: docs/performance.md).

import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The parts and the features each is built with. `demo`: the static demo's in-memory wiki
 * (needed at once in demo mode, so kept apart from the rest); `tools`: what the admin opens
 * (troubleshooting, the exports); `api`: the widget's `derive` and `diagnose` (only for
 * embedders that call them). docs/performance.md has the figures of other groupings.
 */
export const PARTS = { demo: ["demo"], tools: ["tools"], api: ["api"] };

/** wasm-opt's flags: the page's own (index.html's data-wasm-opt-params), which measured smallest. */
const WASM_OPT = ["--one-caller-inline-max-function-size=10", "-Os", "--low-memory-unused", "--flatten", "--rereloop", "-Os"];

/** Names of a built part in dist/. */
export const PART_FILE = /^wikijs-keycloak-([a-z]+)-([0-9a-f]{16})(\.js|_bg\.wasm)$/;

function targetDir() {
  return process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(ROOT, "target");
}

function run(command, args) {
  execFileSync(command, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
}

const sha = (...buffers) => {
  const hash = createHash("sha256");
  for (const b of buffers) hash.update(b);
  return hash.digest("hex").slice(0, 16);
};

/** Build one part; returns its file names, written into `dir`. */
function buildPart(dir, part, features) {
  run("cargo", [
    "build", "--release", "--offline", "--target", "wasm32-unknown-unknown",
    "-p", "wkc-parts", "--lib", "--no-default-features", "--features", features.join(","),
  ]);
  const raw = readFileSync(join(targetDir(), "wasm32-unknown-unknown/release/wkc_parts.wasm"));
  const name = `wikijs-keycloak-${part}`;
  const cache = join(targetDir(), "wkc-parts", `${part}-${sha(raw, JSON.stringify(WASM_OPT))}`);
  if (!existsSync(join(cache, "done"))) {
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(cache, { recursive: true });
    const input = join(cache, "input.wasm");
    writeFileSync(input, raw);
    run("wasm-bindgen", [input, "--target", "web", "--no-typescript", "--out-dir", cache, "--out-name", name]);
    const bindgenWasm = join(cache, `${name}_bg.wasm`);
    run("wasm-opt", [...WASM_OPT, bindgenWasm, "-o", bindgenWasm]);
    writeFileSync(join(cache, "done"), "");
  }
  const js = readFileSync(join(cache, `${name}.js`), "utf8");
  const wasm = readFileSync(join(cache, `${name}_bg.wasm`));
  const hash = sha(js, wasm);
  const files = { js: `${name}-${hash}.js`, wasm: `${name}-${hash}_bg.wasm` };
  // The glue's own default name for its wasm, should anything call it without one.
  writeFileSync(join(dir, files.js), js.replaceAll(`${name}_bg.wasm`, files.wasm));
  copyFileSync(join(cache, `${name}_bg.wasm`), join(dir, files.wasm));
  return files;
}

/**
 * Build every part into `dir` (replacing an earlier build's parts there) and return
 * `{part: {js, wasm}}`.
 */
export function buildParts(dir, parts = PARTS) {
  for (const old of readdirSync(dir).filter((f) => PART_FILE.test(f))) rmSync(join(dir, old));
  const built = {};
  for (const [part, features] of Object.entries(parts)) built[part] = buildPart(dir, part, features);
  return built;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, ...specs] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: build-parts.mjs <dir> [part=feature,feature …]");
    process.exit(1);
  }
  const parts = specs.length ? Object.fromEntries(specs.map((s) => s.split("=")).map(([p, f]) => [p, f.split(",")])) : PARTS;
  console.log(JSON.stringify(buildParts(resolve(dir), parts), null, 2));
}
