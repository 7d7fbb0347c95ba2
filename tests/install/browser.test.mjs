// The configurator installed into the stand-in Wiki.js, in Chromium: the printed page with
// an admin's session saves a strategy; other pages fetch nothing of it; anyone else sees one
// sentence and nothing of the configuration.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';

import { launch } from '../chromium.mjs';
import { buildHash } from '../../scripts/wiki-snippet.mjs';
import { DIST, assertBuilt, builtFiles, previousBuild, startWiki } from './wiki.mjs';

const STEP = 15_000;
const EDITOR = {
  groups: [{ id: 3, name: 'Editors', permissions: ['read:pages', 'write:pages', 'read:assets', 'write:assets'] }],
  users: [{ id: 3, email: 'ed@example.com', name: 'Ed', providerKey: 'local', groups: [3] }],
};

let wiki;
let browser;
before(async () => {
  assertBuilt();
  wiki = await startWiki();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await wiki?.close();
});
beforeEach(async () => wiki.reset(EDITOR));

/**
 * Open `address` in a fresh context, signed in as `userId` (the jwt cookie, as Wiki.js sets
 * it) or as nobody, and wait until the page has loaded and the wiki's client has mounted.
 */
async function visit(address, { userId = null, context: given = null } = {}) {
  const context = given ?? (await browser.newContext());
  if (userId) await context.addCookies([{ name: 'jwt', value: await wiki.token(userId), url: wiki.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(STEP);
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`));
  page.on('pageerror', (e) => errors.push(String(e)));
  // A failed request is named by its response; the console's "Failed to load resource" says less.
  page.on('console', (m) => m.type() === 'error' && !/^Failed to load resource/.test(m.text()) && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`));
  await page.goto(address.startsWith('http') ? address : `${wiki.url}${address}`);
  await page.waitForFunction(() => document.getElementById('root')?.dataset.mounted === 'client');
  const ours = () => requests.filter((r) => r.includes('/wikijs-keycloak/'));
  return { page, requests, ours, errors, close: () => (given ? page.close() : context.close()) };
}

test('installed, the printed page with an admin session saves a Keycloak strategy', { timeout: 120_000 }, async () => {
  const address = await wiki.install();
  const v = await visit(address, { userId: 1 });
  try {
    const widget = v.page.locator('wikijs-keycloak[mode="wiki"]');
    await widget.locator('[data-action="save"]').waitFor();
    await widget.locator('input[name="host"]').waitFor();
    await v.page.waitForLoadState('networkidle');
    for (const [name, value] of [['host', 'https://sso.example.com'], ['realm', 'wiki'], ['client-id', 'wikijs'], ['client-secret', 'installed-secret']]) {
      await widget.locator(`input[name="${name}"]`).fill(value);
    }
    await widget.locator('[data-action="save"]').click();
    const status = await v.page.waitForFunction(() => {
      const s = document.querySelector('wikijs-keycloak').shadowRoot.querySelector('[data-save-status]');
      const value = s?.getAttribute('data-save-status');
      return value && value !== 'idle' && value !== 'saving' ? { value, text: s.textContent.trim() } : null;
    }, null, { timeout: 30_000 });
    const outcome = await status.jsonValue();
    assert.equal(outcome.value, 'saved', outcome.text);
    const stored = wiki.world.state.strategies.find((s) => s.strategyKey === 'keycloak');
    assert.ok(stored, 'a Keycloak strategy is stored');
    assert.equal(stored.config.clientId, 'wikijs');
    assert.equal(stored.config.clientSecret, 'installed-secret');
    assert.equal(stored.config.tokenURL, 'https://sso.example.com/realms/wiki/protocol/openid-connect/token');

    // Outside #root (which the client replaced), from the uploaded files, with the build's hash.
    const where = await v.page.evaluate(() => ({
      inRoot: !!document.querySelector('#root wikijs-keycloak'),
      parent: document.querySelector('wikijs-keycloak').parentElement.tagName,
      connected: document.querySelector('wikijs-keycloak').isConnected,
    }));
    assert.deepEqual(where, { inRoot: false, parent: 'BODY', connected: true });
    const hash = buildHash(DIST);
    for (const file of ['wikijs-keycloak-wiki.js', 'wikijs-keycloak.js']) assert.ok(v.ours().includes(`GET /wikijs-keycloak/${file}?v=${hash}`), `${file}?v=${hash} in ${v.ours()}`);
    assert.ok(v.ours().some((r) => /_bg\.wasm$/.test(r)), 'the wasm came from the asset folder');
    assert.deepEqual(v.errors, []);
  } finally {
    await v.close();
  }
});

// Which pages load anything of the configurator: only its own, with or without the locale.
const PAGES = [
  ['keycloak-setup', '/keycloak-setup', true],
  ['keycloak-setup', '/en/keycloak-setup', true],
  ['home', '/home', false],
  ['keycloak-setup-notes', '/keycloak-setup-notes', false],
  ['docs/keycloak-setup', '/docs/keycloak-setup', false],
];
for (const [path, address, loads] of PAGES) {
  test(`${address} ${loads ? 'loads the page module' : 'makes no request for the configurator'}`, { timeout: 60_000 }, async () => {
    await wiki.install();
    if (path !== 'keycloak-setup') await wiki.createPage(path);
    const v = await visit(address, { userId: 1 });
    try {
      const loaded = await v.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      if (loads) {
        assert.ok(v.ours().some((r) => r.startsWith('GET /wikijs-keycloak/wikijs-keycloak-wiki.js?v=')), v.requests.join('\n'));
      } else {
        assert.deepEqual(v.ours(), []);
        assert.deepEqual(loaded, [], 'no resource at all besides the document');
        const state = await v.page.evaluate(() => ({ element: !!document.querySelector('wikijs-keycloak'), defined: !!customElements.get('wikijs-keycloak') }));
        assert.deepEqual(state, { element: false, defined: false });
      }
      assert.deepEqual(v.errors, []);
    } finally {
      await v.close();
    }
  });
}

// Anyone but an admin: one sentence; the loader, the wasm and the configuration never load.
const VISITORS = [
  ['a guest (not signed in)', null],
  ['an editor (signed in, without manage:system)', 3],
];
for (const [who, userId] of VISITORS) {
  test(`${who} sees a short sentence and nothing of the configuration`, { timeout: 60_000 }, async () => {
    const address = await wiki.install();
    const before = wiki.world.log.length;
    const v = await visit(address, { userId });
    try {
      const note = v.page.locator('[data-wikijs-keycloak="forbidden"]');
      await note.waitFor();
      assert.match(await note.textContent(), /^Only the wiki's administrators can set up Keycloak sign-in here/);
      assert.deepEqual(v.ours().map((r) => r.replace(/\?v=\w+$/, '')), ['GET /wikijs-keycloak/wikijs-keycloak-wiki.js'], 'only the page module');
      assert.equal(await v.page.evaluate(() => !!document.querySelector('wikijs-keycloak') || !!customElements.get('wikijs-keycloak')), false);
      const asked = wiki.world.log.slice(before);
      assert.deepEqual(asked.map((e) => e.operation), ['{ authentication { strategies { key } } }'], 'one question to the wiki');
      assert.equal(asked[0].status, 200);
      assert.deepEqual(v.errors, []);
    } finally {
      await v.close();
    }
  });
}

test('after an upgrade the same browser loads the new build; after uninstall, nothing', { timeout: 120_000 }, async () => {
  const previous = previousBuild();
  const context = await browser.newContext();
  try {
    await wiki.createPage('home');
    for (const dist of [previous.dir, DIST]) {
      const address = await wiki.install({ dist });
      const v = await visit(address, { userId: 1, context });
      await v.page.locator('wikijs-keycloak [data-action="save"]').waitFor();
      const wasm = builtFiles(dist).find((n) => /^wikijs-keycloak-[0-9a-f]+_bg\.wasm$/.test(n));
      assert.ok(v.ours().includes(`GET /wikijs-keycloak/wikijs-keycloak.js?v=${buildHash(dist)}`), v.ours().join('\n'));
      assert.ok(v.ours().includes(`GET /wikijs-keycloak/${wasm}`), `${wasm} in ${v.ours()}`);
      assert.deepEqual(v.errors, []);
      await v.close();
    }
    assert.equal((await wiki.run('uninstall')).code, 0);
    const v = await visit('/home', { userId: 1, context });
    assert.deepEqual(v.ours(), []);
    await v.close();
  } finally {
    await context.close();
    previous.remove();
  }
});

test('by hand, as docs/serving.md says: folder and uploads as the asset dialog makes them, the printed snippet pasted, the page created', { timeout: 120_000 }, async () => {
  const token = await wiki.token();
  // The asset dialog: "New Folder" at the top level, then each file into it (one per request).
  await wiki.graphql('mutation { assets { createFolder(parentFolderId: 0, slug: "wikijs-keycloak", name: "wikijs-keycloak") { responseResult { succeeded } } } }');
  const folderId = wiki.snapshot().folders[0].id;
  for (const name of builtFiles()) {
    const form = new FormData();
    form.append('mediaUpload', JSON.stringify({ folderId }));
    form.append('mediaUpload', new Blob([readFileSync(join(DIST, name))]), name);
    const res = await fetch(`${wiki.url}/u`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    assert.equal(res.status, 200, name);
  }
  // Code Injection › Head HTML: pasted below what was there.
  await wiki.setTheme({ injectHead: `<meta name="earlier">\n${readFileSync(join(DIST, 'wiki-snippet.html'), 'utf8')}` });
  await wiki.createPage('keycloak-setup', { title: 'Keycloak sign-in setup', content: 'Administrators set up sign-in with Keycloak here.' });
  const v = await visit('/keycloak-setup', { userId: 1 });
  try {
    await v.page.locator('wikijs-keycloak[mode="wiki"] [data-action="save"]').waitFor();
    await v.page.locator('wikijs-keycloak input[name="host"]').waitFor();
    assert.deepEqual(v.errors, []);
  } finally {
    await v.close();
  }
});

test('a file missing from the asset folder: the admin is told, not left with an empty page', { timeout: 60_000 }, async () => {
  const address = await wiki.install();
  const wasm = wiki.snapshot().assets.find((a) => /^wikijs-keycloak-[0-9a-f]+_bg\.wasm$/.test(a.filename));
  await wiki.graphql(`mutation { assets { deleteAsset(id: ${wasm.id}) { responseResult { succeeded } } } }`);
  const v = await visit(address, { userId: 1 });
  try {
    const note = v.page.locator('[data-wikijs-keycloak="error"]');
    await note.waitFor();
    assert.match(await note.textContent(), /^The Keycloak sign-in setup could not load its files from the wiki \(.+\)\. Reload the page to try again\.$/);
    assert.equal(await v.page.locator('wikijs-keycloak').count(), 0);
    assert.ok(v.errors.some((e) => e === `404 GET /wikijs-keycloak/${wasm.filename}`), v.errors.join('\n'));
  } finally {
    await v.close();
  }
});
