// Time to interactive of two or more builds side by side, for a lever under test: each
// build on its own bench server (tests/bench/server.mjs, with its stand-in wiki), loads
// interleaved with the static page's, fresh browser context each, two warm-up rounds.
//
//   node tests/bench/ab.mjs <dist> <dist> […] [loads, default 15]
//
// Prints, per build, the median time to `wkc-interactive`, its ratio to the static page's
// load event, and when the wasm and the load query's answer were in. For builds against
// each other: the static page loads here in another order than in `make bench`, whose ratio
// is the budget's. Timings only: not part of `make test` (docs/performance.md).

import { launch } from '../chromium.mjs';
import { startServer } from './server.mjs';

const args = process.argv.slice(2);
const dists = args.filter((a) => !/^\d+$/.test(a));
const loads = Number(args.find((a) => /^\d+$/.test(a)) ?? 15);
if (dists.length === 0) throw new Error('usage: node tests/bench/ab.mjs <dist> <dist> … [loads]');
const WARMUP = 2;
const STATIC = 'static page';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One fresh load of `url` until the mark `name`: [mark, wasm in, load query answered]. */
async function once(browser, url, name) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { polling: 5 });
    return await page.evaluate((n) => {
      const resources = performance.getEntriesByType('resource');
      const end = (test) => resources.find((r) => test(r.name))?.responseEnd ?? NaN;
      return [performance.getEntriesByName(n)[0].startTime, end((u) => u.endsWith('.wasm')), end((u) => u.includes('/graphql'))];
    }, name);
  } finally {
    await context.close();
  }
}

const builds = [];
for (const dist of dists) {
  const server = await startServer({ dist, staticPage: new URL('./static.html', import.meta.url).pathname });
  builds.push({ dist, server, app: `${server.url}/?mode=wiki&endpoint=/graphql&token=${await server.wikiToken()}` });
}
const browser = await launch({ args: ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] });
const times = new Map([[STATIC, []], ...dists.map((d) => [d, []])]);
try {
  for (let i = 0; i < loads + WARMUP; i++) {
    for (const { dist, app } of builds) {
      const t = await once(browser, app, 'wkc-interactive');
      if (i >= WARMUP) times.get(dist).push(t);
    }
    const t = await once(browser, `${builds[0].server.url}/bench/static.html`, 'static-interactive');
    if (i >= WARMUP) times.get(STATIC).push(t);
  }
} finally {
  await browser.close();
  for (const { server } of builds) await server.close();
}
const base = median(times.get(STATIC).map((t) => t[0]));
console.log(`${loads} loads each, interleaved (median ms):\n`);
console.log('| build | interactive | ratio | wasm in | load answered |\n| --- | ---: | ---: | ---: | ---: |');
for (const [what, ts] of times) {
  const m = (k) => median(ts.map((t) => t[k]));
  const cell = (x) => (Number.isNaN(x) ? '' : x.toFixed(1));
  console.log(`| ${what} | ${cell(m(0))} | ${(m(0) / base).toFixed(2)} | ${cell(m(1))} | ${cell(m(2))} |`);
}
