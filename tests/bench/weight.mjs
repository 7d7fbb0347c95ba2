#!/usr/bin/env node
// `make bench-weight`: where the page's first-load wasm goes, crate by crate and module by
// module, measured (issue #18: "where each kilobyte beyond [275 KB] goes"; docs/performance.md,
// "Where the first load goes").
//
// Builds the page's wasm again exactly as Trunk builds it (the release profile,
// `erase_components`, wasm-bindgen, wasm-opt with index.html's options) but keeps the function
// names (`--keep-debug`, wasm-opt `-g`), then weighs each function's body by the crate its
// name starts with (our own code by module), and the data section's bytes by whether they
// are a text of our sources. A crate's gzip share is its functions compressed together,
// scaled so the shares add up to the code section of dist/'s wasm. The named build differs
// from dist/'s by a few tenths of a percent (wasm-opt's `-g` keeps a few more locals).
//
// Then it serves dist/ with that wasm in the page's wasm's place, opens it in the wiki as
// `make bench` does, and traces which functions V8 compiles before the page marks itself
// interactive (V8 compiles each function on its first call, on the main thread): the
// start's compiling, which is most of what the page adds to its time to interactive
// (docs/performance.md, "The stack's floor"), deterministic where timings are not.
//
// Generic code is named after the generic: `reactive_graph::effect::Effect::new` built for one
// of the page's closures counts as Leptos, though each reactive site of the page instantiates
// its own copy, and a closure the optimiser inlined into it goes with it.
//
//   node tests/bench/weight.mjs [--dist dist] [--skip-build]
//
// Writes tests/bench/results/weight.{json,md} and docs/performance.md's table (between the
// `weight:` markers).

import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch } from '../chromium.mjs';
import { distArg, ROOT, wasmOptArgs } from './as-trunk.mjs';
import { cursor, functionBodies } from './wasm-read.mjs';
import { writePerformanceTable } from './doc-tables.mjs';
import { LOOPBACK_ONLY, startServer } from './server.mjs';
import { startCompiles } from './start-compile.mjs';
import { gzipSize, transferSizes } from './sizes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = ROOT;
const argv = process.argv.slice(2);
const DIST = distArg(argv);
const OUT = join(root, 'target', 'bench-weight');
const RESULTS = join(here, 'results');
const kb = (bytes) => (bytes / 1000).toFixed(1);

/** The crate a group of functions is counted under: the framework's crates by what they are. */
const GROUPS = [
  ['Leptos (reactive graph, views, their helpers)', /^(reactive_graph|tachys|leptos|leptos_dom|leptos_macro|any_spawner|guardian|send_wrapper|or_poisoned|throw_error|either_of|next_tuple|slotmap|oco_ref|hydration_context|reactive_stores|indexmap|futures\w*|pin_project\w*|slab)$/],
  ['Rust core, alloc, std, allocator (generics built for the page\'s types)', /^(core|alloc|std|dlmalloc|hashbrown|rustc|__rustc|compiler_builtins|memchr|equivalent)$/],
  ['serde and serde_json', /^(serde|serde_core|serde_json|itoa|ryu|zmij)$/],
  ['url (with idna, percent-encoding)', /^(url|idna|idna_adapter|percent_encoding|form_urlencoded|utf8_iter|smallvec|icu\w*)$/],
  ['wasm-bindgen, js-sys, web-sys, gloo-net', /^(wasm_bindgen|wasm_bindgen_futures|js_sys|web_sys|gloo_net|gloo_utils|__wbindgen\w*|__wbg\w*)$/],
];

const COMPONENTS = "our shell's component bodies (inlined into Leptos's `untrack_with_diagnostics`)";

// ------------------------------------------------------------------ build
/** The page's wasm as Trunk builds it, names kept; its path. */
function buildNamed() {
  mkdirSync(OUT, { recursive: true });
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  run('cargo', ['build', '--release', '--offline', '--target', 'wasm32-unknown-unknown', '--lib']);
  const wasm = join(root, 'target', 'wasm32-unknown-unknown', 'release', 'wikijs_keycloak.wasm');
  run('wasm-bindgen', ['--target', 'web', '--keep-debug', '--out-name', 'wikijs-keycloak', '--out-dir', OUT, wasm]);
  const bg = join(OUT, 'wikijs-keycloak_bg.wasm');
  run('wasm-opt', ['-g', ...wasmOptArgs(), bg, '-o', bg]);
  return bg;
}

// ------------------------------------------------------------------ reading the wasm
/** Each defined function's body, name and index, and the data section's bytes. */
function readWasm(file) {
  const { imported, bodies, sections: found } = functionBodies(readFileSync(file));
  const names = new Map();
  let data = Buffer.alloc(0);
  for (const { id, body } of found) {
    const c = cursor(body);
    if (id === 11) {
      data = body;
    } else if (id === 0 && c.name() === 'name') {
      while (!c.done()) {
        const sub = c.byte();
        const part = cursor(c.take(c.leb()));
        if (sub !== 1) continue;
        for (let n = part.leb(); n > 0; n--) {
          const index = part.leb();
          names.set(index, part.name());
        }
      }
    }
  }
  return { functions: bodies.map((body, k) => ({ body, name: names.get(k + imported) ?? '', index: k + imported })), data };
}

/** Our own code by module (`core: diagnostics::checks`, `shell: app::save_bar`), else the crate's group. */
function groupOf(name) {
  // Leptos calls each component through this generic, and wasm-opt inlines the body into it.
  if (name.startsWith('reactive_graph::graph::subscriber::untrack_with_diagnostics')) return COMPONENTS;
  let path = name.replace(/^(<|&mut |&|\*const |\*mut |\[|\()+/, '');
  // `<T as tachys::…::Render>::build`: a generic parameter, a slice or a tuple is named by the trait.
  if (!/^[a-z_0-9]+(\[[0-9a-f]+\])?::/.test(path) && path.includes(' as ')) path = path.slice(path.indexOf(' as ') + 4);
  const own = path.match(/^(wkc_core|wikijs_keycloak)::((?:[a-z_0-9]+::)*)/);
  if (own) {
    const modules = own[2].split('::').filter((m) => m && !m.startsWith('__component')).slice(0, 2);
    return `${own[1] === 'wkc_core' ? 'our core' : 'our shell'}: ${modules.join('::') || '(crate root)'}`;
  }
  const crate = path.match(/^([A-Za-z_0-9]+?)(\[[0-9a-f]+\])?(::|$)/)?.[1] ?? '';
  return GROUPS.find(([, re]) => re.test(crate))?.[0] ?? `other: ${crate || '(unnamed)'}`;
}

// ------------------------------------------------------------------ our texts in the data
/** Rust string literals of our sources, placeholders cut out: the pieces a build keeps as data. */
function ourTexts() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.rs')) files.push(path);
    }
  };
  for (const dir of ['core/src', 'src']) walk(join(root, dir));
  const pieces = new Set();
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
      const text = m[1]
        .replace(/\\\n\s*/g, '')
        .replace(/\\n/g, '\n')
        .replace(/\\t/g, '\t')
        .replace(/\\(["'\\])/g, '$1')
        .replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, h) => String.fromCodePoint(parseInt(h, 16)));
      for (const piece of text.split(/\{[^{}]*\}/)) if (Buffer.byteLength(piece) >= 6) pieces.add(piece);
    }
  }
  return [...pieces].sort((a, b) => b.length - a.length);
}

/**
 * The data section in three: our texts (each found once, longest first), the source paths
 * panics name (`Location`: the registry's, the toolchain's and ours), and the rest.
 */
function splitData(data) {
  const taken = new Uint8Array(data.length);
  const take = (at, length, into) => {
    taken.fill(1, at, at + length);
    into.push(data.subarray(at, at + length));
  };
  const ours = [];
  for (const piece of ourTexts()) {
    const needle = Buffer.from(piece);
    const at = data.indexOf(needle);
    if (at >= 0 && !taken.subarray(at, at + needle.length).some(Boolean)) take(at, needle.length, ours);
  }
  const paths = [];
  for (const m of data.toString('latin1').matchAll(/(\/rustc\/[0-9a-f]+\/|\/root\/\.cargo\/registry\/src\/[^/]+\/)?[\w.-]+(\/[\w.-]+)*\.rs/g)) {
    if (!taken.subarray(m.index, m.index + m[0].length).some(Boolean)) take(m.index, m[0].length, paths);
  }
  const rest = Buffer.from(data.filter((_, k) => !taken[k]));
  return { ours: Buffer.concat(ours), paths: Buffer.concat(paths), rest };
}

// ------------------------------------------------------------------ compiled at the start
/**
 * The functions V8 compiles before the page marks itself interactive, by index: dist/ served
 * with the named wasm in the page's wasm's place, opened in the wiki as `make bench` opens it
 * (`startCompiles`: the load of three that called the fewest).
 */
async function compiledBeforeMark(named, wasmName) {
  const site = join(OUT, 'site');
  rmSync(site, { recursive: true, force: true });
  cpSync(DIST, site, { recursive: true });
  copyFileSync(named, join(site, wasmName));
  const index = join(site, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace(/ integrity="[^"]*"/g, ''));
  const server = await startServer({ dist: site, staticPage: join(here, 'static.html') });
  const browser = await launch({ args: LOOPBACK_ONLY });
  try {
    return (await startCompiles(browser, await server.wikiPage(), named)).indices;
  } finally {
    await browser.close();
    await server.close();
  }
}

// ------------------------------------------------------------------ weighing
const wasmFile = argv.includes('--skip-build') ? join(OUT, 'wikijs-keycloak_bg.wasm') : buildNamed();
const { functions, data } = readWasm(wasmFile);
const page = transferSizes(DIST, { brotli: false });
const pageWasm = readWasm(join(DIST, page.files.find((f) => f.kind === 'wasm').name));
const codeGzip = gzipSize(Buffer.concat(pageWasm.functions.map((f) => f.body)));
const dataGzip = gzipSize(pageWasm.data);
const wasmGzip = page.byKind.wasm.gzip;
const early = await compiledBeforeMark(wasmFile, page.files.find((f) => f.kind === 'wasm').name);

const groups = new Map();
for (const f of functions) {
  const key = groupOf(f.name);
  const g = groups.get(key) ?? { functions: 0, raw: 0, bodies: [], early: 0, earlyRaw: 0 };
  g.functions++;
  g.raw += f.body.length;
  if (early.has(f.index)) {
    g.early++;
    g.earlyRaw += f.body.length;
  }
  g.bodies.push(f.body);
  groups.set(key, g);
}
const alone = new Map([...groups].map(([key, g]) => [key, gzipSize(Buffer.concat(g.bodies))]));
const aloneSum = [...alone.values()].reduce((a, b) => a + b, 0);
const share = (key) => (alone.get(key) / aloneSum) * codeGzip;
const rows = [...groups]
  .map(([key, g]) => ({ group: key, functions: g.functions, raw: g.raw, gzip: Math.round(share(key)), early: g.early, earlyRaw: g.earlyRaw }))
  .sort((a, b) => b.gzip - a.gzip);
const buckets = splitData(data);
const bucketGzip = Object.fromEntries(Object.entries(buckets).map(([k, b]) => [k, gzipSize(b)]));
const bucketSum = Object.values(bucketGzip).reduce((a, b) => a + b, 0);
const dataRow = (key, group) => ({ group, raw: buckets[key].length, gzip: Math.round((bucketGzip[key] / bucketSum) * dataGzip) });
const dataRows = [
  dataRow('ours', 'our texts (messages, fixes, labels, help: string literals of core/ and src/)'),
  dataRow('paths', 'source paths that panic messages name (the registry\'s, the toolchain\'s, ours)'),
  dataRow('rest', 'the rest: the crates\' texts and tables, our tables, vtables'),
];

// Our own code in one line each for core and shell; the framework's groups as they are.
const sumOf = (pred) =>
  rows.filter(pred).reduce(
    (s, r) => ({ functions: s.functions + r.functions, raw: s.raw + r.raw, gzip: s.gzip + r.gzip, early: s.early + r.early, earlyRaw: s.earlyRaw + r.earlyRaw }),
    { functions: 0, raw: 0, gzip: 0, early: 0, earlyRaw: 0 },
  );
const all = sumOf(() => true);
const core = sumOf((r) => r.group.startsWith('our core'));
const shell = sumOf((r) => r.group.startsWith('our shell:'));
const components = rows.find((r) => r.group === COMPONENTS);
const named = GROUPS.map(([group]) => rows.find((r) => r.group === group) ?? { group, functions: 0, raw: 0, gzip: 0, early: 0, earlyRaw: 0 });
const other = sumOf((r) => r.group.startsWith('other'));
const otherNames = rows.filter((r) => r.group.startsWith('other')).slice(0, 4).map((r) => r.group.slice(7)).join(', ');

/** A generic's name without its type arguments and hash: its copies counted together. */
const genericOf = (name) => {
  let out = '';
  let depth = 0;
  for (const ch of name.replace(/::h[0-9a-f]{16}$/, '')) {
    if (ch === '<') depth++;
    if (depth === 0) out += ch;
    if (ch === '>') depth = Math.max(0, depth - 1);
  }
  return out.replace(/\{\{closure\}\}/g, '{closure}');
};
const byGeneric = new Map();
for (const f of functions) {
  if (!early.has(f.index)) continue;
  const g = byGeneric.get(genericOf(f.name)) ?? { copies: 0, raw: 0 };
  g.copies++;
  g.raw += f.body.length;
  byGeneric.set(genericOf(f.name), g);
}
const earlyGenerics = [...byGeneric]
  .map(([generic, g]) => ({ generic, ...g }))
  .sort((a, b) => b.raw - a.raw)
  .slice(0, 60);
/** Our own functions compiled before the mark, largest first: what of the page's logic runs at the start. */
const earlyOurs = functions
  .filter((f) => early.has(f.index) && /^(<)?(wkc_core|wikijs_keycloak)::/.test(f.name))
  .map((f) => ({ name: f.name.replace(/::h[0-9a-f]{16}$/, ''), raw: f.body.length }))
  .sort((a, b) => b.raw - a.raw);

const result = {
  measuredAt: new Date().toISOString(),
  firstLoadGzip: page.total.gzip,
  wasm: { gzip: wasmGzip, codeGzip, dataGzip, functions: pageWasm.functions.length, namedFunctions: functions.length },
  compiledBeforeMark: { functions: all.early, raw: all.earlyRaw, largestGenerics: earlyGenerics, ours: earlyOurs },
  code: rows,
  data: dataRows,
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'weight.json'), `${JSON.stringify(result, null, 2)}\n`);

const line = (r) => `| ${r.group} | ${r.functions} | ${kb(r.raw)} | ${kb(r.gzip)} | ${r.early} | ${kb(r.earlyRaw)} |`;
const ownTop = (prefix, n) =>
  rows
    .filter((r) => r.group.startsWith(prefix))
    .slice(0, n)
    .map((r) => `${r.group.slice(r.group.indexOf(': ') + 2)} ${kb(r.gzip)}`)
    .join(', ');
const md = [
  `Measured ${result.measuredAt.slice(0, 16).replace('T', ' ')} UTC by \`make bench-weight\` on the page in ${DIST === join(root, 'dist') ? 'dist/' : DIST}: its first load is **${kb(page.total.gzip)} KB** gzip -9, of which the wasm ${kb(wasmGzip)} KB (code ${kb(codeGzip)}, data ${kb(dataGzip)}, the rest its other sections), the JS ${kb(page.byKind.js.gzip)}, CSS ${kb(page.byKind.css.gzip)} and HTML ${kb(page.byKind.html.gzip)}. The wasm's ${pageWasm.functions.length.toLocaleString('en')} functions (${functions.length.toLocaleString('en')} in the named build) by the crate each is named after; gzip is each group's share of the code section's gzip; the last two columns are what V8 compiles before the page marks itself interactive, opened in the wiki as \`make bench\` opens it (${all.early.toLocaleString('en')} functions, ${kb(all.earlyRaw)} KB; KB = 1000 bytes):`,
  '',
  '| where | functions | raw KB | gzip KB | compiled before the mark | its raw KB |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...named.map(line),
  line({ group: `our core (\`wkc-core\`: ${ownTop('our core', 5)}, …)`, ...core }),
  line({ group: `our shell (app, backend, parts' loaders, widget: ${ownTop('our shell:', 5)}, …)`, ...shell }),
  line(components),
  line({ group: `other crates and unnamed (${otherNames})`, ...other }),
  ...dataRows.map((r) => `| data: ${r.group} | | ${kb(r.raw)} | ${kb(r.gzip)} | | |`),
  '',
].join('\n');
writeFileSync(join(RESULTS, 'weight.md'), md);
writePerformanceTable('<!-- weight:begin (tests/bench/results/weight.md, written by make bench-weight) -->', '<!-- weight:end -->', md);
console.log(md);
for (const r of rows.filter((x) => x.group.startsWith('our') || x.group.startsWith('other')).slice(0, 30)) console.log(`  ${kb(r.gzip).padStart(6)} ${String(r.functions).padStart(5)} ${r.group}`);
