// A build that cannot mount fails the suites; it is never skipped. Each way a suite opens
// the page (the stand-in wiki's harness, the live check's page, a widget in a host page) is
// tried against copies of the build under test with its wasm broken, and must reject naming
// the build; against the build as it is, each must mount (so this suite is green on a good
// build and proves that a corrupted wasm makes `make e2e` fail).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startHarness } from './harness.mjs';
import { serveDist, launchBrowser, openDemo } from './live-page.mjs';
import { PAGES, requireBuild, startSession } from './pages/session.mjs';
import { gotoMounted } from './mount.mjs';
import { DIST } from '../static.mjs';

/** The page's own wasm (the lazily loaded parts' are wikijs-keycloak-<part>-<hash>_bg.wasm). */
const wasmOf = (dir) => {
  const found = readdirSync(dir).filter((f) => /^wikijs-keycloak-[0-9a-f]+_bg\.wasm$/.test(f));
  assert.equal(found.length, 1, `one page .wasm in ${dir}: ${found}`);
  return join(dir, found[0]);
};

/** (how the build is broken, what is done to a copy of it). */
const BREAKAGES = [
  ['the wasm overwritten with other bytes', (dir) => writeFileSync(wasmOf(dir), Buffer.alloc(readFileSync(wasmOf(dir)).length, 0x5a))],
  ['the wasm cut to half its length', (dir) => truncateSync(wasmOf(dir), Math.floor(readFileSync(wasmOf(dir)).length / 2))],
  ['the wasm missing', (dir) => rmSync(wasmOf(dir))],
];

/** (how a suite opens the page, opening it from the build in `dist`; rejects when it does not mount). */
const OPENERS = [
  ['the stand-in wiki harness (startHarness)', async (dist) => (await startHarness({ dist })).close()],
  ['the live check page (openDemo)', async (dist) => {
    const site = await serveDist({ dist });
    const browser = await launchBrowser();
    try {
      await (await openDemo(browser, site.url, { dist })).close();
    } finally {
      await browser.close();
      await site.close();
    }
  }],
  ['a widget in a host page (startSession)', async (dist) => {
    const session = await startSession({ mounts: { '/kc/': dist, '/': PAGES } });
    try {
      const { page, close } = await session.page();
      await gotoMounted(page, `${session.url}/host.html`, { selector: '#a .wkc-app', dist }).finally(close);
    } finally {
      await session.close();
    }
  }],
];

const copies = {};
before(() => {
  requireBuild();
  for (const [how, breakIt] of BREAKAGES) {
    copies[how] = mkdtempSync(join(tmpdir(), 'wkc-broken-'));
    cpSync(DIST, copies[how], { recursive: true });
    breakIt(copies[how]);
  }
});
after(() => {
  for (const dir of Object.values(copies)) rmSync(dir, { recursive: true, force: true });
});

for (const [opener, open] of OPENERS) {
  test(`${opener}: the build as it is mounts`, { timeout: 30_000 }, async () => {
    await open(DIST);
  });
  for (const [how] of BREAKAGES) {
    test(`${opener}: ${how}: fails, naming the build`, { timeout: 30_000 }, async () => {
      await assert.rejects(open(copies[how]), (error) => {
        assert.match(error.message, /the configurator did not mount/);
        assert.ok(error.message.includes(copies[how]), `the message names the build: ${error.message}`);
        return true;
      });
    });
  }
}
