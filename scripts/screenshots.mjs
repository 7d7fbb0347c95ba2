// The README's screenshots, taken in Chromium from the built page (dist/): the static demo
// in the docker-localhost scenario, at 1280x900 and 390x844, light and dark. Run by
// `make screenshots`, never by `make test`, so a test run leaves the tree as it was.
// Also prints the page's height at each size (the fresh page at 1280 px is what a test
// holds to its budget).

import { launch } from '../tests/chromium.mjs';
import { DIST, REPO, startStatic } from '../tests/static.mjs';
import { gotoMounted } from '../tests/e2e/mount.mjs';
import { join } from 'node:path';

const SHOTS = [
  { name: 'screenshot.png', width: 1280, height: 900, scheme: 'light' },
  { name: 'screenshot-dark.png', width: 1280, height: 900, scheme: 'dark' },
  { name: 'screenshot-phone.png', width: 390, height: 844, scheme: 'light' },
  { name: 'screenshot-phone-dark.png', width: 390, height: 844, scheme: 'dark' },
];

const server = await startStatic({ mounts: { '/': DIST } });
const browser = await launch();
try {
  for (const shot of SHOTS) {
    const context = await browser.newContext({
      viewport: { width: shot.width, height: shot.height },
      colorScheme: shot.scheme,
    });
    const page = await context.newPage();
    await gotoMounted(page, `${server.url}/?mode=demo&scenario=docker-localhost`);
    await page.locator('.wkc-app[data-load-state="ready"]').waitFor();
    await page.locator('[data-code="backchannel-loopback"]').first().waitFor({ state: 'attached' });
    const path = join(process.env.WKC_SHOTS_DIR ?? join(REPO, 'docs'), shot.name);
    await page.screenshot({ path });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(`screenshots: docs/${shot.name} (${shot.width}x${shot.height}, ${shot.scheme}; page ${height} px tall)`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
