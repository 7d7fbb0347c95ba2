// Every suite opens the page through here: go to a URL and wait until the configurator has
// mounted, or fail saying which build did not mount and what the page reported. A build
// that cannot mount (a corrupted or missing wasm, a broken loader) fails every suite that
// uses it; nothing is skipped. tests/e2e/broken-build.test.mjs proves it.

import { DIST } from '../static.mjs';

/** How long the page may take to mount (a release build mounts in well under a second). */
export const MOUNT_TIMEOUT = 10_000;

/** The message of a mount that failed: names the build, the URL and the page's errors. */
export function mountFailure({ dist = DIST, url, selector, why, errors = [] }) {
  const said = errors.length ? `; the page reported:\n  ${errors.slice(0, 5).join('\n  ')}` : '; the page reported no error';
  const shown = url.replace(/([?&]token=)[^&]*/, "$1…");
  return new Error(`the configurator did not mount: ${selector} never appeared at ${shown} (${why}); build ${dist}${said}`);
}

/**
 * Open `url` in `page` and wait for `selector` (the app root by default). Rejects with
 * mountFailure as soon as the page throws (an uncaught error or rejection: a wasm that does
 * not compile), or after `timeout`.
 */
export async function gotoMounted(page, url, { selector = '.wkc-app', dist = DIST, timeout = MOUNT_TIMEOUT } = {}) {
  const errors = [];
  let thrown;
  const threw = new Promise((_, reject) => (thrown = reject));
  threw.catch(() => {});
  const onPageError = (error) => {
    errors.push(String(error));
    thrown(new Error(String(error)));
  };
  const onConsole = (message) => {
    if (message.type() === 'error') errors.push(message.text());
  };
  const onFailed = (request) => errors.push(`${request.url()}: ${request.failure()?.errorText}`);
  const onResponse = (response) => {
    if (response.status() >= 400) errors.push(`${response.url()}: HTTP ${response.status()}`);
  };
  page.on('pageerror', onPageError);
  page.on('console', onConsole);
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  try {
    await page.goto(url);
    await Promise.race([page.waitForSelector(selector, { timeout }), threw]);
  } catch (error) {
    const why = /Timeout/.test(error.message) ? `not within ${timeout / 1000} s` : 'the page threw first';
    throw mountFailure({ dist, url, selector, why, errors });
  } finally {
    page.off('pageerror', onPageError);
    page.off('console', onConsole);
    page.off('requestfailed', onFailed);
    page.off('response', onResponse);
  }
}

/**
 * Once the page has caught up: a frame rendered, then every task queued by then run (the
 * effects Leptos queued, the page's zero-delay timers, CSP violation reports). No amount of
 * time is waited. Not for a page whose controlled clock is paused (its frames wait too).
 */
export function settled(page) {
  return page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0))));
}

/**
 * Install Playwright's controlled clock on `page` before it loads: the page's timers then
 * run at real pace until the test pauses or moves the clock (`page.clock.pauseAt`,
 * `runFor`, `resume`).
 *
 * The clock numbers its timers from 10^12, while the page keeps a timer's handle as a
 * 32-bit integer (web_sys's `set_timeout_*` returns `i32`): the handle would wrap, the page's
 * `clearTimeout` would miss, and a cancelled timer would fire a dropped closure. A browser's
 * own handles are small integers, so the handles are shifted back into that range here.
 */
export async function installClock(page) {
  await page.clock.install();
  await page.addInitScript(() => {
    const FIRST = 1e12; // the clock's first handle
    const PAIRS = [['setTimeout', 'clearTimeout'], ['setInterval', 'clearInterval'],
      ['requestAnimationFrame', 'cancelAnimationFrame'], ['requestIdleCallback', 'cancelIdleCallback']];
    for (const [start, cancel] of PAIRS) {
      const started = window[start];
      const cancelled = window[cancel];
      if (!started || !cancelled) continue;
      window[start] = (...args) => {
        const id = started(...args);
        return typeof id === 'number' && id >= FIRST ? id - FIRST + 1 : id;
      };
      window[cancel] = (id) => cancelled(typeof id === 'number' && id > 0 && id < FIRST ? id + FIRST - 1 : id);
    }
  });
}

/** Stop the installed clock (a tenth of a second ahead, so that it is never in the past by
 *  the time the call lands): from now on only the test moves the page's time. */
export async function pauseClock(page) {
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 100));
}
