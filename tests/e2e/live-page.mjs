// Helpers for live.test.mjs: the built configurator (WKC_DIST or dist/) on the one static
// server (tests/static.mjs), Chromium from tests/chromium.mjs, and the live check's published contract:
//   - inputs named by `Field::id()` (`host`, `realm`, `user-info-url`, …);
//   - `[data-live-state]` = idle|checking|done, `data-live-run` = completed checks so far;
//   - `[data-live-findings] [data-code]` = the check's findings, each with its
//     `[data-action="fix"]` one-click fix; `[data-live-compare] [data-row][data-differs]`;
//   - `[data-action="live-check"]` (the button) and `[name="live-auto"]` (the checkbox).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { launch } from '../chromium.mjs';
import { DIST, startStatic } from '../static.mjs';
import { gotoMounted, installClock } from './mount.mjs';

export { DIST };
/** How long one UI step may take. */
export const STEP = 10_000;

/**
 * Serve the build (WKC_DIST or dist/) on an ephemeral loopback port: {url, close()}. With
 * `tls` ({key, cert}) over https, as a wiki behind a TLS proxy would be.
 */
export async function serveDist({ tls = null, dist = DIST } = {}) {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: build the page first (make test)`);
  return startStatic({ mounts: { '/': dist }, tls });
}

/** Chromium; `acceptAnyCertificate` for the self-signed https page only; `publicSite`: the
 *  site at this URL is opened as `http://wiki.example.com:<port>` and taken for a public
 *  address, so the browser's Local Network Access applies to what it asks on loopback. */
export function launchBrowser({ acceptAnyCertificate = false, publicSite = null } = {}) {
  const args = acceptAnyCertificate ? ['--ignore-certificate-errors'] : [];
  if (publicSite) {
    const { host } = new URL(publicSite);
    args.push(`--host-resolver-rules=MAP ${PUBLIC_NAME} 127.0.0.1`, `--ip-address-space-overrides=${host}=public`);
  }
  return launch({ args });
}

/** The name a `publicSite` is opened under. */
export const PUBLIC_NAME = 'wiki.example.com';

/** A throw-away self-signed certificate for 127.0.0.1: {key, cert} (openssl is required). */
export function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'wkc-live-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch (error) {
    throw new Error(`no self-signed certificate for the https page (is openssl installed?): ${error.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A fresh context and the configurator with its demo backend; errors collected. `clock`:
 * install Playwright's controlled clock before the page loads (it runs at real pace until
 * a test fast-forwards it), so the page's timers (the debounce, the 8 s probe deadline)
 * can be run on demand. `dist`: the build `siteUrl` serves, named when it does not mount.
 */
export async function openDemo(browser, siteUrl, { clock = false, dist = DIST } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (clock) await installClock(page);
  page.setDefaultTimeout(STEP);
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  // Chromium logs every failed or CORS-blocked request as a console error: those are the
  // outcomes under test. Anything else (a panic, an exception) is a failure.
  const expected = /^(Failed to load resource|Access to fetch at )/;
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected.test(message.text())) errors.push(message.text());
  });
  await gotoMounted(page, `${siteUrl}/?mode=demo`, { dist });
  await page.waitForSelector('[data-load-state="ready"]');
  await page.waitForSelector('[data-live-state]');
  return { page, errors, close: () => context.close() };
}

/** Completed checks so far. */
export async function runs(page) {
  return Number(await page.getAttribute('[data-live-run]', 'data-live-run'));
}

export async function liveState(page) {
  return page.getAttribute('[data-live-state]', 'data-live-state');
}

/**
 * Wait for a check that completes after `after` checks (and, given `host`, one that checked
 * that host: a check of the values the page opened with cannot be mistaken for it), then
 * read what it shows.
 */
export async function nextResult(page, after, { timeout = STEP, host = '' } = {}) {
  await page.waitForFunction(
    ([after, host]) => {
      const el = document.querySelector('[data-live-state]');
      return (
        el?.getAttribute('data-live-state') === 'done' &&
        Number(el.getAttribute('data-live-run')) > after &&
        el.querySelector('[data-live-status]').textContent.includes(host)
      );
    },
    [after, host],
    { timeout },
  );
  return result(page);
}

/** What the live check shows now: status line, findings and comparison rows. */
export async function result(page) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-live-state]');
    const findings = [...root.querySelectorAll('[data-live-findings] [data-code]')].map((li) => ({
      code: li.getAttribute('data-code'),
      text: li.textContent,
      fix: li.querySelector('[data-action="fix"]')?.textContent ?? null,
    }));
    const rows = Object.fromEntries(
      [...root.querySelectorAll('[data-live-compare] [data-row]')].map((row) => [
        row.getAttribute('data-row'),
        {
          differs: row.getAttribute('data-differs') === 'true',
          discovered: row.querySelector('[data-side="discovered"]')?.textContent,
          configured: row.querySelector('[data-side="configured"]')?.textContent,
        },
      ]),
    );
    return {
      state: root.getAttribute('data-live-state'),
      run: Number(root.getAttribute('data-live-run')),
      stale: root.getAttribute('data-live-stale') === 'true',
      status: root.querySelector('[data-live-status]').textContent,
      codes: findings.map((f) => f.code),
      findings,
      rows,
    };
  });
}

/** Type Host and Realm as an admin would (each `fill` is one input event). */
export async function typeTarget(page, host, realm) {
  await page.fill('[name="host"]', host);
  await page.fill('[name="realm"]', realm);
}

/** Type Host and Realm, then wait for the check of those values: what it shows. */
export async function check(page, host, realm, options = {}) {
  const before = await runs(page);
  await typeTarget(page, host, realm);
  return nextResult(page, before, { host, ...options });
}

/** Click the one-click fix of the live finding `code`. */
export async function clickFix(page, code) {
  await page.click(`[data-live-findings] [data-code="${code}"] [data-action="fix"]`);
}

/** Poll `check` until it is truthy: the harness's. */
export { waitFor } from './harness.mjs';
