// One sign-in (and logout) through the lab without the page: the strategy stored as Wiki.js
// would hold it, the lab's Keycloak configured from a client export, a user agent that
// resolves names as the lab's browser does. Shared by the Node-only suite and `make lab`.

import { readFileSync } from 'node:fs';

import { Agent } from './agent.mjs';
import { classify } from './outcome.mjs';

export const KEY = '5e1a7b00-1ab0-4c0d-8e1f-000000000016';
export const CLIENT_ID = 'wikijs';
/** A secret as Keycloak generates them (32 characters). */
export const SECRET = 'Lab0secret0from0Keycloak0abcdef1';
/** The wiki's groups besides Administrators and Guests. */
export const GROUPS = [
  { id: 3, name: 'Readers' },
  // Wiki.js's defaults for a new group minus every page rule: it cannot read any page.
  { id: 4, name: 'No pages', pageRules: [] },
];

/** A client export as Keycloak writes it for the wiki's callback (and `extra` over it). */
export function clientExport(lab, extra = {}, key = KEY) {
  return {
    clientId: CLIENT_ID,
    enabled: true,
    publicClient: false,
    clientAuthenticatorType: 'client-secret',
    secret: SECRET,
    standardFlowEnabled: true,
    redirectUris: [`${lab.site}/login/${key}/callback`],
    attributes: { 'post.logout.redirect.uris': lab.site },
    defaultClientScopes: ['web-origins', 'acr', 'profile', 'roles', 'basic', 'email'],
    ...extra,
  };
}

/** The stored props of a Keycloak strategy whose browser URLs use `front`, server calls `back`. */
export function storedConfig({ front, back = front, realm = 'wiki', secret = SECRET, logoutUpstream = true, legacyLogout = false }) {
  const oidc = (base) => `${base}/realms/${realm}/protocol/openid-connect`;
  return {
    host: front,
    realm,
    clientId: CLIENT_ID,
    clientSecret: secret,
    authorizationURL: `${oidc(front)}/auth`,
    tokenURL: `${oidc(back)}/token`,
    userInfoURL: `${oidc(back)}/userinfo`,
    logoutUpstream,
    logoutURL: `${oidc(front)}/logout`,
    logoutUpstreamRedirectLegacy: legacyLogout,
  };
}

/** Reset the wiki to a fresh one with the lab's groups and Site URL (and `strategy`, stored). */
export async function seedWiki(lab, strategy) {
  await lab.control('reset');
  await lab.control('seed', {
    site: { host: lab.site },
    groups: GROUPS,
    strategies: strategy
      ? [{ key: KEY, strategyKey: 'keycloak', displayName: 'Keycloak', selfRegistration: true, autoEnrollGroups: [3], ...strategy }]
      : [],
  });
}

export function agentFor(lab) {
  return new Agent({ names: { 'sso.lab': lab.ns.outer, 'wiki.lab': lab.ns.inner }, ca: readFileSync(lab.ca.caFile) });
}

/**
 * Sign `user` in through /login/{key}, then (with `logout`) out through /logout, confirming
 * Keycloak's logout page when it asks. `consent`: 'yes' or 'no' on Keycloak's grant page
 * (without it the grant page is the outcome). {login, logout} outcomes (see outcome.mjs).
 */
export async function signInOut(lab, { user = lab.users[0], logout = false, key = KEY, consent } = {}) {
  const agent = agentFor(lab);
  let page = await agent.go(`${lab.site}/login/${key}`);
  if (classify(page.url, page.body).kind === 'keycloak-login') page = await agent.signIn(page, user.username, user.password);
  if (consent && classify(page.url, page.body).kind === 'keycloak-consent') page = await agent.consent(page, consent === 'yes');
  const login = classify(page.url, page.body);
  if (!logout || login.kind !== 'signed-in') return { login };
  page = await agent.go(`${lab.site}/logout`);
  // Keycloak skips its confirmation for a valid id_token_hint (a script submits it in a browser).
  if (/op\.logoutForm/.test(page.body) && /\/logout\?.*id_token_hint=/.test(page.url)) page = await agent.confirmLogout(page);
  return { login, logout: classify(page.url, page.body) };
}

/** The clean form for the lab, as an admin fills the empty one (`host`: which address). */
export const cleanForm = (l, host = l.https()) => ({
  host, realm: 'wiki', 'client-id': CLIENT_ID, 'client-secret': SECRET, 'internal-base-url': '',
  'self-registration': true, 'domain-whitelist': '', groups: [3], 'logout-upstream': true, 'logout-legacy-redirect': false,
});

/** What users meet: the wiki's error page with `text`, or Keycloak's own page with it. */
export const wikiError = (text) => ({ kind: 'wiki-error', text });
export const kcPage = (text) => ({ kind: 'keycloak-page', text });
