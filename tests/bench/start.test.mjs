// How many of the wasm's functions the page's start calls, against tests/bench/budgets.json
// (`make test`, after the release build). The browser compiles each one at its first call,
// on the page's main thread, and that is most of the page's own start (docs/performance.md,
// "What each part of the first screen calls"): a first screen that calls more code starts
// later. Counted in traced loads against the stand-in wiki (tests/bench/start-compile.mjs:
// the fewest of three the wiki answered in time), so the figure is the build's and the
// browser's, not the machine's load or timing. A Chromium of another version may compile
// another count: count again then.
//
// The ceiling is the measured count plus a little headroom; lower it when the start calls
// less (under half of it fails: the trace counted nothing it should), raise it only on
// purpose, saying why in the commit.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launch } from '../chromium.mjs';
import { DIST } from '../static.mjs';
import { LOOPBACK_ONLY, startServer } from './server.mjs';
import { pageWasm, startCompiles } from './start-compile.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const budgets = JSON.parse(readFileSync(join(here, 'budgets.json'), 'utf8'));

test('the page calls no more of its wasm before it is interactive than its ceiling', async (t) => {
  const server = await startServer({ dist: DIST, staticPage: join(here, 'static.html') });
  const browser = await launch({ args: LOOPBACK_ONLY });
  try {
    const start = await startCompiles(browser, await server.wikiPage(), pageWasm(DIST));
    const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
    t.diagnostic(
      `before wkc-interactive: ${start.functions} of ${start.module.functions} functions compiled at their first call (${kb(start.bytes)} of ${kb(start.module.bytes)} of code), ${start.beforeAnswered?.functions} before the answer was decoded`,
    );
    assert.ok(start.beforeAnswered, 'the page marked no wkc-answered: it did not read the stand-in wiki');
    const ceiling = budgets.startFunctionsCeiling;
    assert.ok(
      start.functions <= ceiling,
      `the start calls ${start.functions} functions, over the ceiling of ${ceiling} (tests/bench/budgets.json)`,
    );
    assert.ok(
      start.functions > ceiling / 2,
      `the trace counted ${start.functions} functions compiled at their first call, under half the ceiling of ${ceiling}: lower the ceiling if the start calls that much less, else the browser compiled another way (no wasm.CompileLazy events)`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
});
