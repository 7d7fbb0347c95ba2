// The demo scenarios (core/src/scenarios.rs), each played in the lab: its configuration, typed
// into the page with the lab's ports and names in place of the story's (8080/8443 are the
// lab Keycloak's http/https ports; sso.example.com, keycloak.example.com and
// keycloak.internal are names the lab resolves as the story needs), shows the scenario's
// findings and fails as its story says. A scenario whose story is the Keycloak side's (a
// pasted export) is played finding by finding in keycloak-side.test.mjs; every scenario of
// the core is one or the other.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { clientExport, cleanForm, seedWiki } from './flow.mjs';
import { useLab, newPage, openConfigurator, fillForm, findings, save, userSignIn } from './browser.mjs';

let lab;
let browser;
useLab((l, b) => {
  lab = l;
  browser = b;
});

/** The scenarios' GOOD preset (the lab's clean form on the story's host name). */
const GOOD = (l) => cleanForm(l, l.https('keycloak.example.com'));

/**
 * id, kc, trustCa, form (over GOOD), shows: the scenario's codes, step, fails: what the story
 * says users meet; then: a second act of the story (the scenario's fix applied), if it has one.
 */
const SCENARIOS = [
  // "Users reach the Keycloak login page, then see "Failed to obtain access token"."
  // Then "the fix sends the server's calls to the Compose service name; the warning that
  // follows asks to pin Keycloak's hostname so the tokens' issuer matches": unpinned, the
  // userinfo call is refused (Wiki.js's error page without a message); pinned, signed in.
  { id: 'docker-localhost', form: (l) => ({ host: l.http('localhost') }), shows: ['backchannel-loopback'],
    fails: { kind: 'wiki-error', text: 'Failed to obtain access token' },
    then: { form: (l) => ({ 'internal-base-url': l.http('keycloak') }), shows: ['split-host-issuer'],
      fails: { kind: 'wiki-error', text: '' },
      last: { kc: { hostname: (l) => l.http('localhost') }, outcome: { kind: 'signed-in', user: 'alice@example.org' } } } },
  // "Sign-in works, but signing out ends on a Keycloak page": no return to the wiki.
  { id: 'keycloak-16-auth', kc: { version: 16 }, form: (l) => ({ host: `${l.https('sso.example.com')}/auth` }),
    shows: ['legacy-path', 'logout-modern-on-legacy-keycloak'], step: 'logout', fails: { kind: 'keycloak-logout' } },
  // "every sign-out stops at Keycloak's "Invalid parameter: redirect_uri" page" (Keycloak 24).
  { id: 'legacy-logout-kc18', kc: { version: 24 }, form: { 'logout-legacy-redirect': true },
    shows: ['logout-legacy-on-new-keycloak'], step: 'logout', fails: { kind: 'keycloak-page', text: 'Invalid parameter: redirect_uri' } },
  // "every new user lands on "not authorized"": signed in, every page refused.
  { id: 'no-group', form: { groups: [] }, shows: ['no-auto-enroll-group'], fails: { kind: 'unauthorized', user: 'alice@example.org' } },
  // "Users outside the server network cannot resolve it, and the Wiki.js server (Node) does
  // not trust the certificate": the browser cannot reach it; with the scenario's fix (public
  // Host, internal name for the server's calls), the server's call fails on the certificate.
  { id: 'self-signed-internal', trustCa: false, form: (l) => ({ host: l.https('keycloak.internal') }),
    shows: ['frontchannel-internal', 'private-ca'], fails: { kind: 'unreachable', text: 'net::ERR_NAME_NOT_RESOLVED' },
    // Past the certificate (NODE_EXTRA_CA_CERTS), the story's end: the split hosts meet
    // Keycloak's issuer check (not pinned), which the page predicts with split-host-issuer.
    then: { form: (l) => ({ host: l.https('sso.example.com'), 'internal-base-url': l.https('keycloak.internal') }),
      shows: ['private-ca', 'split-host-issuer'],
      fails: { kind: 'wiki-error', text: 'Failed to obtain access token' },
      last: { trustCa: true, outcome: { kind: 'wiki-error', text: '' } } } },
];

/**
 * Scenarios played elsewhere: the kc-* findings of each that predict what users meet, each a
 * row of keycloak-side.test.mjs (`kc-secret-masked`, a masked secret, predicts nothing).
 */
const PLAYED_IN_KEYCLOAK_SIDE = {
  'keycloak-export-classic': ['kc-redirect-uri-missing', 'kc-scope-missing', 'kc-pkce-required', 'kc-public-client', 'kc-post-logout-uri-missing', 'kc-realm-frontend-url'],
};

test('4. every scenario of the core is played in the lab', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const core = readFileSync(join(here, '../../core/src/scenarios.rs'), 'utf8');
  const ids = [...core.matchAll(/^ {12}id: "([a-z0-9-]+)",$/gm)].map((m) => m[1]);
  assert.ok(ids.length >= 6, `the core's scenarios read: ${ids}`);
  const played = [...SCENARIOS.map((s) => s.id), ...Object.keys(PLAYED_IN_KEYCLOAK_SIDE)];
  assert.deepEqual([...ids].sort(), [...played].sort());
  const rows = readFileSync(join(here, 'keycloak-side.test.mjs'), 'utf8');
  for (const [id, codes] of Object.entries(PLAYED_IN_KEYCLOAK_SIDE)) {
    for (const code of codes) assert.ok(rows.includes(`code: '${code}'`), `${id}: ${code} has a row in keycloak-side.test.mjs`);
  }
});

const matches = (outcome, like) => Object.keys(like).every((k) => outcome?.[k] === like[k]);

async function attempt(step) {
  const result = await userSignIn(browser, lab, { logout: step === 'logout' });
  if (step !== 'logout') return result.login;
  assert.equal(result.login.kind, 'signed-in', `the sign-in before the logout: ${JSON.stringify(result.login)}`);
  return result.logout;
}

for (const s of SCENARIOS) {
  test(`4. scenario ${s.id}: fails in the lab as its story says`, { timeout: 60_000 }, async () => {
    lab.kc.configure({ version: s.kc?.version, client: clientExport(lab) });
    const trust = s.trustCa ?? true;
    if (lab.trustsCa !== trust) await lab.startWiki({ trustCa: trust });
    await seedWiki(lab);
    const { page, close } = await newPage(browser);
    try {
      await openConfigurator(lab, page);
      await fillForm(page, { ...GOOD(lab), ...(typeof s.form === 'function' ? s.form(lab) : s.form) });
      const shown = await findings(page);
      for (const code of s.shows) assert.ok(code in shown, `the page shows ${code} (${JSON.stringify(shown)})`);
      assert.equal((await save(page)).status, 'saved');
      const failed = await attempt(s.step);
      assert.ok(matches(failed, s.fails), `${s.id}: ${JSON.stringify(failed)}, expected ${JSON.stringify(s.fails)}`);
      if (s.step === 'logout') assert.notEqual(new URL(failed.url).host, new URL(lab.site).host, 'the user does not get back to the wiki');
      if (s.then) {
        await fillForm(page, s.then.form(lab));
        assert.equal((await save(page)).status, 'saved');
        const then = await findings(page);
        for (const code of s.then.shows) assert.ok(code in then, `after the fix the page shows ${code} (${JSON.stringify(then)})`);
        const again = await attempt(s.step);
        assert.ok(matches(again, s.then.fails), `${s.id}, after its fix: ${JSON.stringify(again)}, expected ${JSON.stringify(s.then.fails)}`);
        const { last } = s.then;
        if (last.trustCa) await lab.restartWiki({ trustCa: true });
        if (last.kc) lab.kc.configure({ version: s.kc?.version, hostname: last.kc.hostname(lab), client: clientExport(lab) });
        const end = await attempt(s.step);
        assert.ok(matches(end, last.outcome), `${s.id}, at the story's end: ${JSON.stringify(end)}, expected ${JSON.stringify(last.outcome)}`);
      }
    } finally {
      await close();
    }
  });
}

