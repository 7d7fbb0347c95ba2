// Shared by the widget and demo suites: the built output, a static server, Debian's
// Chromium, and pages that record every Content-Security-Policy violation and console
// error from their first instruction on.

import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startStatic, ISSUE_CSP, STRICT_CSP } from './server.mjs';
import { launch } from '../../chromium.mjs';
import { DIST, REPO } from '../../static.mjs';

export { ISSUE_CSP, STRICT_CSP, DIST, REPO };

export const PAGES = dirname(fileURLToPath(import.meta.url));
/** How long one UI step may take. */
export const STEP = 10_000;

/** What is missing from the build for these suites, or null. */
export function missingBuild(dist = DIST) {
  if (!existsSync(join(dist, 'index.html'))) return `${dist} is not built (make test builds it)`;
  if (!existsSync(join(dist, 'wikijs-keycloak.js'))) return `${dist} has no wikijs-keycloak.js (built without the Trunk hook?)`;
  return null;
}

/** Throw when the build is missing (a suite's `before`: every test then fails). */
export function requireBuild(dist = DIST) {
  const missing = missingBuild(dist);
  if (missing) throw new Error(missing);
}

/** A static server over `mounts` (see server.mjs) and a browser. */
export async function startSession({ mounts, csp = null }) {
  const server = await startStatic({ mounts, csp });
  const browser = await launch().catch(async (error) => {
    await server.close();
    throw error;
  });
  return {
    url: server.url,
    browser,
    /** A fresh context and page that records CSP violations, console errors and warnings, and requests. */
    async page() {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(STEP);
      const record = { console: [], warnings: [], requests: [] };
      page.on('console', (m) => {
        if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) record.console.push(m.text());
        else if (m.type() === 'warning') record.warnings.push(m.text());
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
      return { page, context, record, close: () => context.close() };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * The build served at `/` for the calling suite: started in its `before` (a missing build
 * then fails every test), closed in its `after`. Its `url` and `page()` are the session's.
 */
export function distSession() {
  let session;
  before(async () => {
    requireBuild();
    session = await startSession({ mounts: { '/': DIST } });
  });
  after(async () => {
    await session?.close();
  });
  return {
    get url() {
      return session.url;
    },
    page: () => session.page(),
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
