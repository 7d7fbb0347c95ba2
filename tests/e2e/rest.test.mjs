// The page's wasm in two (scripts/split-page.mjs): the first module holds what the first
// screen calls, the rest is fetched once the first screen is shown. No start the profile
// covers calls into the rest before it is in, even held back a second; the rest comes in and
// the page goes on from it; a rest that fails to come in says so above the page or the
// widget, naming the file, with a reload; the demo takes it in first. A first module that
// does not load says so where the page or each widget would be, and to the widget's listeners.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startHarness, TEST_TIMEOUT } from './harness.mjs';
import { pauseClock } from './mount.mjs';
import { WIKI } from './wiki.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const REST = /\/wikijs-keycloak-rest-[0-9a-f]{16}\.wasm(\?|$)/;
/** The first module (the page's own wasm, not a part's or the rest). */
const FIRST = /\/wikijs-keycloak-[0-9a-f]{16}_bg\.wasm$/;
const LOADER = '<script type="module" src="/wikijs-keycloak.js"></script>';

/** The page's marks by name (first of each, ms), and when the rest was asked for (resource timing), or null. */
const timeline = (page) =>
  page.evaluate(() => ({
    marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]).reverse()),
    restAsked: performance.getEntriesByType('resource').find((e) => /wikijs-keycloak-rest-/.test(e.name))?.startTime ?? null,
  }));

/**
 * A test on a fresh page, the stand-in holding `wiki`: `run` gets the page's session
 * (`page`, `console`, …) and the page is closed after; `clock` as `h.page` takes it.
 */
const onPage = (wiki, run, { clock = false } = {}) => async () => {
  await h.reset(wiki);
  const session = await h.page({ clock });
  try {
    await run(session);
  } finally {
    await session.close();
  }
};

/** What the console says of a page that broke (a panic, a trap, the rest not loaded). */
const crashes = (console) => console.filter((m) => /panicked|unreachable|RuntimeError|did not load/.test(m));

/** The admin page in the wiki, with a fresh administrator's token. */
const wikiPage = async () => `/?mode=wiki&endpoint=/graphql&token=${await h.token()}`;

/** Wait for the mark `name` in `page`. */
const markMade = (page, name) => page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name);

/** A page at `path` that serves `html`. */
const serve = (page, path, html) => page.route((url) => url.pathname === path, (route) => route.fulfill({ contentType: 'text/html', body: html }));

/** Type Host and Realm (what the first module does not all hold: a keystroke's paths); the endpoints follow. */
async function derivesAfterTyping(page) {
  await page.locator('input[name="host"]').first().fill('https://sso.example.com');
  await page.locator('input[name="realm"]').first().fill('staff');
  const derived = page.locator('input[name="authorization-url"]').first();
  const want = 'https://sso.example.com/realms/staff/protocol/openid-connect/auth';
  for (let tries = 0; (await derived.inputValue()) !== want; tries++) {
    assert.ok(tries < 100, `the authorization URL reads ${await derived.inputValue()}, not ${want}`);
    await page.waitForTimeout(50);
  }
}

/**
 * Starts, each opened in `page` (→ its path), and whether the profile covers it (its first
 * screen then never waits for the rest). A failed load's words vary with what answered
 * (a proxy's error page, a bare text): the code to show some comes from the rest.
 */
const STARTS = [
  ['the admin page in a fresh wiki', true, null, wikiPage],
  ['the admin page in a wiki with a Keycloak strategy', true, WIKI, wikiPage],
  ['a widget in a host page', true, WIKI, async (page) => {
    await serve(page, '/host.html', `<!doctype html><html lang="en"><head>${LOADER}</head><body><wikijs-keycloak mode="wiki" endpoint="/graphql" token="${await h.token()}"></wikijs-keycloak></body></html>`);
    return '/host.html';
  }],
  ['the admin page without a token', true, WIKI, async () => '/?mode=wiki&endpoint=/graphql'],
  ['the admin page with a wiki that is down', false, WIKI, async (page) => {
    await page.route('**/graphql', (route) => route.fulfill({ status: 503, body: 'down' }));
    return `/?mode=wiki&endpoint=/graphql&token=${await h.token()}`;
  }],
  ['the admin page with no wiki at its endpoint', false, WIKI, async () => '/?mode=wiki&endpoint=/no-graphql'],
];

for (const [which, covered, wiki, open] of STARTS) {
  const first = covered ? 'runs from the first module' : 'comes';
  test(`${which}: the first screen ${first}; the rest is asked for after it and comes in`, { timeout: TEST_TIMEOUT }, onPage(wiki, async ({ page, console }) => {
    // Held back a second, as the profile holds it: what runs meanwhile must not need it.
    if (covered) await page.route(REST, async (route) => (await new Promise((later) => setTimeout(later, 1000)), route.continue()));
    await page.goto(`${h.url}${await open(page)}`);
    await markMade(page, 'wkc-settled');
    await markMade(page, 'wkc-rest');
    const { marks, restAsked } = await timeline(page);
    if (covered) assert.equal(marks['wkc-rest-now'], undefined, 'a function of the first screen was not in the first module: the page waited for the rest');
    assert.ok(marks['wkc-shown'] !== undefined && restAsked >= marks['wkc-shown'], `the rest was asked for at ${restAsked} ms, before the first screen was shown (${marks['wkc-shown']} ms)`);
    await derivesAfterTyping(page);
    assert.deepEqual(crashes(console), []);
  }));
}

test('a rest that cannot be fetched: the first screen still comes; then the page says what failed, with a reload that works', { timeout: TEST_TIMEOUT }, onPage(WIKI, async ({ page, console }) => {
  await page.route(REST, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(`${h.url}${await wikiPage()}`);
  await markMade(page, 'wkc-interactive');
  assert.equal(await page.locator('input[name="host"]').inputValue(), 'https://sso.example.com', 'the first screen, filled');
  // What waits for the rest (the closed folds) is then built from placeholders, which ask once more.
  const alert = page.locator('.wkc-load-failed[role="alert"]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /wikijs-keycloak-rest-[0-9a-f]{16}\.wasm: HTTP 404.*Reload/s);
  assert.ok(console.some((m) => /part of the page did not load/.test(m)), 'the error is thrown where the call needed the rest');

  await page.unroute(REST);
  await Promise.all([page.waitForEvent('load'), alert.getByRole('button', { name: 'Reload the page' }).click()]);
  await markMade(page, 'wkc-rest');
  assert.equal(await page.locator('.wkc-load-failed').count(), 0);
  await derivesAfterTyping(page);
}));

test('a widget whose rest cannot be fetched says so above itself, in its shadow root, styled', { timeout: TEST_TIMEOUT }, onPage(WIKI, async ({ page }) => {
  await page.route(REST, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await serve(page, '/host.html', `<!doctype html><html lang="en"><head>${LOADER}</head><body><h1>Host</h1><wikijs-keycloak mode="wiki" endpoint="/graphql" token="${await h.token()}"></wikijs-keycloak></body></html>`);
  await page.goto(`${h.url}/host.html`);
  const alert = page.locator('wikijs-keycloak .wkc-load-failed[role="alert"]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /wikijs-keycloak-rest-[0-9a-f]{16}\.wasm: HTTP 404/);
  const placed = await page.evaluate(() => {
    const root = document.querySelector('wikijs-keycloak').shadowRoot;
    const box = root.querySelector('.wkc-load-failed');
    return { beforeWidget: box.nextElementSibling?.classList.contains('wkc-widget'), background: getComputedStyle(box).backgroundColor, inBody: document.body.querySelector(':scope > .wkc-load-failed') !== null };
  });
  assert.deepEqual({ ...placed, background: placed.background !== 'rgba(0, 0, 0, 0)' }, { beforeWidget: true, background: true, inBody: false });
}));

test('a page whose first module cannot be fetched says so in its place, naming the file, with a reload that works', { timeout: TEST_TIMEOUT }, onPage(WIKI, async ({ page }) => {
  await page.route(FIRST, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(`${h.url}${await wikiPage()}`);
  const alert = page.locator('#wikijs-keycloak-root .wkc-load-failed[role="alert"]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /^The Keycloak configurator did not load \(wikijs-keycloak-[0-9a-f]{16}_bg\.wasm: .*404.*\)\. The file is not on the server: serve every file of one build together, then reload the page\./s);
  assert.notEqual(await alert.evaluate((box) => getComputedStyle(box).backgroundColor), 'rgba(0, 0, 0, 0)', 'styled by the page');

  await page.unroute(FIRST);
  await Promise.all([page.waitForEvent('load'), alert.getByRole('button', { name: 'Reload the page' }).click()]);
  await markMade(page, 'wkc-interactive');
  assert.equal(await page.locator('.wkc-load-failed').count(), 0);
}));

test('a widget under a policy without \'wasm-unsafe-eval\' says so in its element and in a load error event', { timeout: TEST_TIMEOUT }, onPage(WIKI, async ({ page }) => {
  await page.addInitScript(() => {
    window.loadErrors = [];
    document.addEventListener('wikijs-keycloak-error', (event) => window.loadErrors.push(event.detail));
  });
  const policy = '<meta http-equiv="Content-Security-Policy" content="script-src \'self\'">';
  await serve(page, '/host.html', `<!doctype html><html lang="en"><head>${policy}${LOADER}</head><body><wikijs-keycloak mode="wiki" endpoint="/graphql" token="${await h.token()}"></wikijs-keycloak></body></html>`);
  await page.goto(`${h.url}/host.html`);
  const alert = page.locator('wikijs-keycloak > .wkc-load-failed[role="alert"]');
  await alert.waitFor();
  const said = await alert.locator('p').innerText();
  assert.match(said, /wikijs-keycloak-[0-9a-f]{16}_bg\.wasm: .*\)\. The page's Content-Security-Policy must allow 'wasm-unsafe-eval' in script-src\.$/s);
  assert.deepEqual(await page.evaluate(() => window.loadErrors), [{ stage: 'load', message: said, conflict: false }]);
}));

test('a widget inside another component\'s shadow root, its page under the same refusing policy, says so too', { timeout: TEST_TIMEOUT }, onPage(WIKI, async ({ page }) => {
  await page.addInitScript(() => {
    window.loadErrors = [];
    document.addEventListener('wikijs-keycloak-error', (event) => window.loadErrors.push(event.detail.stage));
  });
  const policy = '<meta http-equiv="Content-Security-Policy" content="script-src \'self\'">';
  await page.route((url) => url.pathname === '/shadow.js', (route) => route.fulfill({ contentType: 'text/javascript', body: 'document.getElementById("host").attachShadow({ mode: "open" }).innerHTML = \'<wikijs-keycloak mode="demo"></wikijs-keycloak>\';' }));
  await serve(page, '/host.html', `<!doctype html><html lang="en"><head>${policy}${LOADER}</head><body><div id="host"></div><script src="/shadow.js"></script></body></html>`);
  await page.goto(`${h.url}/host.html`);
  await page.locator('#host wikijs-keycloak > .wkc-load-failed[role="alert"]').waitFor();
  assert.deepEqual(await page.evaluate(() => window.loadErrors), ['load']);
}));

test('a demo mounted by mount() before the rest is in starts once it is in, with no synchronous request', { timeout: TEST_TIMEOUT }, onPage(null, async ({ page, console }) => {
  await serve(page, '/host.html', `<!doctype html><html lang="en"><head>${LOADER}</head><body><div id="here"></div></body></html>`);
  await page.goto(`${h.url}/host.html`);
  await page.waitForFunction(() => globalThis.WikijsKeycloak !== undefined);
  const before = await page.evaluate(() => {
    window.handle = window.WikijsKeycloak.mount(document.getElementById('here'), { mode: 'demo' });
    return { settings: window.handle.settings(), shows: document.getElementById('here').shadowRoot.textContent };
  });
  assert.deepEqual(before, { settings: 'null', shows: 'Loading…' });
  await page.locator('#here .wkc-app[data-load-state="ready"]').waitFor();
  const { marks } = await timeline(page);
  assert.equal(marks['wkc-rest-now'], undefined, 'the demo called into the rest before it was in');
  assert.ok(marks['wkc-rest'] !== undefined);
  assert.equal(typeof JSON.parse(await page.evaluate(() => window.handle.settings())).host, 'string', 'the handle reads the started widget');
  assert.deepEqual(crashes(console), []);
}));

test('a rest whose download stalls: after 30 s the page says so, without a request that would stall the tab', { timeout: TEST_TIMEOUT }, onPage(WIKI, async ({ page }) => {
  let held = 0;
  await page.route(REST, () => {
    held += 1; // a stalled proxy: never answered
  });
  await page.goto(`${h.url}${await wikiPage()}`);
  await page.locator('input[name="host"]').waitFor(); // marks are not awaited: the clock is the test's
  await pauseClock(page);
  for (let wait = 0; wait < 100 && held < 1; wait++) await page.waitForTimeout(50);
  await page.clock.runFor(29_000);
  assert.equal(await page.locator('.wkc-load-failed').count(), 0, 'nothing said before 30 s');
  await page.clock.runFor(1_500);
  const alert = page.locator('.wkc-load-failed[role="alert"]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /wikijs-keycloak-rest-[0-9a-f]{16}\.wasm: it did not load within 30 s/);
  assert.equal(held, 1, 'no second request (a synchronous one would stall the tab)');
}, { clock: true }));

test('a prefetch of the rest that fails once: the first call that needs it fetches it again, and the page goes on', { timeout: TEST_TIMEOUT }, onPage(WIKI, async ({ page, console }) => {
  let refused = 0;
  await page.route(REST, (route) => (refused++ === 0 ? route.fulfill({ status: 503, body: 'busy' }) : route.continue()));
  await page.goto(`${h.url}${await wikiPage()}`);
  await markMade(page, 'wkc-settled');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /wikijs-keycloak-rest-/.test(e.name)));
  await derivesAfterTyping(page);
  const { marks } = await timeline(page);
  assert.ok(refused >= 2, 'the prefetch was refused, and the rest asked for again');
  assert.ok(marks['wkc-rest-now'] !== undefined && marks['wkc-rest'] !== undefined);
  assert.equal(await page.locator('.wkc-load-failed').count(), 0);
  assert.deepEqual(crashes(console), []);
}));

test('the demo takes the rest in before the page starts: it runs far more of it at start', { timeout: TEST_TIMEOUT }, onPage(null, async ({ page }) => {
  await page.goto(`${h.url}/?mode=demo`);
  await markMade(page, 'wkc-settled');
  const { marks } = await timeline(page);
  assert.equal(marks['wkc-rest-now'], undefined);
  assert.ok(marks['wkc-rest'] <= marks['wkc-interactive'], `the rest in at ${marks['wkc-rest']} ms, the page interactive at ${marks['wkc-interactive']} ms`);
}));
