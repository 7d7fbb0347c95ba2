// What the browser's wasm engine compiles before the page is interactive.
//
// V8 compiles a wasm function the first time it is called (lazy compilation, its default),
// on the page's main thread, with a cost for each function as well as for its bytes: most of
// the page's own start, after the wasm is instantiated, is spent there (docs/performance.md,
// "Where the start goes: a function compiled at its first call"). How many functions the
// start calls is fixed by the build, the browser and the wiki's answer (when it comes in time),
// so it is counted, not timed: traced loads (`wasm.CompileLazy`, one event per function
// compiled on its first call) up to the mark, each function's size read from the module's
// code section. `make bench`,
// tests/bench/start.test.mjs and `make bench-weight` (which names them) count with it.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { markSession, markTime } from './mark.mjs';
import { functionBodies } from './wasm-read.mjs';

/** The page's own wasm in `dist` (not a part's). */
export function pageWasm(dist) {
  const name = readdirSync(dist).find((f) => /^wikijs-keycloak-[0-9a-f]{16}_bg\.wasm$/.test(f));
  if (!name) throw new Error(`${dist}: no page wasm`);
  return join(dist, name);
}

/**
 * Fresh loads of `url` in `browser` (each in a context of its own), traced up to `mark`: the
 * functions of the page's wasm (`wasmFile`, for their sizes) compiled on their first call
 * before it, and before `wkc-answered` (the wiki's answer decoded), beside the module's. Of
 * `loads` loads the wiki answered in time, the one that called the fewest. A load it did not
 * answer in time (the page showed itself loading first, `FIRST_VIEW_WAIT_MS`, and marked
 * itself settled before interactive: the first screen built twice) is not counted but tried
 * again, twice as many times at most; with none answered in time, this throws.
 */
export async function startCompiles(browser, url, wasmFile, { loads = 3, mark = 'wkc-interactive' } = {}) {
  const { imported, bodies } = functionBodies(readFileSync(wasmFile));
  const sizes = bodies.map((body) => body.length);
  const count = (indices) => ({ functions: indices.size, bytes: [...indices].reduce((sum, i) => sum + (sizes[i - imported] ?? 0), 0) });
  let fewest = null;
  let counted = 0;
  for (let tried = 0; counted < loads && tried < 2 * loads; tried++) {
    const load = await tracedLoad(browser, url, mark);
    if (load.late) continue;
    counted++;
    if (fewest === null || load.compiled.size < fewest.compiled.size) fewest = load;
  }
  if (fewest === null) throw new Error(`the wiki answered after the page showed itself loading in all ${2 * loads} loads: no count`);
  return {
    ...count(fewest.compiled),
    indices: fewest.compiled,
    beforeAnswered: fewest.beforeAnswered && count(fewest.beforeAnswered),
    module: { functions: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0) },
  };
}

/**
 * One load, traced: the function indices compiled before `mark` (and before `wkc-answered`,
 * or null without it), and whether the page was settled before it (late). `prepare(context)`
 * runs before the page opens, to route its requests (scripts/split-page.mjs's wiki that is
 * down); with `thenMs`, the count goes on that long after the mark; `viewport` sizes the page
 * (a phone's). Also the page's marks, by name (the trace's clock, µs).
 */
export async function tracedLoad(browser, url, mark, { prepare, thenMs, viewport } = {}) {
  const context = await browser.newContext(viewport ? { viewport } : {});
  try {
    await prepare?.(context);
    const page = await context.newPage();
    const session = await markSession(page);
    const events = [];
    session.on('Tracing.dataCollected', (d) => events.push(...d.value));
    const complete = new Promise((done) => session.once('Tracing.tracingComplete', done));
    await session.send('Tracing.start', { categories: 'v8.wasm,blink.user_timing', transferMode: 'ReportEvents' });
    await page.goto(url, { waitUntil: 'commit' });
    await markTime(session, mark);
    if (thenMs !== undefined) {
      await page.evaluate((ms) => new Promise((done) => setTimeout(done, ms)).then(() => performance.mark('wkc-traced')), thenMs);
      mark = 'wkc-traced';
    }
    await session.send('Tracing.end');
    await complete;
    const at = (name) => events.find((e) => e.name === name && e.cat.includes('user_timing'));
    const end = at(mark);
    if (!end) throw new Error(`the trace holds no ${mark} mark`);
    const answered = at('wkc-answered');
    const settled = at('wkc-settled');
    // The thread that made the mark, the page's main thread, compiles what the page calls.
    const compiled = events.filter((e) => e.name === 'wasm.CompileLazy' && e.pid === end.pid && e.tid === end.tid && e.ts <= end.ts);
    const indices = (list) => new Set(list.map((e) => e.args.func_index));
    return {
      compiled: indices(compiled),
      beforeAnswered: answered ? indices(compiled.filter((e) => e.ts < answered.ts)) : null,
      late: settled !== undefined && settled.ts < end.ts,
      marks: Object.fromEntries(events.filter((e) => e.cat.includes('user_timing')).map((e) => [e.name, e.ts])),
    };
  } finally {
    await context.close();
  }
}
