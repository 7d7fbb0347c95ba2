// The lab itself, without the page: each Keycloak behaviour the lab models (from
// ../shared/facts/keycloak-client.md and keycloak.md) and each Wiki.js user rule (from
// ../shared/facts/wikijs-2.5.md), met by a real sign-in through @exlinc/keycloak-passport
// running in its own network namespace. One row per behaviour: what is stored, what the lab's
// Keycloak holds, what the user meets.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startLab } from './lab.mjs';
import { KEY, clientExport, kcPage, storedConfig, seedWiki, signInOut, wikiError } from './flow.mjs';

let lab;
before(async () => {
  lab = await startLab();
});
after(async () => {
  await lab?.close();
});

const SIGNED_IN = { kind: 'signed-in', user: 'alice@example.org' };

/**
 * name, kc: the lab Keycloak's options (client: extra export fields), stored: (lab) → the
 * stored props' base URLs, strategy: the strategy row's other fields, trustCa, user,
 * consent: the answer on Keycloak's grant page, login: the outcome, logout: the logout
 * outcome ('site' = back at the Site URL), again: the outcome of a second sign-in.
 */
const ROWS = [
  { name: 'clean, Keycloak 26: signed in, logout back at the Site URL', stored: (l) => ({ front: l.https() }), login: SIGNED_IN, logout: 'site' },
  { name: 'clean, Keycloak 16 under /auth with the legacy logout', kc: { version: 16, client: (l) => ({ redirectUris: [`${l.site}/login/${KEY_CB}`, l.site] }) },
    stored: (l) => ({ front: `${l.https()}/auth`, legacyLogout: true }), login: SIGNED_IN, logout: 'site' },
  { name: 'localhost from the wiki\'s server: ECONNREFUSED', stored: (l) => ({ front: l.https('localhost') }), login: wikiError('Failed to obtain access token') },
  { name: 'internal name, issuer not pinned: the userinfo call is refused (no message)', stored: (l) => ({ front: l.https('localhost'), back: l.https('keycloak') }), login: wikiError(''),
    events: /Invalid token issuer\. Expected 'https:\/\/keycloak:\d+\/realms\/wiki'","description":"Token verification failed"/ },
  { name: 'internal name, issuer not pinned, Keycloak 8: the older answer names the issuers', kc: { version: 8 }, stored: (l) => ({ front: `${l.https('localhost')}/auth`, back: `${l.https('keycloak')}/auth` }), login: wikiError(''),
    events: /"description":"Token invalid: Invalid token issuer\. Expected 'https:\/\/keycloak:\d+\/auth\/realms\/wiki', but was 'https:\/\/localhost:\d+\/auth\/realms\/wiki'"/ },
  { name: 'internal name, hostname pinned: signed in', kc: { hostname: (l) => l.https('localhost') }, stored: (l) => ({ front: l.https('localhost'), back: l.https('keycloak') }), login: SIGNED_IN },
  { name: '/auth on Keycloak 26', stored: (l) => ({ front: `${l.https()}/auth` }), login: kcPage('Page not found') },
  { name: 'legacy logout on Keycloak 24', kc: { version: 24 }, stored: (l) => ({ front: l.https(), legacyLogout: true }), login: SIGNED_IN, logout: kcPage('Invalid parameter: redirect_uri') },
  { name: 'legacy logout on Keycloak 26: ignored, the confirmation page, no way back', stored: (l) => ({ front: l.https(), legacyLogout: true }), login: SIGNED_IN,
    logout: { kind: 'keycloak-logout', text: 'Do you want to log out?' } },
  { name: 'modern logout on Keycloak 16: no way back', kc: { version: 16 }, stored: (l) => ({ front: `${l.https()}/auth` }), login: SIGNED_IN,
    logout: { kind: 'keycloak-logout', text: 'You are logged out' } },
  { name: 'self-registration off', strategy: { selfRegistration: false }, stored: (l) => ({ front: l.https() }), login: wikiError('You are not authorized to login.') },
  { name: 'a user pre-created with this provider signs in without self-registration', strategy: { selfRegistration: false }, precreate: true, stored: (l) => ({ front: l.https() }), login: SIGNED_IN },
  { name: 'domain whitelist without the user\'s domain', strategy: { domainWhitelist: ['@example.org'] }, stored: (l) => ({ front: l.https() }),
    login: wikiError('You are not authorized to register. Your domain is not whitelisted.') },
  { name: 'domain whitelist with the domain', strategy: { domainWhitelist: ['example.org'] }, stored: (l) => ({ front: l.https() }), login: SIGNED_IN },
  { name: 'no auto-enroll group: signed in, every page refused', strategy: { autoEnrollGroups: [] }, stored: (l) => ({ front: l.https() }), login: { kind: 'unauthorized', user: 'alice@example.org' } },
  { name: 'a group without read: signed in, every page refused', strategy: { autoEnrollGroups: [4] }, stored: (l) => ({ front: l.https() }), login: { kind: 'unauthorized', user: 'alice@example.org' } },
  { name: 'wrong secret on Keycloak 26', stored: (l) => ({ front: l.https(), secret: 'short-secret' }), login: wikiError('Invalid client or Invalid client credentials') },
  { name: 'wrong secret on Keycloak 19', kc: { version: 19 }, stored: (l) => ({ front: l.https(), secret: 'short-secret' }), login: wikiError('Invalid client secret') },
  { name: 'http with sslRequired=all', kc: { realm: { sslRequired: 'all' } }, stored: (l) => ({ front: l.http() }), login: kcPage('HTTPS required') },
  { name: 'http with sslRequired=external from the lab\'s private addresses', stored: (l) => ({ front: l.http() }), login: SIGNED_IN },
  { name: 'private CA not trusted by the wiki\'s server', trustCa: false, stored: (l) => ({ front: l.https() }), login: wikiError('Failed to obtain access token') },
  { name: 'client without the profile scope', kc: { client: () => ({ defaultClientScopes: ['email'] }) }, stored: (l) => ({ front: l.https() }), login: wikiError('Invalid scopes: openid profile email') },
  { name: 'callback not registered', kc: { client: (l) => ({ redirectUris: [`${l.site}/login/keycloak/callback`] }) }, stored: (l) => ({ front: l.https() }), login: kcPage('Invalid parameter: redirect_uri') },
  { name: 'a wildcard covers the callback', kc: { client: (l) => ({ redirectUris: [`${l.site}/*`] }) }, stored: (l) => ({ front: l.https() }), login: SIGNED_IN, logout: 'site' },
  { name: 'PKCE required', kc: { client: () => ({ attributes: { 'pkce.code.challenge.method': 'S256' } }) }, stored: (l) => ({ front: l.https() }), login: wikiError('Missing parameter: code_challenge_method') },
  { name: 'standard flow off', kc: { client: () => ({ standardFlowEnabled: false }) }, stored: (l) => ({ front: l.https() }),
    login: wikiError('Client is not allowed to initiate browser login with given response_type. Standard flow is disabled for the client.') },
  { name: 'consent required: Keycloak\'s grant page after the login', kc: { client: () => ({ consentRequired: true }) }, stored: (l) => ({ front: l.https() }),
    login: { kind: 'keycloak-consent', text: 'Grant Access to wikijs' } },
  { name: 'consent required, granted: signed in, and the next sign-in asks no more', kc: { client: () => ({ consentRequired: true }) }, stored: (l) => ({ front: l.https() }),
    consent: 'yes', login: SIGNED_IN, again: SIGNED_IN },
  { name: 'consent required, denied: access_denied, Wiki.js\'s login failure', kc: { client: () => ({ consentRequired: true, name: 'Company wiki' }) }, stored: (l) => ({ front: l.https() }),
    consent: 'no', login: wikiError('Invalid email / username or password.'), events: /"error":"rejected_by_user".*"description":"Consent denied\."/ },
  { name: 'post-logout URI not registered', kc: { client: () => ({ attributes: { 'post.logout.redirect.uris': '+' } }) }, stored: (l) => ({ front: l.https() }), login: SIGNED_IN, logout: kcPage('Invalid redirect uri') },
];
const KEY_CB = `${KEY}/callback`;

for (const row of ROWS) {
  test(row.name, { timeout: 30_000 }, async () => {
    const result = await runRow(lab, row);
    assert.deepEqual(pick(result.login, row.login), row.login, `login: ${JSON.stringify(result.login)}`);
    if (row.logout === 'site') {
      assert.equal(result.logout?.kind, 'signed-in', `logout: ${JSON.stringify(result.logout)}`);
      assert.equal(result.logout.url, `${lab.site}/`, 'back at the Site URL');
      assert.equal(result.logout.user, 'guest@example.com', 'signed out of the wiki');
    } else if (row.logout) {
      assert.deepEqual(pick(result.logout, row.logout), row.logout, `logout: ${JSON.stringify(result.logout)}`);
      assert.notEqual(new URL(result.logout.url).host, new URL(lab.site).host, 'not back at the wiki');
    }
    if (row.again) {
      const again = await signInOut(lab);
      assert.deepEqual(pick(again.login, row.again), row.again, `second sign-in: ${JSON.stringify(again.login)}`);
    }
    if (row.events) assert.match(JSON.stringify(lab.kc.events), row.events, 'Keycloak\'s event names the cause');
  });
}

/** Set up the lab as the row says and run the sign-in (and logout). */
export async function runRow(l, row) {
  const kc = row.kc ?? {};
  l.kc.configure({
    ...kc,
    hostname: typeof kc.hostname === 'function' ? kc.hostname(l) : kc.hostname,
    client: clientExport(l, kc.client ? kc.client(l) : {}),
  });
  const trust = row.trustCa ?? true;
  if (l.trustsCa !== trust) await l.startWiki({ trustCa: trust });
  await seedWiki(l, { config: storedConfig(row.stored(l)), ...(row.strategy ?? {}) });
  if (row.precreate) await l.control('seed', { users: [{ id: 10, email: 'alice@example.org', name: 'Alice', providerKey: KEY, groups: [3] }] });
  try {
    return await signInOut(l, { logout: Boolean(row.logout), consent: row.consent });
  } finally {
    if (!trust) await l.startWiki({ trustCa: true });
  }
}

const pick = (value, like) => Object.fromEntries(Object.keys(like).map((k) => [k, value?.[k]]));
