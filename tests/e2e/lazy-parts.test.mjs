// The lazily loaded parts (src/parts/, scripts/build-parts.mjs): the first load leaves them
// out; the tools part is prefetched once the page has settled and the browser is idle (not
// when it asks to save data or the embedder says `prefetch="none"`), any part else when
// first used; while a part loads the page
// says "Loading…" in place and keeps taking keystrokes, and a part that fails to load says
// what failed and offers a retry that works. The part's requests are held and failed with
// Playwright's routing.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { installClock, pauseClock } from './mount.mjs';
import { distSession, ready } from './pages/session.mjs';

const s = distSession();

const TOOLS = /\/wikijs-keycloak-tools-[0-9a-f]{16}\.js(\?|$)/;
const PART = /\/wikijs-keycloak-(demo|tools|api)-[0-9a-f]{16}(\.js|_bg\.wasm)(\?|$)/;

/** The requests of `page` whose path matches `pattern`, as paths. */
const fetched = (record, pattern) => record.requests.filter((r) => pattern.test(r));

/** The part files `page` fetched, hash left out, sorted. */
const partsFetched = (record) => fetched(record, PART).map((r) => r.replace(/-[0-9a-f]{16}/, '-<hash>')).sort();
const TOOLS_FILES = ['GET /wikijs-keycloak-tools-<hash>.js', 'GET /wikijs-keycloak-tools-<hash>_bg.wasm'];

/** When the mark `name` was made in `page` (ms), once it is. */
const markTime = (page, name) =>
  page.waitForFunction((n) => performance.getEntriesByName(n)[0]?.startTime, name).then((t) => t.jsonValue());

/** After `page` settled: until the browser has been idle once more, with a margin. */
const idleAfterSettled = async (page) => {
  await markTime(page, 'wkc-settled');
  await page.evaluate(() => new Promise((done) => requestIdleCallback(() => setTimeout(done, 300))));
};

/** Make `page`'s browser ask to save data, as Chromium's Data Saver or a metered connection does. */
const askToSaveData = (page) =>
  page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ saveData: true }) }));

test('the first screen loads no part; once settled the page prefetches the tools part when idle, only it, and it then answers without another request', async () => {
  const { page, record, close } = await s.page();
  try {
    await page.goto(`${s.url}/?mode=wiki&endpoint=/no-graphql`);
    await page.locator('.wkc-app[data-load-state="failed"]').waitFor();
    const settledAt = await markTime(page, 'wkc-settled');
    const ready = await markTime(page, 'wkc-part-tools');
    assert.ok(ready > settledAt, 'prefetched after the page settled');
    const started = await page.evaluate(() =>
      performance.getEntriesByType('resource').filter((e) => /wikijs-keycloak-tools-/.test(e.name)).map((e) => e.startTime));
    assert.equal(started.length, 2);
    assert.ok(started.every((t) => t >= settledAt), `the part was asked for after ${settledAt} ms, not in the first load: ${started}`);
    assert.deepEqual(partsFetched(record), TOOLS_FILES);

    await page.locator('textarea[name="troubleshoot-text"]').fill('ECONNREFUSED');
    await page.locator('[data-section="troubleshoot"] [data-pattern]').first().waitFor();
    assert.deepEqual(partsFetched(record), TOOLS_FILES, 'nothing fetched again');
  } finally {
    await close();
  }
});

/** A page at `path` that serves `html` (the build's loader is at /wikijs-keycloak.js). */
const servePage = (page, path, html) =>
  page.route((url) => url.pathname === path, (route) => route.fulfill({ contentType: 'text/html', body: html }));

/** The admin page's own markup, its root given `attributes`. */
const adminPageWith = async (attributes) =>
  (await (await fetch(`${s.url}/index.html`)).text()).replace('id="wikijs-keycloak-root"', `id="wikijs-keycloak-root" ${attributes}`);

const LOADER = '<script type="module" src="/wikijs-keycloak.js"></script>';
const NO_WIKI = 'mode="wiki" endpoint="/no-graphql"';

/** Pages on which no part is prefetched, each as the test opens it (`page` → its URL). */
const NO_PREFETCH = [
  ['a browser that asks to save data', async (page) => (await askToSaveData(page), `/?mode=wiki&endpoint=/no-graphql`)],
  ['the admin page with data-prefetch="none"', async (page) => (await servePage(page, '/refused.html', await adminPageWith('data-prefetch="none"')), '/refused.html?mode=wiki&endpoint=/no-graphql')],
  ['a widget with prefetch="none"', async (page) => (await servePage(page, '/refused.html', `${LOADER}<wikijs-keycloak ${NO_WIKI} prefetch="none"></wikijs-keycloak>`), '/refused.html')],
  ['a widget with prefetch="none" inside another component\'s shadow root', async (page) => (await servePage(page, '/refused.html', `<div id="host"></div><script type="module">document.getElementById("host").attachShadow({ mode: "open" }).innerHTML = '<wikijs-keycloak ${NO_WIKI} prefetch="none"></wikijs-keycloak>'; await import("/wikijs-keycloak.js");</script>`), '/refused.html')],
  ['a widget mounted with { prefetch: "none" }', async (page) => (await servePage(page, '/refused.html', `<div id="here"></div><script type="module">import { mount } from "/wikijs-keycloak.js"; mount(document.getElementById("here"), { mode: "wiki", endpoint: "/no-graphql", prefetch: "none" });</script>`), '/refused.html')],
];

for (const [which, open] of NO_PREFETCH) {
  test(`${which}: no part is fetched until one is used; then only that one`, async () => {
    const { page, record, close } = await s.page();
    try {
      await page.goto(`${s.url}${await open(page)}`);
      await page.locator('.wkc-app[data-load-state="failed"]').waitFor();
      await idleAfterSettled(page);
      assert.deepEqual(partsFetched(record), [], 'no part while nothing is used');
      await page.locator('textarea[name="troubleshoot-text"]').fill('ECONNREFUSED');
      await page.locator('[data-section="troubleshoot"] [data-pattern]').first().waitFor();
      assert.deepEqual(partsFetched(record), TOOLS_FILES);
    } finally {
      await close();
    }
  });
}

test('a prefetch that fails says nothing; the first use tries again and loads the part', async () => {
  const { page, record, close } = await s.page();
  try {
    let failed = 0;
    let prefetchFailed;
    const prefetchAnswered = new Promise((resolve) => {
      prefetchFailed = resolve;
    });
    await page.route(TOOLS, async (route) => {
      if (failed++ > 0) return route.continue();
      await route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' });
      prefetchFailed();
    });
    await page.goto(`${s.url}/?mode=demo`);
    await ready(page);
    await prefetchAnswered;
    // The loader forgets the failed import once its promise has settled, a few tasks later.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /wikijs-keycloak-tools-[0-9a-f]{16}\.js/.test(e.name)));
    await idleAfterSettled(page);
    assert.equal(failed, 1, 'the prefetch was asked for and failed');
    assert.equal(await page.locator('[data-part-state]').count(), 0, 'nothing on the page says so');
    await page.locator('textarea[name="troubleshoot-text"]').fill('ECONNREFUSED');
    await page.locator('[data-section="troubleshoot"] [data-pattern]').first().waitFor();
    assert.equal(failed, 2, 'the first use asked again');
    assert.deepEqual(record.console.filter((m) => /panicked|unreachable|RuntimeError|Uncaught/.test(m)), []);
  } finally {
    await close();
  }
});

/**
 * Open the demo page with the first request for the tools part held (`requested` gives its
 * route); later ones pass.
 */
async function demoHoldingTools(page) {
  let held;
  const requested = new Promise((resolve) => {
    held = resolve;
  });
  let first = true;
  await page.route(TOOLS, (route) => {
    if (first) {
      first = false;
      held(route);
    } else {
      route.continue();
    }
  });
  await page.goto(`${s.url}/?mode=demo`);
  await ready(page);
  return { requested };
}

/**
 * With the tools part's first request held (`route`): `place` says "Loading…" while typing
 * into input `field` goes on; then the load fails. Returns `place`'s failure, with its retry.
 */
async function failWhileTyping(page, route, place, field) {
  await place.locator('[data-part-state="loading"]').waitFor();
  const input = page.locator(`input[name="${field}"]`);
  await input.fill('typed-while-loading');
  assert.equal(await input.inputValue(), 'typed-while-loading');
  await route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' });
  const failed = place.locator('[data-part-state="failed"]');
  await failed.waitFor();
  return failed;
}

test('while a part loads the page says so in place and typing goes on; a failed load says what failed, and the retry works', async () => {
  const { page, close } = await s.page();
  try {
    const { requested } = await demoHoldingTools(page);
    await page.locator('textarea[name="troubleshoot-text"]').fill('ECONNREFUSED');
    const route = await requested;
    const status = page.locator('[data-section="troubleshoot"] [data-part-state="loading"]');
    await status.waitFor();
    assert.equal((await status.textContent()).trim(), 'Loading…');

    // The part is still on its way: the form takes keystrokes and derives as it did.
    const host = page.locator('input[name="host"]');
    await host.fill('https://sso.typed-while-loading.example');
    await page.locator('input[name="realm"]').fill('wiki');
    assert.equal(await host.inputValue(), 'https://sso.typed-while-loading.example');
    assert.match(await page.locator('input[name="token-url"]').inputValue(), /^https:\/\/sso\.typed-while-loading\.example\/realms\/wiki\//);
    assert.equal(await status.count(), 1, 'still loading');

    await route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' });
    const failed = page.locator('[data-section="troubleshoot"] [data-part-state="failed"]');
    await failed.waitFor();
    assert.match(await failed.textContent(), /^Could not load this part of the page: .*wikijs-keycloak-tools-[0-9a-f]{16}\.js/);
    assert.equal(await page.locator('[data-section="troubleshoot"] [data-pattern]').count(), 0);

    await failed.locator('[data-action="retry-part"]').click();
    await page.locator('[data-section="troubleshoot"] [data-pattern]').first().waitFor();
    assert.equal(await page.locator('[data-section="troubleshoot"] [data-part-state]').count(), 0, 'no status once the part answered');
    // Loaded once: later changes answer from it.
    await page.locator('textarea[name="troubleshoot-text"]').fill('We are sorry... Invalid parameter: redirect_uri');
    await page.locator('[data-section="troubleshoot"] [data-pattern="Invalid parameter: redirect_uri"]').first().waitFor();
  } finally {
    await close();
  }
});

test('a demo page whose demo part fails says so, and "Try loading again" loads it', async () => {
  const { page, close } = await s.page();
  try {
    let failures = 0;
    let serve = false;
    await page.route(/\/wikijs-keycloak-demo-[0-9a-f]{16}_bg\.wasm(\?|$)/, (route) => {
      if (serve) return route.continue();
      failures += 1;
      return route.fulfill({ status: 404, body: 'Not Found' });
    });
    await page.goto(`${s.url}/?mode=demo`);
    const banner = page.locator('[data-load-banner]');
    await page.locator('.wkc-app[data-load-state="failed"]').waitFor();
    // The page's own load asks again when the loader's early fetch of the part has failed
    // before it (`?retry=1`): either attempt is the one named.
    assert.match(await banner.textContent(), /Could not load the demo wiki: .*wikijs-keycloak-demo-[0-9a-f]{16}_bg\.wasm(\?retry=\d+)?: HTTP 404\. The demo wiki is one of this page's own files/);
    assert.doesNotMatch(await banner.textContent(), /Could not reach Wiki\.js/, 'no wiki to blame');
    assert.ok(failures >= 1);
    // Typed while nothing could be loaded: offered back once it is, those fields only.
    await page.locator('input[name="host"]').fill('https://typed-while-down.example.com');
    await page.locator('input[name="realm"]').fill('typed');
    await page.waitForFunction(() => Object.values(localStorage).some((v) => v.includes('typed-while-down')));
    serve = true;
    await page.locator('[data-action="retry-load"]').click();
    await page.locator('.wkc-app[data-load-state="ready"]').waitFor();
    assert.match(await banner.textContent(), /^Loaded the demo wiki\.$/);
    const offer = page.locator('[data-draft]');
    await offer.waitFor();
    assert.match(await offer.innerText(), /\(Host, Realm\)/);
    const site = await page.inputValue('input[name="site-url"]');
    assert.notEqual(site, '');
    await offer.locator('[data-action="restore-draft"]').click();
    assert.equal(await page.inputValue('input[name="host"]'), 'https://typed-while-down.example.com');
    assert.equal(await page.inputValue('input[name="site-url"]'), site, "a field not typed keeps the demo wiki's value");
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(':draft:')));
    assert.equal(kept.length, 1, `one draft, the strategy's: ${kept}`);
  } finally {
    await close();
  }
});

test('a pasted export is checked by the tools part: "Loading…" in its box meanwhile, a failed load with a retry, then its findings', async () => {
  const { page, close } = await s.page();
  try {
    const { requested } = await demoHoldingTools(page);
    const box = page.locator('textarea[name="keycloak-export"]');
    await box.evaluate((e) => {
      for (let d = e.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
    });
    await box.fill('{"clientId": "wikijs", "publicClient": true}');
    const section = page.locator('[data-section="keycloak-export"]');
    const failed = await failWhileTyping(page, await requested, section, 'realm');
    assert.match(await failed.textContent(), /^Could not load this part of the page: /);
    assert.equal(await section.locator('[data-export-findings] [data-code]').count(), 0);

    await failed.locator('[data-action="retry-part"]').click();
    await section.locator('[data-export-findings] [data-code="kc-client-id-mismatch"]').waitFor();
    assert.equal(await section.locator('[data-part-state]').count(), 0, 'no status once the part answered');
  } finally {
    await close();
  }
});

test('the live check plans and reads in the tools part: "Loading…" in its place meanwhile, a failed load with a retry, then its result', async () => {
  const { page, close } = await s.page();
  try {
    const { requested } = await demoHoldingTools(page);
    await page.locator('[name="live-auto"]').uncheck();
    // Nothing listens on port 9: every probe fails at once, which the verdict names.
    await page.locator('input[name="host"]').fill('http://127.0.0.1:9');
    await page.locator('input[name="realm"]').fill('wiki');
    const live = page.locator('[data-live-state]');
    await page.locator('[data-action="live-check"]').click();
    const route = await requested;
    await live.locator('[data-part-state="loading"]').waitFor();
    assert.equal(await live.getAttribute('data-live-state'), 'loading');
    // Client ID: typing into Host or Realm would abort the check (another server or realm).
    const failed = await failWhileTyping(page, route, live, 'client-id');
    assert.equal(await live.getAttribute('data-live-state'), 'failed');
    assert.match(await failed.textContent(), /^Could not load this part of the page: .*wikijs-keycloak-tools-[0-9a-f]{16}\.js/);

    await failed.locator('[data-action="retry-part"]').click();
    await page.locator('[data-live-state="done"] [data-live-findings] [data-code="live-unreachable"]').waitFor();
    assert.equal(await live.locator('[data-part-state]').count(), 0, 'no status once the part answered');
    // Said with what it found, never as a pass: the one finding is Keycloak out of reach.
    assert.match(await live.locator('[data-live-status]').textContent(), /^Checked http:\/\/127\.0\.0\.1:9\/realms\/wiki\/\S+: 1 finding to fix \(below\)\.$/);
  } finally {
    await close();
  }
});

test('an automatic live check whose part fails says so in its status line, without an alert, and the next edit clears it until its own check', async () => {
  const { page, close } = await s.page();
  try {
    await page.route(TOOLS, (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' }));
    await page.goto(`${s.url}/?mode=demo`);
    await ready(page);
    await page.locator('input[name="realm"]').fill('wiki');
    await page.locator('input[name="host"]').fill('http://127.0.0.1:9');
    const live = page.locator('[data-live-state]');
    const status = live.locator('[data-live-status]');
    await page.waitForFunction(() => document.querySelector('[data-live-status]')?.textContent.startsWith('Not checked: Could not load this part of the page: '));
    assert.match(await status.textContent(), /Press Check Keycloak to try again\.$/);
    assert.equal(await live.getAttribute('data-live-state'), 'idle');
    assert.equal(await live.locator('[role="alert"]').count(), 0, 'no alert for a check nobody asked for');
    // The next edit clears it at once; its own check, 800 ms later, fails the same way.
    await page.locator('input[name="host"]').fill('http://127.0.0.1:10');
    assert.doesNotMatch(await status.textContent(), /^Not checked: /);
    await page.waitForFunction(() => document.querySelector('[data-live-status]')?.textContent.startsWith('Not checked: Could not load'));
  } finally {
    await close();
  }
});

test('a tools part that never answers a live check: after every probe\'s time and a margin, the check says so and offers a retry', async () => {
  const { page, close } = await s.page();
  try {
    // The part's module as built, but its live check never settles (a part that broke mid-check).
    await page.route(TOOLS, async (route) => {
      const built = await (await route.fetch()).text();
      const never = built.replace('export function liveCheck(', 'export function liveCheck() { globalThis.wkcLiveCheckAsked = true; return new Promise(() => {}); }\nfunction builtLiveCheck(');
      assert.notEqual(never, built, 'the part exports liveCheck');
      await route.fulfill({ status: 200, contentType: 'text/javascript', body: never });
    });
    await installClock(page);
    await page.goto(`${s.url}/?mode=demo`);
    await ready(page);
    await page.locator('[name="live-auto"]').uncheck();
    await page.locator('input[name="host"]').fill('http://127.0.0.1:9');
    await page.locator('input[name="realm"]').fill('wiki');
    const live = page.locator('[data-live-state]');
    await page.locator('[data-action="live-check"]').click();
    await page.waitForFunction(() => globalThis.wkcLiveCheckAsked === true);
    await pauseClock(page);
    await page.clock.runFor(36_000);
    assert.notEqual(await live.getAttribute('data-live-state'), 'failed', 'not before 37 s');
    await page.clock.runFor(1_500);
    const failed = live.locator('[data-part-state="failed"]');
    await failed.waitFor();
    assert.match(await failed.textContent(), /^Could not load this part of the page: it did not answer within 37 s/);
    assert.equal(await failed.locator('[data-action="retry-part"]').count(), 1);
    await page.clock.resume();
  } finally {
    await close();
  }
});

test('a part whose wasm cannot be fetched names the file; typing elsewhere leaves the failure as said, and only the retry asks again', async () => {
  const { page, close } = await s.page();
  try {
    let asked = 0;
    await askToSaveData(page); // no prefetch: every request here is the troubleshooter's
    await page.route(/\/wikijs-keycloak-tools-[0-9a-f]{16}_bg\.wasm(\?|$)/, (route) => {
      asked += 1;
      return route.abort();
    });
    await page.goto(`${s.url}/?mode=demo`);
    await ready(page);
    await page.locator('textarea[name="troubleshoot-text"]').fill('ECONNREFUSED');
    const failed = page.locator('[data-section="troubleshoot"] [data-part-state="failed"]');
    await failed.waitFor();
    assert.match(await failed.textContent(), /^Could not load this part of the page: .*\/wikijs-keycloak-tools-[0-9a-f]{16}_bg\.wasm: /);
    assert.equal(asked, 1);

    // The troubleshooter reads the form: each keystroke asking the part again would fetch
    // it again and put a new alert in the page.
    const said = await failed.elementHandle();
    for (const value of ['w', 'wi', 'wik', 'wiki']) await page.locator('input[name="client-id"]').fill(value);
    await page.locator('textarea[name="troubleshoot-text"]').fill('ECONNREFUSED 127.0.0.1:8080');
    await page.evaluate(() => new Promise((done) => setTimeout(done, 300)));
    assert.equal(asked, 1, 'not asked again while typing');
    assert.ok(await said.evaluate((e) => e.isConnected), 'the same failure, not said anew');

    await failed.locator('[data-action="retry-part"]').click();
    for (let wait = 0; wait < 100 && asked < 2; wait++) await page.waitForTimeout(50);
    await failed.waitFor();
    assert.equal(asked, 2, 'the retry asks once');
  } finally {
    await close();
  }
});

test('a part whose load never ends says so after 30 s, in place, with a retry that loads it', async () => {
  const { page, close } = await s.page();
  try {
    let hold = true;
    let held = 0;
    await askToSaveData(page);
    // A stalled proxy: the part's module and its wasm are both asked for, neither answered.
    await page.route(/\/wikijs-keycloak-tools-[0-9a-f]{16}(\.js|_bg\.wasm)(\?|$)/, (route) => {
      if (!hold) return route.continue();
      held += 1; // never answered
    });
    await installClock(page);
    await page.goto(`${s.url}/?mode=demo`);
    await ready(page);
    const place = page.locator('[data-section="troubleshoot"]');
    await page.locator('textarea[name="troubleshoot-text"]').fill('ECONNREFUSED');
    await place.locator('[data-part-state="loading"]').waitFor();
    await pauseClock(page);
    for (let wait = 0; wait < 100 && held < 2; wait++) await page.waitForTimeout(50);
    assert.equal(held, 2, 'the module and its wasm, held');
    await page.clock.runFor(29_000);
    assert.equal(await place.locator('[data-part-state="loading"]').count(), 1, 'still loading before 30 s');
    await page.clock.runFor(1_500);
    const failed = place.locator('[data-part-state="failed"]');
    await failed.waitFor();
    assert.match(await failed.textContent(), /^Could not load this part of the page: it did not load within 30 s/);
    hold = false;
    await page.clock.resume();
    await failed.locator('[data-action="retry-part"]').click();
    await place.locator('[data-pattern]').first().waitFor();
    assert.equal(await place.locator('[data-part-state]').count(), 0, 'no status once the part answered');
  } finally {
    await close();
  }
});

test('a part that did not load in two places: a retry in one that loads it answers in both, nothing typed', async () => {
  const { page, close } = await s.page();
  try {
    let serve = false;
    await askToSaveData(page);
    await page.route(TOOLS, (route) => (serve ? route.continue() : route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' })));
    await page.goto(`${s.url}/?mode=demo`);
    await ready(page);
    const box = page.locator('textarea[name="keycloak-export"]');
    await box.evaluate((e) => {
      for (let d = e.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
    });
    await box.fill('{"clientId": "wikijs", "publicClient": true}');
    const exported = page.locator('[data-section="keycloak-export"]');
    await exported.locator('[data-part-state="failed"]').waitFor();
    await page.locator('textarea[name="troubleshoot-text"]').fill('ECONNREFUSED');
    const troubleshoot = page.locator('[data-section="troubleshoot"]');
    await troubleshoot.locator('[data-part-state="failed"]').waitFor();

    serve = true;
    await troubleshoot.locator('[data-action="retry-part"]').click();
    await troubleshoot.locator('[data-pattern]').first().waitFor();
    await exported.locator('[data-export-findings] [data-code="kc-client-id-mismatch"]').waitFor();
    assert.equal(await exported.locator('[data-part-state]').count(), 0, 'the export box asked the part again as it loaded');
  } finally {
    await close();
  }
});
