// Everything served under a strict Content-Security-Policy, twice: the strict policy word for
// word (ISSUE_CSP: no inline script or style, wasm allowed, nothing but the page's origin) and
// the one the README asks hosts to set (STRICT_CSP: the same plus the Keycloak origin): the
// host page with two widgets, the admin page and the static demo. Not one violation may be
// reported, and no element may carry a style="" attribute.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { DIST, PAGES, REPO, ISSUE_CSP, STRICT_CSP, consoleErrors, requireBuild, ready, startSession, styleAttributes } from './pages/session.mjs';
import { settled } from './mount.mjs';


for (const [name, policy] of [['strict policy', ISSUE_CSP], ['README policy (plus a Keycloak origin)', STRICT_CSP]])
describe(`strict CSP: ${name}`, () => {
  let s;
  let demo;
  before(async () => {
    requireBuild();
    demo = mkdtempSync(join(tmpdir(), 'wkc-demo-'));
    execFileSync('node', [join(REPO, 'scripts/widget-loader.mjs'), '--demo-site', DIST, demo]);
    s = await startSession({ mounts: { '/kc/': DIST, '/demo/kc/': demo, '/': PAGES }, csp: policy });
  });
  after(async () => {
    await s?.close();
    if (demo) rmSync(demo, { recursive: true, force: true });
  });

  /** Load `path`, run `act`, then expect no violation, no CSP console message, no style="". */
  async function clean(path, act) {
    const { page, record, close } = await s.page();
    try {
      const response = await page.goto(`${s.url}${path}`);
      assert.equal(response.headers()['content-security-policy'], policy);
      await act(page);
      await settled(page); // violations are reported as tasks
      assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], path);
      assert.deepEqual(record.console.filter((m) => /Content.Security.Policy|Refused to/i.test(m)), [], path);
      assert.deepEqual(consoleErrors(record), [], path);
      assert.deepEqual(await styleAttributes(page), [], path);
    } finally {
      await close();
    }
  }

  test('host page with two widgets, used: no violation', async () => {
    await clean('/host.html', async (page) => {
      for (const id of ['a', 'b']) await ready(page.locator(`#${id}`));
      const a = page.locator('#a');
      await a.locator('input[name="host"]').fill('https://kc.example.com/auth/realms/wiki/protocol/openid-connect/auth');
      await a.locator('[data-action="fix"]:visible').first().click();
      await a.locator('input[name="auto-enroll-group"][value="3"]').check();
      await a.locator('[data-action="preview"]').click();
      await a.locator('[data-preview="planned"]').waitFor();
      await page.evaluate(() => {
        document.getElementById('a').setAttribute('theme', 'dark');
        document.getElementById('elsewhere').append(document.getElementById('b'));
      });
      await page.locator('#b [data-scenario-picker]').selectOption('no-group');
      await page.locator('#b [data-action="scenario-fix"]').click();
      // The JS API's lazily loaded part, imported under the policy.
      const derived = await page.evaluate(() => WikijsKeycloak.derive({ host: 'https://kc.example.com', realm: 'r' }));
      assert.equal(derived.error, undefined, JSON.stringify(derived));
    });
  });

  test('the admin page (dist/index.html): no inline script, no violation', async () => {
    await clean('/kc/?mode=demo&scenario=legacy-logout-kc18', async (page) => {
      await ready(page);
      await page.locator('.wkc-diags [data-code="logout-legacy-on-new-keycloak"]').waitFor();
      await page.locator('[data-action="scenario-fix"]').click();
      // A lazily loaded part (troubleshooting), imported under the policy.
      await page.locator('textarea[name="troubleshoot-text"]').fill('ECONNREFUSED');
      await page.locator('[data-section="troubleshoot"] [data-pattern]').first().waitFor();
      const inline = await page.evaluate(() => [...document.scripts].filter((sc) => !sc.src).length);
      assert.equal(inline, 0);
    });
    // In wiki mode with no wiki behind it: the failure is shown, nothing is refused.
    await clean('/kc/?mode=wiki&endpoint=/kc/no-graphql', async (page) => {
      await page.locator('.wkc-app[data-load-state="failed"]').waitFor();
    });
  });

  test('the static demo under a sub-path: no violation', async () => {
    await clean('/demo/kc/?scenario=self-signed-internal', async (page) => {
      await ready(page);
      await page.locator('.wkc-diags [data-code="frontchannel-internal"]').first().waitFor();
      await page.locator('[data-action="scenario-fix"]').click();
    });
  });
});
