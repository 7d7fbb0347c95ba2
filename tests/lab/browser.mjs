// Chromium in the lab: the configurator served by the lab's wiki (same origin as /graphql,
// under /_wkc/), and a user signing in through the real pages. Names resolve as the lab says
// (Lab.browserArgs); the browser trusts the lab's Keycloak certificate as a company browser
// trusts the company CA (ignoreHTTPSErrors), while the wiki's server trusts it only through
// NODE_EXTRA_CA_CERTS.

import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { launch } from '../chromium.mjs';
import { after, before } from 'node:test';

import { DIST, startLab } from './lab.mjs';
import { KEY } from './flow.mjs';
import { classify } from './outcome.mjs';

const STEP = 10_000;

/** Chromium for `lab`; throws (the suite fails) when Chromium or the built page is missing. */
export async function startBrowser(lab) {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`the page is not built: ${DIST}/index.html is missing (make test builds it; WKC_DIST points elsewhere)`);
  return launch({ args: lab.browserArgs() });
}

export async function newPage(browser) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP);
  return { page, close: () => context.close() };
}

/**
 * Navigate, once more when the host's network changed under the browser: an interface that
 * comes or goes (another program's, not the lab's, which settles before the browser starts)
 * aborts the load with net::ERR_NETWORK_CHANGED, which no scenario predicts.
 */
async function gotoSteady(page, url) {
  try {
    return await page.goto(url);
  } catch (err) {
    if (!String(err.message).includes('net::ERR_NETWORK_CHANGED')) throw err;
    return page.goto(url);
  }
}

/** Open the configurator on the lab's wiki for the strategy `key`, loaded, the live check off. */
export async function openConfigurator(lab, page, key = KEY) {
  const params = new URLSearchParams({ mode: 'wiki', endpoint: '/graphql', token: await lab.token(), strategy: key });
  await gotoSteady(page, `${lab.site}/_wkc/?${params}`);
  await page.waitForSelector('[data-action="save"]');
  await page.waitForSelector('input[name="host"]');
  await page.waitForFunction(() => document.querySelector('input[name="site-url"]')?.value.length > 0);
  // The findings are the form's own: the live check (its own suites) would race the typing.
  await fillForm(page, { 'live-auto': false });
}

/**
 * Type a form: text fields by name; booleans for checkboxes; `groups`: the auto-enroll group
 * ids to have checked (others unchecked). Fields inside a closed <details> are opened first.
 */
export async function fillForm(page, form) {
  for (const [name, value] of Object.entries(form)) {
    if (name === 'groups') {
      for (const box of await page.$$('input[name="auto-enroll-group"]')) {
        await box.setChecked(value.includes(Number(await box.getAttribute('value'))));
      }
      continue;
    }
    const selector = `[name="${name}"]`;
    await page.$eval(selector, (e) => {
      const details = e.closest('details');
      if (details) details.open = true;
    });
    if (typeof value === 'boolean') await page.setChecked(selector, value);
    else if (await page.$eval(selector, (e) => e.tagName === 'SELECT')) await page.selectOption(selector, value);
    else await page.fill(selector, value);
  }
}

/** The findings the page shows: {code: severity}. */
export async function findings(page) {
  return page.$$eval('.wkc-diag[data-code], .wkc-field-message[data-code]', (items) => {
    const out = {};
    for (const e of items) {
      const severity = [...e.classList].find((c) => /^wkc-diag-(error|warning|info)$/.test(c))?.slice('wkc-diag-'.length);
      if (e.dataset.code && severity) out[e.dataset.code] = severity;
    }
    return out;
  });
}

/** Click the one-click fix of the finding `code`. */
export async function clickFix(page, code) {
  const button = page.locator(`.wkc-diag[data-code="${code}"] [data-action="fix"]`).first();
  await button.click();
}

export async function hasFix(page, code) {
  return (await page.locator(`.wkc-diag[data-code="${code}"] [data-action="fix"]`).count()) > 0;
}

/** The client JSON the page offers for Keycloak's Clients › Import client (secret included). */
export async function pageClientJson(page) {
  await openFolds(page, '[name="include-secret"]');
  await page.setChecked('[name="include-secret"]', true);
  return JSON.parse(await readExport(page, 'client JSON', 'pre code'));
}

/** The "Test from the Wiki.js server" command, the plain form (Wiki.js installed directly). */
export async function probeCommand(page) {
  return readExport(page, 'backchannel-probe', 'pre[aria-label="command"] code');
}

/** Open, as the admin would, the folds that hold `selector` (the state block on a narrow
 *  page, the setup's exports) and the element itself when it is a fold. */
async function openFolds(page, selector) {
  await page.$eval(selector, (el) => {
    for (let e = el; e; e = e.parentElement) if (e.tagName === 'DETAILS') e.open = true;
  });
}

async function readExport(page, what, selector) {
  const details = `details[data-export="${what}"]`;
  await openFolds(page, details);
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim().length > 0, `${details} ${selector}`);
  return page.$eval(`${details} ${selector}`, (e) => e.textContent);
}

/** Save and wait for the outcome: {status, message}. */
export async function save(page) {
  await page.click('[data-action="save"]');
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-save-status]')?.getAttribute('data-save-status');
    return status && status !== 'idle' && status !== 'saving';
  }, null, { timeout: 30_000 });
  return page.$eval('[data-save-status]', (e) => ({ status: e.getAttribute('data-save-status'), message: e.textContent.trim() }));
}

/** What the troubleshooter says for `text`: the related codes of its entries. */
export async function troubleshoot(page, text) {
  await page.$eval('[name="troubleshoot-text"]', (e) => {
    const details = e.closest('details');
    if (details) details.open = true;
  });
  // From an empty panel, so no answer to an earlier text is read.
  await page.fill('[name="troubleshoot-text"]', '');
  await page.waitForFunction(() => !document.querySelector('[data-pattern], [data-troubleshoot="unknown"]'));
  await page.fill('[name="troubleshoot-text"]', text);
  await page.waitForSelector('[data-pattern], [data-troubleshoot="unknown"]');
  return page.$$eval('[data-pattern]', (items) => items.map((e) => ({ pattern: e.dataset.pattern, code: e.dataset.code, text: e.textContent.trim() })));
}

/**
 * A user signs in through the wiki's /login/{key} in a fresh browser (and with `logout`,
 * out again through /logout). {login, logout} outcomes (outcome.mjs). A navigation the
 * browser cannot make (a name it cannot resolve) is {kind: 'unreachable', text: net::…}.
 * `consent`: 'yes' or 'no' on Keycloak's grant page (without it the page is the outcome).
 */
export async function userSignIn(browser, lab, { user = lab.users[0], logout = false, key = KEY, consent } = {}) {
  const { page, close } = await newPage(browser);
  try {
    // A form sent where the browser cannot go (a frontend URL it cannot resolve) ends on
    // Chromium's error page: the navigation's own error says why.
    let refused = null;
    page.on('requestfailed', (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) refused = request.failure()?.errorText ?? 'failed';
    });
    const settle = async () => (page.url().startsWith('chrome-error:') ? { kind: 'unreachable', text: refused } : classify(page.url(), await page.content()));
    try {
      await gotoSteady(page, `${lab.site}/login/${key}`);
    } catch (err) {
      const net = String(err.message).match(/net::[A-Z_]+/)?.[0];
      if (net) return { login: { kind: 'unreachable', text: net } };
      throw err;
    }
    // Keycloak's forms answer with the next page (the grant page, at the same address) or a
    // chain of redirects: one navigation of the page either way.
    const submit = async (button) => {
      const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
      await page.click(button);
      await navigated;
      await page.waitForLoadState('load');
    };
    if ((await settle()).kind === 'keycloak-login') {
      await page.fill('#username', user.username);
      await page.fill('#password', user.password);
      await submit('#kc-login');
    }
    if (consent && (await settle()).kind === 'keycloak-consent') await submit(consent === 'yes' ? '#kc-login' : '#kc-cancel');
    const login = await settle();
    if (!logout || login.kind !== 'signed-in') return { login };
    await page.goto(`${lab.site}/logout`);
    // Keycloak confirms a logout with a valid id_token_hint by itself (a script submits the
    // form of a page marked kc-logout-auto): then wait until the browser has left that page
    // and its confirmation POST.
    const html = await page.content().catch(() => 'navigating');
    if (html === 'navigating' || html.includes('id="kc-logout-auto"')) {
      await page.waitForURL((u) => !(u.pathname.endsWith('/logout/confirm') || (u.pathname.endsWith('/logout') && u.searchParams.has('id_token_hint'))), { waitUntil: 'load' });
    }
    return { login, logout: await settle() };
  } finally {
    await close();
  }
}

/**
 * Start the lab and its browser before a test file's tests and stop both after them;
 * `take(lab, browser)` hands them to the file. `cleanup` runs first at the end.
 */
export function useLab(take, cleanup = async () => {}) {
  let lab;
  let browser;
  before(async () => {
    lab = await startLab();
    browser = await startBrowser(lab);
    take(lab, browser);
  });
  after(async () => {
    await cleanup();
    await browser?.close();
    await lab?.close();
  });
}
