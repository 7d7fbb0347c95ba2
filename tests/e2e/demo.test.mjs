// The static demo as `make dist` makes it (dist/ plus `data-mode="demo"`, copied by
// scripts/widget-loader.mjs --demo-site), served under a sub-path with nothing at the
// origin's root: it loads, says once (in the one-line save bar) that it saves nowhere, and
// every scenario opens with its findings, its fix one click away and its story behind "Why?".

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { DIST, REPO, STRICT_CSP, consoleErrors, findingCodes, requireBuild, ready, startSession } from './pages/session.mjs';

const BASE = '/demo/kc/';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Each scenario of core/src/scenarios.rs: the codes it shows, and those its fix clears. */
const SCENARIOS = {
  'docker-localhost': { shows: ['backchannel-loopback'], clears: ['backchannel-loopback'] },
  'keycloak-16-auth': { shows: ['legacy-path', 'logout-modern-on-legacy-keycloak'], clears: ['logout-modern-on-legacy-keycloak'] },
  'legacy-logout-kc18': { shows: ['logout-legacy-on-new-keycloak'], clears: ['logout-legacy-on-new-keycloak'] },
  'no-group': { shows: ['no-auto-enroll-group'], clears: ['no-auto-enroll-group'] },
  'self-signed-internal': { shows: ['frontchannel-internal', 'private-ca'], clears: ['frontchannel-internal'] },
  'keycloak-export-classic': {
    shows: ['kc-redirect-uri-missing', 'kc-scope-missing', 'kc-pkce-required', 'kc-public-client', 'kc-post-logout-uri-missing', 'kc-realm-frontend-url', 'kc-secret-masked'],
    clears: ['kc-realm-frontend-url'],
  },
};

/** Every place the page says it saves nowhere: the `[data-demo-note]` notices, and any other
 *  text saying so (the load banner and the scenario panel each did). */
async function saysItSavesNowhere(page) {
  return page.evaluate(() => {
    const app = document.querySelector('.wkc-app');
    const notes = [...app.querySelectorAll('[data-demo-note]')];
    const saying = /nothing is saved|saves nowhere|nowhere else|no real wiki|pretend Wiki\.js/i;
    const elsewhere = [...app.querySelectorAll('p, span, h2, h3, label, li')]
      .filter((e) => !notes.some((n) => n.contains(e) || e.contains(n)) && saying.test(e.innerText))
      .map((e) => `elsewhere: ${e.innerText}`);
    return [...notes.filter((n) => n.closest('.wkc-savebar')).map((n) => n.innerText), ...notes.filter((n) => !n.closest('.wkc-savebar')).map((n) => `outside the save bar: ${n.innerText}`), ...elsewhere];
  });
}

/** The top and bottom of each visible part of the save bar, at the page's width. */
async function saveBarRows(page) {
  return page.locator('.wkc-savebar').evaluate((bar) =>
    [...bar.children].filter((c) => c.getClientRects().length).map((c) => {
      const r = c.getBoundingClientRect();
      return { part: c.className, top: r.top, bottom: r.bottom };
    }),
  );
}

describe('static demo site', () => {
  let s;
  let site;
  before(async () => {
    requireBuild();
    site = mkdtempSync(join(tmpdir(), 'wkc-demo-'));
    execFileSync('node', [join(REPO, 'scripts/widget-loader.mjs'), '--demo-site', DIST, site]);
    s = await startSession({ mounts: { [BASE]: site }, csp: STRICT_CSP });
  });
  after(async () => {
    await s?.close();
    if (site) rmSync(site, { recursive: true, force: true });
  });

  test('is the built page with relative URLs, defaulting to the demo backend', () => {
    const html = readFileSync(join(site, 'index.html'), 'utf8');
    assert.match(html, /<div id="wikijs-keycloak-root" data-mode="demo">/);
    assert.match(html, /<script type="module" async src="\.\/wikijs-keycloak\.js"><\/script>/);
    assert.doesNotMatch(html, /(src|href)="\//, 'no absolute URL');
  });

  test('loads under the sub-path, talks to no server and says it saves nowhere', async () => {
    const { page, record, close } = await s.page();
    try {
      await page.goto(`${s.url}${BASE}`);
      await ready(page);
      assert.equal(await page.locator('.wkc-app').getAttribute('data-load-state'), 'ready');
      assert.deepEqual(await saysItSavesNowhere(page), ['Demo: no real wiki; saves last until reload.'], 'one notice, in the save bar');
      assert.equal(await page.locator('[data-load-banner]').innerText(), '', 'the load banner has nothing to add');
      const options = await page.locator('[data-scenario-picker] option').evaluateAll((os) => os.map((o) => o.value));
      assert.deepEqual(options, ['', ...Object.keys(SCENARIOS)]);
      const outside = record.requests.filter((r) => !r.startsWith(`GET ${BASE}`) && !r.endsWith('/favicon.ico'));
      assert.deepEqual(outside, [], 'every request stays under the sub-path; no /graphql');
      assert.deepEqual(consoleErrors(record), []);
      assert.deepEqual(record.warnings, [], 'the browser has nothing to say about the page either');
    } finally {
      await close();
    }
  });

  for (const [id, { shows, clears }] of Object.entries(SCENARIOS)) {
    test(`?scenario=${id} opens with ${shows.join(', ')}; its fix clears ${clears.join(', ')}`, async () => {
      const { page, record, close } = await s.page();
      try {
        await page.goto(`${s.url}${BASE}?scenario=${id}`);
        await ready(page);
        await page.locator(`.wkc-diags [data-code="${shows[0]}"]`).first().waitFor();
        const opened = await findingCodes(page);
        for (const code of shows) assert.ok(opened.includes(code), `${code} in ${opened}`);
        assert.ok(!opened.includes('required'), opened.join());
        assert.equal(await page.locator('[data-scenario-picker]').inputValue(), id);
        assert.equal(await page.locator('[data-save-status]').getAttribute('data-save-status'), 'idle');

        await page.locator(`[data-scenario="${id}"] [data-action="scenario-fix"]`).click();
        await page.waitForFunction(
          (gone) => !gone.some((code) => document.querySelector(`.wkc-diags [data-code="${code}"]`)),
          clears,
        );
        // Nothing blocks the (pretend) save afterwards.
        await page.locator('[data-action="save"]').click();
        await page.locator('[data-save-status="saved"]').waitFor();
        assert.deepEqual(consoleErrors(record), []);
      } finally {
        await close();
      }
    });
  }

  test('the next story starts without the last story\'s fix note', async () => {
    const { page, close } = await openDockerStory(DESKTOP);
    try {
      await page.locator('[data-scenario="docker-localhost"] [data-action="scenario-fix"]').click();
      const note = page.locator('[data-fix-note="scenario"]');
      await page.waitForFunction(() => document.querySelector('[data-fix-note="scenario"]').textContent.trim() !== '');
      await page.locator('[data-scenario-picker]').selectOption('no-group');
      await page.locator('[data-scenario="no-group"]').waitFor();
      assert.equal((await note.textContent()).trim(), '');
    } finally {
      await close();
    }
  });

  test('another story asks before it replaces what was typed over this one', async () => {
    const { page, close, picker, asked } = await typedOverDockerStory((n) => n > 1);
    try {
      await picker.selectOption('no-group');
      assert.equal(asked(), 1, 'asked once');
      assert.equal(await picker.inputValue(), 'docker-localhost', 'kept: the picker shows the story the form holds');
      assert.equal(await page.locator('[name="realm"]').inputValue(), 'my-own-realm');
      await picker.selectOption('no-group');
      assert.equal(asked(), 2);
      await page.locator('[data-scenario="no-group"]').waitFor();
      await picker.selectOption('docker-localhost');
      assert.equal(asked(), 2, 'a story as opened is replaced without a question');
    } finally {
      await close();
    }
  });

  // Arrow keys and letters change a closed select's value at each key (Windows, Linux):
  // reading the list must not open each story, nor ask at each. They open the list instead.
  test('the keyboard opens the list of stories instead of opening each story it passes', async () => {
    const { page, close, picker, asked } = await typedOverDockerStory(() => true);
    try {
      await picker.focus();
      for (const key of ['ArrowDown', 'End', 'n']) {
        await page.keyboard.press(key);
        await page.waitForTimeout(50);
        assert.equal(await picker.inputValue(), 'docker-localhost', `${key} leaves the story shown`);
        await page.keyboard.press('Escape');
      }
      assert.equal(asked(), 0, 'nothing asked');
      assert.equal(await page.locator('[name="realm"]').inputValue(), 'my-own-realm', 'the form kept');
      // In the open list, the arrows move and Enter chooses: one story, asked once.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.locator('[data-scenario="keycloak-16-auth"]').waitFor();
      assert.equal(asked(), 1, 'asked once, over what was typed');
    } finally {
      await close();
    }
  });

  /** The Docker story at 1280 px with Realm typed over; each question answered `accept(n)`
   *  (the nth), `asked()` how many came. */
  async function typedOverDockerStory(accept) {
    const session = await openDockerStory(DESKTOP);
    let asked = 0;
    session.page.on('dialog', (d) => {
      asked += 1;
      return accept(asked) ? d.accept() : d.dismiss();
    });
    await session.page.locator('[name="realm"]').fill('my-own-realm');
    return { ...session, picker: session.page.locator('[data-scenario-picker]'), asked: () => asked };
  }

  /** The demo at `size`, opened on the Docker story, ready. */
  async function openDockerStory(size) {
    const session = await s.page();
    await session.page.setViewportSize(size);
    await session.page.goto(`${s.url}${BASE}?scenario=docker-localhost`);
    await ready(session.page);
    return session;
  }

  test('at 1280 px the save bar is one line: Save, the status, the demo note and "What will be sent" side by side', async () => {
    const { page, close } = await openDockerStory(DESKTOP);
    try {
      const parts = await saveBarRows(page);
      assert.ok(parts.length >= 4, JSON.stringify(parts));
      const lowestTop = Math.max(...parts.map((p) => p.top));
      const highestBottom = Math.min(...parts.map((p) => p.bottom));
      assert.ok(lowestTop < highestBottom, `every part shares one line: ${JSON.stringify(parts)}`);
    } finally {
      await close();
    }
  });

  test('on a phone (390 px) Save stays in reach: a compact bar at the foot of the screen naming the story\'s first warning, its preview opening after it', async () => {
    const { page, close } = await openDockerStory(PHONE);
    try {
      const bar = page.locator('.wkc-savebar');
      const box = () => bar.evaluate((b) => { const r = b.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, height: r.height }; });
      const fresh = await box();
      assert.ok(Math.abs(fresh.bottom - PHONE.height) < 1, `at the foot of the first screen: ${JSON.stringify(fresh)}`);
      // The story's warnings do not block Save, but the bar names the first beside it (the
      // findings are folded far above), its Go to and "What will be sent" on one line under
      // it: the blocked bar's shape and budget (layout.test.mjs).
      assert.match(await bar.locator('[data-save-status]').textContent(), /^Unsaved changes\. To fix: \d warnings? in Findings/);
      assert.ok(fresh.height <= 135, `${fresh.height} px tall, the demo's note included`);
      const [save, status, goTo, preview] = await Promise.all(['[data-action="save"]', '[data-save-status]', '[data-action="focus-field"]', '[data-action="preview"]'].map((s) => bar.locator(s).boundingBox()));
      assert.ok(status.x > save.x + save.width && status.y < save.y + save.height, 'the warning beside Save');
      assert.ok(Math.abs(goTo.y + goTo.height / 2 - (preview.y + preview.height / 2)) < 12, 'Go to and "What will be sent" on one line');
      // Tab once through the page: no stop ends up under the bar (WCAG 2.4.11).
      const covered = [];
      for (let stop = 0; stop < 200; stop++) {
        await page.keyboard.press('Tab');
        const where = await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
          const focused = document.activeElement;
          const bar = document.querySelector('.wkc-savebar');
          if (!focused || focused === document.body || !document.querySelector('.wkc-app').contains(focused)) return done('left');
          if (bar.contains(focused)) return done('bar');
          const hidden = focused.getBoundingClientRect().bottom > bar.getBoundingClientRect().top + 1;
          done(hidden ? focused.outerHTML.slice(0, 80) : 'seen');
        }))));
        if (where === 'left') break;
        if (!['seen', 'bar'].includes(where)) covered.push(where);
      }
      assert.deepEqual(covered, []);
      await bar.locator('[data-action="preview"]').click();
      // Opened, the preview follows the bar at the page's end, brought into view with Save
      // just above it; back at the top the bar is at the foot again and the preview stays behind.
      await page.locator('[data-preview="changes"]').waitFor();
      await page.waitForFunction(() => {
        const [save, changes] = ['[data-action="save"]', '[data-preview="changes"]'].map((s) => document.querySelector(s).getBoundingClientRect());
        return save.top >= 0 && save.bottom < changes.top && changes.top < innerHeight;
      });
      await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
      const back = await box();
      assert.ok(Math.abs(back.bottom - PHONE.height) < 1 && back.height <= fresh.height, `the bar is at the foot, compact as it was: ${JSON.stringify(back)}`);
      const below = await page.locator('.wkc-preview').evaluate((p) => p.getBoundingClientRect().top);
      assert.ok(below > PHONE.height, 'opened, the preview goes with the page instead of covering it');
    } finally {
      await close();
    }
  });

  test('a scenario takes two lines: the picker under its heading, the fix beside "Why?", the story opened in place', async () => {
    const { page, close } = await openDockerStory(DESKTOP);
    try {
      const story = page.locator('[data-scenario="docker-localhost"] [data-scenario-story]');
      assert.equal(await story.locator('p').first().isVisible(), false, 'the story waits behind "Why?"');
      const panel = page.locator('[data-scenarios]');
      const { height } = await panel.boundingBox();
      assert.ok(height <= 150, `the scenario panel is ${height} px tall`);
      await story.locator('summary').click();
      assert.match(await story.innerText(), /Docker Compose[^]*Findings this shows: backchannel-loopback/);
      assert.equal(await panel.getByRole('combobox', { name: 'Demo: try a story admins hit' }).inputValue(), 'docker-localhost', 'the heading names the picker');
    } finally {
      await close();
    }
  });

  /** Steps on a phone whose result quotes URLs that have no place to break. */
  const PHONE_STEPS = [
    ['a pasted error explained', async (page) => {
      await page.locator('textarea[name="troubleshoot-text"]').fill('Failed to obtain access token');
      await page.locator('[data-section="troubleshoot"] [data-pattern]').first().waitFor();
    }],
    ['a live check that failed', async (page) => {
      await page.locator('input[name="host"]').fill('http://localhost:1/auth');
      await page.locator('[data-action="live-check"]').click();
      await page.locator('.wkc-live[data-live-state="done"], .wkc-live[data-live-state="failed"]').waitFor();
    }],
  ];

  test('on a phone (390 px) nothing scrolls sideways, in any scenario, nor once a pasted error or a live check quotes a long URL', async () => {
    const { page, close } = await s.page();
    try {
      await page.setViewportSize(PHONE);
      for (const [id, { shows }] of Object.entries(SCENARIOS)) {
        await page.goto(`${s.url}${BASE}?scenario=${id}`);
        await ready(page);
        // Everything shown: the state block, collapsed to its counts in one column, opened.
        await page.locator('[data-state] > summary').click();
        await page.locator(`.wkc-diags [data-code="${shows[0]}"]`).first().waitFor();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${id}: the page is ${width} px wide`);
      }
      // What quotes long URLs: a pasted error's explanation, a live check that failed.
      for (const [what, step] of PHONE_STEPS) {
        await page.goto(`${s.url}${BASE}`);
        await ready(page);
        await step(page);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${what}: the page is ${width} px wide`);
      }
    } finally {
      await close();
    }
  });

  test('a pasted Keycloak event is read for its cause and values; a text nothing matches names the logs to look at next', async () => {
    const { page, close } = await s.page();
    try {
      await page.goto(`${s.url}${BASE}`);
      await ready(page);
      const box = page.locator('textarea[name="troubleshoot-text"]');
      const answer = page.locator('[data-section="troubleshoot"] :is([data-pattern], [data-troubleshoot])').first();
      const cases = [
        ['type=LOGIN_ERROR, realmId=5f2e, clientId=wikijs, error=invalid_redirect_uri, redirect_uri=http://10.0.0.4:3000/login/x/callback',
          /refused redirect_uri http:\/\/10\.0\.0\.4:3000\/login\/x\/callback for client wikijs/],
        ['{"error":"invalid_client","error_description":"Parameter client_assertion_type is missing"}', /signed JWT[^]*Client Id and Secret/],
        ['nothing anyone logs', /Not recognised[^]*even from its log: the test command shows it[^]*docker logs keycloak[^]*error=/],
      ];
      for (const [text, says] of cases) {
        await box.fill(text);
        await page.waitForFunction((t) => document.querySelector('textarea[name="troubleshoot-text"]').value === t, text);
        await answer.waitFor();
        await page.waitForFunction((re) => new RegExp(re[0], re[1]).test(document.querySelector('[data-section="troubleshoot"]').innerText), [says.source, says.flags]);
      }
    } finally {
      await close();
    }
  });

  test('the picker switches scenarios in place', async () => {
    const { page, close } = await s.page();
    try {
      await page.goto(`${s.url}${BASE}`);
      await ready(page);
      for (const [id, { shows }] of Object.entries(SCENARIOS)) {
        await page.locator('[data-scenario-picker]').selectOption(id);
        await page.locator(`[data-scenario="${id}"]`).waitFor();
        for (const code of shows) await page.locator(`.wkc-diags [data-code="${code}"]`).first().waitFor();
      }
      await page.locator('[data-scenario-picker]').selectOption('');
      await page.locator('[data-scenario]').waitFor({ state: 'detached' });
      assert.equal(await page.locator('input[name="host"]').inputValue(), '');
      assert.equal(page.url(), `${s.url}${BASE}`, 'no navigation');
    } finally {
      await close();
    }
  });
});
