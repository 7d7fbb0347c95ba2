// Keyboard only: the whole flow on the stand-in wiki with nothing but `page.keyboard` (Tab,
// Shift+Tab, typing, Enter, Space, arrows; no click, fill or focus()), on the admin page and
// in a widget's shadow root on a host page. Every stop on the way is checked: the focused
// element has an accessible name (Chromium's own, over the DevTools protocol), a visible
// focus indicator, is not hidden under the sticky save bar, and focus is never lost to
// <body>. "Focused" looks through shadow roots: a widget's host element is never a stop.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { startHarness, openConfigurator, readField, settled, waitFor, TEST_TIMEOUT } from './harness.mjs';
import { WIKI, KC } from './wiki.mjs';
import { DIST, PAGES, consoleErrors, requireBuild, ready, startSession } from './pages/session.mjs';

let h;
/** The widget's host page (tests/e2e/pages/host.html: two demo widgets), served with dist/. */
let widgets;
before(async () => {
  h = await startHarness();
  requireBuild();
  widgets = await startSession({ mounts: { '/kc/': DIST, '/': PAGES } });
});
after(async () => {
  await h?.close();
  await widgets?.close();
});

/** The focused element, looking through shadow roots (an expression for the DevTools
 *  protocol; `matches` below walks the same way). */
const DEEP_ACTIVE = `(() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  return el;
})()`;

/** What is focused now (once a re-render's focus move has landed): a short description, its
 *  accessible name, whether it shows a focus indicator and is not hidden. Hidden means hidden
 *  in each of a few frames: on a slow machine the scroll that brings a focused control out
 *  from under the sticky save bar can land a frame after the focus. */
async function focusedStop(page, cdp) {
  let stop;
  for (let frame = 0; frame < 4 && !stop?.seen; frame++) {
    await settled(page);
    stop = await probeFocused(cdp);
  }
  return stop;
}

async function probeFocused(cdp) {
  const { result } = await cdp.send('Runtime.evaluate', { expression: DEEP_ACTIVE });
  try {
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false });
    const described = await cdp.send('Runtime.callFunctionOn', { objectId: result.objectId, functionDeclaration: describe.toString(), returnByValue: true });
    return { ...described.result.value, name: (nodes[0]?.name?.value ?? '').trim() };
  } finally {
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
  }
}

/** Runs in the page on the focused element (`this`). */
function describe() {
  const el = this;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  // Visible unless every probe point of its box hits something else (the save bar, say);
  // asked of its own tree, so an element in a shadow root is not taken for its host.
  const points = [[0.5, 0.5], [0.1, 0.2], [0.9, 0.2], [0.1, 0.8], [0.9, 0.8]];
  const seen = points.some(([x, y]) => {
    const hit = el.getRootNode().elementFromPoint(box.left + box.width * x, box.top + box.height * y);
    return hit && (hit === el || el.contains(hit) || hit.contains(el));
  });
  const what = [el.tagName.toLowerCase(), el.name && `[name=${el.name}]`, el.dataset.action && `[data-action=${el.dataset.action}]`]
    .filter(Boolean)
    .join('');
  return {
    what,
    body: el === document.body || el === document.documentElement,
    // A host page's own controls are not the configurator's to check.
    host: !el.closest('.wkc-app') && el !== document.body && el !== document.documentElement,
    indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
    seen,
  };
}

/** The checks every stop passes (`where` says which step reached it). */
function assertGoodStop(stop, where) {
  assert.ok(!stop.body, `${where}: focus is lost to <body>`);
  assert.ok(stop.name, `${where}: ${stop.what} has no accessible name`);
  assert.ok(stop.indicator, `${where}: ${stop.what} "${stop.name}" shows no focus indicator`);
  assert.ok(stop.seen, `${where}: ${stop.what} "${stop.name}" is hidden under another element`);
}

/** Keyboard access to one page: Tab to what matches a selector, type, press; checking every stop. */
function keyboard(page, cdp) {
  const matches = (selector) =>
    page.evaluate((s) => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el.matches(s);
    }, selector);
  return {
    /** Tab or Shift+Tab, whichever way the first visible match of `selector` lies from the
     *  focused element (the state block comes before the form in the page's order). */
    async toward(selector) {
      const forward = await page.evaluate((s) => {
        let el = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        const target = [...el.getRootNode().querySelectorAll(s)].find((t) => t.checkVisibility());
        if (!target) throw new Error(`no visible ${s}`);
        return Boolean(el.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING);
      }, selector);
      return this.to(selector, { key: forward ? 'Tab' : 'Shift+Tab' });
    },
    /** Press `key` until the focused element matches `selector` (at most `max` presses). */
    async to(selector, { key = 'Tab', max = 120 } = {}) {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press(key);
        const stop = await focusedStop(page, cdp);
        if (!stop.host) assertGoodStop(stop, `${key} towards ${selector}`);
        if (await matches(selector)) return stop;
      }
      throw new Error(`${selector} not reached with ${max} × ${key}`);
    },
    /** Press `key` on the focused element; focus then stays on a good stop. */
    async press(key, what) {
      await page.keyboard.press(key);
      assertGoodStop(await focusedStop(page, cdp), `after ${key} on ${what}`);
    },
    /** Replace the focused text field's value by typing. */
    async type(text) {
      await page.keyboard.press('Control+a');
      await page.keyboard.type(text);
    },
    matches,
  };
}

/** With focus on Host: paste a whole endpoint URL; its one-click fix splits it into Host and
 *  Realm, and focus goes back to Host when the button goes. `read(name)` reads a field. */
async function pasteAndSplit(page, kb, read) {
  await page.keyboard.type('https://sso.example.com/realms/staff/protocol/openid-connect/auth');
  // Under Host in one column; in two, on the finding's card in the list beside the form.
  await kb.toward('[data-field="host"] [data-action="fix"], [data-code="pasted-full-url"] [data-action="fix"]');
  await kb.press('Enter', 'the split fix');
  assert.ok(await kb.matches('[name="host"]'), 'the button went with its finding: focus moved to Host');
  await waitFor(async () => (await read('host')) === 'https://sso.example.com', 'the split');
  assert.equal(await read('realm'), 'staff');
}

/** Tick auto-enrolment group `id` with Space. */
async function tickGroup(kb, id, name) {
  await kb.to(`[name="auto-enroll-group"][value="${id}"]`);
  await kb.press('Space', `the ${name} checkbox`);
  assert.equal(await kb.matches(':checked'), true, `${name} ticked`);
}

/** The client JSON export opened with Enter on its summary and copied with Enter on Copy:
 *  what the clipboard then holds. */
async function copyClientJson(page, kb) {
  // In the state block: opened from its counts first where it is folded (one column).
  const stateOpen = await page.evaluate(() => {
    const root = document.querySelector('#a')?.shadowRoot ?? document;
    return root.querySelector('[data-state]').open;
  });
  if (!stateOpen) {
    await kb.toward('[data-state] > summary');
    await kb.press('Enter', 'the state block\'s counts');
  }
  await kb.toward('[data-setup-exports] > summary');
  await kb.press('Enter', 'the exports summary');
  await kb.to('[data-export="client JSON"] summary');
  await kb.press('Enter', 'the client JSON summary');
  await kb.to('[data-export="client JSON"] [data-action="copy"]');
  await kb.press('Enter', 'Copy client JSON');
  return JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
}

/** A fresh page on the stand-in wiki (`seed`), with the clipboard allowed. */
function e2e(name, seed, body) {
  test(name, { timeout: TEST_TIMEOUT }, async (t) => {
    await h.reset(seed);
    const { page, context, close } = await h.page();
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url });
      const cdp = await context.newCDPSession(page);
      await body(page, keyboard(page, cdp), cdp);
    } finally {
      await close();
    }
  });
}

e2e('a new Keycloak strategy set up and saved with the keyboard alone', undefined, async (page, kb, cdp) => {
  const key = randomUUID();
  await openConfigurator(h, page, { token: await h.token(), strategyKey: key });

  await kb.to('[name="host"]');
  await pasteAndSplit(page, kb, (name) => readField(page, name));

  await kb.to('[name="realm"]');
  await kb.type('staff');
  await kb.to('[name="client-id"]');
  await kb.type('wikijs');
  await kb.to('[name="client-secret"]');
  await kb.type('keyboard-secret');

  // The layout select, in the folded Endpoints section (opened by Enter on its summary), by
  // arrow key: Keycloak 17 and newer, chosen instead of automatic.
  await kb.to('[data-section="endpoints"] summary');
  await kb.press('Enter', 'the Endpoints fold');
  await kb.to('select[name="layout"]');
  await page.keyboard.press('ArrowDown');
  await waitFor(() => page.evaluate(() => document.activeElement.value === 'quarkus'), 'the layout to change');

  // Auto-enrolment: Guests (can read pages).
  await tickGroup(kb, 2, 'Guests');

  const copied = await copyClientJson(page, kb);
  assert.equal(copied.clientId, 'wikijs', 'the client JSON is on the clipboard');
  const copy = page.locator('[data-export="client JSON"] [data-action="copy"]');
  await waitFor(async () => (await copy.evaluate((b) => b.textContent)) === 'Copied client JSON', 'the button to name what it copied');
  assert.equal(await copy.evaluate((b) => b.nextElementSibling.getAttribute('role')), 'status');
  assert.equal(await copy.evaluate((b) => b.nextElementSibling.textContent), 'Copied client JSON', 'a status region announces it');
  // Copied again while it says so: the status empties and is said anew (an unchanged live
  // region is not read again).
  await copy.evaluate((b) => {
    window.copyStatus = [];
    new MutationObserver(() => window.copyStatus.push(b.nextElementSibling.textContent)).observe(b.nextElementSibling, { childList: true, subtree: true, characterData: true });
  });
  await kb.press('Enter', 'Copy client JSON, again');
  await waitFor(async () => (await page.evaluate(() => window.copyStatus.join('|'))).endsWith('|Copied client JSON'), 'the status to be said again');
  assert.ok(await page.evaluate(() => window.copyStatus.includes('')), 'emptied first');

  // Save, reached by Tab, pressed with Enter.
  await kb.to('[data-action="save"]');
  await kb.press('Enter', 'Save');
  await page.locator('[data-save-status="saved"]').waitFor();
  assertGoodStop(await focusedStop(page, cdp), 'after the save');

  const stored = h.world.state.strategies.find((s) => s.key === key);
  assert.equal(stored?.strategyKey, 'keycloak', 'the new strategy is stored');
  assert.deepEqual(
    { host: stored.config.host, realm: stored.config.realm, clientId: stored.config.clientId, clientSecret: stored.config.clientSecret },
    { host: 'https://sso.example.com', realm: 'staff', clientId: 'wikijs', clientSecret: 'keyboard-secret' },
  );
  assert.match(stored.config.authorizationURL, /^https:\/\/sso\.example\.com\/realms\/staff\//);
  assert.deepEqual(stored.autoEnrollGroups, { v: [2] });
});

e2e('Tab visits every control once and leaves the page after the last; Shift+Tab walks back', WIKI, async (page, kb, cdp) => {
  await openConfigurator(h, page, { token: await h.token(), strategyKey: KC });
  // Every collapsible open first, so the walk meets every control there is.
  await page.$$eval('details', (all) => all.forEach((d) => (d.open = true)));
  // "What will be sent" too (a disclosure button; a click from script leaves focus alone).
  await page.$eval('[data-action="preview"]', (b) => b.click());
  await page.locator('[data-preview="planned"]').waitFor();
  const forward = [];
  for (;;) {
    await page.keyboard.press('Tab');
    const stop = await focusedStop(page, cdp);
    if (stop.body) break;
    assertGoodStop(stop, `Tab stop ${forward.length + 1}`);
    const id = await page.evaluate(() => {
      const el = document.activeElement;
      el.dataset.kbStop ??= String(Math.random());
      return el.dataset.kbStop;
    });
    assert.ok(!forward.includes(id), `${stop.what} "${stop.name}" reached twice: focus is trapped`);
    forward.push(id);
    assert.ok(forward.length < 300, 'Tab never leaves the page');
  }
  const tabbable = await page.$$eval('input, select, textarea, button, summary, a[href], [tabindex]', (all) =>
    all.filter((el) => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length > 0).length,
  );
  assert.equal(forward.length, tabbable, 'every visible, enabled control is a stop');
  assert.ok(await kb.to('[data-action="save"]', { key: 'Shift+Tab' }), 'Shift+Tab comes back from the end');
});

// A disabled button is no Tab stop: Save waiting on an error stays one (aria-disabled), says
// why it waits as its description, and that reason, which changes as the admin types, is not
// announced on each keystroke (only what Save did is: the status region inside it).
e2e('Save waiting on errors is a Tab stop that says why, does nothing on Enter, and its reason is not announced as one types', undefined, async (page, kb) => {
  const key = randomUUID();
  await openConfigurator(h, page, { token: await h.token(), strategyKey: key });
  await kb.to('[name="host"]');
  await kb.type('https://sso.example.com');
  const announced = () => page.$$eval('[role="status"], [role="alert"], [aria-live="polite"], [aria-live="assertive"]', (all) => all.map((e) => e.textContent).join(' | '));
  assert.doesNotMatch(await announced(), /block saving|Saving is blocked/, 'no live region holds the blocked reason');
  await kb.to('[data-action="save"]');
  assert.ok(await kb.matches('[aria-disabled="true"]'), 'reached while it waits, and says it is unavailable');
  const description = await page.evaluate(() => document.activeElement.getAttribute('aria-describedby').split(' ').map((id) => document.getElementById(id).textContent).join(' '));
  assert.match(description, /^Saving is blocked: Realm, Client ID and Client Secret are empty\.$/);
  await kb.press('Enter', 'Save while it waits');
  assert.equal(await page.getAttribute('[data-save-status]', 'data-save-status'), 'idle', 'nothing was sent');
  assert.equal(h.world.state.strategies.find((s) => s.key === key), undefined);
});

e2e('the first Tab stop is "Skip to the form", which Enter takes to Host', WIKI, async (page, kb) => {
  await openConfigurator(h, page, { token: await h.token(), strategyKey: KC });
  await kb.press('Tab', 'the first Tab');
  assert.ok(await kb.matches('[data-action="skip-to-form"]'), 'the first stop skips the header and the state column');
  await kb.press('Enter', 'Skip to the form');
  assert.ok(await kb.matches('[name="host"]'), 'Host, the form\'s first field');
});

// The counts change as one types (a URL's first characters are an error, its next ones are
// not): a screen reader is told them once they stand still, not at each keystroke.
e2e('the counts are announced once typing stops, not at each change', undefined, async (page, kb) => {
  await openConfigurator(h, page, { token: await h.token(), strategyKey: randomUUID() });
  await page.locator('[data-counts-said]').waitFor({ state: 'attached' });
  const live = '[role="status"], [role="alert"], [aria-live="polite"], [aria-live="assertive"]';
  assert.equal(await page.locator(`[data-findings-summary]:is(${live}, ${live} *)`).count(), 0, 'the counts shown are in no live region');
  await page.evaluate(() => {
    window.heard = { said: [], shown: [] };
    for (const [key, selector] of [['said', '[data-counts-said]'], ['shown', '[data-findings-summary]']]) {
      const el = document.querySelector(selector);
      new MutationObserver(() => window.heard[key].push(el.textContent)).observe(el, { childList: true, subtree: true, characterData: true });
    }
  });
  await kb.to('[name="host"]');
  // An error at its first characters, then none, then a warning (a pasted realm URL).
  await page.keyboard.type('https://sso.example.com/realms/staff');
  await waitFor(() => page.evaluate(() => window.heard.said.length > 0), 'the counts to be said');
  await page.waitForTimeout(1_500);
  const heard = await page.evaluate(() => window.heard);
  assert.ok(new Set(heard.shown).size > 1, `the counts changed as Host was typed: ${heard.shown.join(' | ')}`);
  assert.deepEqual(heard.said, [await page.locator('[data-findings-summary]').innerText()], 'said once, as they stand');
});

e2e('"Move Keycloak to the top" by keyboard keeps focus on the button it used', WIKI, async (page, kb) => {
  await openConfigurator(h, page, { token: await h.token(), strategyKey: KC });
  await kb.to('[data-action="move-to-top"]');
  await kb.press('Enter', 'Move Keycloak to the top');
  assert.ok(await kb.matches('[data-action="move-to-top"]'), 'focus stays on the button');
  assert.equal(await page.getAttribute('[data-action="move-to-top"]', 'aria-disabled'), 'true', 'which now says it has nothing to do');
  await kb.press('Enter', 'Move Keycloak to the top, again');
  assert.match(await page.locator('[data-field="order"] .wkc-hint').innerText(), /first in the login list/);
});

test('in a widget on a host page: into its shadow root by Tab, set up and saved, and out again', { timeout: TEST_TIMEOUT }, async () => {
  const { page, record, close } = await widgets.page();
  try {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: widgets.url });
    const cdp = await page.context().newCDPSession(page);
    const kb = keyboard(page, cdp);
    await page.goto(`${widgets.url}/host.html`);
    for (const id of ['a', 'b']) await ready(page.locator(`#${id}`));
    const a = page.locator('#a');
    const inA = () => page.evaluate(() => document.activeElement?.id === 'a');

    // From the host page's own controls into widget a.
    await kb.to('#host-button');
    await kb.to('[name="host"]');
    assert.ok(await inA(), 'Host of widget a');
    await pasteAndSplit(page, kb, (name) => a.locator(`input[name="${name}"]`).inputValue());

    await kb.to('[name="client-id"]');
    await kb.type('wikijs');
    await kb.to('[name="client-secret"]');
    await kb.type('keyboard-secret-in-a-widget');
    await tickGroup(kb, 3, 'Readers');
    assert.equal((await copyClientJson(page, kb)).clientId, 'wikijs');

    await kb.to('[data-action="save"]');
    await kb.press('Enter', 'Save');
    await a.locator('[data-save-status="saved"]').waitFor();
    assertGoodStop(await focusedStop(page, cdp), 'after the save');
    assert.ok(await inA(), 'focus stays in widget a');

    // Onwards: Tab leaves widget a for widget b; Shift+Tab comes back to a's last control.
    await kb.to('[name="site-url"]');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'b', 'Tab went on into widget b');
    await kb.to('[data-action="save"]', { key: 'Shift+Tab' });
    assert.ok(await inA(), 'Shift+Tab came back into widget a');
    assert.deepEqual(consoleErrors(record), []);
  } finally {
    await close();
  }
});
