// The admin page in a wiki asks its first question early: the loader posts the load query
// while the wasm downloads (src/widget/loader.js, `askWikiEarly`), and the page takes that
// answer instead of asking again (`Backend::send_load`), only when it would have sent
// exactly that request, and never to another origin; the page's 15 s bound holds for it.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startHarness, openConfigurator, waitFor, TEST_TIMEOUT } from './harness.mjs';
import { startKeycloak } from '../standin/keycloak/server.mjs';
import { pauseClock } from './mount.mjs';
import { WIKI, KC } from './wiki.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

/** The page's own wasm (not a part's). */
const PAGE_WASM = /\/wikijs-keycloak-[0-9a-f]{16}_bg\.wasm$/;
/** Only the load query asks for the strategies' definitions. */
const isLoad = (request) => request.method() === 'POST' && (request.postData() ?? '').includes('strategies { key props');

/** Open `path` with the page's wasm held back `holdMs`; every request and when the wasm came. */
async function openHoldingWasm(path, holdMs) {
  const session = await h.page();
  const { page } = session;
  const requests = [];
  let wasmDone = Infinity;
  page.on('request', (request) => requests.push({ request, at: Date.now() }));
  page.on('requestfinished', (request) => {
    if (PAGE_WASM.test(request.url())) wasmDone = Date.now();
  });
  await page.route(PAGE_WASM, async (route) => {
    await new Promise((done) => setTimeout(done, holdMs));
    await route.continue();
  });
  await page.goto(`${h.url}${path}`);
  await page.locator('.wkc-app[data-load-state="ready"]').waitFor();
  return { ...session, requests, wasmDone: () => wasmDone };
}

test('the load goes out while the wasm downloads, once: the page takes the loader\'s answer', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  const { requests, wasmDone, close } = await openHoldingWasm(`/?mode=wiki&endpoint=/graphql&token=${await h.token()}`, 800);
  try {
    const loads = requests.filter(({ request }) => isLoad(request));
    assert.equal(loads.length, 1, 'one load query: a second would mean the page ignored the early one');
    assert.ok(loads[0].at < wasmDone(), 'asked before the wasm had arrived');
  } finally {
    await close();
  }
});

test('an endpoint on another origin is never asked early; the page falls back to its own', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  const elsewhere = new URL(h.url);
  elsewhere.port = String(Number(elsewhere.port) === 1 ? 2 : 1);
  const path = `/?mode=wiki&endpoint=${encodeURIComponent(`${elsewhere.origin}/graphql`)}&token=${await h.token()}`;
  const { requests, close } = await openHoldingWasm(path, 0);
  try {
    const away = requests.filter(({ request }) => new URL(request.url()).origin !== new URL(h.url).origin);
    assert.deepEqual(away.map(({ request }) => request.url()), [], 'nothing to another origin');
    assert.equal(requests.filter(({ request }) => isLoad(request)).length, 1, 'the page asked its own origin once');
  } finally {
    await close();
  }
});

test('an early load the wiki never answers fails after 15 s as any request does, with a retry', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  await h.control('fault', { kind: 'hold', match: 'strategies { key props' });
  const { page, close } = await h.page({ clock: true });
  try {
    await page.goto(`${h.url}/?mode=wiki&endpoint=/graphql&token=${await h.token()}`);
    await waitFor(() => h.world.log.some((e) => e.held), 'the load to reach the wiki');
    // The page shows itself after 250 ms while the wiki is slow, still loading.
    await page.locator('.wkc-app[data-load-state="loading"] [data-load-banner]').waitFor();
    await pauseClock(page);
    await page.clock.runFor(15_500);
    await page.locator('.wkc-app[data-load-state="failed"]').waitFor();
    await page.clock.resume();
    assert.match(await page.locator('[data-load-banner]').innerText(), /did not answer within 15 s/);
    await h.control('release');
    await page.click('[data-action="retry-load"]');
    await page.locator('.wkc-app[data-load-state="ready"]').waitFor();
  } finally {
    await h.control('release');
    await close();
  }
});

test('filled in while the group reads are out, the save bar says it reads the groups, then clears', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  await h.control('fault', { kind: 'hold', match: 'groups { single' });
  const { page, close } = await h.page();
  try {
    await page.goto(`${h.url}/?mode=wiki&endpoint=/graphql&token=${await h.token()}`);
    await waitFor(() => h.world.log.some((e) => e.held), 'a group read to reach the wiki');
    await page.locator('.wkc-app[data-load-state="loading"] [data-save-status]').waitFor();
    assert.equal(await page.locator('[data-save-status]').innerText(), 'Reading the wiki\'s groups before saving…');
    await h.control('release');
    await page.locator('.wkc-app[data-load-state="ready"]').waitFor();
    assert.equal(await page.locator('[data-save-status]').innerText(), 'Nothing to save: the wiki holds these values.');
    // The wiki's own Site URL: read-only here, and the hint says where it is changed,
    // linking the wiki's Administration › General (beside its GraphQL endpoint).
    assert.equal(await page.locator('input[name="site-url"]').getAttribute('readonly'), '');
    assert.match(await page.locator('[data-field="site-url"] .wkc-hint').innerText(), /Read from the wiki: change it there, then load this page again\. Open it in Wiki\.js$/);
    assert.equal(await page.locator('[data-field="site-url"] [data-readonly-link]').getAttribute('href'), `${h.url}/a/general`);
  } finally {
    await h.control('release');
    await close();
  }
});

test('the group reads go out once the first screen is built and marked, not before', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  const session = await h.page();
  const { page } = session;
  try {
    await page.goto(`${h.url}/?mode=wiki&endpoint=/graphql&token=${await h.token()}`);
    await page.locator('.wkc-app[data-load-state="ready"]').waitFor();
    const { mark, reads } = await page.evaluate(() => ({
      mark: performance.getEntriesByName('wkc-interactive')[0]?.startTime,
      reads: performance.getEntriesByType('resource').filter((r) => r.name.includes('/graphql')).map((r) => r.startTime),
    }));
    assert.ok(mark !== undefined, 'marked interactive');
    // The load (the loader's, before the mark), then one read per group the wiki named.
    const groupReads = reads.filter((at) => at > reads[0]);
    assert.ok(groupReads.length > 0, `the wiki names groups: ${reads.length} requests`);
    for (const at of groupReads) assert.ok(at >= mark, `a group read at ${at.toFixed(1)} ms, before the mark at ${mark.toFixed(1)} ms`);
  } finally {
    await session.close();
  }
});

test('a refused load leaves nothing to check until the admin types; then the findings come', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  const session = await h.page();
  const { page } = session;
  const findings = () => page.locator('[data-state] [data-code]').count();
  try {
    await page.goto(`${h.url}/?mode=wiki&endpoint=/graphql&token=not.a.token`);
    await page.locator('.wkc-app[data-load-state="failed"]').waitFor();
    // The empty form is the failed load's doing: no "required", no Site URL to set in Wiki.js.
    assert.equal(await page.locator('[data-findings-summary]').innerText(), 'Not loaded: nothing to check yet');
    assert.match(await page.locator('[data-nothing-to-check]').innerText(), /^Nothing to check yet: the wiki's settings did not load/);
    assert.equal(await findings(), 0, 'no finding about the empty form');
    assert.equal(await page.locator('.wkc-field-messages li').count(), 0, 'none under a field either');
    await page.fill('input[name="host"]', 'https://kc.example.com');
    await page.locator('[data-state] [data-code="required"]').waitFor();
    assert.equal(await page.locator('[data-nothing-to-check]').count(), 0);
    assert.match(await page.locator('[data-findings-summary]').innerText(), /^\d+ errors? · \d+ warnings?/);
  } finally {
    await session.close();
  }
});

test('an opened strategy is "not yet checked against the running Keycloak" until a check of its values reached it', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  const kc = await startKeycloak();
  const session = await h.page();
  const { page } = session;
  const pointer = page.locator('[data-pointer="live-unchecked"]');
  try {
    await openConfigurator(h, page, { token: await h.token(), strategyKey: KC });
    await pointer.waitFor();
    await page.locator('[data-action="go-to-live-unchecked"]').click();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), 'live-check', 'the findings lead to the check');
    // A check refused before it asks anything checked nothing: still said.
    await page.fill('input[name="host"]', 'http://');
    await page.click('[data-action="live-check"]');
    await page.locator('.wkc-live[data-live-state="done"]').waitFor();
    assert.equal(await pointer.count(), 1, 'a refused check is no check');
    await page.fill('input[name="host"]', kc.instances.quarkus.url);
    await page.locator('.wkc-live [data-code="live-ok"]').waitFor();
    assert.equal(await pointer.count(), 0, 'checked, nothing to fix');
  } finally {
    await session.close();
    await kc.close();
  }
});
