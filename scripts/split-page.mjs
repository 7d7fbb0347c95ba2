// The page's wasm split in two by what its first screen calls (issue #18's 275 KB first
// load; docs/performance.md, "The page's wasm in two"): a release build's post_build hook
// (scripts/widget-loader.mjs) calls `splitPage` once the build is complete and servable.
//
// 1. Profile: the built page is served with the stand-in Wiki.js (tests/bench/server.mjs)
//    and opened in headless Chromium, traced (tests/bench/start-compile.mjs): the admin page
//    in a wiki (a fresh one, and the end-to-end suite's, with a Keycloak strategy among
//    others; at a desktop's and a phone's width), a widget in a host page, the page against a
//    wiki that is down, with no wiki at its endpoint, and without an administrator's token
//    (not signed in), each for a second after its first screen is shown (`wkc-shown`), with
//    the rest held back (`PROFILED_REST`): what the page builds once the rest is in (what
//    was left out of the first build, the group reads: src/rest.rs) is left to the rest. Every function of the page's wasm
//    those loads call (V8 compiles each at its first call) is kept in the first module. Not
//    kept either: the first keystroke (about 1,500 functions more) and a wiki that answers
//    after the page showed itself loading (about 1,100 more), which would take the first
//    load over 275 KB; the rest is asked for as the first screen is shown, so they mostly
//    find it in, else load it then (the fallback).
// 2. binaryen 116's `wasm-split` (`scripts/setup.sh` builds it) keeps those and moves the
//    rest to a second module; each function the first no longer holds becomes an import from
//    the `placeholder` namespace, named by its slot in the table (`--export-prefix=%` names
//    what the second imports from the first). The loader (src/widget/loader.js, `REST_WASM`)
//    gives the placeholders and loads the rest once the first screen is shown.
//
// The demo (its in-browser backend) runs much more at start and is not profiled: the loader
// fetches the rest beside the first module there. The e2e suite checks that no profiled
// path calls a placeholder (tests/e2e/rest.test.mjs).

import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

import { launch } from "../tests/chromium.mjs";
import { LOOPBACK_ONLY, startServer } from "../tests/bench/server.mjs";
import { tracedLoad } from "../tests/bench/start-compile.mjs";
import { exportNames, functionBodies } from "../tests/bench/wasm-read.mjs";
import { WIKI } from "../tests/e2e/wiki.mjs";
import { ROOT } from "./wiki-snippet.mjs";

/** Where scripts/setup.sh builds it. */
export const WASM_SPLIT = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "wikijs-keycloak", "binaryen-116", "bin", "wasm-split");
/** The import namespace of the first module's placeholders (the glue's `setPlaceholders`). */
const PLACEHOLDERS = "placeholder";
/** The wasm features the page's module uses (wasm-bindgen's externref among them). */
const FEATURES = ["reference-types", "bulk-memory", "mutable-globals", "sign-ext", "nontrapping-float-to-int", "multivalue"];

/**
 * The glue (wasm-bindgen's module) with the placeholder namespace among the imports it
 * gives the page's wasm, and `setPlaceholders(make)` by which the loader provides it: `make`
 * gets a getter of the instance's exports and returns the namespace. A build that is not
 * split imports nothing from it. Throws when wasm-bindgen's output no longer has the shape
 * this patches (the build fails rather than ship a page that cannot start).
 */
export function withPlaceholders(glue) {
  if (glue.includes("setPlaceholders")) return glue; // a finished build's, finished again by hand
  const anchor = /return \{\s*__proto__: null,\s*"\.\/wikijs-keycloak_bg\.js": import0,\s*\};/;
  const found = glue.match(new RegExp(anchor, "g")) ?? [];
  if (found.length !== 1) throw new Error(`the glue has ${found.length} imports objects of the expected shape, not one`);
  if (!/^let wasmModule, wasmInstance, wasm;$/m.test(glue)) throw new Error("the glue keeps its exports in no `wasm` variable");
  return (
    glue.replace(anchor, `return { __proto__: null, "./wikijs-keycloak_bg.js": import0, ${PLACEHOLDERS}: wkcPlaceholders(() => wasm) };`) +
    "\nlet wkcPlaceholders = () => ({});\nexport function setPlaceholders(make) { wkcPlaceholders = make; }\n"
  );
}

/** A host page with one widget against the wiki (`token` an administrator's). */
const hostPage = (token) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><script type="module" src="/wikijs-keycloak.js"></script></head>` +
  `<body><main><h1>A host page</h1><wikijs-keycloak mode="wiki" endpoint="/graphql" token="${token}"></wikijs-keycloak></main></body></html>`;

/**
 * The rest's name in the loader while the profile is taken: its request is held, never
 * answered, so the page runs as a split page does until the rest is in (its folds and the
 * group reads' checks wait), for as long as the profile watches it.
 */
export const PROFILED_REST = "wikijs-keycloak-rest-profiled.wasm";
/** The rest's file name in a build: named after its bytes. */
export const REST_FILE = /^wikijs-keycloak-rest-[0-9a-f]{16}\.wasm$/;
/** How long after its first screen is shown (`wkc-shown`) a load is profiled: what timers do meanwhile. */
const AFTER_SHOWN_MS = 1000;

/**
 * The load query answered `status` with a proxy's error page: a wiki that is down (503), no
 * wiki at the endpoint (404). (Other answers' words may take code from the rest to show.)
 */
const wikiAnswers = (status) => (context) =>
  context.route("**/graphql", (route) =>
    route.fulfill({ status, contentType: "text/html", body: `<html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr><center>nginx</center></body></html>` }),
  );

/** A phone's viewport: the page lays its state out folded above the form there. */
const PHONE = { width: 390, height: 844 };
/** How many times a load the wiki should answer in time is tried before the profile gives up. */
const TRIES = 4;

/**
 * One profiled load of `url`: the function indices (in the module's index space) it calls
 * until a second after its first screen is shown, the rest held back. With `answers`, a load
 * whose wiki answered after the page showed itself loading (a busy machine: the first screen
 * built twice, which the first module does not hold) is tried again.
 */
async function profiledLoad(browser, url, { wiki, viewport, answers = false }) {
  const prepare = async (context) => {
    await context.route(`**/${PROFILED_REST}`, () => {}); // held
    await wiki?.(context);
  };
  for (let tried = 1; ; tried++) {
    const { compiled, marks } = await tracedLoad(browser, url, "wkc-shown", { prepare, thenMs: AFTER_SHOWN_MS, viewport });
    if (!answers || marks["wkc-answered"] < marks["wkc-shown"]) return compiled;
    if (tried === TRIES) throw new Error(`${url}: the stand-in wiki answered after the page showed itself loading in ${TRIES} loads`);
  }
}

/** Indices (among the functions the module defines) of what the profiled loads of `dir` call. */
export async function profile(dir, wasmFile) {
  const { imported, bodies } = functionBodies(readFileSync(wasmFile));
  let work, server, browser;
  try {
    work = mkdtempSync(join(tmpdir(), "wkc-profile-"));
    server = await startServer({ dist: dir, staticPage: join(ROOT, "tests", "bench", "static.html"), pages: { "/host.html": join(work, "host.html") } });
    browser = await launch({ args: LOOPBACK_ONLY });
    const called = new Set();
    const add = (compiled) => compiled.forEach((index) => called.add(index - imported));
    // A fresh Wiki.js (a Keycloak strategy to add), then one with a Keycloak strategy among
    // others: the page, on a desktop and a phone, and a widget.
    for (const state of [null, WIKI]) {
      await server.wikiSeed(state);
      const token = await server.wikiToken();
      writeFileSync(join(work, "host.html"), hostPage(token));
      const page = `${server.url}/?mode=wiki&endpoint=/graphql&token=${token}`;
      add(await profiledLoad(browser, page, { answers: true }));
      add(await profiledLoad(browser, page, { answers: true, viewport: PHONE }));
      add(await profiledLoad(browser, `${server.url}/host.html`, { answers: true }));
    }
    // A wiki that is down, none at the endpoint, and no token: whatever the wiki holds.
    const page = `${server.url}/?mode=wiki&endpoint=/graphql`;
    add(await profiledLoad(browser, `${page}&token=${await server.wikiToken()}`, { wiki: wikiAnswers(503) }));
    add(await profiledLoad(browser, `${page}&token=${await server.wikiToken()}`, { wiki: wikiAnswers(404) }));
    add(await profiledLoad(browser, page, {}));
    // Only the page's own functions (a part's compiles would name indices of its own module).
    return [...called].filter((i) => i >= 0 && i < bodies.length).sort((a, b) => a - b);
  } finally {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Throws unless the first module holds every function kept (`wasm-split` only warns of a
 * name it does not know: a first module of nothing would load the rest at every start) and
 * exports its table as the loader's placeholders call it.
 */
function checkSplit({ first, kept }) {
  const defined = functionBodies(first).bodies.length;
  if (defined < kept) throw new Error(`wasm-split kept ${defined} functions in the first module, of ${kept} profiled`);
  if (!exportNames(first).includes("%table")) throw new Error("the first module exports no %table for the placeholders to call through");
}

/** The page's wasm `wasmFile` of the built `dir` in two: `{ first, rest, kept }` (bytes, bytes, count). */
export async function splitPage(dir, wasmFile) {
  if (!existsSync(WASM_SPLIT)) throw new Error(`${WASM_SPLIT} is missing: run \`bash scripts/setup.sh\` (make does)`);
  const keep = await profile(dir, wasmFile);
  // The split's inputs are kept, to find what a placeholder called too early is: split them
  // again with `-g` (names) and look its slot up in the rest's element segments.
  const inputs = join(ROOT, "target", "split");
  mkdirSync(inputs, { recursive: true });
  copyFileSync(wasmFile, join(inputs, "whole.wasm"));
  const list = join(inputs, "keep.txt");
  writeFileSync(list, `${keep.join("\n")}\n`);
  const work = mkdtempSync(join(tmpdir(), "wkc-split-"));
  try {
    const [first, rest] = ["first.wasm", "rest.wasm"].map((name) => join(work, name));
    execFileSync(
      WASM_SPLIT,
      [wasmFile, ...FEATURES.map((f) => `--enable-${f}`), `--placeholder-namespace=${PLACEHOLDERS}`, "--export-prefix=%", `--keep-funcs=@${list}`, "-o1", first, "-o2", rest],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    const split = { first: readFileSync(first), rest: readFileSync(rest), kept: keep.length };
    checkSplit(split);
    return split;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
