// The Keycloak side, proven by real sign-ins in Chromium (see docs/lab.md): one
// row per kc-* finding that predicts a sign-in or logout failure the lab models.
//   - the export as Keycloak wrote it (the mistake in it) is pasted into the page's "Keycloak
//     client export (JSON)": the page shows the row's finding (its data-code);
//   - the lab's Keycloak is configured from that same export, and a real sign-in (or logout)
//     through the configuration the page saved fails with Keycloak's text (keycloak-client.md);
//   - the fix: the lab's Keycloak is configured from the page's corrected client JSON (read
//     from the page, the form's secret included as the admin ticks it), or the form is fixed
//     where the finding says so (the secret, the Client ID, https), or the realm setting the
//     finding names; the same sign-in (and logout) succeeds, and the page no longer shows it.
// These tests fail, never skip: no Chromium, root or build is a failure.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { KEY, CLIENT_ID, clientExport, cleanForm, kcPage, seedWiki, wikiError } from './flow.mjs';
import { useLab, newPage, openConfigurator, fillForm, save, userSignIn } from './browser.mjs';

let lab;
let browser;
useLab((l, b) => {
  lab = l;
  browser = b;
});

const TIMEOUT = 60_000;
const BOX = 'textarea[name="keycloak-export"]';
const CORRECTED = 'details[data-export="corrected client JSON"]';
/** A secret of another client, as Keycloak generates them (32 characters). */
const OTHER_SECRET = 'Other0client0secret0in0Keycloak9';


const SIGNED_IN = { kind: 'signed-in', user: 'alice@example.org' };
const matches = (outcome, like) => Object.keys(like).every((k) => (like[k] instanceof RegExp ? like[k].test(outcome?.[k] ?? '') : outcome?.[k] === like[k]));

/** The client export (the lab's clean one with `extra` over it), `attributes` merged. */
const client = (extra = {}) => (l) => {
  const base = clientExport(l);
  return { ...base, ...extra, attributes: { ...base.attributes, ...(extra.attributes ?? {}) } };
};
/** A realm export (Partial export, with clients) holding the lab's client. */
const realm = (fields) => (l) => ({ realm: 'wiki', enabled: true, sslRequired: 'external', ...fields, clients: [clientExport(l)] });

/** The lab Keycloak's options from an export: a realm export's realm part and its client. */
function fromExport(exported, clientOverride) {
  if (Array.isArray(exported.clients)) {
    const { clients, ...realmPart } = exported;
    return { realm: realmPart, client: clientOverride ?? clients.find((c) => c.clientId === CLIENT_ID) ?? clients[0] };
  }
  return { client: clientOverride ?? exported };
}

/** Paste `text` into the export box (from an empty one) and wait for the page to read it. */
async function paste(page, text) {
  await page.$eval(BOX, (e) => e.closest('details')?.setAttribute('open', ''));
  if (await page.locator('[data-action="clear-export"]').count()) {
    await page.click('[data-action="clear-export"]');
    await page.waitForSelector('[data-action="clear-export"]', { state: 'detached' });
  }
  await page.fill(BOX, text);
  await page.waitForSelector('[data-action="clear-export"]');
}

/** The codes of the export's findings the page lists. */
const exportCodes = (page) => page.$$eval('[data-export-findings] [data-code]', (els) => els.map((e) => e.dataset.code));

/** The page's corrected client JSON for Import client, with the form's secret (ticked). */
async function correctedClientJson(page) {
  if (!(await page.$eval(CORRECTED, (d) => d.open))) await page.click(`${CORRECTED} > summary`);
  await page.setChecked(`${CORRECTED} [name="export-include-secret"]`, true);
  await page.waitForFunction((sel) => {
    const text = document.querySelector(sel)?.textContent.trim() ?? '';
    return text.endsWith('}') && text.includes('"secret"');
  }, `${CORRECTED} pre code`);
  return JSON.parse(await page.$eval(`${CORRECTED} pre code`, (e) => e.textContent));
}

async function saved(page) {
  const outcome = await save(page);
  assert.equal(outcome.status, 'saved', `saved: ${outcome.message}`);
}

/**
 * code: the finding; export: (lab) → the export as Keycloak wrote it; kc: the lab Keycloak's
 * version (26 unless given); form: the form's changes; step: 'login' or 'logout'; meets: what users meet with the export as it is;
 * fix: 'json' (the lab's Keycloak from the page's corrected client JSON, `corrected`: fields
 * it must hold), {form} (the form
 * as the finding says), or {realm} (the realm setting the finding names, on the same export).
 */
const ROWS = [
  { code: 'kc-redirect-uri-missing', export: (l) => client({ redirectUris: [`${l.site}/login/keycloak/callback`] })(l),
    meets: kcPage('Invalid parameter: redirect_uri'), fix: 'json' },
  { code: 'kc-scope-missing', export: client({ defaultClientScopes: ['web-origins', 'acr', 'roles', 'basic'], optionalClientScopes: ['address', 'phone'] }),
    meets: wikiError('Invalid scopes: openid profile email'), fix: 'json' },
  // A warning: the sign-in works, the secret is ignored (another client's does); the corrected
  // client is confidential again, so the secret the page writes into it must be the right one.
  { code: 'kc-public-client', export: client({ publicClient: true, secret: OTHER_SECRET }), meets: SIGNED_IN, fix: 'json', corrected: { publicClient: false } },
  { code: 'kc-client-authenticator', name: 'Signed JWT', export: client({ clientAuthenticatorType: 'client-jwt' }),
    meets: wikiError('Parameter client_assertion_type is missing'), fix: 'json' },
  { code: 'kc-client-authenticator', name: 'client_secret_basic only', export: client({ attributes: { 'client.secret.authentication.allowed.method': 'client_secret_basic' } }),
    meets: wikiError("Invalid method used to get client secret. Client requires method 'client_secret_basic' to obtain client secret from the request"), fix: 'json' },
  { code: 'kc-pkce-required', export: client({ attributes: { 'pkce.code.challenge.method': 'S256' } }),
    meets: wikiError('Missing parameter: code_challenge_method'), fix: 'json' },
  { code: 'kc-standard-flow-off', export: client({ standardFlowEnabled: false }),
    meets: wikiError('Client is not allowed to initiate browser login with given response_type. Standard flow is disabled for the client.'), fix: 'json' },
  { code: 'kc-client-disabled', export: client({ enabled: false }), meets: kcPage('Client disabled.'), fix: 'json' },
  { code: 'kc-bearer-only', export: client({ bearerOnly: true }), meets: kcPage('Bearer-only applications are not allowed to initiate browser login'), fix: 'json' },
  { code: 'kc-wrong-protocol', export: client({ protocol: 'saml' }), meets: kcPage('Wrong client protocol.'), fix: 'json' },
  { code: 'kc-secret-mismatch', export: client({ secret: OTHER_SECRET }),
    meets: wikiError('Invalid client or Invalid client credentials'), fix: { form: { 'client-secret': OTHER_SECRET } } },
  // The attribute unset: the post-logout list is the redirect URIs (the callback only).
  { code: 'kc-post-logout-uri-missing', export: (l) => { const c = clientExport(l); delete c.attributes['post.logout.redirect.uris']; return c; },
    step: 'logout', meets: kcPage('Invalid redirect uri'), fix: 'json' },
  // The legacy logout on Keycloak 16: the Site URL, sent as redirect_uri, must be a redirect URI.
  { code: 'kc-post-logout-uri-missing', name: 'legacy logout, Keycloak 16', kc: { version: 16 },
    form: (l) => ({ host: `${l.https()}/auth`, 'logout-legacy-redirect': true }), export: client(),
    step: 'logout', meets: kcPage('Invalid redirect uri'), fix: 'json' },
  { code: 'kc-client-id-mismatch', export: client({ clientId: 'wiki-portal' }), meets: kcPage('Client not found.'), fix: { form: { 'client-id': 'wiki-portal' } } },
  // sslRequired=external would let the lab's loopback and link-local callers through.
  { code: 'kc-realm-ssl-required', export: realm({ sslRequired: 'all' }), form: (l) => ({ host: l.http() }),
    meets: kcPage('HTTPS required'), fix: { form: (l) => ({ host: l.https() }) } },
  // Keycloak answers an unknown realm with JSON, not a page (keycloak.md §1).
  { code: 'kc-realm-mismatch', export: realm({ realm: 'corp' }), meets: { kind: 'other', text: /Realm does not exist/ }, fix: { form: { realm: 'corp' } } },
  { code: 'kc-realm-disabled', export: realm({ enabled: false }), meets: kcPage('Realm not enabled'), fix: { realm: { enabled: true } } },
  // Keycloak sends the browser's login form to the realm's Frontend URL: here a name the
  // users' browsers cannot resolve. The fix the finding names: clear it.
  { code: 'kc-realm-frontend-url', export: (l) => realm({ attributes: { frontendUrl: l.https('sso-front.lab') } })(l),
    meets: { kind: 'unreachable', text: 'net::ERR_NAME_NOT_RESOLVED' }, fix: { realm: { attributes: {} } } },
  // An info: nothing fails, but every user meets the grant page on the first sign-in.
  { code: 'kc-consent-required', export: client({ consentRequired: true }), meets: { kind: 'keycloak-consent', text: 'Grant Access to wikijs' },
    fix: 'json', corrected: { consentRequired: false } },
  // Not rows: the warnings and infos that predict no failure
  // (kc-redirect-uri-broad, kc-secret-masked, kc-export-unreadable).
];

/** A sign-in (and with 'logout', the logout after it): the outcome of the row's step. */
async function attempt(step) {
  const result = await userSignIn(browser, lab, { logout: step === 'logout' });
  if (step === 'logout') {
    assert.equal(result.login.kind, 'signed-in', `the sign-in before the logout: ${JSON.stringify(result.login)}`);
    return result.logout;
  }
  return result.login;
}

/** The one helper: the row's export pasted, fails in the lab as the finding says, the fix signs in. */
async function provesKeycloakSide(row) {
  const exported = row.export(lab);
  const kc = { ...fromExport(exported), version: row.kc?.version };
  lab.kc.configure(kc);
  if (!lab.trustsCa) await lab.startWiki({ trustCa: true });
  await seedWiki(lab);
  const { page, close } = await newPage(browser);
  try {
    await openConfigurator(lab, page);
    await fillForm(page, { ...cleanForm(lab), ...(typeof row.form === 'function' ? row.form(lab) : row.form ?? {}) });
    await paste(page, JSON.stringify(exported, null, 2));
    await page.waitForSelector(`[data-export-findings] [data-code="${row.code}"]`).catch(() => {});
    const shown = await exportCodes(page);
    assert.ok(shown.includes(row.code), `the page shows ${row.code} for the export (${JSON.stringify(shown)})`);
    await saved(page); // kc-* findings never block Save

    const failed = await attempt(row.step);
    assert.ok(matches(failed, row.meets), `with the export as it is, users meet ${JSON.stringify(row.meets)}: ${JSON.stringify(failed)}`);

    if (row.fix === 'json') {
      const corrected = await correctedClientJson(page);
      assert.equal(corrected.clientId, CLIENT_ID);
      for (const [k, v] of Object.entries(row.corrected ?? {})) assert.deepEqual(corrected[k], v, `the corrected client's ${k}`);
      lab.kc.configure({ ...kc, client: corrected });
      // The corrected client, pasted back, no longer raises the finding.
      await paste(page, JSON.stringify(corrected, null, 2));
    } else if (row.fix.form) {
      await fillForm(page, typeof row.fix.form === 'function' ? row.fix.form(lab) : row.fix.form);
      await saved(page);
    } else if (row.fix.realm) {
      lab.kc.configure(fromExport({ ...exported, ...row.fix.realm }));
      await paste(page, JSON.stringify({ ...exported, ...row.fix.realm }, null, 2));
    }
    await page.waitForFunction((code) => !document.querySelector(`[data-export-findings] [data-code="${code}"]`), row.code).catch(() => {});
    const left = await exportCodes(page);
    assert.ok(!left.includes(row.code), `after the fix the page no longer shows ${row.code} (${JSON.stringify(left)})`);
  } finally {
    await close();
  }
  const fixed = await userSignIn(browser, lab, { logout: row.step === 'logout' });
  assert.deepEqual([fixed.login.kind, fixed.login.user], ['signed-in', 'alice@example.org'], `after the fix: ${JSON.stringify(fixed.login)}`);
  if (row.step === 'logout') assert.equal(fixed.logout?.url, `${lab.site}/`, `after the fix, logout ends at the Site URL: ${JSON.stringify(fixed.logout)}`);
}

for (const row of ROWS) {
  const fix = row.fix === 'json' ? "the page's corrected client JSON" : row.fix.form ? 'the form fixed' : 'the realm fixed';
  test(`${row.code}${row.name ? ` (${row.name})` : ''}: the export shows it, ${row.step ?? 'the sign-in'} meets ${row.meets.text instanceof RegExp ? String(row.meets.text) : JSON.stringify(row.meets.text ?? row.meets.kind)}, ${fix} signs in`,
    { timeout: TIMEOUT }, () => provesKeycloakSide(row));
}
