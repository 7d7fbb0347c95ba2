// Nothing typed is lost: unsaved edits (never the secret) survive a reload and a crash of
// the wiki, offered back as a draft to restore or discard; a save leaves no draft behind.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startHarness, openConfigurator, setField, readField, formValues, save, settled, waitFor, TEST_TIMEOUT } from './harness.mjs';
import { WIKI, KC } from './wiki.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const EDITS = { host: 'https://login.example.org', realm: 'staff', 'client-id': 'wiki-app' };
const SECRET = 'draft-test-secret';
const storedRealm = () => h.world.state.strategies.find((s) => s.key === KC).config.realm;

/** A fresh browser profile on the seeded wiki, the Keycloak strategy open and edited. */
function drafts(name, body) {
  test(name, { timeout: TEST_TIMEOUT }, async (t) => {
    await h.reset(WIKI);
    const session = await h.page();
    try {
      const open = async () => openConfigurator(h, session.page, { token: await h.token(), strategyKey: KC });
      await open();
      for (const [name, value] of Object.entries(EDITS)) await setField(session.page, name, value);
      await setField(session.page, 'client-secret', SECRET);
      await body({ ...session, open });
    } finally {
      await session.close();
    }
  });
}

/** The page's browser storage, every key and value, as one string. */
const storage = (page) => page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
/** The drafts in browser storage (the callback URL last shown is kept beside them). */
const storedDrafts = (page) => page.evaluate(() => [localStorage, sessionStorage].flatMap((s) => Object.keys(s)).filter((k) => k.includes(':draft:')));
const offer = (page) => page.locator('[data-draft]');
const edited = async (page) => Object.fromEntries(await Promise.all(Object.keys(EDITS).map(async (n) => [n, await readField(page, n)])));

drafts('a reload offers the edits back, naming them; restoring brings them without the secret', async ({ page, open }) => {
  // Written once typing pauses (a reload or a hidden page writes it at once).
  await page.waitForFunction(() => Object.entries(localStorage).some(([k, v]) => k.includes(':draft:') && v.includes('wiki-app')));
  assert.ok(!(await storage(page)).includes(SECRET), 'the typed secret is not stored');
  await open();
  assert.equal(await readField(page, 'realm'), 'wiki', 'the form opens as the wiki holds it');
  await offer(page).waitFor();
  assert.match(await offer(page).innerText(), /Host, Realm, Client ID/);
  assert.match(await page.innerText('[data-save-status]'), /restore your kept edits above/, 'the bar does not say the wiki holds them alone');
  await page.click('[data-action="restore-draft"]');
  assert.deepEqual(await edited(page), EDITS, 'the edits are back');
  assert.equal(await readField(page, 'client-secret'), 'old-secret', "the secret is the wiki's, not the typed one");
  assert.equal(await offer(page).count(), 0, 'the offer is gone');
  const outcome = await save(page);
  assert.equal(outcome.status, 'saved', outcome.message);
  assert.equal(storedRealm(), 'staff');
});

// Another admin renames the strategy and turns self-registration off after the draft was
// written: restoring brings back this admin's fields only, on the wiki's values now (it
// brought back the whole form as typed, undoing both).
drafts('a draft restored after the wiki changed meanwhile brings back its edits only', async ({ page, open }) => {
  await page.waitForFunction(() => Object.entries(localStorage).some(([k, v]) => k.includes(':draft:') && v.includes('wiki-app')));
  const held = h.world.state.strategies.find((s) => s.key === KC);
  held.displayName = 'Renamed elsewhere';
  held.selfRegistration = !held.selfRegistration;
  await open();
  await offer(page).waitFor();
  assert.match(await offer(page).innerText(), /\(Host, Realm, Client ID\)/);
  await page.click('[data-action="restore-draft"]');
  assert.deepEqual(await edited(page), EDITS, 'the edits are back');
  assert.equal(await readField(page, 'display-name'), 'Renamed elsewhere', "the other admin's name stays");
  assert.equal(await page.isChecked('[name="self-registration"]'), held.selfRegistration, 'and their self-registration');
});

// The same, restored first while the wiki is down: the draft written then keeps the base it
// was restored with, so once the wiki is back only the edits return (it became a snapshot).
drafts('a draft restored while the wiki is down brings back its edits only once it is back', async ({ page }) => {
  await page.waitForFunction(() => Object.entries(localStorage).some(([k, v]) => k.includes(':draft:') && v.includes('wiki-app')));
  h.world.state.strategies.find((s) => s.key === KC).displayName = 'Renamed elsewhere';
  await openWhileDown(page);
  await offer(page).waitFor();
  const kept = () => page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.includes(':draft:')).map(([, v]) => v).join());
  const first = await kept();
  await page.click('[data-action="restore-draft"]');
  // Written again from the restored form (while the wiki is down).
  await waitFor(async () => (await kept()) !== first, 'the restored form written as the draft');
  await h.control('clear-faults');
  await page.click('[data-action="retry-load"]');
  await offer(page).waitFor();
  assert.match(await offer(page).innerText(), /\(Host, Realm, Client ID\)/);
  await page.click('[data-action="restore-draft"]');
  assert.deepEqual(await edited(page), EDITS, 'the edits are back');
  assert.equal(await readField(page, 'display-name'), 'Renamed elsewhere', "the other admin's name stays");
});

drafts('typing before answering the offer loses neither: Restore adds the draft to what was typed, a reload offers both', async ({ page, open }) => {
  await page.waitForFunction(() => Object.entries(localStorage).some(([k, v]) => k.includes(':draft:') && v.includes('wiki-app')));
  await open();
  await offer(page).waitFor();
  await setField(page, 'realm', 'typed-since');
  // The offer now names only what Restore would still change.
  await page.waitForFunction(() => !/Realm/.test(document.querySelector('[data-draft]').innerText));
  assert.match(await offer(page).innerText(), /\(Host, Client ID\)/);
  // Stored: the draft's edits and the new typing together, for a reload before answering.
  await page.waitForFunction(() => Object.entries(localStorage).some(([k, v]) => k.includes(':draft:') && v.includes('typed-since') && v.includes('wiki-app')));
  await open();
  await offer(page).waitFor();
  await page.click('[data-action="restore-draft"]');
  assert.deepEqual(await edited(page), { ...EDITS, realm: 'typed-since' });
});

drafts('discarding keeps the form as loaded, and the next reload offers nothing', async ({ page, open }) => {
  await open();
  await offer(page).waitFor();
  await page.click('[data-action="discard-draft"]');
  assert.equal(await readField(page, 'realm'), 'wiki');
  await open();
  await settled(page); // the offer is decided as the load settles
  assert.equal(await offer(page).count(), 0, 'no offer after a discard');
  assert.ok(!(await storage(page)).includes('staff'), 'the draft is gone from storage');
});

drafts('edits typed just before the page is left are kept: the draft is written as the page goes', async ({ page, open }) => {
  await setField(page, 'realm', 'typed-last');
  await open();
  await offer(page).waitFor();
  await page.click('[data-action="restore-draft"]');
  assert.equal(await readField(page, 'realm'), 'typed-last');
});

drafts('edits typed just before "Try loading again" are in the draft offered after that load', async ({ page }) => {
  await h.control('fault', { kind: 'drop', times: 1000 });
  await page.goto(`${h.url}/?mode=wiki&endpoint=/graphql&strategy=${KC}&token=${await h.token()}`);
  await page.waitForSelector('[data-action="retry-load"]');
  await offer(page).waitFor();
  await page.click('[data-action="restore-draft"]');
  await setField(page, 'realm', 'typed-before-retry');
  await h.control('clear-faults');
  await page.click('[data-action="retry-load"]');
  await offer(page).waitFor();
  await page.click('[data-action="restore-draft"]');
  assert.equal(await readField(page, 'realm'), 'typed-before-retry');
});

drafts('a save leaves no draft: the next reload offers nothing', async ({ page, open }) => {
  const outcome = await save(page);
  assert.equal(outcome.status, 'saved', outcome.message);
  assert.deepEqual(await storedDrafts(page), [], 'no draft is stored after the save');
  await open();
  await settled(page); // the offer is decided as the load settles
  assert.equal(await offer(page).count(), 0);
});

drafts('the wiki crashes: the save fails keeping every value; after a reload the edits come back, and save once it is up', async ({ page }) => {
  const typed = await formValues(page);
  // Every GraphQL connection is cut, as when Wiki.js has died behind the page.
  await h.control('fault', { kind: 'drop', times: 1000 });
  const failed = await save(page);
  assert.equal(failed.status, 'failed', failed.message);
  assert.deepEqual(await formValues(page), typed, 'a failed save keeps every value');

  await page.goto(`${h.url}/?mode=wiki&endpoint=/graphql&strategy=${KC}&token=${await h.token()}`);
  await page.waitForSelector('[data-action="retry-load"]');
  await offer(page).waitFor();
  await page.click('[data-action="restore-draft"]');
  assert.deepEqual(await edited(page), EDITS, 'the edits are back while the wiki is down');
  await settled(page);
  assert.equal(await offer(page).count(), 0, 'restored: not offered again');
  // Not connected: the save bar says so, without leading to a field.
  assert.match(await page.locator('[data-save-status]').innerText(), /^Not connected to the wiki/);
  assert.equal(await page.locator('.wkc-savebar [data-action="focus-field"]').count(), 0);
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.getAttribute('data-load-banner') ?? document.activeElement?.tagName);
  assert.ok(await page.evaluate(() => document.activeElement?.matches('input, select, textarea')), `focus on a restored field, not lost with the banner (${await focused()})`);

  // The wiki is back, but holds the next load until the focus is checked: while the page
  // loads, the retry button is gone and focus waits on the load banner.
  await h.control('clear-faults');
  await h.control('fault', { kind: 'hold', match: 'strategies { key props' });
  await page.click('[data-action="retry-load"]');
  await waitFor(() => h.world.log.some((e) => e.held), 'the load to reach the wiki');
  await page.locator('.wkc-app[data-load-state="loading"]').waitFor();
  await settled(page);
  assert.equal(await focused(), '', 'focus waits on the load banner while the button is gone');
  await h.control('release');
  await offer(page).waitFor();
  assert.equal(await readField(page, 'realm'), 'wiki', 'loaded as the wiki holds it');
  await page.click('[data-action="restore-draft"]');
  assert.deepEqual(await edited(page), EDITS);
  const outcome = await save(page);
  assert.equal(outcome.status, 'saved', outcome.message);
  assert.equal(storedRealm(), 'staff');
  assert.deepEqual(await storedDrafts(page), [], 'and the draft is gone');
});

// Opened with no strategy asked for, the page opens the one a draft was kept for: another
// strategy opened would find nothing to offer, and the draft would be dropped.
test('edits to a new strategy beside the wiki\'s are offered back after a reload, on that strategy', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  const { page, close } = await h.page();
  try {
    const open = async () => openConfigurator(h, page, { token: await h.token() });
    await open();
    await page.selectOption('select[name="strategy"]', '');
    const callback = await readField(page, 'callback-url');
    await setField(page, 'realm', 'second');
    await page.waitForFunction(() => Object.entries(localStorage).some(([k, v]) => k.includes(':draft:') && v.includes('second')));
    await open();
    assert.equal(await readField(page, 'callback-url'), callback, 'the new strategy, under the same key');
    await offer(page).waitFor();
    assert.match(await offer(page).innerText(), /Realm/);
    await page.click('[data-action="restore-draft"]');
    assert.equal(await readField(page, 'realm'), 'second');
  } finally {
    await close();
  }
});

// Opened with ?strategy= for one of the wiki's, the page opens that one: a draft of a new
// strategy typed there is not dropped, typing in the strategy asked for leaves it alone (one
// draft per strategy), and each is offered on its own strategy.
test('a draft of a new strategy outlives a reload that opens the strategy asked for and typing there; each is offered on its own', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  const { page, close } = await h.page();
  try {
    const open = async () => openConfigurator(h, page, { token: await h.token(), strategyKey: KC });
    const stored = (text) => page.waitForFunction((t) => Object.entries(localStorage).some(([k, v]) => k.includes(':draft:') && v.includes(t)), text);
    await open();
    await page.selectOption('select[name="strategy"]', '');
    await setField(page, 'realm', 'second');
    await stored('second');
    await open();
    assert.equal(await readField(page, 'realm'), 'wiki', 'the strategy asked for');
    await settled(page);
    assert.equal(await offer(page).count(), 0, 'not offered on another strategy');
    await setField(page, 'realm', 'kc-edit');
    await stored('kc-edit');
    assert.ok((await storage(page)).includes('second'), 'and not dropped');
    assert.equal((await storedDrafts(page)).length, 2, 'two drafts, one per strategy');
    await open();
    await offer(page).waitFor();
    await page.click('[data-action="restore-draft"]');
    assert.equal(await readField(page, 'realm'), 'kc-edit');
    await page.selectOption('select[name="strategy"]', '');
    await offer(page).waitFor();
    await page.click('[data-action="restore-draft"]');
    assert.equal(await readField(page, 'realm'), 'second');
  } finally {
    await close();
  }
});

// Where earlier versions kept a draft: still offered, and kept under its strategy's own
// key from then on (the old key emptied).
for (const [where, oldKey] of [
  ['in the one slot drafts had before', (key) => key.slice(0, key.indexOf('#'))],
  ["for the page's strategy option", (key) => key.replace('|*#', '|')],
]) {
  drafts(`a draft an earlier version kept ${where} is still offered, and moves to its strategy's own key`, async ({ page, open }) => {
    await page.waitForFunction(() => Object.entries(localStorage).some(([k, v]) => k.includes(':draft:') && v.includes('wiki-app')));
    const own = await page.evaluate(() => Object.keys(localStorage).find((k) => k.includes(':draft:')));
    await page.evaluate(([from, to]) => {
      localStorage.setItem(to, localStorage.getItem(from));
      localStorage.removeItem(from);
    }, [own, oldKey(own)]);
    await open();
    await offer(page).waitFor();
    await page.click('[data-action="restore-draft"]');
    assert.deepEqual(await edited(page), EDITS, 'the edits are back');
    await page.waitForFunction((key) => localStorage.getItem(key) !== null, own);
    assert.deepEqual(await storedDrafts(page), [own], 'kept under its strategy\'s key, the old one emptied');
  });
}

drafts('discarding the offer keeps what was typed since the load: a reload offers that alone', async ({ page, open }) => {
  await page.waitForFunction(() => Object.entries(localStorage).some(([k, v]) => k.includes(':draft:') && v.includes('wiki-app')));
  await open();
  await offer(page).waitFor();
  await setField(page, 'display-name', 'Typed since');
  await page.waitForFunction(() => Object.values(localStorage).some((v) => v.includes('Typed since')));
  await page.click('[data-action="discard-draft"]');
  await open();
  await offer(page).waitFor();
  assert.match(await offer(page).innerText(), /\(Display Name\)/, 'the discarded edits are gone, the later typing is not');
});

// Typed while the wiki was down, before anything loaded: offered on the strategy the page
// opens once the wiki answers.
test('edits typed while the wiki is down, without restoring, are offered once it answers', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  const { page, close } = await h.page();
  try {
    await h.control('fault', { kind: 'drop', times: 1000 });
    await page.goto(`${h.url}/?mode=wiki&endpoint=/graphql&strategy=${KC}&token=${await h.token()}`);
    await page.waitForSelector('[data-action="retry-load"]');
    await setField(page, 'realm', 'typed-while-down');
    await page.waitForFunction(() => Object.values(localStorage).some((v) => v.includes('typed-while-down')));
    const kept = await storedDrafts(page);
    assert.ok(kept.length === 1 && kept[0].endsWith(`#${KC}`), `kept as the draft of the strategy asked for: ${kept}`);
    await h.control('clear-faults');
    await openConfigurator(h, page, { token: await h.token(), strategyKey: KC });
    await offer(page).waitFor();
    assert.match(await offer(page).innerText(), /\(Realm\)/, 'the one field typed');
    await page.click('[data-action="restore-draft"]');
    assert.equal(await readField(page, 'realm'), 'typed-while-down');
    assert.equal(await readField(page, 'host'), 'https://sso.example.com', "a field not typed keeps the wiki's value");
  } finally {
    await close();
  }
});

/** The page on the Keycloak strategy while the wiki is down (every connection cut): its URL. */
async function openWhileDown(page) {
  await h.control('fault', { kind: 'drop', times: 1000 });
  const url = `${h.url}/?mode=wiki&endpoint=/graphql&strategy=${KC}&token=${await h.token()}`;
  await page.goto(url);
  await page.waitForSelector('[data-action="retry-load"]');
  return url;
}

/** Wait until a draft holding `text` is in storage. */
const draftHolds = (page, text) => page.waitForFunction((t) => Object.entries(localStorage).some(([k, v]) => k.includes(':draft:') && v.includes(t)), text);

// Offered again while the wiki is still down, then "Try loading again" loads it: between the
// values loaded and the load's end (the groups read), the offer of the form as left, whose
// untyped fields are empty, is not on the page to restore over them.
test('a draft typed while the wiki was down is offered as the fields typed once "Try loading again" loads it', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  const { page, close } = await h.page();
  try {
    const url = await openWhileDown(page);
    await setField(page, 'realm', 'typed-while-down');
    await draftHolds(page, 'typed-while-down');
    await page.goto(url);
    await page.waitForSelector('[data-action="retry-load"]');
    await offer(page).waitFor();
    await h.control('clear-faults');
    await h.control('fault', { kind: 'hold', match: 'single(id' });
    await page.click('[data-action="retry-load"]');
    await waitFor(() => h.world.log.some((e) => e.held), 'the groups read to reach the wiki');
    assert.equal(await readField(page, 'host'), 'https://sso.example.com', 'the values are loaded');
    assert.equal(await offer(page).count(), 0, 'no offer of the form as left while the load ends');
    await h.control('release');
    await offer(page).waitFor();
    assert.match(await offer(page).innerText(), /\(Realm\)/, 'the one field typed');
    await page.click('[data-action="restore-draft"]');
    assert.equal(await readField(page, 'realm'), 'typed-while-down');
    assert.equal(await readField(page, 'host'), 'https://sso.example.com');
  } finally {
    await close();
  }
});

// A draft of the loaded form restored while the wiki is down stays that form: a field emptied
// in it is an edit, not a field nobody typed, once the wiki is back.
drafts('a draft restored while the wiki is down keeps the fields emptied in it once the wiki is back', async ({ page }) => {
  await setField(page, 'client-id', '');
  await page.waitForFunction(() => Object.entries(localStorage).some(([k, v]) => k.includes(':draft:') && v.includes('"clientId":""')));
  await openWhileDown(page);
  await offer(page).waitFor();
  await page.click('[data-action="restore-draft"]');
  await setField(page, 'display-name', 'Typed while down');
  await draftHolds(page, 'Typed while down');
  await h.control('clear-faults');
  await page.click('[data-action="retry-load"]');
  await offer(page).waitFor();
  assert.match(await offer(page).innerText(), /\(Display Name, Host, Realm, Client ID\)/);
  await page.click('[data-action="restore-draft"]');
  assert.equal(await readField(page, 'client-id'), '', 'still emptied');
  assert.equal(await readField(page, 'display-name'), 'Typed while down');
});

/**
 * Open the Keycloak strategy with the wiki holding its load, type `value` into `field` while
 * the page shows loading, then let the load through and wait for the offer.
 */
async function typeDuringSlowLoad(page, field, value) {
  await h.control('fault', { kind: 'hold', match: 'strategies { key props' });
  await page.goto(`${h.url}/?mode=wiki&endpoint=/graphql&strategy=${KC}&token=${await h.token()}`);
  await page.locator(`.wkc-app[data-load-state="loading"] input[name="${field}"]`).waitFor();
  await waitFor(() => h.world.log.some((e) => e.held), 'the load to reach the wiki');
  await setField(page, field, value);
  await h.control('release');
  await offer(page).waitFor();
}

// A slow wiki: the page shows while it loads, and takes keystrokes. The load fills the form
// as the wiki holds it and offers back what was typed, only that: a field not typed keeps
// the wiki's value when the edits are restored.
test('edits typed while the first load is on its way are offered once it is in, only what was typed', { timeout: TEST_TIMEOUT }, async () => {
  await h.reset(WIKI);
  const { page, close } = await h.page();
  try {
    await typeDuringSlowLoad(page, 'host', 'https://typed-while-loading.example.com');
    assert.match(await offer(page).innerText(), /\(Host\)/, 'the one field typed');
    assert.equal(await readField(page, 'host'), 'https://sso.example.com', 'filled as the wiki holds it');
    const site = await readField(page, 'site-url');
    assert.notEqual(site, '');
    await page.click('[data-action="restore-draft"]');
    assert.equal(await readField(page, 'host'), 'https://typed-while-loading.example.com');
    assert.equal(await readField(page, 'site-url'), site, "a field not typed keeps the wiki's value");
    assert.equal(await readField(page, 'realm'), 'wiki');
  } finally {
    await close();
  }
});

// The draft kept from before is the one this load offers too: what was typed while it
// loaded joins it instead of replacing it.
drafts('edits typed during a slow load join the draft kept from before, offered together', async ({ page }) => {
  await page.waitForFunction(() => Object.entries(localStorage).some(([k, v]) => k.includes(':draft:') && v.includes('wiki-app')));
  await typeDuringSlowLoad(page, 'display-name', 'Typed while loading');
  assert.match(await offer(page).innerText(), /\(Display Name, Host, Realm, Client ID\)/);
  await page.click('[data-action="restore-draft"]');
  assert.deepEqual(await edited(page), EDITS, 'the draft from before');
  assert.equal(await readField(page, 'display-name'), 'Typed while loading');
});

drafts('a draft typed from a link naming the strategy is offered from a link that names none, and back', async ({ page }) => {
  await page.waitForFunction(() => Object.entries(localStorage).some(([k, v]) => k.includes(':draft:') && v.includes('wiki-app')));
  await openConfigurator(h, page, { token: await h.token() });
  await offer(page).waitFor();
  assert.equal(await page.inputValue('select[name="strategy"]'), KC, 'the strategy the draft edits is opened');
  await page.click('[data-action="restore-draft"]');
  assert.deepEqual(await edited(page), EDITS);
});
