#!/usr/bin/env node
// `make bench-split`: the page's wasm split by what its start calls, as a measured prototype
// for issue #18's 275 KB (docs/performance.md, "The whole page module split by what the start
// calls"). Not the shipped build: a copy of dist/ in target/bench-split/dist/, patched here.
//
// 1. Traces three fresh loads of the page in the wiki (start-compile.mjs): the functions the
//    start calls before `wkc-interactive`.
// 2. binaryen 116's `wasm-split` (`scripts/setup.sh split`) keeps those in a first module and
//    moves the rest to a second; each function the first no longer holds is a placeholder
//    import (`placeholder` namespace, named by its table slot).
// 3. The copy's glue gets that namespace: the function for slot N loads the second module if
//    it is not in yet (a synchronous request and `new WebAssembly.Module`, the fallback) and
//    calls slot N. Its loader fetches and compiles the second module once the page is
//    interactive; instantiated with the first module's exports, its elements replace the
//    placeholders in the table. The glue's `integrity` in index.html is written again, and
//    `.gz`/`.br` beside each changed file. The page's wasm keeps its file name (this copy is
//    measured, not deployed).
// 4. Prints the first load of both and their time to interactive side by side with the
//    static page (side-by-side.mjs); writes tests/bench/results/split.{json,md}.
//
// The end-to-end suite runs against the copy with `WKC_DIST=target/bench-split/dist node --test tests/e2e/`.
//
//   node tests/bench/split.mjs [--dist dist] [--loads 15]

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

import { launch } from '../chromium.mjs';
import { distArg, loadsArg, ROOT } from './as-trunk.mjs';
import { LOOPBACK_ONLY, startServer } from './server.mjs';
import { sideBySide } from './side-by-side.mjs';
import { transferSizes, gzipSize } from './sizes.mjs';
import { pageWasm, startCompiles } from './start-compile.mjs';
import { functionBodies } from './wasm-read.mjs';

const argv = process.argv.slice(2);
const DIST = distArg(argv);
const LOADS = loadsArg(argv, 15);
const WORK = join(ROOT, 'target', 'bench-split');
const SPLIT_DIST = join(WORK, 'dist');
const WASM_SPLIT = join(ROOT, 'target', 'tools', 'binaryen-116', 'bin', 'wasm-split');
const SECOND = 'wikijs-keycloak-second.wasm';
const kb = (bytes) => (bytes / 1000).toFixed(1);

/** The function indices (among those the module defines) three traced loads call before the mark. */
async function startFunctions(dist) {
  const wasm = pageWasm(dist);
  const { imported } = functionBodies(readFileSync(wasm));
  const server = await startServer({ dist, staticPage: join(ROOT, 'tests', 'bench', 'static.html') });
  const browser = await launch({ args: LOOPBACK_ONLY });
  try {
    const called = new Set();
    for (let i = 0; i < 3; i++) {
      const url = `${server.url}/?mode=wiki&endpoint=/graphql&token=${await server.wikiToken()}`;
      const { indices } = await startCompiles(browser, url, wasm, { loads: 1 });
      for (const index of indices) called.add(index - imported);
    }
    return [...called].filter((i) => i >= 0).sort((a, b) => a - b);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** `text` with `find` replaced once; throws when it is not there exactly once. */
function replaceOnce(text, find, replace, what) {
  const count = text.split(find).length - 1;
  if (count !== 1) throw new Error(`${what}: expected one ${JSON.stringify(find)}, found ${count}`);
  return text.replace(find, replace);
}

/** What the copy's loader runs before it initialises the page's wasm (see the header). */
const RUNTIME = `globalThis.__wkcSplit=(()=>{let exportsOf=null,done=false;const url=new URL(${JSON.stringify(SECOND)},import.meta.url).href;
const instantiate=(m)=>{if(done)return;new WebAssembly.Instance(m,{primary:exportsOf()});done=true;performance.mark("wkc-split-second")};
const loadNow=()=>{if(done)return;const x=new XMLHttpRequest;x.open("GET",url,false);x.overrideMimeType("text/plain; charset=x-user-defined");x.send();if(x.status!==200)throw new Error(url+": HTTP "+x.status);const s=x.responseText,b=new Uint8Array(s.length);for(let i=0;i<s.length;i++)b[i]=s.charCodeAt(i)&255;performance.mark("wkc-split-second-sync");instantiate(new WebAssembly.Module(b))};
return{placeholders:(get)=>{exportsOf=get;return new Proxy({},{get:(_,slot)=>{const i=Number(slot);return(...a)=>{loadNow();return get()["%table"].get(i)(...a)}}})},
prefetch:()=>{fetch(url).then((r)=>WebAssembly.compileStreaming(r)).then(instantiate).catch(()=>{})}}})();
new PerformanceObserver((l,o)=>{if(l.getEntriesByName("wkc-interactive").length){o.disconnect();globalThis.__wkcSplit.prefetch()}}).observe({type:"mark",buffered:true});
`;

/** Write `file` and its `.gz` and `.br` copies. */
function writeCompressed(file, bytes) {
  writeFileSync(file, bytes);
  writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
  writeFileSync(`${file}.br`, brotliCompressSync(bytes));
}

async function main() {
  const keep = await startFunctions(DIST);
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  cpSync(DIST, SPLIT_DIST, { recursive: true });
  const keepFile = join(WORK, 'keep.txt');
  writeFileSync(keepFile, keep.join('\n') + '\n');

  const wasm = pageWasm(SPLIT_DIST);
  const [first, second] = [join(WORK, 'first.wasm'), join(WORK, 'second.wasm')];
  const features = ['reference-types', 'bulk-memory', 'mutable-globals', 'sign-ext', 'nontrapping-float-to-int', 'multivalue'].map((f) => `--enable-${f}`);
  execFileSync(WASM_SPLIT, [wasm, ...features, '--export-prefix=%', `--keep-funcs=@${keepFile}`, '-o1', first, '-o2', second], { stdio: ['ignore', 'ignore', 'inherit'] });
  writeCompressed(wasm, readFileSync(first));
  writeCompressed(join(SPLIT_DIST, SECOND), readFileSync(second));

  // The glue: the placeholder namespace beside wasm-bindgen's own imports.
  const loaderFile = join(SPLIT_DIST, 'wikijs-keycloak.js');
  let loader = readFileSync(loaderFile, 'utf8');
  const glueName = /from\s*"\.\/(wikijs-keycloak-[0-9a-f]{16}\.js)"/.exec(loader)?.[1];
  if (!glueName) throw new Error('the loader imports no glue');
  const glueFile = join(SPLIT_DIST, glueName);
  let glue = readFileSync(glueFile, 'utf8');
  const exportsVar = /,(\w+)=\w+\.exports,/.exec(glue)?.[1];
  if (!exportsVar) throw new Error('the glue keeps its exports under no name found');
  glue = replaceOnce(glue, 'return{__proto__:null,"./wikijs-keycloak_bg.js":', `return{__proto__:null,placeholder:globalThis.__wkcSplit.placeholders(()=>${exportsVar}),"./wikijs-keycloak_bg.js":`, 'glue');
  writeCompressed(glueFile, Buffer.from(glue));
  const integrity = `sha384-${createHash('sha384').update(glue).digest('base64')}`;
  for (const html of ['index.html', 'wiki-snippet.html']) {
    const file = join(SPLIT_DIST, html);
    const text = readFileSync(file, 'utf8').replace(new RegExp(`(href="\\./${glueName}"[^>]*integrity=")[^"]*"`), `$1${integrity}"`);
    writeCompressed(file, Buffer.from(text));
  }
  // The loader: the runtime above before anything else it runs.
  const imports = /^import[^;]*;/.exec(loader)?.[0];
  if (!imports) throw new Error('the loader starts with no import');
  loader = imports + RUNTIME + loader.slice(imports.length);
  writeCompressed(loaderFile, Buffer.from(loader));

  const before = transferSizes(DIST, { brotli: false });
  const after = transferSizes(SPLIT_DIST, { brotli: false });
  const timing = await sideBySide([DIST, SPLIT_DIST], { loads: LOADS });
  const [shipped, split] = timing.builds;
  const result = {
    measuredAt: new Date().toISOString(),
    keptFunctions: keep.length,
    firstModuleGzip: gzipSize(readFileSync(first)),
    secondModuleGzip: gzipSize(readFileSync(second)),
    firstLoadGzip: { shipped: before.total.gzip, split: after.total.gzip },
    interactiveMs: { static: timing.static.interactive, shipped: shipped.interactive, split: split.interactive },
    loads: LOADS,
  };
  const md = [
    `Measured ${result.measuredAt.slice(0, 16).replace('T', ' ')} UTC by \`make bench-split\` (tests/bench/split.mjs): the page's wasm split by the ${keep.length} functions three traced loads call before \`wkc-interactive\`.`,
    '',
    '| build | first load, gzip | of it wasm | time to interactive (median) | / static page |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| shipped (${basename(DIST)}/) | ${kb(before.total.gzip)} KB | ${kb(before.byKind.wasm.gzip)} KB | ${shipped.interactive.toFixed(1)} ms | ${shipped.ratio.toFixed(2)} |`,
    `| split (target/bench-split/dist/) | ${kb(after.total.gzip)} KB | ${kb(after.byKind.wasm.gzip)} KB | ${split.interactive.toFixed(1)} ms | ${split.ratio.toFixed(2)} |`,
    '',
    `The second module, fetched once the page is interactive: ${kb(result.secondModuleGzip)} KB gzip. Static page: ${timing.static.interactive.toFixed(1)} ms; ${LOADS} loads each, interleaved.`,
    '',
  ].join('\n');
  const results = join(ROOT, 'tests', 'bench', 'results');
  writeFileSync(join(results, 'split.json'), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(join(results, 'split.md'), md);
  console.log(md);
}

await main();
