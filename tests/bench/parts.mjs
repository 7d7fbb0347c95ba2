// Opening a lazily loaded part the first time, measured from the action to its content on
// screen (loopback, fresh browser context each time, so nothing is cached): `node
// tests/bench/parts.mjs [runs] [--net]` against the built dist/ (`--net`: every request
// through Chromium's network emulation at 20 Mbit/s down, 40 ms latency, as from a wiki on
// another network; else loopback). The tools part's cases twice: on a
// browser that asks to save data (no prefetch: the part downloads on use) and once the
// loader's idle prefetch has made it ready (`wkc-part-tools`). Prints a Markdown table of
// medians and maxima (docs/performance.md, "Lazy parts"). Timings only: not part of `make test`.

import { startSession, DIST, ready } from '../e2e/pages/session.mjs';

const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 9);
const NET = process.argv.includes('--net') ? { offline: false, latency: 40, downloadThroughput: 20e6 / 8, uploadThroughput: 5e6 / 8 } : null;

/** A fresh page, behind the emulated network with `--net`. */
async function freshPage() {
  const opened = await s.page();
  if (NET) await (await opened.page.context().newCDPSession(opened.page)).send('Network.emulateNetworkConditions', NET);
  return opened;
}

/** Open the folds that hold `locator`, as the admin would have. */
const openFolds = (locator) => locator.evaluate((e) => {
  for (let d = e.parentElement?.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
});

/** (what, how to open it: resolves once the content shows; returns the action's start). */
const CASES = [
  ['troubleshooting (tools part): typing into the box → first explanation', async (page) => {
    const t0 = await page.evaluate(() => performance.now());
    await page.locator('textarea[name="troubleshoot-text"]').fill('ECONNREFUSED');
    await page.locator('[data-section="troubleshoot"] [data-pattern]').first().waitFor();
    return t0;
  }],
  ['client JSON (tools part): click on its summary → the JSON', async (page) => {
    await openFolds(page.locator('[data-export="client JSON"]'));
    const t0 = await page.evaluate(() => performance.now());
    await page.locator('[data-export="client JSON"] summary').click();
    await page.waitForFunction(() => document.querySelector('[data-export="client JSON"] pre')?.textContent.includes('"clientId"'));
    return t0;
  }],
  ['Keycloak side (tools part): pasting an export → its first kc-* finding', async (page) => {
    const box = page.locator('textarea[name="keycloak-export"]');
    await openFolds(box);
    const t0 = await page.evaluate(() => performance.now());
    await box.fill('{"clientId": "wikijs", "publicClient": true}');
    await page.locator('[data-export-findings] [data-code]').first().waitFor();
    return t0;
  }],
  ['live check (tools part): Check Keycloak → its verdict (four probes, refused at once on loopback)', async (page) => {
    await page.locator('[name="live-auto"]').uncheck();
    await page.locator('input[name="host"]').fill('http://127.0.0.1:9');
    await page.locator('input[name="realm"]').fill('wiki');
    const t0 = await page.evaluate(() => performance.now());
    await page.locator('[data-action="live-check"]').click();
    await page.locator('[data-live-state="done"] [data-live-findings] [data-code]').first().waitFor();
    return t0;
  }],
  ['JS API (api part): first `await derive(…)`', async (page) => {
    const t0 = await page.evaluate(() => performance.now());
    await page.evaluate(() => window.WikijsKeycloak.derive({ host: 'https://kc.example.com', realm: 'r' }));
    return t0;
  }],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = await startSession({ mounts: { '/': DIST } });
const rows = [];
try {
  for (const [what, open] of CASES) {
    const tools = what.includes('(tools part)');
    for (const prefetched of tools ? [false, true] : [false]) {
      const times = [];
      for (let i = 0; i < runs; i++) {
        const { page, close } = await freshPage();
        try {
          if (!prefetched) await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ saveData: true }) }));
          await page.goto(`${s.url}/?mode=wiki&endpoint=/no-graphql`);
          await ready(page);
          if (prefetched) {
            await page.waitForFunction(() => performance.getEntriesByName('wkc-part-tools').length > 0);
            // As an admin comes to it: not in the same instant the part became ready.
            await page.evaluate(() => new Promise((done) => requestIdleCallback(() => setTimeout(done, 100))));
          }
          const t0 = await open(page);
          times.push((await page.evaluate(() => performance.now())) - t0);
        } finally {
          await close();
        }
      }
      const when = !tools ? '' : prefetched ? ', prefetched' : ', on use (Save-Data)';
      rows.push(`| ${what}${when} | ${median(times).toFixed(0)} ms | ${Math.max(...times).toFixed(0)} ms |`);
    }
  }
  // The demo page: its demo part is fetched by the loader beside the page's wasm.
  const times = [];
  for (let i = 0; i < runs; i++) {
    const { page, close } = await freshPage();
    try {
      await page.goto(`${s.url}/?mode=demo`);
      await page.locator('.wkc-app[data-load-state="ready"]').waitFor();
      times.push(await page.evaluate(() => performance.getEntriesByName('wkc-interactive')[0]?.startTime ?? NaN));
    } finally {
      await close();
    }
  }
  rows.push(`| demo page (demo part): navigation → \`wkc-interactive\` | ${median(times).toFixed(0)} ms | ${Math.max(...times).toFixed(0)} ms |`);
} finally {
  await s.close();
}
console.log(`Opening a part the first time (${runs} fresh loads each, ${NET ? '20 Mbit/s and 40 ms emulated' : 'loopback'}; nothing cached):\n`);
console.log('| part, action → content | median | max |\n| --- | ---: | ---: |');
console.log(rows.join('\n'));
