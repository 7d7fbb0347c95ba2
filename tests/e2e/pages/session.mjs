// Shared by the widget and demo suites: the built output, a static server, Debian's
// Chromium, and pages that record every Content-Security-Policy violation and console
// error from their first instruction on.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { startStatic, ISSUE_CSP, STRICT_CSP } from './server.mjs';
import { CHROMIUM, CHROMIUM_ARGS as ARGS } from '../../chromium.mjs';

export { ISSUE_CSP, STRICT_CSP };

const here = dirname(fileURLToPath(import.meta.url));
export const PAGES = here;
export const REPO = resolve(here, '../../..');
// The release build `make test` makes (relative URLs: `trunk build --release --public-url ./`).
export const DIST = resolve(process.env.WKC_DIST ?? join(REPO, 'dist'));
/** How long one UI step may take. */
export const STEP = 10_000;

/** Why the suites cannot run, or null. */
export function missingBuild() {
  if (!existsSync(join(DIST, 'index.html'))) return `${DIST} is not built (make test builds it)`;
  if (!existsSync(join(DIST, 'wikijs-keycloak.js'))) return `${DIST} has no wikijs-keycloak.js (built without the Trunk hook?)`;
  return null;
}

/** A static server over `mounts` (see server.mjs) and a browser. */
export async function startSession({ mounts, csp = null }) {
  const server = await startStatic({ mounts, csp });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS }).catch(async (error) => {
    await server.close();
    throw error;
  });
  return {
    url: server.url,
    browser,
    /** A fresh context and page that records CSP violations, console errors and requests. */
    async page() {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(STEP);
      const record = { console: [], requests: [] };
      page.on('console', (m) => {
        if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) record.console.push(m.text());
      });
      page.on('pageerror', (e) => record.console.push(`pageerror: ${e}`));
      page.on('request', (r) => record.requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
      // Before any of the page's own scripts (an init script is not subject to the CSP).
      await page.addInitScript(() => {
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => {
          window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
        });
      });
      return { page, record, close: () => context.close() };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Console errors other than the favicon the host pages do not have. */
export function consoleErrors(record) {
  return record.console.filter((m) => !/favicon|status of 404/.test(m));
}

/** Every `style=""` attribute in the document and in every shadow root below it. */
export async function styleAttributes(page) {
  return page.evaluate(() => {
    const found = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.hasAttribute('style')) found.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.getAttribute('style')}`);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found;
  });
}

/** The codes the findings panel under `scope` lists, in its order. */
export async function findingCodes(scope) {
  return scope.locator('.wkc-diags [data-code]').evaluateAll((els) => els.map((e) => e.dataset.code));
}

/** Wait until `scope`'s app has loaded (its backend answered or failed). */
export async function ready(scope) {
  await scope.locator('.wkc-app:not([data-load-state="loading"])').waitFor();
}
