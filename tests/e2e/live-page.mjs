// Helpers for live.test.mjs: the built configurator (dist/) on a tiny static server of its
// own, Debian's Chromium driven by playwright-core, and the live check's published contract:
//   - inputs named by `Field::id()` (`host`, `realm`, `user-info-url`, …);
//   - `[data-live-state]` = idle|checking|done, `data-live-run` = completed checks so far;
//   - `[data-live-findings] [data-code]` = the check's findings, each with its
//     `[data-action="fix"]` one-click fix; `[data-live-compare] [data-row][data-differs]`;
//   - `[data-action="live-check"]` (the button) and `[name="live-auto"]` (the checkbox).

import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS as ARGS } from '../chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = resolve(here, '../../dist');
/** How long one UI step may take. */
export const STEP = 10_000;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Serve dist/ on an ephemeral loopback port: {url, close()}. With `tls` ({key, cert}) over
 * https, as a wiki behind a TLS proxy would be.
 */
export async function serveDist({ tls } = {}) {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is not built: run `trunk build --release` first');
  const serve = async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = normalize(join(DIST, path === '/' ? 'index.html' : decodeURIComponent(path)));
    if (!file.startsWith(DIST + sep)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  };
  const server = tls ? createTlsServer(tls, serve) : createServer(serve);
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** Chromium; `acceptAnyCertificate` for the self-signed https page only. */
export function launchBrowser({ acceptAnyCertificate = false } = {}) {
  const args = acceptAnyCertificate ? [...ARGS, '--ignore-certificate-errors'] : ARGS;
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/** A throw-away self-signed certificate for 127.0.0.1 ({key, cert}), or null without openssl. */
export function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'wkc-live-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh context and the configurator with its demo backend; errors collected. */
export async function openDemo(browser, siteUrl) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(STEP);
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  // Chromium logs every failed or CORS-blocked request as a console error: those are the
  // outcomes under test. Anything else (a panic, an exception) is a failure.
  const expected = /^(Failed to load resource|Access to fetch at )/;
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected.test(message.text())) errors.push(message.text());
  });
  await page.goto(`${siteUrl}/?mode=demo`);
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
