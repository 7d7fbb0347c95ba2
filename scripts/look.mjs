// A quick look while working on the page: screenshots of one URL query at the README's sizes
// into WKC_SHOTS_DIR (default /tmp/look), with each page's height. Not part of any test.
//   node scripts/look.mjs '?mode=demo' [name]

import { launch } from '../tests/chromium.mjs';
import { DIST, startStatic } from '../tests/static.mjs';
import { gotoMounted } from '../tests/e2e/mount.mjs';
import { join } from 'node:path';

const query = process.argv[2] ?? '?mode=demo';
const name = process.argv[3] ?? 'look';
const dir = process.env.WKC_SHOTS_DIR ?? '/tmp/look';
const full = process.env.FULL === '1';
const server = await startStatic({ mounts: { '/': DIST } });
const browser = await launch();
try {
  for (const [width, height, scheme] of [[1280, 900, 'light'], [1280, 900, 'dark'], [390, 844, 'light'], [390, 844, 'dark']]) {
    const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
    const page = await context.newPage();
    await gotoMounted(page, `${server.url}/${query}`);
    await page.locator('.wkc-app[data-load-state="ready"]').waitFor();
    await page.waitForTimeout(300);
    const path = join(dir, `${name}-${width}-${scheme}.png`);
    await page.screenshot({ path, fullPage: full });
    const h = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(`${path}: page ${h} px tall`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
