// The page's promises, proven by real sign-ins in Chromium (see docs/lab.md):
//   1. an empty form → a saved configuration the page calls clean → a new user signs in and
//      lands in the chosen group; logout ends at the Site URL. Both layouts.
//   2. one row per finding that predicts a sign-in failure: the configuration that raises it
//      (the page shows its data-code) fails in the lab with the text users meet; after the fix
//      the finding names (the page's one-click fix where there is one), the sign-in succeeds.
//      In each row, the page's "Test from the Wiki.js server" command, run in the wiki's
//      namespace, prints the real cause (or that Keycloak is reachable, when it is not the cause).
//   3. the troubleshooter, given the text each row produced, with the row's form as context,
//      names the finding that row injected.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { KEY, SECRET, clientExport, cleanForm, kcPage, seedWiki, wikiError } from './flow.mjs';
import { useLab, newPage, openConfigurator, fillForm, findings, clickFix, hasFix, save, troubleshoot, userSignIn, pageClientJson, probeCommand } from './browser.mjs';

let lab;
let browser;
useLab((l, b) => {
  lab = l;
  browser = b;
}, async () => {
  await shared?.close().catch(() => {});
});

const TIMEOUT = 60_000;
const CALLBACK = (l) => `${l.site}/login/${KEY}/callback`;


const REFUSED = { kind: 'unauthorized', user: 'alice@example.org' };

/** Configure the lab's Keycloak (client export from the row), fresh wiki, page open with `form`. */
async function setUp(page, { kc = {}, form = {}, trustCa = true }) {
  lab.kc.configure({
    version: kc.version,
    realm: kc.realm,
    hostname: kc.hostname?.(lab),
    client: clientExport(lab, kc.client ? kc.client(lab) : {}),
  });
  if (lab.trustsCa !== trustCa) await lab.startWiki({ trustCa });
  await seedWiki(lab);
  await openConfigurator(lab, page);
  await fillForm(page, { ...cleanForm(lab), ...(typeof form === 'function' ? form(lab) : form) });
}

async function saved(page) {
  const outcome = await save(page);
  assert.equal(outcome.status, 'saved', `saved: ${outcome.message}`);
}

/** The outcome of the step a row is about: the sign-in, or the logout after a sign-in. */
async function attempt(step) {
  const result = await userSignIn(browser, lab, { logout: step === 'logout' });
  if (step === 'logout') {
    assert.equal(result.login.kind, 'signed-in', `the sign-in before the logout: ${JSON.stringify(result.login)}`);
    return result.logout;
  }
  return result.login;
}

const matches = (outcome, like) => Object.keys(like).every((k) => outcome?.[k] === like[k]);

// ---- 1. clean configurations ------------------------------------------------------------

const CLEAN_ROWS = [
  // Keycloak 26, the Quarkus layout.
  { name: 'Keycloak 26 (/realms)', kc: {}, form: {}, allowed: [] },
  // Keycloak 16 under /auth, the version picked in the page (so /auth is right: no
  // legacy-path). Keycloak before 18 checks the legacy logout redirect_uri against the
  // client's Valid Redirect URIs (there is no post-logout list before 19): the client JSON the
  // page writes for the legacy logout lists the Site URL there too.
  { name: 'Keycloak 16 (/auth), the client JSON as the page writes it', kc: { version: 16 },
    form: (l) => ({ host: `${l.https()}/auth`, 'keycloak-version': '6', 'logout-legacy-redirect': true }), allowed: [] },
  // Keycloak 26 started with http-relative-path=/auth, the version picked: /auth is right
  // there, which only the live check can tell; once it has found Keycloak under /auth,
  // legacy-path is a note (no one-click fix that would take /auth off), and the modern
  // logout returns to the wiki.
  { name: 'Keycloak 26 kept under /auth (http-relative-path), the live check run', kc: { relativePath: '/auth' },
    form: (l) => ({ host: `${l.https()}/auth`, 'keycloak-version': '1' }), allowed: [], live: { 'legacy-path': 'info' } },
];

for (const row of CLEAN_ROWS) {
  test(`1. clean: ${row.name}: saved without findings, Keycloak set up from the page's client JSON, a new user signs in into the chosen group, logout ends at the Site URL`, { timeout: TIMEOUT }, async () => {
    const { page, close } = await newPage(browser);
    try {
      lab.kc.configure({ version: row.kc.version, relativePath: row.kc.relativePath, client: clientExport(lab) });
      if (!lab.trustsCa) await lab.startWiki({ trustCa: true });
      await seedWiki(lab);
      await openConfigurator(lab, page);
      assert.equal(await page.inputValue('[name="host"]'), '', 'the form starts empty');
      await fillForm(page, { ...cleanForm(lab), ...(typeof row.form === 'function' ? row.form(lab) : row.form) });
      if (row.live) {
        await page.click('[data-action="live-check"]');
        await page.waitForSelector('[data-live-state="done"]');
      }
      const shown = await findings(page);
      for (const [code, severity] of Object.entries(row.live ?? {})) assert.equal(shown[code], severity, `${code} after the live check (${JSON.stringify(shown)})`);
      const serious = Object.entries(shown).filter(([code, severity]) => severity !== 'info' && !row.allowed.includes(code));
      assert.deepEqual(serious, [], `no error or warning (${JSON.stringify(shown)})`);
      await saved(page);
      // The lab's Keycloak gets exactly the client the page says to import.
      const client = await pageClientJson(page);
      assert.equal(client.secret, SECRET, 'the client JSON carries the secret when asked');
      lab.kc.configure({ version: row.kc.version, relativePath: row.kc.relativePath, client: row.kc.client ? { ...client, ...row.kc.client(lab) } : client });
    } finally {
      await close();
    }
    const { login, logout } = await userSignIn(browser, lab, { logout: true });
    assert.deepEqual([login.kind, login.user], ['signed-in', 'alice@example.org'], JSON.stringify(login));
    const user = (await lab.state()).users.find((u) => u.email === 'alice@example.org');
    assert.deepEqual(user?.groups, [3], 'created in the chosen group (Readers)');
    assert.equal(logout.url, `${lab.site}/`, `logout ends at the Site URL: ${JSON.stringify(logout)}`);
    assert.equal(logout.user, 'guest@example.com', 'signed out of the wiki');
  });
}

// ---- 2. + 3. one row per finding that predicts a failure ---------------------------------

/**
 * code: the finding (name: what tells two rows of one code apart); kc, form, trustCa: the failing setup; step: 'login' or 'logout';
 * fails: what users meet; said: the texts an admin pastes into the troubleshooter, from what
 * users met (the message users saw by default; Keycloak's log line; none for a pure outcome); fix: 'page' (its
 * one-click fix), or {form, kc, trustCa}: the setting the finding names.
 */
const ROWS = [
  { code: 'backchannel-loopback', form: (l) => ({ host: l.https('localhost') }),
    fails: wikiError('Failed to obtain access token'), probe: /\[token\] POST https:\/\/localhost:\d+\S+\n {2}ECONNREFUSED/,
    // The internal base URL, with Keycloak's hostname pinned to the public URL so the
    // issuer holds (the split-host-issuer warning the fix leads to).
    fix: { form: (l) => ({ 'internal-base-url': l.https('keycloak') }), kc: { hostname: (l) => l.https('localhost') } } },
  { code: 'split-host-issuer', form: (l) => ({ host: l.https('localhost'), 'internal-base-url': l.https('keycloak') }),
    // The page users see says nothing more than "Oops, something went wrong...".
    fails: wikiError(''), said: (failed) => [failed.shown, issuerLogLine()],
    fix: { kc: { hostname: (l) => l.https('localhost') } } },
  { code: 'legacy-path', form: (l) => ({ host: `${l.https()}/auth` }),
    fails: kcPage('Page not found'), probe: /\[discovery\] GET \S+\/auth\/realms\S+\n {2}HTTP 404/,
    fix: { form: (l) => ({ host: l.https() }) } },
  // The version said (18 or newer): the layout alone does not tell 17 from 18+, and only then
  // does the page turn the legacy logout off in one click.
  { code: 'logout-legacy-on-new-keycloak', kc: { version: 24 }, form: { 'logout-legacy-redirect': true, 'keycloak-version': '3' }, step: 'logout',
    fails: kcPage('Invalid parameter: redirect_uri'), fix: 'page' },
  // Keycloak 26 ignores the legacy parameter: its confirmation page, and no way back.
  { code: 'logout-legacy-on-new-keycloak', name: 'Keycloak 26', form: { 'logout-legacy-redirect': true, 'keycloak-version': '1' }, step: 'logout',
    fails: { kind: 'keycloak-logout', text: 'Do you want to log out?' }, fix: 'page' },
  // The version said (16 or older): /auth alone does not prove it, and only then does the
  // page turn the legacy logout on in one click.
  { code: 'logout-modern-on-legacy-keycloak', kc: { version: 16, client: (l) => ({ redirectUris: [CALLBACK(l), l.site] }) },
    form: (l) => ({ host: `${l.https()}/auth`, 'keycloak-version': '6' }), step: 'logout',
    fails: { kind: 'keycloak-logout' }, said: null, fix: 'page' },
  { code: 'self-registration-off', form: { 'self-registration': false },
    fails: wikiError('You are not authorized to login.'), fix: { form: { 'self-registration': true } } },
  // Wiki.js assigns auto-enroll groups only when it creates a user: after the fix a new user
  // can read, while the one created before the fix keeps no readable group.
  { code: 'no-auto-enroll-group', form: { groups: [] }, fails: REFUSED, said: null, fix: 'page', after: 'new-user' },
  { code: 'group-without-read', form: { groups: [4] }, fails: REFUSED, said: null, fix: 'page', after: 'new-user' },
  { code: 'secret-suspicious', form: { 'client-secret': 'short-secret' },
    fails: wikiError('Invalid client or Invalid client credentials'), fix: { form: { 'client-secret': SECRET } } },
  // sslRequired=external would let the lab's loopback and link-local callers through.
  { code: 'insecure-http', kc: { realm: { sslRequired: 'all' } }, form: (l) => ({ host: l.http() }),
    fails: kcPage('HTTPS required'), probe: /\[token\] POST http:\S+\n {2}HTTP 403 \(HTTPS required\)/, fix: { form: (l) => ({ host: l.https() }) } },
  // An IP literal: the finding's trigger; the wiki's server starts without the lab CA.
  { code: 'private-ca', trustCa: false, form: (l) => ({ host: l.https(l.ns.outer) }),
    fails: wikiError('Failed to obtain access token'), probe: /\[token\] POST https:\S+\n {2}UNABLE_TO_VERIFY_LEAF_SIGNATURE: [^\n]*NODE_EXTRA_CA_CERTS/, fix: { trustCa: true }, },
  { code: 'domain-whitelist-invalid', form: { 'domain-whitelist': '@example.org' },
    fails: wikiError('You are not authorized to register. Your domain is not whitelisted.'), fix: 'page' },
];

/** Keycloak's event line for the last userinfo refusal, as its log prints it. */
function issuerLogLine() {
  const e = [...lab.kc.events].reverse().find((x) => x.type === 'USER_INFO_REQUEST_ERROR');
  return e ? `type=USER_INFO_REQUEST_ERROR, realmId=wiki, clientId=null, userId=null, error=${e.error}, reason=${e.reason}` : '';
}

/** What the probe prints when the server reaches Keycloak (the failure is elsewhere). */
const REACHABLE = /\[discovery\] GET [^\n]+\n {2}HTTP 200: Keycloak answered/;

/** What each row produced, for the troubleshooter test. */
const produced = new Map();

/** A row's name in the tests: its code, and what tells two rows of one code apart. */
const rowName = (row) => (row.name ? `${row.code} (${row.name})` : row.code);

for (const row of ROWS) {
  test(`2. ${rowName(row)}: fails as predicted, and the fix signs the user in`, { timeout: TIMEOUT }, async () => {
    const { page, close } = await newPage(browser);
    try {
      await setUp(page, row);
      const shown = await findings(page);
      assert.ok(row.code in shown, `the page shows ${row.code} (${JSON.stringify(shown)})`);
      await saved(page);

      const failed = await attempt(row.step);
      assert.ok(matches(failed, row.fails), `fails with ${JSON.stringify(row.fails)}: ${JSON.stringify(failed)}`);
      const said = row.said === undefined ? [failed.text] : [row.said?.(failed)].flat();
      // The page's "Test from the Wiki.js server" command, run where the wiki runs, says why.
      const probe = await lab.runInWiki(await probeCommand(page));
      assert.match(probe.output, row.probe ?? REACHABLE, `the probe (exit ${probe.code}) says: ${probe.output}`);
      produced.set(rowName(row), { said, form: shown });

      if (row.fix === 'page') {
        assert.ok(await hasFix(page, row.code), `${row.code} offers a one-click fix`);
        await clickFix(page, row.code);
      } else {
        if (row.fix.form) await fillForm(page, typeof row.fix.form === 'function' ? row.fix.form(lab) : row.fix.form);
        if (row.fix.kc) {
          lab.kc.configure({
            version: row.kc?.version, realm: row.kc?.realm, hostname: row.fix.kc.hostname?.(lab),
            client: clientExport(lab, row.kc?.client ? row.kc.client(lab) : {}),
          });
        }
        if (row.fix.trustCa) await lab.restartWiki({ trustCa: true });
      }
      if (row.fix === 'page' || row.fix.form) await saved(page);
    } finally {
      await close();
    }
    if (row.after === 'new-user') {
      const bob = await userSignIn(browser, lab, { user: lab.users[1] });
      assert.deepEqual([bob.login.kind, bob.login.user], ['signed-in', 'bob@partner.test'], `after the fix, a new user: ${JSON.stringify(bob.login)}`);
      const alice = await userSignIn(browser, lab);
      assert.equal(alice.login.kind, 'unauthorized', 'the user created before the fix keeps no readable group');
      return;
    }
    const after = await userSignIn(browser, lab, { logout: row.step === 'logout' });
    assert.deepEqual([after.login.kind, after.login.user], ['signed-in', 'alice@example.org'], `after the fix: ${JSON.stringify(after.login)}`);
    if (row.step === 'logout') assert.equal(after.logout.url, `${lab.site}/`, `after the fix, logout ends at the Site URL: ${JSON.stringify(after.logout)}`);
  });
}

// ---- 3. the troubleshooter, given what each row produced ----------------------------------

/** One configurator page for every troubleshooter row: each row types its own form. */
let shared = null;
async function troubleshooterPage() {
  if (!shared) {
    shared = await newPage(browser);
    lab.kc.configure({ client: clientExport(lab) });
    await seedWiki(lab);
    await openConfigurator(lab, shared.page);
  }
  return shared.page;
}
for (const row of ROWS.filter((r) => r.said !== null)) {
  test(`3. troubleshooter: the text of ${rowName(row)} names it`, { timeout: TIMEOUT }, async () => {
    const result = produced.get(rowName(row));
    assert.ok(result?.said.length && result.said.every(Boolean), `row 2 of ${row.code} produced its texts (${JSON.stringify(result)})`);
    const page = await troubleshooterPage();
    await fillForm(page, { ...cleanForm(lab), ...(typeof row.form === 'function' ? row.form(lab) : row.form) });
    for (const said of result.said) {
      const entries = await troubleshoot(page, said);
      assert.ok(entries.some((e) => e.code === row.code), `the troubleshooter names ${row.code} for ${JSON.stringify(said)}: ${JSON.stringify(entries)}`);
    }
  });
}
