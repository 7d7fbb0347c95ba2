#!/usr/bin/env node
// `make bench-floor`: what the first load and time to interactive cost before any of the
// configurator's logic, measured, for their budgets (issue #18; docs/performance.md, "The
// stack's floor").
//
// Turns tests/bench/static.html (the page's markup as the app renders it) into one Leptos
// 0.8 component: the same elements and attributes, every input, select and textarea bound
// to its own signal (`prop:value` + `on:input`), and the derived URLs shown through one
// `Memo`. Then the same with what the stack fixes and the page builds on: `url` parsing
// Host, then also `serde_json` decoding a GraphQL answer into typed structs and encoding a
// request. Then the first screen alone, as the page has built it when it marks itself
// interactive (captured from the page against the stand-in wiki), without and with those
// two. Each is built exactly as the page is (the release profile, `erase_components`,
// wasm-bindgen, and wasm-opt with index.html's options) and set beside the page in dist/:
// the first load, and the wasm's code and data sections apart, all gzip -9.
//
// Each is then served as a page of its own (the page's stylesheet, the wasm preloaded and
// its glue modulepreloaded as Trunk writes them, `wkc-interactive` marked once the markup is
// mounted) and timed side by side with the page and the static page (side-by-side.mjs): the
// time to interactive the stack itself costs, before any of the page's logic.
//
//   node tests/bench/floor.mjs [--dist dist] [--loads 15]
//
// The generated crate lives in target/bench-floor/ (nothing is committed). Writes
// tests/bench/results/floor.{json,md} and docs/performance.md's table (between the `floor:` markers).

import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch } from '../chromium.mjs';
import { distArg, loadsArg, ROOT, wasmOptArgs } from './as-trunk.mjs';
import { sections } from './wasm-read.mjs';
import { pageStylesheet, startServer } from './server.mjs';
import { sideBySide } from './side-by-side.mjs';
import { writePerformanceTable } from './doc-tables.mjs';
import { gzipSize, transferSizes } from './sizes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = ROOT;
const argv = process.argv.slice(2);
const DIST = distArg(argv);
const LOADS = loadsArg(argv, 15);
const CRATE = join(root, 'target', 'bench-floor');
const OUT = join(CRATE, 'out');
const RESULTS = join(here, 'results');
const kb = (bytes) => (bytes / 1000).toFixed(1);

// ------------------------------------------------------------------ markup → view!
const VOID = new Set(['input', 'br', 'img', 'meta', 'link', 'hr', 'col', 'wbr']);
const CONTROLS = new Set(['input', 'select', 'textarea']);
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const decode = (s) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) =>
    e[0] !== '#' ? (ENTITIES[e] ?? m) : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );
const literal = (s) => JSON.stringify(s);

/** The root element's markup as the body of a `view!`, and how many controls it binds. */
function toView(html) {
  const start = html.indexOf('<div id="wikijs-keycloak-root">');
  const end = html.lastIndexOf('</body>');
  if (start < 0 || end < 0) throw new Error('static.html has no #wikijs-keycloak-root');
  const markup = html.slice(start, end).replace(/<!--[\s\S]*?-->/g, '');
  const parts = [];
  let controls = 0;
  let urls = 0;
  for (const [, tag, text] of markup.matchAll(/(<[^>]+>)|([^<]+)/g)) {
    if (text !== undefined) {
      const value = decode(text);
      if (!value.trim()) continue;
      if (/^https?:\/\//.test(value.trim())) {
        parts.push('{move || derived.get()}');
        urls += 1;
      } else {
        parts.push(literal(value));
      }
      continue;
    }
    const close = tag.match(/^<\/([a-z0-9-]+)/i);
    if (close) {
      if (!VOID.has(close[1])) parts.push(`</${close[1]}>`);
      continue;
    }
    const [, name, rest] = tag.match(/^<([a-z0-9-]+)([\s\S]*?)\/?>$/i);
    const attributes = [];
    for (const [, key, value] of rest.matchAll(/([a-z][a-z0-9-]*)(?:="([^"]*)")?/gi)) {
      if (key === 'value' && CONTROLS.has(name)) continue;
      attributes.push(`${key}=${literal(decode(value ?? ''))}`);
    }
    if (/\bwkc-input-derived\b/.test(rest)) {
      // A derived URL (read-only): shown through the one `Memo`, as the page shows its own.
      attributes.push('prop:value=move || derived.get()');
      urls += 1;
    } else if (CONTROLS.has(name)) {
      const signal = `s[${controls}]`;
      attributes.push(`prop:value=move || ${signal}.get()`, `on:input=move |ev| ${signal}.set(event_target_value(&ev))`);
      controls += 1;
    }
    parts.push(`<${name} ${attributes.join(' ')}${VOID.has(name) ? '/>' : '>'}`);
  }
  return { view: parts.join('\n'), controls, urls };
}

/** One component mounting `view`, its `controls` bound to signals, the derived URLs through one `Memo`. */
function component(name, { view, controls }) {
  return `#[component]
fn ${name}() -> impl IntoView {
    let s: [RwSignal<String>; ${controls}] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let derived = Memo::new(move |_| {
        #[cfg(feature = "url")]
        let host = url::Url::parse(&s[1].get()).map(|u| u.origin().ascii_serialization()).unwrap_or_else(|e| e.to_string());
        #[cfg(not(feature = "url"))]
        let host = s[1].get();
        #[cfg(feature = "json")]
        let host = format!("{host}{}", graphql::round_trip(&s[0].get()));
        format!("{host}/realms/{}/protocol/openid-connect/auth", s[2].get())
    });
    view! { ${view} }
}`;
}

/** The crate: the whole markup (`full`) and the first screen (`first`), one mounted by its feature. */
function crateSource(full, first) {
  return `//! Generated by tests/bench/floor.mjs: the admin page's markup as one Leptos component
//! (and its first screen as another, mounted instead with \`first-screen\`), every control
//! bound to a signal, no application logic. Features add what the page
//! builds on: \`url\` (parse Host as the core does) and \`json\` (decode a GraphQL answer
//! into typed structs and encode a request, as the Wiki.js adapter does).
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[cfg(feature = "json")]
mod graphql {
    use serde::{Deserialize, Serialize};
    #[derive(Deserialize)]
    pub struct Answer { pub data: Option<serde_json::Value>, #[serde(default)] pub errors: Vec<Problem> }
    #[derive(Deserialize)]
    pub struct Problem { pub message: String }
    #[derive(Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Strategy {
        pub key: String, pub strategy_key: String, pub display_name: String, pub order: u32,
        pub is_enabled: bool, pub self_registration: bool, pub domain_whitelist: Vec<String>,
        pub auto_enroll_groups: Vec<u32>, pub config: Vec<KeyValue>,
    }
    #[derive(Deserialize, Serialize)]
    pub struct KeyValue { pub key: String, pub value: String }
    #[derive(Serialize)]
    pub struct Request<'a> { pub query: &'a str, pub variables: Vars }
    #[derive(Serialize)]
    pub struct Vars { pub strategies: Vec<Strategy> }
    /// The strategies in an answer, re-encoded as the next request.
    pub fn round_trip(body: &str) -> String {
        let Ok(answer) = serde_json::from_str::<Answer>(body) else { return "not JSON".into() };
        if let Some(problem) = answer.errors.first() { return problem.message.clone(); }
        let list = answer.data.and_then(|d| d.get("strategies").cloned()).unwrap_or_default();
        match serde_json::from_value::<Vec<Strategy>>(list) {
            Ok(strategies) => serde_json::to_string(&Request { query: "mutation", variables: Vars { strategies } }).unwrap_or_default(),
            Err(e) => e.to_string(),
        }
    }
}

${component('Page', full)}

${component('FirstScreen', first)}

#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(not(feature = "first-screen"))]
    leptos::mount::mount_to_body(Page);
    #[cfg(feature = "first-screen")]
    leptos::mount::mount_to_body(FirstScreen);
}
`;
}

// ------------------------------------------------------------------ building it as the page
function writeCrate(source) {
  mkdirSync(join(CRATE, 'src'), { recursive: true });
  mkdirSync(join(CRATE, '.cargo'), { recursive: true });
  const manifest = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  // The exact versions the page builds with (its dependencies sit in several manifests).
  const lock = readFileSync(join(root, 'Cargo.lock'), 'utf8');
  const version = (name) => {
    const found = lock.match(new RegExp(`^name = "${name}"\\nversion = "([^"]+)"`, 'm'));
    if (!found) throw new Error(`Cargo.lock has no package ${name}`);
    return `=${found[1]}`;
  };
  const profile = manifest.match(/\[profile\.release\][\s\S]*?(?=\n\n|\n\[|$)/)[0];
  writeFileSync(
    join(CRATE, 'Cargo.toml'),
    `[package]\nname = "bench-floor"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n` +
      `[lib]\ncrate-type = ["cdylib"]\n\n[dependencies]\n` +
      `leptos = { version = "${version('leptos')}", features = ["csr"] }\nwasm-bindgen = "${version('wasm-bindgen')}"\n` +
      `url = { version = "${version('url')}", optional = true }\nidna_adapter = "${version('idna_adapter')}"\n` +
      `serde = { version = "1", features = ["derive"], optional = true }\nserde_json = { version = "1", optional = true }\n\n` +
      `[features]\nurl = ["dep:url"]\njson = ["dep:serde", "dep:serde_json"]\nfirst-screen = []\n\n` +
      `${profile}\n\n[workspace]\n`,
  );
  writeFileSync(join(CRATE, 'src', 'lib.rs'), source);
  copyFileSync(join(root, 'Cargo.lock'), join(CRATE, 'Cargo.lock'));
  copyFileSync(join(root, '.cargo', 'config.toml'), join(CRATE, '.cargo', 'config.toml'));
}

/** Build the crate with `features`, as Trunk builds the page; the wasm and JS glue's paths. */
function build(features) {
  const out = join(OUT, features.join('+') || 'markup');
  // Emptied first: an earlier run's stylesheet (another hash) would be served beside this one's.
  rmSync(out, { recursive: true, force: true });
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: CRATE, stdio: ['ignore', 'inherit', 'inherit'] });
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--features', features.join(',')]);
  const wasm = join(CRATE, 'target', 'wasm32-unknown-unknown', 'release', 'bench_floor.wasm');
  run('wasm-bindgen', ['--target', 'web', '--out-dir', out, wasm]);

  const bg = join(out, 'bench_floor_bg.wasm');
  run('wasm-opt', [...wasmOptArgs(), bg, '-o', bg]);
  servable(out);
  return { out, wasm: bg, js: join(out, 'bench_floor.js') };
}

/**
 * Make `out` a page as Trunk makes the admin page: the page's stylesheet, the glue
 * modulepreloaded and the wasm preloaded from the head, one module script that initialises
 * it (the crate's start mounts the markup) and then marks `wkc-interactive`.
 */
function servable(out) {
  const css = pageStylesheet(DIST);
  copyFileSync(css, join(out, basename(css)));
  writeFileSync(
    join(out, 'start.js'),
    `import init from './bench_floor.js';\nawait init({ module_or_path: new URL('./bench_floor_bg.wasm', import.meta.url) });\nperformance.mark('wkc-interactive');\n`,
  );
  writeFileSync(
    join(out, 'index.html'),
    `<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8" />\n    <meta name="viewport" content="width=device-width, initial-scale=1" />\n` +
      `    <title>bench floor</title>\n    <script type="module" src="./start.js"></script>\n    <link rel="stylesheet" href="./${basename(css)}" />\n` +
      `    <link rel="modulepreload" href="./bench_floor.js" crossorigin="anonymous" />\n` +
      `    <link rel="preload" href="./bench_floor_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm" />\n` +
      `  </head>\n  <body class="wkc-page"></body>\n</html>\n`,
  );
}

// ------------------------------------------------------------------ sizes
/** Raw and gzip -9 bytes of a wasm's code section (10) and data section (11). */
function wasmSections(file) {
  const found = Object.fromEntries(sections(readFileSync(file)).map(({ id, body }) => [id, body]));
  const of = (id) => ({ raw: found[id]?.length ?? 0, gzip: found[id] ? gzipSize(found[id]) : 0 });
  return { code: of(10), data: of(11) };
}

/**
 * What the page has built when it marks itself interactive (against the stand-in wiki, as
 * `make bench` opens it): the markup of the first screen, without the folds and sections the
 * page builds in the tasks after (`Deferred`), wrapped as static.html wraps the whole page.
 * The smallest of a few loads: on a cold browser the wiki may answer after the page has
 * shown itself loading (`FIRST_VIEW_WAIT_MS`), and the mark then comes with the whole page.
 */
async function firstScreenMarkup() {
  const server = await startServer({ dist: DIST, staticPage: join(here, 'static.html') });
  const browser = await launch();
  try {
    const captures = [];
    for (let i = 0; i < 4; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(() => {
        const mark = performance.mark.bind(performance);
        performance.mark = (name, options) => {
          if (name === 'wkc-interactive') window.wkcFirstScreen ??= document.getElementById('wikijs-keycloak-root').innerHTML;
          return mark(name, options);
        };
      });
      await page.goto(await server.wikiPage());
      captures.push(await (await page.waitForFunction(() => window.wkcFirstScreen)).jsonValue());
      await context.close();
    }
    const inner = captures.reduce((a, b) => (b.length < a.length ? b : a));
    return `<div id="wikijs-keycloak-root">${inner}</div></body>`;
  } finally {
    await browser.close();
    await server.close();
  }
}

const markup = toView(readFileSync(join(here, 'static.html'), 'utf8'));
const firstScreen = toView(await firstScreenMarkup());
writeCrate(crateSource(markup, firstScreen));

const size = (file) => {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSize(bytes) };
};
const sum = (parts) => ({ raw: parts.reduce((n, p) => n + p.raw, 0), gzip: parts.reduce((n, p) => n + p.gzip, 0) });

// The page's first load as the benchmark counts it. Each variant's: its wasm and JS glue,
// plus the page's own CSS and HTML (it would need the same files).
const page = transferSizes(DIST, { brotli: false });
const pageWasm = join(DIST, page.files.find((f) => f.kind === 'wasm').name);
const measured = (wasm, js) => ({ total: sum([wasm, js, page.byKind.css, page.byKind.html]), wasm, js });
const urls = (n) => `${n} derived URL${n === 1 ? '' : 's'}`;
const variants = [
  [`the markup alone (Leptos, ${markup.controls} bound controls, ${urls(markup.urls)} through one Memo)`, []],
  ['… plus `url` (IDNA off, as the page)', ['url']],
  ['… plus `serde` and `serde_json` (typed GraphQL decode and encode)', ['url', 'json']],
  [`the first screen's markup alone, as the page has built it when it marks itself interactive (${firstScreen.controls} bound controls, ${urls(firstScreen.urls)} through one Memo)`, ['first-screen']],
  ['… plus `url`, `serde` and `serde_json`', ['first-screen', 'url', 'json']],
].map(([name, features]) => {
  const files = build(features);
  return { name, features, out: files.out, ...measured(size(files.wasm), size(files.js)), sections: wasmSections(files.wasm) };
});

// Time to interactive: each variant and the page (in the wiki, as `make bench` opens it)
// beside the static page, interleaved.
console.error(`floor: time to interactive, ${LOADS} fresh loads each…`);
const timed = await sideBySide([DIST, ...variants.map((v) => v.out)], { loads: LOADS });
const tti = ({ interactive, ratio }) => ({ medianMs: Number(interactive.toFixed(1)), ratio: Number(ratio.toFixed(2)) });
for (const [i, v] of variants.entries()) {
  v.tti = tti(timed.builds[i + 1]);
  delete v.out;
}
const result = {
  date: new Date().toISOString(),
  markup: { controls: markup.controls, derivedUrlTexts: markup.urls },
  firstScreen: { controls: firstScreen.controls, derivedUrlTexts: firstScreen.urls },
  variants,
  page: { name: 'the page (dist/), in the wiki', ...measured(page.byKind.wasm, page.byKind.js), sections: wasmSections(pageWasm), tti: tti(timed.builds[0]) },
  staticPage: { loads: LOADS, medianMs: Number(timed.static.interactive.toFixed(1)) },
};

const row = (v) =>
  `| ${v.name} | **${kb(v.total.gzip)}** | ${kb(v.wasm.gzip)} | ${kb(v.sections.code.gzip)} | ${kb(v.sections.data.gzip)} | ${kb(v.js.gzip)} | ${v.tti.medianMs.toFixed(1)} ms | **${v.tti.ratio.toFixed(2)}** |`;
const md = [
  `Measured ${result.date.slice(0, 16).replace('T', ' ')} UTC by \`make bench-floor\` on ${os.cpus()[0]?.model?.trim() ?? '?'}, ${os.cpus().length} cores: what a first load costs before any of the page's logic (KB = 1000 bytes, gzip -9; first load = wasm + JS glue + the page's CSS and HTML), and its time to interactive (navigation start → \`wkc-interactive\`, median of ${LOADS} fresh loads each, interleaved with the static page's, which reached its load event in ${result.staticPage.medianMs.toFixed(1)} ms).`,
  '',
  '| build | first load | wasm | its code | its data | JS glue | interactive | / static page |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...variants.map(row),
  row(result.page),
  '',
].join('\n');
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'floor.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(RESULTS, 'floor.md'), md);
writePerformanceTable('<!-- floor:begin (tests/bench/results/floor.md, written by make bench-floor) -->', '<!-- floor:end -->', md);
process.stdout.write(md);
