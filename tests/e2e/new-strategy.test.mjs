// A new strategy keeps its key, and so its callback URL, across reloads until it is saved:
// the admin registers that URL in Keycloak first and comes back with the secret later. When
// the callback URL does change, the page says so next to it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startHarness, openConfigurator, readField, save, setField, TEST_TIMEOUT } from './harness.mjs';
import { KC, WIKI } from './wiki.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const CALLBACK = /^https?:\/\/[^/]+\/login\/[0-9a-f-]{36}\/callback$/;
const changedNote = (page) => page.locator('[data-callback-changed]');

/** A fresh profile on a wiki with no Keycloak strategy: the form opens a new one. */
function fresh(name, body) {
  test(name, { timeout: TEST_TIMEOUT }, async () => {
    await h.reset();
    const session = await h.page();
    try {
      const token = await h.token();
      const open = async () => {
        await openConfigurator(h, session.page, { token });
        return readField(session.page, 'callback-url');
      };
      await body({ ...session, open });
    } finally {
      await session.close();
    }
  });
}

fresh('the callback URL of an unsaved new strategy survives reloads, before anything is typed', async ({ page, open }) => {
  const first = await open();
  assert.match(first, CALLBACK);
  assert.equal(await open(), first, 'same key after a reload');
  assert.equal(await open(), first, 'and after another');
  assert.equal(await changedNote(page).count(), 0, 'nothing changed, nothing said');
});

fresh('once saved, the strategy is the wiki\'s, and the next new one gets a key of its own', async ({ page, open }) => {
  const first = await open();
  for (const [name, value] of Object.entries({ host: 'https://sso.example.org', realm: 'wiki', 'client-id': 'wiki', 'client-secret': 'kc-secret-0123456789' })) {
    await setField(page, name, value);
  }
  const outcome = await save(page);
  assert.equal(outcome.status, 'saved', outcome.message);
  const key = first.split('/').at(-2);
  assert.ok(h.world.state.strategies.some((s) => s.key === key), 'saved under the key shown');
  await openConfigurator(h, page, { token: await h.token(), strategyKey: key });
  assert.equal(await readField(page, 'callback-url'), first, 'the saved strategy opens with its callback');
});

fresh('a callback URL that differs from the one shown before is named next to it', async ({ page, open }) => {
  const first = await open();
  // The wiki's Site URL changed meanwhile (Administration › General): the same strategy now
  // has another callback, and Keycloak still holds the first.
  h.world.state.site.host = 'https://wiki.example.org';
  const second = await open();
  assert.notEqual(second, first);
  assert.equal(second.split('/').at(-2), first.split('/').at(-2), 'the same key');
  await changedNote(page).waitFor();
  assert.ok((await changedNote(page).innerText()).includes(first), 'names the URL shown before');
});

fresh('typing elsewhere writes no callback to storage: it is written when the callback changes', async ({ page, open }) => {
  await open();
  await page.evaluate(() => {
    window.__callbackWrites = 0;
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (String(key).startsWith('wikijs-keycloak:callback:')) window.__callbackWrites += 1;
      return setItem.call(this, key, value);
    };
  });
  await page.locator('input[name="host"]').pressSequentially('https://sso.example.org');
  await page.locator('input[name="realm"]').pressSequentially('wiki');
  assert.equal(await page.evaluate(() => window.__callbackWrites), 0, 'no write for a keystroke that leaves the callback as it was');
});

test('"A new Keycloak strategy" picked beside the wiki\'s starts a new one: saved, it is added and the other stays as it was', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  const { page, close } = await h.page();
  try {
    await openConfigurator(h, page, { token: await h.token() });
    assert.equal(await readField(page, 'realm'), 'wiki', 'the wiki\'s Keycloak strategy opens first');
    await page.selectOption('select[name="strategy"]', '');
    const callback = await readField(page, 'callback-url');
    assert.match(callback, CALLBACK);
    assert.ok(!callback.includes(KC), `a key of its own: ${callback}`);
    assert.equal(await readField(page, 'realm'), '', 'an empty form');
    assert.equal(await readField(page, 'display-name'), 'Keycloak 2', 'a login button the wiki\'s "Keycloak" can be told from');
    for (const [name, value] of Object.entries({ host: 'https://sso.example.org', realm: 'second', 'client-id': 'wiki2', 'client-secret': 'kc-secret-0123456789' })) {
      await setField(page, name, value);
    }
    const outcome = await save(page);
    assert.equal(outcome.status, 'saved', outcome.message);
    const keycloaks = h.world.state.strategies.filter((s) => s.strategyKey === 'keycloak');
    assert.deepEqual(keycloaks.map((s) => s.key).sort(), [KC, callback.split('/').at(-2)].sort());
    assert.equal(keycloaks.find((s) => s.key === KC).config.realm, 'wiki', 'the other one untouched');
    assert.deepEqual(keycloaks.map((s) => s.displayName).sort(), ['Keycloak', 'Keycloak 2']);
  } finally {
    await close();
  }
});

test('the picker says which of the wiki\'s strategies is not active', { timeout: TEST_TIMEOUT }, async () => {
  const wiki = structuredClone(WIKI);
  wiki.strategies.find((s) => s.key === KC).isEnabled = false;
  await h.reset(wiki);
  const { page, close } = await h.page();
  try {
    await openConfigurator(h, page, { token: await h.token() });
    const labels = await page.locator('select[name="strategy"] option').allInnerTexts();
    assert.deepEqual(labels, [`Keycloak (${KC.slice(0, 8)}…), not active`, 'A new Keycloak strategy']);
  } finally {
    await close();
  }
});

// Arrow keys change a closed select's value at each key (Windows, Linux): with unsaved edits
// each would open another strategy, or ask whether to leave them. They open the list instead.
test('the keyboard opens the strategy list instead of opening each strategy it passes', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  const { page, close } = await h.page();
  try {
    await openConfigurator(h, page, { token: await h.token() });
    let asked = 0;
    page.on('dialog', (d) => {
      asked += 1;
      return d.dismiss();
    });
    await setField(page, 'realm', 'typed-over');
    const picker = page.locator('select[name="strategy"]');
    await picker.focus();
    for (const key of ['ArrowDown', 'End', 'a']) {
      await page.keyboard.press(key);
      await page.waitForTimeout(50);
      assert.equal(await picker.inputValue(), KC, `${key} leaves the strategy shown`);
      await page.keyboard.press('Escape');
    }
    assert.equal(asked, 0, 'nothing asked while the list is read');
    assert.equal(await readField(page, 'realm'), 'typed-over', 'the edits stay in the form');
  } finally {
    await close();
  }
});
