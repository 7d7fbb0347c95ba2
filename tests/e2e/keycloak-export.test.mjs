// The Keycloak side in Chromium: paste each scenario's export, and exports of
// our own, into "Keycloak client export (JSON)" on the static demo, and see the kc-*
// findings, the checklist turn into checks, the fixes, a Client ID filled in one click, Save
// still allowed, and nothing of the export kept (storage, URL, change events). These tests
// fail, never skip: a missing build is a failure.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { DIST, PAGES, REPO, STRICT_CSP, consoleErrors, findingCodes, missingBuild, ready, startSession } from './pages/session.mjs';

const BASE = '/demo/kc/';
const BOX = 'textarea[name="keycloak-export"]';

/** Paste `text` into the export box, opening the folds that hold it as the admin would. */
async function paste(scope, text) {
  const box = scope.locator(BOX);
  await box.evaluate((e) => {
    for (let d = e.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
  });
  await box.fill(text);
}

/** Each scenario's export, read from the core (core/src/scenarios.rs), with the codes it shows. */
const SCENARIO_SOURCE = readFileSync(join(REPO, 'core/src/scenarios.rs'), 'utf8');
const CLASSIC = SCENARIO_SOURCE.match(/CLASSIC_MISTAKES_EXPORT: &str = r#"([\s\S]*?)"#;/)[1];
const SCENARIOS = {
  'keycloak-export-classic': {
    text: CLASSIC,
    shows: ['kc-redirect-uri-missing', 'kc-scope-missing', 'kc-pkce-required', 'kc-public-client', 'kc-post-logout-uri-missing', 'kc-realm-frontend-url', 'kc-secret-masked'],
  },
};

/** The codes the export's own findings list shows. */
async function exportCodes(page) {
  return page.locator('[data-export-findings] [data-code]').evaluateAll((els) => els.map((e) => e.dataset.code));
}

/** A client export as the console writes it, for the callback the page derived. */
function clientExport(callback, changes = {}) {
  return JSON.stringify({
    clientId: 'wikijs', enabled: true, protocol: 'openid-connect', publicClient: false, bearerOnly: false,
    standardFlowEnabled: true, consentRequired: false, clientAuthenticatorType: 'client-secret',
    secret: 'demo0secret0not0real0kc0XYZ01234', rootUrl: 'https://wiki.example.com', redirectUris: [callback],
    attributes: { 'post.logout.redirect.uris': 'https://wiki.example.com', 'pkce.code.challenge.method': '' },
    defaultClientScopes: ['web-origins', 'acr', 'profile', 'roles', 'email'], optionalClientScopes: ['address'],
    ...changes,
  }, null, 2);
}

describe('Keycloak client export (JSON)', () => {
  let s;
  let site;
  before(async () => {
    const missing = missingBuild();
    assert.equal(missing, null, `the build is needed: ${missing}`);
    site = mkdtempSync(join(tmpdir(), 'wkc-kcexport-'));
    execFileSync('node', [join(REPO, 'scripts/widget-loader.mjs'), '--demo-site', DIST, site]);
    s = await startSession({ mounts: { [BASE]: site, '/kc/': DIST, '/': PAGES }, csp: STRICT_CSP });
  });
  after(async () => {
    await s?.close();
    if (site) rmSync(site, { recursive: true, force: true });
  });

  for (const [id, { text, shows }] of Object.entries(SCENARIOS)) {
    test(`${id}: pasting its export shows ${shows.join(', ')}`, async () => {
      const { page, record, close } = await s.page();
      try {
        // The scenario's form, without its export: then the admin pastes it.
        await page.goto(`${s.url}${BASE}?scenario=${id}`);
        await ready(page);
        await page.locator('[data-action="clear-export"]').click();
        assert.equal(await page.locator(BOX).inputValue(), '');
        assert.ok(await page.locator(BOX).evaluate((e) => e.getRootNode().activeElement === e), 'focus went from the button to the emptied box');
        assert.deepEqual(await exportCodes(page), []);
        await paste(page, text);
        await page.locator(`[data-export-findings] [data-code="${shows[0]}"]`).waitFor();
        assert.deepEqual([...(await exportCodes(page))].sort(), [...shows].sort());
        // The checklist turned into checks.
        const checks = await page.locator('.wkc-step').evaluateAll((els) => els.map((e) => [e.querySelector('.wkc-step-title').textContent, e.dataset.check ?? null]));
        const state = Object.fromEntries(checks);
        assert.equal(state['Valid redirect URIs'], 'failed');
        assert.equal(state['Client authentication ON'], 'failed');
        assert.equal(state['Client scopes: profile and email'], 'failed');
        assert.equal(state['Valid post logout redirect URIs'], 'failed');
        assert.equal(state['No PKCE required'], 'failed', 'PKCE enforced fails the sign-in flow');
        // Each failed step says why beside its mark, not only in the findings below.
        const why = await page.locator('.wkc-step[data-check="failed"]').evaluateAll((els) => els.map((e) => [e.querySelector('.wkc-step-title').textContent, e.querySelector('.wkc-step-why')?.innerText ?? '']));
        for (const [title, text] of why) assert.ok(text.length > 0, `${title} says why it failed`);
        assert.match(Object.fromEntries(why)['No PKCE required'], /PKCE/);
        // The fixes: kcadm for the existing client, the corrected JSON for a new one.
        await page.locator('[data-export="kcadm fix commands"] summary').click();
        await page.waitForFunction(() => /\bfi\s*$/.test(document.querySelector('[data-export="kcadm fix commands"] pre').innerText));
        const script = await page.locator('[data-export="kcadm fix commands"] pre').innerText();
        assert.match(script, /kcadm\.sh get clients -r 'wiki' -q 'clientId=wikijs'/);
        assert.match(script, /"publicClient": false/);
        assert.match(script, /default-client-scopes/);
        await page.locator('[data-export="corrected client JSON"] summary').click();
        await page.waitForFunction(() => document.querySelector('[data-export="corrected client JSON"] pre').innerText.trim().endsWith('}'));
        const json = JSON.parse(await page.locator('[data-export="corrected client JSON"] pre').innerText());
        assert.equal(json.publicClient, false);
        assert.ok(json.redirectUris.some((u) => u.endsWith('/callback')), json.redirectUris.join());
        assert.ok(json.defaultClientScopes.includes('profile') && json.defaultClientScopes.includes('email'));
        assert.equal(json.secret, undefined, 'no secret unless asked');
        assert.equal(json.id, undefined);
        // Counted in the summary, and pointed to from the findings: its Go to focuses the box.
        assert.match(await page.locator('[data-findings-summary]').innerText(), /· Keycloak side: \d+ to fix/);
        await page.locator('[data-pointer="export"] [data-action="go-to-export"]').click();
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'keycloak-export');
        // kc-* errors never block Save.
        await page.locator('[data-action="save"]').click();
        await page.locator('[data-save-status="saved"]').waitFor();
        assert.deepEqual(consoleErrors(record), []);
      } finally {
        await close();
      }
    });
  }

  test('each redirect URI is a row of its own with its own Copy; the post-logout step only while Keycloak reads it', async () => {
    const { page, context, close } = await s.page();
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.url });
      await page.goto(`${s.url}${BASE}?scenario=no-group`);
      await ready(page);
      const titles = () => page.locator('.wkc-step-title').allInnerTexts();
      const redirects = page.locator('.wkc-step', { has: page.locator('.wkc-step-title', { hasText: /^Valid redirect URIs$/ }) }).locator('.wkc-step-value');
      assert.ok((await titles()).includes('Valid post logout redirect URIs'));
      assert.equal(await redirects.count(), 1);
      // Named by what it copies: the first step's value is the Client ID, not the step.
      assert.equal(await page.locator('.wkc-step[data-step="0"] [data-action="copy"]').textContent(), 'Copy Client ID');

      // Legacy Logout Redirect: Keycloak before 18 checks the logout's redirect_uri against the
      // redirect URIs, so the Site URL is a second row there, and it has no post-logout list.
      await page.locator('[name="logout-legacy-redirect"]').check();
      await page.waitForFunction(() => document.querySelectorAll('.wkc-step-value').length > 0
        && ![...document.querySelectorAll('.wkc-step-title')].some((t) => t.textContent === 'Valid post logout redirect URIs'));
      const values = await redirects.locator('code').allInnerTexts();
      assert.equal(values.length, 2, `two rows: ${values}`);
      assert.match(values[0], /\/login\/[0-9a-f-]+\/callback$/);
      assert.match(values[1], /^https?:\/\/[^/ ]+$/);
      for (const [i, value] of values.entries()) {
        await redirects.nth(i).locator('[data-action="copy"]').click();
        assert.equal(await page.evaluate(() => navigator.clipboard.readText()), value, 'one URI, nothing joined to it');
      }
    } finally {
      await close();
    }
  });

  test('a good export checks every step, a broken one names each mistake, text that is not an export says so', async () => {
    const { page, close } = await s.page();
    try {
      await page.goto(`${s.url}${BASE}?scenario=no-group`);
      await ready(page);
      // Step 3 of the console steps is Valid redirect URIs, with the callback as its value.
      assert.equal(await page.locator('.wkc-step[data-step="3"] .wkc-step-title').innerText(), 'Valid redirect URIs');
      const callback = await page.locator('.wkc-step[data-step="3"] code').innerText();
      await paste(page, clientExport(callback));
      await page.locator('.wkc-step[data-check="checked"]').first().waitFor();
      assert.deepEqual(await exportCodes(page), []);
      assert.equal(await page.locator('.wkc-step[data-check="failed"]').count(), 0);
      const scopesStep = page.locator('.wkc-step', { hasText: 'Client scopes: profile and email' });
      assert.equal(await scopesStep.getAttribute('data-check'), 'checked');
      // Web origins is not judged by the export (only browsers' CORS reads it): it says why.
      const originsStep = page.locator('.wkc-step', { hasText: 'Web origins' });
      assert.equal(await originsStep.getAttribute('data-check'), 'unchecked');
      assert.match(await originsStep.locator('.wkc-check').innerText(), /^– not checked: sign-in does not use it$/);
      // Without scope lists (a client written by hand) the export does not tell: no tick.
      await paste(page, clientExport(callback, { defaultClientScopes: undefined, optionalClientScopes: undefined }));
      await page.waitForFunction(() => [...document.querySelectorAll('.wkc-step')].some((s) => s.textContent.includes('Client scopes: profile and email') && s.dataset.check === 'unchecked'));
      assert.equal(await scopesStep.locator('.wkc-check').innerText(), '– not checked: the export does not say');
      assert.equal(await page.locator('.wkc-step[data-check="checked"]').count() > 0, true, 'the other steps are still checked');

      const cases = [
        [{ redirectUris: [`${callback}/`] }, 'kc-redirect-uri-missing'],
        [{ redirectUris: ['https://wiki.example.com/*'] }, 'kc-redirect-uri-broad'],
        [{ enabled: false }, 'kc-client-disabled'],
        [{ bearerOnly: true }, 'kc-bearer-only'],
        [{ protocol: 'saml' }, 'kc-wrong-protocol'],
        [{ standardFlowEnabled: false }, 'kc-standard-flow-off'],
        [{ clientAuthenticatorType: 'client-jwt' }, 'kc-client-authenticator'],
        [{ consentRequired: true }, 'kc-consent-required'],
        [{ secret: 'another0secret0of0another0client' }, 'kc-secret-mismatch'],
        [{ clientId: 'grafana' }, 'kc-client-id-mismatch'],
      ];
      const fixedInKeycloak = page.locator('[data-export-hint]');
      for (const [changes, code] of cases) {
        await paste(page, clientExport(callback, changes));
        await page.locator(`[data-export-findings] [data-code="${code}"]`).waitFor();
        assert.ok(await fixedInKeycloak.isVisible(), code);
        if (code === 'kc-redirect-uri-missing') {
          // The Site URL is right (the client's entry is on its origin): the fix is the Keycloak step.
          const goTo = page.locator(`[data-export-findings] [data-code="${code}"] [data-action="focus-field"]`);
          assert.equal(await goTo.innerText(), 'Go to the Keycloak step “Valid redirect URIs”');
        }
      }
      await paste(page, '{"clientId": "wikijs", ');
      await page.locator('[data-export-findings] [data-code="kc-export-unreadable"]').waitFor();
      assert.match(await page.locator('[data-export-findings]').innerText(), /cut off/);
      assert.ok(!(await fixedInKeycloak.isVisible()), 'an export that could not be read is fixed by pasting again, not in Keycloak');
    } finally {
      await close();
    }
  });

  // An empty Client ID is filled from the export in one click; a client of a realm other than
  // Realm's says so and sets Realm too, so the checks find it where the form then says it is.
  const PICKS = [
    // [case, Realm typed first, the export, the buttons, the one clicked, Client ID and Realm after]
    ['one realm, Realm empty (Keycloak\'s own clients not offered)', '', { realm: 'wiki', clients: [{ clientId: 'account' }, { clientId: 'wikijs' }, { clientId: 'admin-cli' }] }, ['Use wikijs (realm wiki)'], 0, ['wikijs', 'wiki']],
    ['two realms, a client of the other one', 'wiki', [{ realm: 'wiki', clients: [{ clientId: 'wikijs' }, { clientId: 'account' }] }, { realm: 'staff', clients: [{ clientId: 'wikijs' }, { clientId: 'portal' }] }], ['Use wikijs', 'Use wikijs (realm staff)', 'Use portal (realm staff)'], 2, ['portal', 'staff']],
  ];
  for (const [name, realm, exported, offered, pick, [clientId, realmAfter]] of PICKS) {
    test(`an empty Client ID filled from the export: ${name}`, async () => {
      const { page, close } = await s.page();
      try {
        await page.goto(`${s.url}${BASE}`);
        await ready(page);
        assert.equal(await page.locator('input[name="client-id"]').inputValue(), '');
        await page.locator('input[name="realm"]').fill(realm);
        await paste(page, JSON.stringify(exported));
        const picker = page.locator('[data-client-picker] [data-action="use-client"]');
        await picker.first().waitFor();
        assert.deepEqual(await picker.allInnerTexts(), offered);
        await picker.nth(pick).click();
        assert.equal(await page.locator('input[name="client-id"]').inputValue(), clientId);
        // The picker goes with the click: focus moves to the first field it set (Realm, before
        // Client ID in the form), and the section says what changed.
        await page.waitForFunction(() => {
          const root = document.querySelector('wikijs-keycloak')?.shadowRoot ?? document;
          return root.activeElement?.name === 'realm';
        }, null, { timeout: 5000 });
        assert.match(await page.locator('[data-fix-note="keycloak-export"]').innerText(), new RegExp(`Client ID.*${clientId}`));
        assert.equal(await page.locator('input[name="realm"]').inputValue(), realmAfter);
        await page.waitForFunction(() => !document.querySelector('[data-export-findings] [data-code="kc-client-id-mismatch"]'));
      } finally {
        await close();
      }
    });
  }

  // Keycloak's Export downloads a file; on a phone there is nothing to drop it on.
  test('a file chosen with "Or load the exported file" is read into the box and checked, and can be chosen again', async () => {
    const { page, close } = await s.page();
    try {
      await page.goto(`${s.url}${BASE}?scenario=keycloak-export-classic`);
      await ready(page);
      await page.locator('[data-action="clear-export"]').click();
      const file = { name: 'wikijs.json', mimeType: 'application/json', buffer: Buffer.from(CLASSIC) };
      const chooser = page.locator('[data-action="choose-export"]');
      assert.equal(await chooser.getAttribute('accept'), '.json,application/json');
      await chooser.setInputFiles(file);
      await page.locator('[data-export-findings] [data-code="kc-redirect-uri-missing"]').waitFor();
      assert.equal(await page.locator(BOX).inputValue(), CLASSIC);
      assert.equal(await chooser.inputValue(), '', 'the input emptied, so the same file is read again when chosen again');
      await page.locator('[data-action="clear-export"]').click();
      await chooser.setInputFiles(file);
      await page.waitForFunction((text) => {
        const root = document.querySelector('wikijs-keycloak')?.shadowRoot ?? document;
        return root.querySelector('textarea[name="keycloak-export"]').value === text;
      }, CLASSIC);
    } finally {
      await close();
    }
  });

  // (The admin page sends no change events: the widget's test below searches those.)
  test('nothing of the export is kept: not in storage or the address, nor shown outside its box', async () => {
    const { page, close } = await s.page();
    try {
      await page.goto(`${s.url}${BASE}?scenario=keycloak-export-classic`);
      await ready(page);
      const marker = 'marker0secret0in0the0export0XYZ';
      await paste(page, CLASSIC.replaceAll('"**********"', `"${marker}"`).replace('"id" : "6c1f', `"note" : "${marker}", "id" : "6c1f`));
      await page.locator('[data-export-findings] [data-code="kc-secret-mismatch"]').waitFor();
      await page.locator('input[name="display-name"]').fill('Company SSO');
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href + document.cookie);
      assert.ok(!stored.includes(marker) && !stored.includes('frontendUrl'), stored);
      const shown = await page.locator('.wkc-app').evaluate((app) => {
        const clone = app.cloneNode(true);
        clone.querySelectorAll('textarea').forEach((t) => t.remove());
        return clone.innerText;
      });
      assert.ok(!shown.includes(marker), 'the export secret is shown nowhere but in its own box');
      await page.reload();
      await ready(page);
      assert.ok(!(await page.locator(BOX).inputValue()).includes(marker), 'gone after a reload');
    } finally {
      await close();
    }
  });

  test('the JS API diagnoses with keycloakExport as object or text', async () => {
    const { page, close } = await s.page();
    try {
      await page.goto(`${s.url}${BASE}`);
      await ready(page);
      const codes = await page.evaluate(async (classic) => {
        const api = window.WikijsKeycloak;
        const settings = { siteUrl: 'https://wiki.example.com', strategyKey: 'k1', host: 'https://keycloak.example.com', realm: 'wiki', clientId: 'wikijs', clientSecret: 'x'.repeat(32) };
        const asText = (await api.diagnose(settings, { keycloakExport: classic })).map((d) => d.code);
        const asObject = (await api.diagnose(settings, { keycloakExport: JSON.parse(classic) })).map((d) => d.code);
        return { asText, asObject };
      }, CLASSIC);
      for (const code of SCENARIOS['keycloak-export-classic'].shows) {
        assert.ok(codes.asText.includes(code), `${code} in ${codes.asText}`);
        assert.ok(codes.asObject.includes(code), `${code} in ${codes.asObject}`);
      }
    } finally {
      await close();
    }
  });

  test("a widget's change event carries the kc-* codes, never the export", async () => {
    const { page, close } = await s.page();
    try {
      await page.goto(`${s.url}/host.html`);
      await ready(page.locator('#a'));
      await page.evaluate(() => {
        window.__changes = [];
        document.addEventListener('wikijs-keycloak-change', (e) => window.__changes.push(JSON.stringify(e.detail)));
      });
      const a = page.locator('#a');
      await a.locator('input[name="client-id"]').fill('wikijs');
      const marker = 'marker0secret0in0the0export0XYZ';
      await paste(a, JSON.stringify({ clientId: 'wikijs', publicClient: true, secret: marker, note: marker }));
      await a.locator('[data-export-findings] [data-code="kc-public-client"]').waitFor();
      await page.waitForFunction(() => window.__changes.some((d) => JSON.parse(d).codes.includes('kc-public-client')));
      const changes = await page.evaluate(() => window.__changes);
      for (const detail of changes) assert.ok(!detail.includes(marker), detail);
      const last = JSON.parse(changes.at(-1));
      // The codes the widget lists (the export's in its own section). The event has every
      // finding; the page shows the four Keycloak reminders as checklist steps and the empty
      // fields in one "required" card.
      const steps = ['register-redirect-uri', 'register-post-logout-uri', 'confidential-client', 'client-scopes'];
      const distinct = (codes) => [...new Set(codes)].sort();
      assert.deepEqual(distinct(last.codes.filter((c) => !steps.includes(c))), distinct(await findingCodes(a)));

      // One keystroke that changes the export's findings makes one event, with the new ones:
      // the event waits for the part's answer for these settings.
      const before = changes.length;
      await a.locator('input[name="client-id"]').fill('wikijs-other');
      await page.waitForFunction(() => window.__changes.some((d) => JSON.parse(d).codes.includes('kc-client-id-mismatch')));
      await page.evaluate(() => new Promise((settled) => setTimeout(settled, 200)));
      const after = (await page.evaluate(() => window.__changes)).slice(before).map((d) => JSON.parse(d));
      assert.equal(after.length, 1, JSON.stringify(after.map((d) => d.codes)));
      assert.ok(after[0].codes.includes('kc-client-id-mismatch') && !after[0].codes.includes('kc-public-client'), after[0].codes.join(' '));
    } finally {
      await close();
    }
  });
});
