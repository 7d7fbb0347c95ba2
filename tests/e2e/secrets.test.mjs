// The secret never escapes. A full session in the real page (type the secret, paste it into
// the troubleshooter with an error, save, reload, open and copy every export, download the
// client JSON), on the admin page and in the widget,
// then every place a secret could end up is searched for every secret the session saw: the
// one typed, the one the wiki held, and another strategy's. Only the save's post may carry
// them. Ticking "Include the client secret" is the one explicit ask; it is tested last, and
// the same search must then find the secret in the download, which shows the search works.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { startHarness, openConfigurator, setField, save, TEST_TIMEOUT } from './harness.mjs';
import { WIKI, KC } from './wiki.mjs';

const TYPED = 'Typed-Secret-7f3a9c0e5b21';
const SECRETS = [TYPED, 'old-secret', 'gh-secret'];

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

/** Installed before any page script: records every event dispatched and every clipboard write. */
function recorder() {
  window.__seen = { events: [], copies: [] };
  const dispatch = EventTarget.prototype.dispatchEvent;
  EventTarget.prototype.dispatchEvent = function (event) {
    try {
      window.__seen.events.push(`${event.type} ${JSON.stringify(event.detail ?? null)}`);
    } catch {
      window.__seen.events.push(`${event.type} (detail not serialisable)`);
    }
    return dispatch.call(this, event);
  };
  const clipboard = navigator.clipboard;
  if (clipboard) {
    clipboard.writeText = (text) => {
      window.__seen.copies.push(String(text));
      return Promise.resolve();
    };
  }
}

/** Everything the browser keeps for the origin: Web Storage, cookies, IndexedDB, Cache Storage. */
async function browserStorage(page, context) {
  const inPage = await page.evaluate(async () => {
    const out = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }), document.cookie];
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((ok, fail) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      for (const store of db.objectStoreNames) {
        const all = db.transaction(store).objectStore(store).getAll();
        out.push(await new Promise((ok) => (all.onsuccess = () => ok(JSON.stringify(all.result)))));
      }
      db.close();
    }
    if (globalThis.caches) out.push(JSON.stringify(await caches.keys()));
    return out.join('\n');
  });
  return `${inPage}\n${JSON.stringify(await context.cookies())}`;
}

/** A session page that records requests, URLs, console lines and downloads. */
async function watchedPage() {
  const session = await h.page();
  const { page, context } = session;
  await context.addInitScript(recorder);
  const seen = { requests: [], urls: [], downloads: [] };
  context.on('request', (r) => seen.requests.push({ url: r.url(), method: r.method(), headers: JSON.stringify(r.headers()), body: r.postData() ?? '' }));
  page.on('framenavigated', (frame) => seen.urls.push(frame.url()));
  page.on('download', (d) => seen.downloads.push(d.path().then((path) => readFile(path, 'utf8'))));
  return { ...session, seen };
}

/** Open every export of the Keycloak setup, copy each, download the client JSON. */
async function useExports(root, page) {
  for (const details of await root.locator('details[data-export]').all()) {
    // The folds that hold it (the state block in one column, the setup's exports) first.
    await details.evaluate((d) => {
      for (let p = d.parentElement?.closest('details'); p; p = p.parentElement?.closest('details')) p.open = true;
    });
    if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  }
  const downloaded = page.waitForEvent('download');
  await root.locator('[data-action="download-client-json"]').click();
  await downloaded;
  for (const copy of await root.locator('[data-export] [data-action="copy"]').all()) await copy.click();
}

/** Where each secret was found, as ["<place>: <secret>"], leaving out the save's post. */
async function leaks({ page, context, console, seen }, { withHtml = true } = {}) {
  const recorded = await page.evaluate(() => window.__seen);
  const places = {
    'browser storage': await browserStorage(page, context),
    'the URL (every address the page had)': [...seen.urls, page.url()].join('\n'),
    'the console': console.join('\n'),
    'DOM events': recorded.events.join('\n'),
    'the clipboard': recorded.copies.join('\n'),
    'downloaded files': (await Promise.all(seen.downloads)).join('\n'),
    'requests other than the save': seen.requests
      .filter((r) => !(r.method === 'POST' && /mutation[^{]*\{\s*authentication\s*\{\s*updateStrategies/.test(r.body)))
      .map((r) => `${r.method} ${r.url} ${r.headers} ${r.body}`)
      .join('\n'),
  };
  // The form's inputs hold the secret as a property; the document's markup must not.
  if (withHtml) places["the page's markup"] = await page.evaluate(() => document.documentElement.outerHTML);
  return Object.entries(places).flatMap(([place, text]) => SECRETS.filter((s) => text.includes(s)).map((s) => `${place}: ${s}`));
}

function session(name, body) {
  test(name, { timeout: TEST_TIMEOUT }, async (t) => {
    await h.reset(WIKI);
    const watched = await watchedPage();
    try {
      await body(watched);
    } finally {
      await watched.close();
    }
  });
}

session('admin page: type, save, reload, export, copy, download: no secret anywhere but the save', async (w) => {
  const { page, seen } = w;
  const open = async () => openConfigurator(h, page, { token: await h.token(), strategyKey: KC });
  await open();
  await setField(page, 'realm', 'secrets');
  await setField(page, 'client-secret', TYPED);
  await useExports(page, page);
  // A log line pasted with the secret in it: the explanation quotes the address it names.
  await page.fill('[name="troubleshoot-text"]', `connect ECONNREFUSED client_secret=${TYPED}`);
  await page.locator('[data-pattern="ECONNREFUSED"]').waitFor();
  const outcome = await save(page);
  assert.equal(outcome.status, 'saved', outcome.message);
  await open();
  await useExports(page, page);
  await setField(page, 'realm', 'a-draft-after-the-save');
  await page.waitForFunction(() => Object.values(localStorage).some((v) => v.includes('a-draft-after-the-save')));

  assert.ok(seen.requests.some((r) => r.body.includes(TYPED)), 'the save posted the typed secret');
  assert.equal(seen.downloads.length, 2, 'two client JSON files downloaded');
  assert.deepEqual(await leaks(w), []);

  // The explicit ask: the export now carries the secret, and the search finds it there.
  await page.check('input[name="include-secret"]');
  await useExports(page, page);
  const found = await leaks(w, { withHtml: false });
  assert.ok(found.includes(`downloaded files: ${TYPED}`), found.join('; '));
  assert.ok(found.includes(`the clipboard: ${TYPED}`), found.join('; '));
  assert.deepEqual(found.filter((f) => !/^(downloaded files|the clipboard)/.test(f)), [], 'and still nowhere else');
});

session('widget on a host page: type, save, remount, export, copy: no secret in its events or anywhere else', async (w) => {
  const { page, seen } = w;
  const token = await h.token();
  // A host page on the wiki's origin with one <script> line and one element.
  await page.route(`${h.url}/host-page.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><title>Host</title><script type="module" src="/wikijs-keycloak.js"></script>
        <main><wikijs-keycloak id="w" mode="wiki" endpoint="/graphql" token="${token}" strategy="${KC}"></wikijs-keycloak></main></html>`,
    }),
  );
  const widget = page.locator('#w');
  const open = async () => {
    await page.goto(`${h.url}/host-page.html`);
    await widget.locator('[data-action="save"]').waitFor();
    await page.waitForFunction(() => document.querySelector('#w').shadowRoot?.querySelector('[data-load-state="ready"]'));
  };
  await open();
  await widget.locator('input[name="realm"]').fill('widget-secrets');
  await widget.locator('input[name="client-secret"]').fill(TYPED);
  await useExports(widget, page);
  await widget.locator('[data-action="save"]').click();
  await page.waitForFunction(() => window.__seen.events.some((e) => e.startsWith('wikijs-keycloak-saved')));
  await open();
  await useExports(widget, page);

  const events = await page.evaluate(() => window.__seen.events.filter((e) => e.startsWith('wikijs-keycloak-')));
  assert.ok(events.some((e) => e.includes('widget-secrets')), 'the change and saved events were recorded');
  assert.ok(seen.requests.some((r) => r.body.includes(TYPED)), 'the save posted the typed secret');
  assert.deepEqual(await leaks(w), []);
});
