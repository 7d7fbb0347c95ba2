// End-to-end harness: the stand-in Wiki.js serving the built configurator (dist/) on the
// same origin as /graphql, as the wiki's reverse proxy would, and Debian's Chromium driven
// by playwright-core. Tests rely only on the page's published contract:
//   - the URL `?mode=wiki&endpoint=/graphql&token=…&strategy=<key>`;
//   - inputs whose `name` is the core's `Field::id()` (`host`, `realm`, `client-id`, …);
//   - the save button `[data-action="save"]`;
//   - `[data-save-status]`, whose value is idle|saving|saved|failed|conflict, text the message;
//   - diagnostics as `[data-code="<code>"]`.
// While dist/ lacks that UI (no save button), every test is skipped with the reason.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { startServer } from '../standin/wikijs/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS as ARGS } from '../chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// WKC_DIST points the suite at another build (a debug build while working on the UI).
export const DIST = resolve(process.env.WKC_DIST ?? resolve(here, '../../dist'));

/** Per-test time bound (the timeout case alone waits 15 s for the configurator to give up). */
export const TEST_TIMEOUT = 60_000;
/** How long one UI step may take. */
const STEP = 10_000;

/**
 * Start the stand-in and Chromium. Resolves to a harness whose `skip` is a reason to skip
 * (dist/ not built, or without the full UI), or null.
 */
export async function startHarness() {
  const standin = await startServer({ staticDir: DIST });
  // launch() gives every run a fresh, empty profile (its own temporary --user-data-dir).
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS }).catch(async (err) => {
    await standin.close();
    throw err;
  });
  const h = new Harness(standin, browser);
  h.skip = await h.uiMissing();
  return h;
}

class Harness {
  constructor(standin, browser) {
    this.standin = standin;
    this.browser = browser;
    this.url = standin.url;
    this.skip = null;
  }

  /** Why the end-to-end tests cannot run against dist/, or null when they can. */
  async uiMissing() {
    if (!existsSync(join(DIST, 'index.html'))) return 'dist/ is not built (run `trunk build --release` first)';
    const { page, close } = await this.page();
    try {
      await page.goto(`${this.url}/?mode=wiki&endpoint=/graphql&token=${await this.token()}`);
      await page.waitForSelector('[data-action="save"]', { timeout: STEP });
      return null;
    } catch {
      return 'the configurator in dist/ has no save button ([data-action="save"]) yet: the end-to-end suite runs once the full UI is built';
    } finally {
      await close();
    }
  }

  /** A fresh browser context and page (no cookies or storage from other tests);
   *  `colorScheme` emulates the system's light or dark preference. */
  async page({ cookieToken, colorScheme } = {}) {
    const context = await this.browser.newContext(colorScheme ? { colorScheme } : {});
    if (cookieToken) await context.addCookies([{ name: 'jwt', value: cookieToken, url: this.url }]);
    const page = await context.newPage();
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
  await page.goto(`${h.url}/?${params}`);
  await page.waitForSelector('[data-action="save"]');
  await page.waitForSelector('input[name="host"]');
  // Loaded once the first request (the load) was answered and the page has gone quiet.
  await waitFor(() => h.world.log.slice(before).some((e) => e.status !== undefined), 'the load request');
  await page.waitForLoadState('networkidle');
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
export async function waitFor(check, what, ms = STEP) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}
