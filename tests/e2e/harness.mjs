// End-to-end harness: the stand-in Wiki.js serving the built configurator (dist/) on the
// same origin as /graphql, as the wiki's reverse proxy would, and Debian's Chromium driven
// by playwright-core. Tests rely only on the page's published contract:
//   - the URL `?mode=wiki&endpoint=/graphql&token=…&strategy=<key>`;
//   - inputs whose `name` is the core's `Field::id()` (`host`, `realm`, `client-id`, …);
//   - the save button `[data-action="save"]`;
//   - `[data-save-status]`, whose value is idle|saving|saved|failed|conflict, text the message;
//   - diagnostics as `[data-code="<code>"]`.
// A build that does not mount that UI (no save button) fails startHarness, and with it every
// test of the suite: nothing is skipped.

import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { startServer } from '../standin/wikijs/server.mjs';
import { launch } from '../chromium.mjs';
import { DIST } from '../static.mjs';
import { gotoMounted, installClock, settled } from './mount.mjs';
import { waitFor } from '../wait.mjs';

export { settled } from './mount.mjs';

// WKC_DIST points the suite at another build (a debug build while working on the UI).
export { DIST };

/** Per-test time bound. */
export const TEST_TIMEOUT = 60_000;
/** How long one UI step may take. */
const STEP = 10_000;

/**
 * Start the stand-in (serving `dist`, WKC_DIST or dist/ by default) and Chromium, and open
 * the configurator once: rejects, naming the build and what the page reported, when it
 * does not mount. A suite that calls this in `before` then fails every test.
 */
export async function startHarness({ dist = DIST } = {}) {
  const standin = await startServer({ staticDir: dist });
  const browser = await launch().catch(async (err) => {
    await standin.close();
    throw err;
  });
  const h = new Harness(standin, browser, dist);
  const missing = await h.uiMissing();
  if (missing) {
    await h.close();
    throw new Error(missing);
  }
  return h;
}

class Harness {
  constructor(standin, browser, dist = DIST) {
    this.standin = standin;
    this.browser = browser;
    this.url = standin.url;
    this.dist = dist;
    /** Always null: a harness whose page cannot mount is never returned (kept for callers
     *  that still read it). */
    this.skip = null;
  }

  /** Why the configurator cannot be used from this build (not built, or it does not mount
   *  the save button), or null when it can. */
  async uiMissing() {
    if (!existsSync(join(this.dist, 'index.html'))) return `${this.dist}/index.html is missing: build the page first (make test, or trunk build --release --public-url ./)`;
    try {
      await this.mount();
      return null;
    } catch (error) {
      return error.message;
    }
  }

  /** Open the configurator on the wiki in a fresh page and close it again; rejects with a
   *  clear message when the save button ([data-action="save"]) does not appear. */
  async mount() {
    const { page, close } = await this.page();
    try {
      const url = `${this.url}/?mode=wiki&endpoint=/graphql&token=${await this.token()}`;
      await gotoMounted(page, url, { selector: '[data-action="save"]', dist: this.dist });
    } finally {
      await close();
    }
  }

  /** A fresh browser context and page (no cookies or storage from other tests);
   *  `colorScheme` emulates the system's light or dark preference; `clock` installs
   *  Playwright's controlled clock before the page loads (it runs at real pace until the
   *  test pauses or fast-forwards it: `page.clock.pauseAt`, `runFor`, `resume`). */
  async page({ cookieToken, colorScheme, clock = false } = {}) {
    const context = await this.browser.newContext(colorScheme ? { colorScheme } : {});
    if (cookieToken) await context.addCookies([{ name: 'jwt', value: cookieToken, url: this.url }]);
    const page = await context.newPage();
    if (clock) await installClock(page);
    page.setDefaultTimeout(STEP);
    const console = [];
    page.on('console', (message) => console.push(message.text()));
    page.on('pageerror', (error) => console.push(String(error)));
    return { page, context, console, close: () => context.close() };
  }

  /** Back to the post-setup state, then `seed` (see tests/standin/wikijs/state.mjs). */
  async reset(seed) {
    await this.control('reset');
    if (seed) await this.control('seed', seed);
  }

  async control(action, body) {
    const res = await fetch(`${this.url}/__test/${action}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
    const answer = await res.json();
    if (!res.ok) throw new Error(`control ${action}: ${JSON.stringify(answer)}`);
    return answer;
  }

  /** A token for the admin (user 1): fresh, or `old` (issued before the server started). */
  async token(options = {}) {
    return (await this.control('token', { userId: 1, ...options })).token;
  }

  serialOf(token) {
    return this.standin.world.tokens.serialOf(token);
  }

  /** The stand-in's stored rows, request log and pending faults (live objects: copy to keep). */
  get world() {
    return this.standin.world;
  }

  /** One GraphQL request as the admin, straight to the stand-in (another admin's browser). */
  async graphql(query, variables) {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.token()}` },
      body: JSON.stringify({ query, variables }),
    });
    return res.json();
  }

  /** activeStrategies exactly as Wiki.js answers them, each entry as its JSON text. */
  async activeStrategies() {
    const answer = await this.graphql(
      '{ authentication { activeStrategies { key strategy { key title useForm } config { key value } order isEnabled displayName selfRegistration domainWhitelist autoEnrollGroups } } }',
    );
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data.authentication.activeStrategies.map((s) => ({ key: s.key, json: JSON.stringify(s), value: s }));
  }

  async close() {
    await this.browser.close().catch(() => {});
    await this.standin.close();
  }
}

/**
 * Open the configurator on the stand-in and wait until it has loaded the wiki.
 * @param {object} options token (Bearer; omit for the cookie session), strategyKey, theme
 */
export async function openConfigurator(h, page, { token, strategyKey, mode = 'wiki', theme } = {}) {
  const params = new URLSearchParams({ mode, endpoint: '/graphql' });
  if (token) params.set('token', token);
  if (strategyKey) params.set('strategy', strategyKey);
  if (theme) params.set('theme', theme);
  const before = h.world.log.length;
  await gotoMounted(page, `${h.url}/?${params}`, { selector: '[data-action="save"]', dist: h.dist });
  await page.waitForSelector('input[name="host"]');
  // Loaded once the load request was answered, the page says so ([data-load-state] ready
  // or failed), and it has caught up with what the answer changed.
  await waitFor(() => h.world.log.slice(before).some((e) => e.status !== undefined), 'the load request');
  await page.waitForSelector('.wkc-app:not([data-load-state="loading"])');
  await settled(page);
}

/** Type `value` into the input named `name`, replacing what was there. */
export async function setField(page, name, value) {
  await page.fill(`[name="${name}"]`, value);
}

export async function readField(page, name) {
  return page.inputValue(`[name="${name}"]`);
}

/** Every input and textarea with a name, as {name: value}: the form as the admin sees it. */
export async function formValues(page) {
  return page.$$eval('input[name], textarea[name], select[name]', (elements) =>
    Object.fromEntries(elements.map((e) => [e.name, e.type === 'checkbox' ? String(e.checked) : e.value])),
  );
}

/** Click save and wait for the outcome: {status, message}. */
export async function save(page) {
  await page.click('[data-action="save"]');
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-save-status]')?.getAttribute('data-save-status');
    return status && status !== 'idle' && status !== 'saving';
  }, null, { timeout: 30_000 });
  return saveStatus(page);
}

export async function saveStatus(page) {
  return page.$eval('[data-save-status]', (e) => ({ status: e.getAttribute('data-save-status'), message: e.textContent.trim() }));
}

/** Poll `check` until it is truthy (at most `ms`). */
export { waitFor };
