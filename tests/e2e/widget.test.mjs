// The embeddable widget in a host page (tests/e2e/pages/host.html): one <script> line,
// <wikijs-keycloak> elements, the JS API and the DOM events, against the built dist/
// served at /kc/. The host page's own CSS is as hostile as it gets (pages/aggressive.css).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { PAGES, DIST, consoleErrors, findingCodes, requireBuild, ready, startSession } from './pages/session.mjs';
import { installClock, settled } from './mount.mjs';
import { waitFor } from '../wait.mjs';


/** Computed styles that depend on the page's layout (size, centring), not on CSS rules. */
const LAYOUT = /^(width|height|inline-size|block-size|min-|max-|margin-(left|right|inline-start|inline-end)|perspective-origin|transform-origin)/;

/** Every computed property of `selector` (in `host`'s shadow root when given). */
async function computed(page, selector, host = null) {
  return page.evaluate(
    ([selector, host]) => {
      const root = host ? document.querySelector(host).shadowRoot : document;
      const el = root.querySelector(selector);
      if (!el) throw new Error(`no ${selector}`);
      const style = getComputedStyle(el);
      const out = {};
      for (const name of style) out[name] = style.getPropertyValue(name);
      return out;
    },
    [selector, host],
  );
}

function differences(a, b, ignore = LAYOUT) {
  return Object.keys({ ...a, ...b })
    .filter((k) => !ignore.test(k) && a[k] !== b[k])
    .map((k) => `${k}: ${a[k]} ≠ ${b[k]}`);
}

describe('widget in a host page', () => {
  let s;
  before(async () => {
    requireBuild();
    s = await startSession({ mounts: { '/kc/': DIST, '/': PAGES } });
  });
  after(async () => s?.close());

  /** host.html with both widgets loaded; `clock`: on Playwright's controlled clock. */
  /** A complete configuration typed into widget `a` (the secret a marker), Readers ticked. */
  async function fillClean(a) {
    await a.locator('input[name="host"]').fill('https://keycloak.example.com');
    await a.locator('input[name="realm"]').fill('wiki');
    await a.locator('input[name="client-id"]').fill('wikijs');
    await a.locator('input[name="client-secret"]').fill('TOP-SECRET-0123456789abcdefghijk');
    await a.locator('input[name="auto-enroll-group"][value="3"]').check();
  }

  async function hostPage(file = 'host.html', { clock = false } = {}) {
    const p = await s.page();
    if (clock) await installClock(p.page);
    await p.page.goto(`${s.url}/${file}`);
    for (const id of ['a', 'b']) if (file === 'host.html') await ready(p.page.locator(`#${id}`));
    return p;
  }

  test('one script tag and one element each: two widgets, each in its own shadow root', async () => {
    const { page, record, close } = await hostPage();
    try {
      const info = await page.evaluate(() => ({
        live: WikijsKeycloak.liveInstances(),
        roots: [...document.querySelectorAll('wikijs-keycloak')].map((el) => !!el.shadowRoot?.querySelector('.wkc-app')),
        lightChildren: [...document.querySelectorAll('wikijs-keycloak')].map((el) => el.childElementCount),
        demoNotes: [...document.querySelectorAll('wikijs-keycloak')].map((el) => !!el.shadowRoot.querySelector('[data-demo-note]')),
      }));
      assert.deepEqual(info, { live: 2, roots: [true, true], lightChildren: [0, 0], demoNotes: [true, true] });
      assert.equal(await page.locator('#b input[name="site-url"]').inputValue(), 'https://b.example.com');
      assert.deepEqual(consoleErrors(record), []);
    } finally {
      await close();
    }
  });

  test('two widgets keep separate state: typing in one leaves the other as it was', async () => {
    const { page, close } = await hostPage();
    try {
      const bBefore = await findingCodes(page.locator('#b'));
      await page.evaluate(() => {
        window.__changes = [];
        for (const id of ['a', 'b']) {
          document.getElementById(id).addEventListener('wikijs-keycloak-change', (e) => window.__changes.push(id));
        }
      });
      await page.locator('#a input[name="host"]').fill('http://localhost:8080');
      await page.locator('#a input[name="realm"]').fill('wiki');
      await page.locator('#a .wkc-diags [data-code="backchannel-loopback"]').first().waitFor({ state: 'attached' });
      assert.equal(await page.locator('#b input[name="host"]').inputValue(), '');
      assert.equal(await page.locator('#b input[name="realm"]').inputValue(), '');
      assert.deepEqual(await findingCodes(page.locator('#b')), bBefore);
      const changes = await page.evaluate(() => window.__changes);
      assert.ok(changes.length > 0 && changes.every((id) => id === 'a'), JSON.stringify(changes));
      // Each instance's ids are its own: the labels still point at their own inputs.
      const ids = await page.evaluate(() => ['a', 'b'].map((id) => document.getElementById(id).shadowRoot.querySelector('input[name="host"]').id));
      assert.notEqual(ids[0], ids[1]);
    } finally {
      await close();
    }
  });

  test("host CSS does not reach into the widget: it renders as on a page without any CSS", async () => {
    const hostile = await hostPage();
    const plain = await s.page();
    try {
      await plain.page.goto(`${s.url}/plain.html`);
      await ready(plain.page.locator('#a'));
      const samples = ['.wkc-widget', '.wkc-app', '.wkc-title', '.wkc-section', '.wkc-section-title', '.wkc-label', '.wkc-hint',
        'input[name="host"]', 'select[name="layout"]', 'textarea', '.wkc-button', '.wkc-button-primary', '.wkc-diags li', '.wkc-summary', '.wkc-demo-note'];
      for (const selector of samples) {
        const diff = differences(await computed(hostile.page, selector, '#a'), await computed(plain.page, selector, '#a'));
        assert.deepEqual(diff, [], selector);
      }
      const marker = await hostile.page.evaluate(() => getComputedStyle(document.querySelector('#a').shadowRoot.querySelector('.wkc-diags li'), '::before').content);
      assert.equal(marker, 'none');
    } finally {
      await hostile.close();
      await plain.close();
    }
  });

  test('the widget changes nothing outside it: host elements compute the same styles without it', async () => {
    const withWidgets = await hostPage();
    const bare = await hostPage('host-bare.html');
    try {
      const hostElements = ['html', 'body', '#host', '#host-title', '#host-p', '#host-a', '#host-label', '#host-input', '#host-select', '#host-textarea', '#host-button', '#host-ul', '#host-li', '#host-div', '#slot-a', '#elsewhere'];
      for (const selector of hostElements) {
        // html, body and the slots hold the widgets: their heights differ, nothing else may.
        const diff = differences(await computed(withWidgets.page, selector), await computed(bare.page, selector), /^(height|block-size|perspective-origin|transform-origin)$/);
        assert.deepEqual(diff, [], selector);
      }
      // Nothing added to the host document: no stylesheet, no <style>, no element outside the widgets.
      const added = await withWidgets.page.evaluate(() => ({
        sheets: [...document.styleSheets].map((sheet) => new URL(sheet.href).pathname),
        styles: document.querySelectorAll('style').length,
        adopted: document.adoptedStyleSheets.length,
      }));
      assert.deepEqual(added, { sheets: ['/aggressive.css'], styles: 0, adopted: 0 });
    } finally {
      await withWidgets.close();
      await bare.close();
    }
  });

  test('in a widget: the state block folds to its counts, Go to opens the Advanced section, a fix says what it changed', async () => {
    const { page, close } = await hostPage();
    try {
      const a = page.locator('#a');
      await a.locator('input[name="host"]').fill('http://localhost:8080');
      await a.locator('input[name="realm"]').fill('wiki');
      // The host's column is narrow: one column, the state first and folded to its counts.
      assert.equal(await a.locator('[data-state]').evaluate((d) => d.open), false);
      assert.match(await a.locator('[data-findings-summary]').innerText(), /warning/);
      await a.locator('[data-state] > summary').click();
      await a.locator('[data-section="findings"] [data-code="backchannel-loopback"] [data-action="focus-field"]').click();
      const focused = await page.evaluate(() => {
        const active = document.getElementById('a').shadowRoot.activeElement;
        return { name: active?.name, shown: active?.checkVisibility() };
      });
      assert.deepEqual(focused, { name: 'internal-base-url', shown: true });
      await a.locator('[data-section="findings"] [data-code="no-auto-enroll-group"] [data-action="fix"]').click();
      assert.match(await a.locator('[data-fix-note="findings"]').innerText(), /^Assign to group set to \w+\.$/);
    } finally {
      await close();
    }
  });

  test('events: change (settings without the secret, codes), saved, error', async () => {
    const { page, close } = await hostPage();
    try {
      await page.evaluate(() => {
        window.__events = [];
        for (const type of ['wikijs-keycloak-change', 'wikijs-keycloak-saved', 'wikijs-keycloak-error']) {
          // Composed and bubbling: a listener on the document hears every widget.
          document.addEventListener(type, (e) => window.__events.push({ type, id: e.target.id, detail: e.detail }));
        }
      });
      const a = page.locator('#a');
      await fillClean(a);
      await page.waitForFunction(() => window.__events.some((e) => e.detail.settings?.autoEnrollGroups?.includes(3)));
      const last = await page.evaluate(() => window.__events.filter((e) => e.type === 'wikijs-keycloak-change').at(-1));
      assert.equal(last.id, 'a');
      assert.equal(last.detail.settings.host, 'https://keycloak.example.com');
      assert.equal(last.detail.settings.clientId, 'wikijs');
      assert.ok(!('clientSecret' in last.detail.settings));
      // The event carries every code; the page lists the four Keycloak reminders as the
      // checklist's steps rather than as findings.
      const steps = ['register-redirect-uri', 'register-post-logout-uri', 'confidential-client', 'client-scopes'];
      assert.deepEqual(last.detail.codes.filter((c) => !steps.includes(c)), await findingCodes(a));
      assert.ok(!last.detail.codes.includes('required'), last.detail.codes.join());

      await a.locator('[data-action="save"]').click();
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'wikijs-keycloak-saved'));
      const saved = await page.evaluate(() => window.__events.find((e) => e.type === 'wikijs-keycloak-saved'));
      assert.equal(saved.id, 'a');
      assert.equal(saved.detail.settings.realm, 'wiki');
      assert.match(saved.detail.message, /Saved/);
      assert.equal(saved.detail.verified, true, 'read back: Wiki.js holds what was sent');
      const all = await page.evaluate(() => JSON.stringify(window.__events));
      assert.ok(!all.includes('TOP-SECRET'), 'the secret never leaves the widget in an event');

      // A widget whose wiki does not answer: an error event, and the form still works.
      await page.evaluate(() => {
        const el = document.createElement('div');
        el.id = 'broken';
        document.body.append(el);
        window.__broken = WikijsKeycloak.mount(el, { mode: 'wiki', endpoint: '/no-wiki-here' });
      });
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'wikijs-keycloak-error'));
      const error = await page.evaluate(() => window.__events.find((e) => e.type === 'wikijs-keycloak-error'));
      assert.equal(error.id, 'broken');
      assert.equal(error.detail.stage, 'load');
      assert.equal(error.detail.conflict, false);
      assert.ok(error.detail.message.length > 0);
      await page.evaluate(() => window.__broken.unmount());
    } finally {
      await close();
    }
  });

  test('a demo widget says once, in its save bar, that nothing is saved; "What will be sent" and the result name Bypass Login Screen', async () => {
    const { page, close } = await hostPage();
    try {
      const notices = await page.evaluate(() =>
        ['a', 'b'].map((id) => {
          const app = document.getElementById(id).shadowRoot.querySelector('.wkc-app');
          const saying = [...app.querySelectorAll('p, span, h2, label, li')].filter((e) => /nothing is saved|nowhere else|no real wiki|pretend Wiki\.js/i.test(e.innerText));
          return saying.map((e) => `${e.closest('.wkc-savebar') ? 'save bar' : 'elsewhere'}: ${e.innerText}`);
        }),
      );
      assert.deepEqual(notices, [['save bar: Demo: no real wiki; saves last until reload.'], ['save bar: Demo: no real wiki; saves last until reload.']]);

      await page.evaluate(() => {
        window.__saved = [];
        document.addEventListener('wikijs-keycloak-saved', (e) => window.__saved.push(e.detail));
      });
      const a = page.locator('#a');
      await fillClean(a);
      await a.locator('input[name="bypass-login-screen"]').check();
      await a.locator('[data-action="preview"]').click();
      await a.locator('[data-preview="changes"] li').nth(1).waitFor();
      const changes = await a.locator('[data-preview="changes"] li').allInnerTexts();
      assert.match(changes[0], /^Adds the strategy “.*”, number 2 in the login list, with the values below\.$/);
      assert.deepEqual(changes.slice(1), ['Bypass Login Screen: off → on, for the whole site; set by a second request once Wiki.js has stored this strategy as sent.']);

      await a.locator('[data-action="save"]').click();
      await page.waitForFunction(() => window.__saved.length > 0);
      const [saved] = await page.evaluate(() => window.__saved);
      assert.match(saved.message, /^Saved the new strategy “.*”: Wiki\.js stored exactly what was sent\. Bypass Login Screen turned on\. Still to fix: 1 warning in Findings\.$/);
      assert.equal(saved.verified, true);
      assert.equal(await a.locator('[data-save-status]').innerText(), saved.message, 'the widget says what its event says');
    } finally {
      await close();
    }
  });

  test('attributes take effect: theme in place keeping what was typed, others remount', async () => {
    const { page, close } = await hostPage();
    try {
      const a = page.locator('#a');
      await a.locator('input[name="host"]').fill('https://typed.example.com');
      await page.evaluate(() => document.getElementById('a').setAttribute('theme', 'dark'));
      await a.locator('.wkc-app[data-theme="dark"]').waitFor();
      assert.equal(await a.locator('input[name="host"]').inputValue(), 'https://typed.example.com');
      const dark = await computed(page, '.wkc-app', '#a');
      await page.evaluate(() => document.getElementById('a').setAttribute('theme', 'light'));
      await a.locator('.wkc-app[data-theme="light"]').waitFor();
      assert.notEqual(dark['background-color'], (await computed(page, '.wkc-app', '#a'))['background-color']);
      await page.evaluate(() => document.getElementById('a').setAttribute('theme', 'auto'));
      await a.locator('.wkc-app:not([data-theme])').waitFor();
      assert.equal(await a.locator('input[name="host"]').inputValue(), 'https://typed.example.com');

      await page.evaluate(() => document.getElementById('a').setAttribute('site-url', 'https://changed.example.com'));
      await page.waitForFunction(() => document.querySelector('#a').shadowRoot.querySelector('input[name="site-url"]')?.value === 'https://changed.example.com');
      assert.equal(await a.locator('input[name="host"]').inputValue(), '');
      assert.equal(await page.evaluate(() => WikijsKeycloak.liveInstances()), 2);
    } finally {
      await close();
    }
  });

  test("\"Show the test command\" inside the widget opens it there and leaves the host page's address alone", async () => {
    const { page, close } = await hostPage();
    try {
      const before = await page.evaluate(() => location.href);
      await page.locator('#a [data-live-limits-details] > summary').click();
      await page.locator('#a [data-live-backchannel] [data-action="show-probe"]').click();
      const focused = await page.evaluate(() => {
        const root = document.getElementById('a').shadowRoot;
        return root.activeElement?.id ?? null;
      });
      assert.match(focused ?? '', /probe-command$/, 'focus on the command in the same root');
      assert.ok(await page.locator('#a [data-export="backchannel-probe"] pre').first().isVisible(), 'the command is open');
      assert.equal(await page.evaluate(() => location.href), before, 'no hash added to the host page');
    } finally {
      await close();
    }
  });

  test('moving the element keeps its state; removing it unmounts and frees it', async () => {
    const { page, close } = await hostPage('host.html', { clock: true });
    try {
      const a = page.locator('#a');
      await a.locator('input[name="host"]').fill('https://moved.example.com');
      await page.evaluate(() => document.getElementById('elsewhere').append(document.getElementById('a')));
      await page.clock.runFor(1_000); // well past the grace a disconnected element waits
      assert.equal(await page.locator('#elsewhere #a input[name="host"]').inputValue(), 'https://moved.example.com');
      assert.equal(await page.evaluate(() => WikijsKeycloak.liveInstances()), 2);

      await page.evaluate(() => {
        window.__removed = document.getElementById('a');
        window.__removed.remove();
      });
      await page.clock.runFor(1_000);
      assert.equal(await page.evaluate(() => WikijsKeycloak.liveInstances()), 1);
      assert.equal(await page.evaluate(() => window.__removed.shadowRoot.childElementCount), 0);
      assert.equal(await page.evaluate(() => window.__removed.settings()), 'null');

      // Put back: a fresh configurator (the old state is gone).
      await page.evaluate(() => document.getElementById('slot-a').append(window.__removed));
      await ready(page.locator('#a'));
      assert.equal(await page.evaluate(() => WikijsKeycloak.liveInstances()), 2);
      assert.equal(await page.locator('#a input[name="host"]').inputValue(), '');
    } finally {
      await close();
    }
  });

  test('unmounting while the backend is still answering leaves the other widgets working', async () => {
    const { page, record, close } = await hostPage();
    try {
      // Every request those widgets started, until it has been answered or has failed.
      const open = new Set();
      page.on('request', (r) => open.add(r));
      for (const ended of ['requestfinished', 'requestfailed']) page.on(ended, (r) => open.delete(r));
      await page.evaluate(async () => {
        for (const options of [{ mode: 'wiki', endpoint: '/no-wiki-here' }, {}, { mode: 'demo' }]) {
          const el = document.createElement('div');
          document.body.append(el);
          WikijsKeycloak.mount(el, options).unmount();
        }
      });
      await settled(page);
      await waitFor(() => open.size === 0, 'the unmounted widgets\' requests to end');
      await settled(page);
      assert.equal(await page.evaluate(() => WikijsKeycloak.liveInstances()), 2);
      await page.locator('#b input[name="realm"]').fill('master');
      await page.locator('#b .wkc-diags [data-code="master-realm"]').waitFor({ state: 'attached' });
      assert.deepEqual(record.console.filter((m) => /panicked|unreachable|RuntimeError/.test(m)), []);
    } finally {
      await close();
    }
  });

  test('mount(element, options) from JS: settings() without the secret, unmount()', async () => {
    const { page, close } = await hostPage();
    try {
      await page.evaluate(() => {
        const el = document.createElement('div');
        el.id = 'by-js';
        document.body.append(el);
        window.__handle = WikijsKeycloak.mount(el, {
          mode: 'demo', siteUrl: 'https://js.example.com', theme: 'dark', docsUrl: 'https://git.example.com/kc/docs/diagnostics.md',
        });
      });
      const w = page.locator('#by-js');
      await ready(w);
      assert.equal(await w.locator('.wkc-app').getAttribute('data-theme'), 'dark');
      // A host page's docsUrl is trusted, on any origin.
      assert.equal(await w.locator('[data-code="required"] .wkc-diag-code').first().getAttribute('href'),
        'https://git.example.com/kc/docs/diagnostics.md#required');
      await w.locator('input[name="client-secret"]').fill('SECRET-VALUE-0123456789abcdefghij');
      await w.locator('input[name="host"]').fill('https://kc.example.com');
      const settings = JSON.parse(await page.evaluate(() => window.__handle.settings()));
      assert.equal(settings.siteUrl, 'https://js.example.com');
      assert.equal(settings.host, 'https://kc.example.com');
      assert.ok(!('clientSecret' in settings));
      assert.equal(await page.evaluate(() => WikijsKeycloak.liveInstances()), 3);
      // Mounting again into the same element replaces the first instance, not adds one.
      await page.evaluate(() => {
        window.__first = window.__handle;
        window.__handle = WikijsKeycloak.mount(document.getElementById('by-js'), { mode: 'demo' });
      });
      await ready(w);
      assert.equal(await page.evaluate(() => WikijsKeycloak.liveInstances()), 3, 'the first one was freed');
      assert.equal(await page.evaluate(() => window.__first.settings()), 'null');
      await page.evaluate(() => window.__handle.unmount());
      assert.equal(await page.evaluate(() => WikijsKeycloak.liveInstances()), 2);
      assert.equal(await page.evaluate(() => [window.__handle.settings(), document.getElementById('by-js').shadowRoot.childElementCount].join()), 'null,0');
      await page.evaluate(() => window.__handle.unmount()); // twice is fine
      const withNull = await page.evaluate(() => {
        const el = document.body.appendChild(document.createElement('div'));
        const handle = WikijsKeycloak.mount(el, null);
        const live = WikijsKeycloak.liveInstances();
        handle.unmount();
        return live;
      });
      assert.equal(withNull, 3, 'mount(element, null) mounts with the defaults');
      // "Go to field" finds the control inside the shadow root (the narrow widget's state
      // block opened from its counts first).
      await page.locator('#b [data-state] > summary').click();
      await page.locator('#b .wkc-diags [data-code="required"] [data-action="focus-field"]').first().click();
      assert.equal(await page.evaluate(() => document.getElementById('b').shadowRoot.activeElement?.name), 'host');
    } finally {
      await close();
    }
  });

  test('derive and diagnose from plain JS give what the widget shows for the same input', async () => {
    const { page, close } = await hostPage();
    try {
      const a = page.locator('#a');
      const typed = { host: 'https://sso.example.com/auth', realm: 'my realm', 'client-id': 'wiki js', 'client-secret': 'abc' };
      for (const [name, value] of Object.entries(typed)) await a.locator(`input[name="${name}"]`).fill(value);
      await a.locator('[data-state] > summary').click();
      await a.locator('.wkc-diags [data-code="realm-needs-encoding"]').waitFor();
      const shown = {
        codes: await findingCodes(a),
        fixes: await a.locator('.wkc-diags .wkc-diag-fix').allInnerTexts(),
        urls: {},
      };
      for (const name of ['authorization-url', 'token-url', 'user-info-url', 'logout-url', 'callback-url']) {
        shown.urls[name] = await a.locator(`input[name="${name}"]`).inputValue();
      }
      const api = await page.evaluate(async () => {
        // The same input: what the form holds, and the secret that settings() leaves out.
        const settings = { ...JSON.parse(document.getElementById('a').settings()), clientSecret: 'abc' };
        // Promises: both compute in the lazily loaded `api` part (docs/embedding.md).
        const pending = WikijsKeycloak.derive(settings);
        if (!(pending instanceof Promise)) throw new Error('derive() returns a Promise');
        const derived = await pending;
        const fromText = await WikijsKeycloak.derive(JSON.stringify(settings));
        const findings = await WikijsKeycloak.diagnose(settings);
        const e = derived.endpoints;
        return {
          sameFromText: JSON.stringify(fromText) === JSON.stringify(derived),
          pairs: findings.map((d) => [d.code, d.fix]),
          shape: Object.keys(findings[0]).sort(),
          urls: {
            'authorization-url': e.authorization.value,
            'token-url': e.token.value,
            'user-info-url': e.userInfo.value,
            'logout-url': e.logout.value,
            'callback-url': derived.callbackUrl,
          },
        };
      });
      assert.ok(api.sameFromText);
      // The page lists every finding but the four Keycloak reminders (checklist steps), and
      // findings that differ only in their specifics as one card.
      const steps = ['register-redirect-uri', 'register-post-logout-uri', 'confidential-client', 'client-scopes'];
      const cards = new Set();
      const listed = api.pairs.filter(([code, fix]) => {
        const card = `${code}\n${fix}`;
        if (steps.includes(code) || cards.has(card)) return false;
        return cards.add(card);
      });
      assert.deepEqual(listed.map(([code]) => code), shown.codes);
      assert.deepEqual(listed.map(([, fix]) => fix), shown.fixes);
      assert.deepEqual(api.urls, shown.urls);
      assert.equal(api.urls['token-url'], 'https://sso.example.com/auth/realms/my%20realm/protocol/openid-connect/token');
      for (const key of ['code', 'severity', 'fields', 'message', 'fix']) assert.ok(api.shape.includes(key), key);
      // The context counts: a page on https with Keycloak on http is mixed content.
      const mixed = await page.evaluate(async () =>
        (await WikijsKeycloak.diagnose({ host: 'http://kc.example.com', realm: 'r' }, { pageOrigin: 'https://wiki.example.com' })).map((d) => d.code),
      );
      assert.ok(mixed.includes('mixed-content'), mixed.join());
    } finally {
      await close();
    }
  });

  test('derive and diagnose give objects and never throw or reject: bad input gives an error object', async () => {
    const { page, close } = await hostPage();
    try {
      const results = await page.evaluate(async () => {
        const circular = {};
        circular.self = circular;
        const inputs = [undefined, null, '', '{', '[]', '5', 'null', 5, true, [], Symbol('x'), 10n, circular, { host: 5 }, { order: -1 }, () => 1];
        const out = [];
        for (const input of inputs) {
          for (const fn of [WikijsKeycloak.derive, WikijsKeycloak.diagnose]) {
            try {
              const result = await fn(input);
              const isObject = result !== null && typeof result === 'object' && !Array.isArray(result);
              out.push(isObject ? result.error?.code ?? 'no error' : `not an error object: ${JSON.stringify(result)}`);
            } catch (e) {
              out.push(`threw ${e}`);
            }
          }
        }
        try {
          out.push((await WikijsKeycloak.diagnose({}, '{')).error.code);
        } catch (e) {
          out.push(`threw ${e}`);
        }
        return out;
      });
      for (const code of results) assert.match(code, /^invalid-(input|settings|context)$/, results.join());
      assert.equal(results.at(-1), 'invalid-context');
    } finally {
      await close();
    }
  });
});
