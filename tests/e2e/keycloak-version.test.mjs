// The Keycloak version is asked, never guessed, and kept per strategy in the browser: it
// decides the /auth advice (no "switch to the 17+ layout" for a Keycloak 16, one click that
// would break it) and the logout, and a pinned hostname stands `split-host-issuer` down.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startHarness, openConfigurator, setField, TEST_TIMEOUT } from './harness.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const finding = (page, code, where = '.wkc-diags') => page.locator(`${where} [data-code="${code}"]`);
const pickVersion = (page, label) => page.selectOption('[name="keycloak-version"]', { label });

/** A fresh profile on a wiki with no Keycloak strategy, Host and Realm typed. */
function withForm(name, host, body) {
  test(name, { timeout: TEST_TIMEOUT }, async () => {
    await h.reset();
    const session = await h.page();
    try {
      const open = async () => {
        await openConfigurator(h, session.page, { token: await h.token() });
        await setField(session.page, 'host', host);
        await setField(session.page, 'realm', 'wiki');
      };
      await open();
      await body({ ...session, open });
    } finally {
      await session.close();
    }
  });
}

withForm('/auth on a Keycloak the admin says is 16: no legacy-path, no layout switch; kept after a reload', 'https://sso.example.org/auth', async ({ page, open }) => {
  await finding(page, 'legacy-path').first().waitFor();
  await pickVersion(page, '16 or older (WildFly, RH-SSO before 7.6)');
  await finding(page, 'legacy-path').first().waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-action="fix"]:has-text("17+")').count(), 0, 'no switch to the 17+ layout');
  assert.equal(await page.isChecked('[name="logout-legacy-redirect"]'), true, 'the legacy logout, as Keycloak 16 needs');
  await open();
  // The stored choice comes back once the strategy is loaded (wait for it, not for a time).
  await page.waitForFunction(() => document.querySelector('[name="keycloak-version"] option:checked')?.textContent === '16 or older (WildFly, RH-SSO before 7.6)');
  await finding(page, 'legacy-path').first().waitFor({ state: 'detached' });
});

withForm('a new strategy says the page sets Legacy Logout Redirect from /auth, until the admin sets it', 'https://sso.example.org/auth', async ({ page }) => {
  const note = page.locator('[data-preset-note]');
  await page.waitForFunction(() => document.querySelector('[name="logout-legacy-redirect"]').checked);
  assert.equal(await note.isVisible(), true, 'the box was ticked by the page, and it says so');
  assert.match(await note.innerText(), /from \/auth in Host/);
  await page.locator('[name="logout-legacy-redirect"]').uncheck();
  await note.waitFor({ state: 'hidden' });
  await setField(page, 'host', 'https://sso.example.org');
  await setField(page, 'host', 'https://sso.example.org/auth');
  assert.equal(await page.locator('[name="logout-legacy-redirect"]').isChecked(), false, 'the admin\'s choice stands');
});

withForm('/auth on Keycloak 24: legacy-path stays, and the new strategy takes the modern logout', 'https://sso.example.org/auth', async ({ page }) => {
  await pickVersion(page, '19 to 24');
  await finding(page, 'legacy-path').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[name="logout-legacy-redirect"]').checked);
  assert.equal(await finding(page, 'logout-modern-on-legacy-keycloak').count(), 0);
});

withForm('split-host-issuer names the version\'s setting and stands down to a note once pinned', 'https://sso.example.org', async ({ page }) => {
  await page.locator('details:has([name="internal-base-url"]) summary').click();
  await setField(page, 'internal-base-url', 'http://keycloak:8080');
  await pickVersion(page, '19 to 24');
  const warning = finding(page, 'split-host-issuer', '.wkc-diags-warning');
  await warning.waitFor();
  assert.match(await warning.innerText(), /KC_HOSTNAME=sso\.example\.org\b/);
  // "Then say so here": its Go to leads to the box that says so.
  await warning.locator('[data-action="focus-field"]').click();
  await page.waitForFunction(() => document.activeElement?.name === 'issuer-pinned');
  // A box focused by a click shows no ring: marked, with its label, for a moment.
  await page.locator('[data-field="issuer-pinned"].wkc-flash').waitFor({ state: 'attached' });
  await page.check('[name="issuer-pinned"]');
  await finding(page, 'split-host-issuer', '.wkc-diags-info').waitFor();
  assert.equal(await warning.count(), 0, 'no longer a warning');
});

withForm('a pasted realm export whose Frontend URL is Host stands split-host-issuer down to a note, said once', 'https://sso.example.org', async ({ page }) => {
  await page.locator('details:has([name="internal-base-url"]) summary').click();
  await setField(page, 'internal-base-url', 'http://keycloak:8080');
  const warning = finding(page, 'split-host-issuer', '.wkc-diags-warning');
  await warning.waitFor();
  const box = page.locator('textarea[name="keycloak-export"]');
  await box.evaluate((e) => {
    for (let d = e.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
  });
  await box.fill(JSON.stringify({ realm: 'wiki', attributes: { frontendUrl: 'https://sso.example.org/' }, clients: [] }));
  const note = finding(page, 'split-host-issuer', '.wkc-diags-info');
  await note.waitFor();
  assert.match(await note.innerText(), /pasted export's realm has its Frontend URL at https:\/\/sso\.example\.org/);
  assert.match(await note.innerText(), /Nothing to pin while the realm's Frontend URL stays/);
  assert.equal(await note.locator('[data-action="focus-field"]').count(), 0, 'nothing to go to');
  assert.equal(await warning.count(), 0, 'no longer a warning');
  assert.equal(await finding(page, 'split-host-issuer').count(), 1, 'said once');
});

withForm('their own CA, said in the Advanced fold: private-ca up front on a public name, kept after a reload', 'https://sso.example.org', async ({ page, open }) => {
  assert.equal(await finding(page, 'private-ca').count(), 0, 'a public name says nothing by itself');
  await page.locator('details:has([name="private-ca-said"]) summary').click();
  await page.check('[name="private-ca-said"]');
  const card = finding(page, 'private-ca').first();
  await card.waitFor();
  assert.match(await card.innerText(), /You said Keycloak's certificate comes from your own CA/);
  assert.match(await card.innerText(), /NODE_EXTRA_CA_CERTS/);
  await open();
  await page.waitForFunction(() => document.querySelector('[name="private-ca-said"]')?.checked === true);
  assert.equal(await page.locator('details:has([name="private-ca-said"])').evaluate((d) => d.open), true, 'the fold opens on what was said');
  await finding(page, 'private-ca').first().waitFor();
});
