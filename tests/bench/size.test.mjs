// The first load's transfer size, gzip -9, against tests/bench/budgets.json (`make test`,
// after the release build). Deterministic: it reads dist/ only, no browser, no timing.
//
// The budget is 275 KB (issue #18). The gate is the measured ceiling `transferGzipCeiling`
// (the first load, plus a little headroom), within it, so growth fails here instead of
// going unnoticed; docs/performance.md says what costs what. Raise the ceiling only on
// purpose, saying why in the commit. The page's wasm is split by a profile taken in
// Chromium (scripts/split-page.mjs), so the first load can move by a few hundred bytes from
// one build of the same tree to the next: the headroom is for that.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { transferSizes } from './sizes.mjs';
import { contentHash } from '../../scripts/minify.mjs';
import { REST_FILE } from '../../scripts/split-page.mjs';
import { DIST } from '../static.mjs';

const here = dirname(fileURLToPath(import.meta.url));

const budgets = JSON.parse(readFileSync(join(here, 'budgets.json'), 'utf8'));
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

test('dist/ holds a release build', () => {
  assert.ok(existsSync(join(DIST, 'index.html')), `${DIST}/index.html missing: run \`trunk build --release\` first`);
});

test('the first load is the page, its loader, the wasm-bindgen module, the wasm and the stylesheet', () => {
  const { files } = transferSizes(DIST, { brotli: false });
  const kinds = files.map((f) => f.kind).sort();
  assert.deepEqual(kinds, ['css', 'html', 'js', 'js', 'wasm'], `first-load files: ${files.map((f) => f.name).join(', ')}`);
});

test('first-load transfer (gzip -9, all files) stays within its gate', (t) => {
  const { files, total } = transferSizes(DIST, { brotli: false });
  const report = files.map((f) => `${f.name}: ${f.raw} raw, ${f.gzip} gzip`).join('; ');
  t.diagnostic(`first load: ${kb(total.gzip)} gzip (${kb(total.raw)} raw): ${report}`);
  const budget = budgets.transferGzipBytes;
  const gate = budgets.transferGzipCeiling;
  assert.ok(gate <= budget, `the measured ceiling ${kb(gate)} is over the budget of ${kb(budget)} (tests/bench/budgets.json)`);
  assert.ok(total.gzip <= gate, `first load is ${kb(total.gzip)} gzip, over the measured ceiling of ${kb(gate)} (tests/bench/budgets.json). ${report}`);
});

test('each first-load file with a hash in its name is named after its own bytes, so a cached copy never holds others', () => {
  const { files } = transferSizes(DIST, { brotli: false });
  const hashed = files.filter((f) => /-[0-9a-f]{16}(_bg\.wasm|\.js|\.css)$/.test(f.name));
  assert.deepEqual(hashed.map((f) => f.kind).sort(), ['css', 'js', 'wasm']);
  for (const { name } of hashed) {
    const named = /-([0-9a-f]{16})(?:_bg\.wasm|\.js|\.css)$/.exec(name)[1];
    assert.equal(named, contentHash(readFileSync(join(DIST, name))), `${name} is not named after its bytes`);
  }
});

// That the rest is asked for only once the first screen is shown: tests/e2e/rest.test.mjs.
test('the page\'s wasm is in two: the rest beside the first module, named after its bytes and by the loader', () => {
  const rests = readdirSync(DIST).filter((f) => REST_FILE.test(f));
  assert.equal(rests.length, 1, `one rest module in ${DIST}: ${rests.join(', ')}`);
  const [rest] = rests;
  assert.equal(/-([0-9a-f]{16})\.wasm$/.exec(rest)[1], contentHash(readFileSync(join(DIST, rest))), `${rest} is not named after its bytes`);
  assert.ok(readFileSync(join(DIST, 'wikijs-keycloak.js'), 'utf8').includes(`"${rest}"`), 'the loader names the rest');
});

test('every file of the build has its .gz and .br copy beside it, the same bytes once decompressed', () => {
  const names = readdirSync(DIST, { withFileTypes: true })
    .filter((e) => e.isFile() && !/\.(gz|br)$/.test(e.name))
    .map((e) => e.name);
  assert.ok(names.includes('index.html'));
  for (const name of names) {
    const bytes = readFileSync(join(DIST, name));
    for (const [ext, unpack] of [['gz', gunzipSync], ['br', brotliDecompressSync]]) {
      const copy = join(DIST, `${name}.${ext}`);
      assert.ok(existsSync(copy), `${name}.${ext} is missing`);
      assert.ok(unpack(readFileSync(copy)).equals(bytes), `${name}.${ext} is not ${name}`);
    }
  }
});
