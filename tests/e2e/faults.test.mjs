// Every way a save can fail reaches the admin as a message naming what happened, keeps the
// form as typed, and a retry succeeds. Each fault hits one request of the save (see the
// stand-in's /__test/fault); the wiki is left as it was, or as the lost request left it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startHarness, openConfigurator, setField, formValues, save, saveStatus, waitFor, TEST_TIMEOUT } from './harness.mjs';
import { WIKI, KC } from './wiki.mjs';
import { pauseClock } from './mount.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const storedRealm = () => h.world.state.strategies.find((s) => s.key === KC).config.realm;

/** (what, the fault, what the message must say). Without `match` a fault hits the save's
 *  first request, the re-read of the strategies; `updateStrategies` aims at the post. */
const CASES = [
  ['HTTP 500', { kind: 'status500' }, /HTTP 500/],
  ['an HTML page instead of JSON', { kind: 'html' }, /HTML/],
  ['an HTML error page from a proxy', { kind: 'html', status: 502, match: 'updateStrategies' }, /HTTP 502/],
  // Chromium silently retries a request whose reused keep-alive connection was cut, once per
  // idle connection it holds: cut every retry too, until the test clears the fault.
  ['a dropped connection', { kind: 'drop', times: 10 }, /Could not reach Wiki\.js/],
  ['a dropped connection on the post', { kind: 'drop', times: 10, match: 'updateStrategies' }, /Could not reach Wiki\.js/],
  ['malformed JSON', { kind: 'malformed' }, /not valid JSON/],
  ['Forbidden (no manage:system)', { kind: 'forbidden' }, /manage:system/],
  ['Forbidden on the post', { kind: 'forbidden', match: 'updateStrategies' }, /manage:system/],
];

// Save's description is why it waits, whatever the last save said: after a failure, an edit
// that blocks Save is said beside the failure's message, with its Go to.
test('after a failed save, an edit that blocks Save says why beside the failure', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  const { page, close } = await h.page();
  try {
    await openConfigurator(h, page, { token: await h.token(), strategyKey: KC });
    await setField(page, 'realm', 'after-fault');
    await h.control('fault', { kind: 'forbidden', match: 'updateStrategies' });
    assert.equal((await save(page)).status, 'failed');
    await setField(page, 'host', '');
    await page.waitForFunction(() => / Saving is blocked: Host is empty\.$/.test(document.querySelector('[data-save-status]').textContent));
    assert.match(await page.locator('[data-save-status]').textContent(), /manage:system/, 'what the save said stays');
    assert.equal(await page.getAttribute('[data-action="save"]', 'aria-disabled'), 'true');
    assert.equal(await page.locator('.wkc-savebar [data-action="focus-field"]').count(), 1, 'with its Go to');
  } finally {
    await h.control('clear-faults');
    await close();
  }
});

for (const [what, fault, says] of CASES) {
  test(`${what}: a message, the form intact, a retry that saves`, { timeout: TEST_TIMEOUT }, async () => {
    await h.reset(WIKI);
    const { page, close } = await h.page();
    try {
      await openConfigurator(h, page, { token: await h.token(), strategyKey: KC });
      await setField(page, 'realm', 'after-fault');
      await setField(page, 'client-secret', 'typed-secret');
      const typed = await formValues(page);

      await h.control('fault', fault);
      const failed = await save(page);
      assert.equal(failed.status, 'failed', failed.message);
      assert.match(failed.message, says);
      assert.ok(!failed.message.includes('typed-secret'), 'the message never shows the secret');
      assert.deepEqual(await formValues(page), typed, 'the form is as typed');
      assert.equal(storedRealm(), 'wiki', 'nothing was written');

      await h.control('clear-faults'); // the network, proxy or session is back
      const retried = await save(page);
      assert.equal(retried.status, 'saved', retried.message);
      assert.equal(storedRealm(), 'after-fault');
    } finally {
      await close();
    }
  });
}

test('a post that times out is aborted after 15 s; the retry finds it landed and saves nothing twice', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  const { page, close } = await h.page({ clock: true });
  try {
    await openConfigurator(h, page, { token: await h.token(), strategyKey: KC });
    await setField(page, 'realm', 'slow');
    const typed = await formValues(page);
    const before = h.world.state.strategies.length;

    // The wiki holds the post until the test releases it, then applies it anyway, as a slow
    // server behind a proxy does. The page's clock stops once the post is out.
    await h.control('fault', { kind: 'hold', match: 'updateStrategies' });
    await page.click('[data-action="save"]');
    await waitFor(() => h.world.log.some((e) => e.held), 'the post to reach the wiki');
    await pauseClock(page);
    await page.clock.runFor(13_000);
    assert.equal((await saveStatus(page)).status, 'saving', 'still waiting at 13 s');
    await page.clock.runFor(2_500);
    await page.locator('[data-save-status="failed"]').waitFor();
    await page.clock.resume();
    const failed = await saveStatus(page);
    assert.match(failed.message, /did not answer within 15 s/);
    assert.deepEqual(await formValues(page), typed, 'the form is as typed');

    await h.control('release');
    await waitFor(() => storedRealm() === 'slow', 'the late post to land');
    const retried = await save(page);
    assert.equal(retried.status, 'saved', retried.message);
    assert.equal(h.world.state.strategies.length, before, 'no strategy added twice');
  } finally {
    await close();
  }
});
