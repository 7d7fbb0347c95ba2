// Accessibility: axe-core (WCAG 2.x A and AA, and best practices; see axe.mjs) finds no
// violation in any state the page can be in: empty, covered in findings, saving, saved,
// failed, in conflict, showing live check results, with every panel open, in the dark
// theme (forced, or the system's), as the static demo, and as widgets in a host page.
// Each state is one line: how the page gets there from a freshly opened configurator.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { assertAccessible, placeholderContrasts } from './axe.mjs';
import { startHarness, openConfigurator, setField, save, TEST_TIMEOUT } from './harness.mjs';
import { check, clickFix } from './live-page.mjs';
import { DIST, PAGES, REPO, STRICT_CSP, requireBuild, ready, startSession } from './pages/session.mjs';
import { startKeycloak } from '../standin/keycloak/server.mjs';
import { WIKI, KC, UPDATE, asInput } from './wiki.mjs';

let h; // the stand-in Wiki.js serving dist/
let kc; // the stand-in Keycloak, for the live check
let statics; // the static demo under /demo/kc/, and host.html with dist/ under /kc/
let demoSite;
before(async () => {
  h = await startHarness();
  kc = await startKeycloak();
  demoSite = mkdtempSync(join(tmpdir(), 'wkc-a11y-demo-'));
  requireBuild();
  execFileSync('node', [join(REPO, 'scripts/widget-loader.mjs'), '--demo-site', DIST, demoSite]);
  statics = await startSession({ mounts: { '/demo/kc/': demoSite, '/kc/': DIST, '/': PAGES }, csp: STRICT_CSP });
});
after(async () => {
  await h?.close();
  await kc?.close();
  await statics?.close();
  if (demoSite) rmSync(demoSite, { recursive: true, force: true });
});

// ---- ways to reach a state on the configurator (page in, page left in that state) ----------

/** Values that raise errors and warnings under the fields and in the findings panel. */
async function hostileValues(page) {
  await setField(page, 'host', 'http://localhost:8080/auth/realms/My Realm/protocol/openid-connect/auth');
  await setField(page, 'realm', ' <b>wiki</b> ');
  await setField(page, 'client-id', '');
  await setField(page, 'client-secret', '');
  await setField(page, 'display-name', '');
  await setField(page, 'domain-whitelist', '@example.com\nnot a domain');
  await page.locator('.wkc-diags-error [data-code]').first().waitFor();
  await page.locator('.wkc-diags-warning [data-code]').first().waitFor();
  await page.locator('.wkc-field-messages [data-code]').first().waitFor();
}

/** Every collapsible open (exports computed), the secret included, a troubleshooter result. */
async function everyPanelOpen(page) {
  await page.$$eval('details', (all) => all.forEach((d) => (d.open = true)));
  await page.click('[data-action="preview"]');
  await page.check('[name="include-secret"]');
  await page.fill('[name="troubleshoot-text"]', 'Failed to obtain access token');
  await page.locator('[data-troubleshoot], [data-pattern]').first().waitFor();
  await page.locator('[data-preview="planned"]').waitFor();
}

const withBoth = (...steps) => async (page) => {
  for (const step of steps) await step(page);
};

async function saved(page) {
  await setField(page, 'realm', 'staff');
  assert.equal((await save(page)).status, 'saved');
}

async function failed(page) {
  await setField(page, 'realm', 'staff');
  await h.control('fault', { kind: 'status500' });
  assert.equal((await save(page)).status, 'failed');
}

/** Saving, the post held by the wiki until the settle step releases it and the save lands. */
async function saving(page) {
  await setField(page, 'realm', 'staff');
  await h.control('fault', { kind: 'hold', match: 'updateStrategies' });
  await page.click('[data-action="save"]');
  await page.locator('[data-save-status="saving"]').waitFor();
  return async () => {
    await h.control('release');
    await page.locator('[data-save-status="saved"]').waitFor();
  };
}

/** Another admin renamed a strategy between load and save. */
async function conflict(page) {
  await setField(page, 'realm', 'mine');
  const list = (await h.activeStrategies()).map((s, i) => asInput(s.value, i));
  list[1].displayName = 'GitHub (renamed elsewhere)';
  await h.graphql(UPDATE, { strategies: list });
  assert.equal((await save(page)).status, 'conflict');
  await page.locator('[data-action="reload-list"]').waitFor();
}

/** A paste longer than Host takes: refused, with the reason under the field. */
async function refusedPaste(page) {
  await page.fill('[name="host"]', `https://kc.example.com/${'x'.repeat(3000)}`);
  await page.locator('[data-refused]').waitFor();
}

/** Edited, then opened again: the draft is offered back. */
async function draftOffered(page) {
  await setField(page, 'realm', 'staff');
  await openConfigurator(h, page, { token: await h.token(), strategyKey: KC });
  await page.locator('[data-draft]').waitFor();
}

/** Edited, then opened again while the wiki is down: the load banner with its retry, and the draft. */
async function loadFailed(page) {
  await setField(page, 'realm', 'staff');
  await h.control('fault', { kind: 'drop', times: 1000 });
  await page.goto(`${h.url}/?mode=wiki&endpoint=/graphql&strategy=${KC}&token=${await h.token()}`);
  await page.locator('[data-action="retry-load"]').waitFor();
  await page.locator('[data-draft]').waitFor();
  return async () => h.control('clear-faults');
}

const live = (instance, realm, then) => async (page) => {
  const r = await check(page, instance === 'dead' ? kc.dead.url : kc.instances[instance].url, realm);
  assert.ok(r.codes.length > 0, 'the live check shows findings');
  await then?.(page, r);
};

// ---- the states ------------------------------------------------------------------------------

/** On the stand-in wiki: seeded with WIKI and its Keycloak strategy, unless `fresh`. */
function onWiki(reach, { fresh = false, theme, colorScheme } = {}) {
  return async () => {
    await h.reset(fresh ? undefined : WIKI);
    const session = await h.page({ colorScheme });
    await openConfigurator(h, session.page, { token: await h.token(), strategyKey: fresh ? randomUUID() : KC, theme });
    const settle = await reach(session.page);
    return { page: session.page, settle, close: session.close };
  };
}

/** On the static server: `path` loaded, the app (or each widget in `hosts`) ready. */
function onStatic(path, { hosts = [], reach } = {}) {
  return async () => {
    const session = await statics.page();
    await session.page.goto(`${statics.url}${path}`);
    for (const scope of hosts.length ? hosts.map((id) => session.page.locator(`#${id}`)) : [session.page]) await ready(scope);
    await reach?.(session.page);
    const within = hosts.length ? { include: hosts.map((id) => ({ fromShadowDom: [`#${id}`, '.wkc-app'] })) } : null;
    return { page: session.page, within, close: session.close };
  };
}

const nothing = async () => {};

/** The pasted Keycloak export's section: its findings, the checklist's states, both fixes open. */
async function exportOpen(page) {
  await page.locator('[data-export-findings] [data-code]').first().waitFor();
  for (const what of ['kcadm fix commands', 'corrected client JSON']) await page.locator(`[data-export="${what}"] summary`).click();
  await page.locator('.wkc-step[data-check="failed"]').first().waitFor();
}

const STATES = [
  ['empty: a new Keycloak strategy on a freshly set-up wiki', onWiki(nothing, { fresh: true })],
  ['loaded: the wiki\'s Keycloak strategy as stored', onWiki(nothing)],
  ['errors and warnings under the fields and in the findings panel', onWiki(hostileValues)],
  ['saving, while the wiki holds the post', onWiki(saving)],
  ['saved', onWiki(saved)],
  ['failed: HTTP 500', onWiki(failed)],
  ['conflict: changed elsewhere, with the reload button', onWiki(conflict)],
  ['a draft offered back after a reload', onWiki(draftOffered)],
  ['a paste refused for its length, the reason under the field', onWiki(refusedPaste)],
  ['load failed (wiki down): the banner with its retry, and the draft offered', onWiki(loadFailed)],
  ['every panel open: advanced, exports with the secret, probe, what will be sent, troubleshooter', onWiki(everyPanelOpen)],
  ['troubleshooter: text it does not recognise', onWiki(async (page) => page.fill('[name="troubleshoot-text"]', 'something else entirely'))],
  ['live check: live-ok, discovery side by side', onWiki(live('quarkus', 'wiki'))],
  ['live check: issuer differs, its fix in the finding and the row', onWiki(live('pinned', 'wiki'))],
  ['live check: realm not found', onWiki(live('quarkus', 'wkii'))],
  ['live check: unreachable', onWiki(live('dead', 'wiki'))],
  ['live check: layout fixed by its one click', onWiki(live('legacy', 'wiki', (page) => clickFix(page, 'live-layout-mismatch')))],
  ['dark theme (theme=dark): errors, warnings and every panel open', onWiki(withBoth(hostileValues, everyPanelOpen), { theme: 'dark' })],
  ['dark theme (theme=dark): live check results', onWiki(live('pinned', 'wiki'), { theme: 'dark' })],
  ['dark theme (theme=dark): failed', onWiki(failed, { theme: 'dark' })],
  ['dark system preference: errors, warnings and every panel open', onWiki(withBoth(hostileValues, everyPanelOpen), { colorScheme: 'dark' })],
  ['dark system preference: saved', onWiki(saved, { colorScheme: 'dark' })],
  ['static demo: fresh start, scenario picker', onStatic('/demo/kc/')],
  ['static demo: a scenario open with its story and fix', onStatic('/demo/kc/?scenario=self-signed-internal')],
  ['static demo: errors and warnings', onStatic('/demo/kc/', { reach: hostileValues })],
  ['static demo: a Keycloak export pasted, its findings, the checklist and both fixes open', onStatic('/demo/kc/?scenario=keycloak-export-classic', { reach: exportOpen })],
  ['static demo, dark theme: a Keycloak export pasted, its findings, the checklist and both fixes open', onStatic('/demo/kc/?scenario=keycloak-export-classic&theme=dark', { reach: exportOpen })],
  ['widgets in a host page (shadow DOM)', onStatic('/host.html', { hosts: ['a', 'b'] })],
];

for (const [state, open] of STATES) {
  test(`axe: no violations: ${state}`, { timeout: TEST_TIMEOUT }, async (t) => {
    const { page, within, settle, close } = await open();
    try {
      const { applied, rules } = await assertAccessible(page, within);
      t.diagnostic(`${applied} of ${rules} axe rules applied`);
      await settle?.();
    } finally {
      await close();
    }
  });
}

// axe leaves placeholders out; the browser's own grey is 3.5:1 on the dark surface.
for (const colorScheme of ['light', 'dark']) {
  test(`every placeholder of a fresh form is 4.5:1 against its field (${colorScheme})`, { timeout: TEST_TIMEOUT }, async () => {
    const { page, close } = await onWiki(nothing, { fresh: true, colorScheme })();
    try {
      const shown = await placeholderContrasts(page);
      assert.ok(shown.length >= 4, `the empty fields show their placeholders: ${JSON.stringify(shown)}`);
      assert.deepEqual(shown.filter((p) => p.ratio < 4.5), [], JSON.stringify(shown));
    } finally {
      await close();
    }
  });
}

test('the check can fail: an input without a label is reported with its rule and element', { timeout: TEST_TIMEOUT }, async (t) => {
  const unlabelled = async (page) => {
    await page.evaluate(() => document.querySelector('.wkc-form').append(Object.assign(document.createElement('input'), { name: 'unlabelled' })));
  };
  const { page, close } = await onWiki(unlabelled)();
  try {
    await assert.rejects(assertAccessible(page), /label \(critical\): Form elements must have labels\n  input\[name="unlabelled"\]/);
  } finally {
    await close();
  }
});
