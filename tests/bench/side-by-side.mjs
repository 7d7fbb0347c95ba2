// Time to interactive of builds side by side with the static page: each build on its own
// bench server (tests/bench/server.mjs, with its stand-in wiki), opened as the admin page
// in the wiki (`?mode=wiki`), loads interleaved with the static page's, a fresh browser
// context each, after warm-up rounds. Used by `ab.mjs` (levers against each other) and
// `floor.mjs` (the stack's floor against the page). Timings only: not part of `make test`.

import { launch } from '../chromium.mjs';
import { markSession, markTime } from './mark.mjs';
import { LOOPBACK_ONLY, startServer } from './server.mjs';

const STATIC_PAGE = new URL('./static.html', import.meta.url).pathname;
// tests/bench/run.mjs's flags: no host name resolves (loopback only).

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One fresh load of `url` until the mark `name`: when it was made, the wasm and the load query's answer were in. */
async function once(browser, url, name) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const session = await markSession(page);
    await page.goto(url, { waitUntil: 'commit' });
    const interactive = await markTime(session, name);
    return await page.evaluate((interactive) => {
      const resources = performance.getEntriesByType('resource');
      const end = (test) => resources.find((r) => test(r.name))?.responseEnd ?? NaN;
      return { interactive, wasmIn: end((u) => u.endsWith('.wasm')), answered: end((u) => u.includes('/graphql')) };
    }, interactive);
  } finally {
    await context.close();
  }
}

/**
 * Load each of `dists` (to `wkc-interactive`) and the static page (to its load event)
 * `loads` times, interleaved. Medians per build and for the static page, and each build's
 * ratio to the static page.
 * @returns {Promise<{loads: number, static: {interactive: number}, builds: {dist: string, interactive: number, ratio: number, wasmIn: number, answered: number}[]}>}
 */
export async function sideBySide(dists, { loads = 15, warmup = 2 } = {}) {
  const builds = [];
  const browser = await launch({ args: LOOPBACK_ONLY });
  try {
    for (const dist of dists) {
      const server = await startServer({ dist, staticPage: STATIC_PAGE });
      builds.push({ dist, server, app: await server.wikiPage(), times: [] });
    }
    const statics = [];
    for (let i = 0; i < loads + warmup; i++) {
      for (const build of builds) {
        const t = await once(browser, build.app, 'wkc-interactive');
        if (i >= warmup) build.times.push(t);
      }
      const t = await once(browser, `${builds[0].server.url}/bench/static.html`, 'static-interactive');
      if (i >= warmup) statics.push(t);
    }
    const base = median(statics.map((t) => t.interactive));
    const of = (times, key) => median(times.map((t) => t[key]));
    return {
      loads,
      static: { interactive: base },
      builds: builds.map(({ dist, times }) => ({
        dist,
        interactive: of(times, 'interactive'),
        ratio: of(times, 'interactive') / base,
        wasmIn: of(times, 'wasmIn'),
        answered: of(times, 'answered'),
      })),
    };
  } finally {
    await browser.close();
    for (const { server } of builds) await server.close();
  }
}
