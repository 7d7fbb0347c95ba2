// Keycloak's rules for a confidential OIDC client, as the lab's Keycloak applies them in front
// of oidc-provider. Written from ../shared/facts/keycloak-client.md (§1 client fields and
// defaults, §2 redirect URI matching, §3 scopes, §4 client authentication, §5 authorization
// endpoint, §6 logout, §7 realm settings) and ../shared/facts/keycloak.md (§1 paths, §3 logout
// per version, §6 issuer). Shares no code or tables with the project's Rust core: the lab
// must not test the core against itself.

/** The texts Keycloak answers with (messages_en.properties and the endpoints' JSON). */
export const TEXT = {
  httpsRequired: 'HTTPS required',
  realmNotEnabled: 'Realm not enabled',
  clientNotFound: 'Client not found.',
  clientDisabled: 'Client disabled.',
  bearerOnly: 'Bearer-only applications are not allowed to initiate browser login',
  wrongProtocol: 'Wrong client protocol.',
  invalidRedirectParam: 'Invalid parameter: redirect_uri',
  invalidRedirectUri: 'Invalid redirect uri',
  standardFlowDisabled:
    'Client is not allowed to initiate browser login with given response_type. Standard flow is disabled for the client.',
  pkceMissing: 'Missing parameter: code_challenge_method',
  invalidScopes: (scope) => `Invalid scopes: ${scope}`,
  invalidClientNew: 'Invalid client or Invalid client credentials',
  invalidSecretOld: 'Invalid client secret',
  tokenVerificationFailed: 'Token verification failed',
  missingIdTokenHint: 'Missing parameters: id_token_hint',
  invalidIdTokenHint: 'Invalid parameter: id_token_hint',
  logoutConfirm: 'Do you want to log out?',
  loggedOut: 'You are logged out',
  pageNotFound: 'Page not found',
  clientAssertionMissing: 'Parameter client_assertion_type is missing',
  incorrectRedirectUri: 'Incorrect redirect_uri',
  // login-oauth-grant: the client's name, else its client ID (§5).
  consentTitle: (client) => `Grant Access to ${client.name || client.clientId}`,
  consentRequest: 'Do you grant these access privileges?',
  consentScopes: { profile: 'User profile', email: 'Email address' },
};

/**
 * A client export (single client, or one entry of a realm export's `clients`) with Keycloak's
 * defaults for absent fields (§1): enabled and standard flow on, confidential, client-secret.
 */
export function clientFromExport(exported) {
  const c = typeof exported === 'string' ? JSON.parse(exported) : exported;
  return {
    clientId: c.clientId,
    name: c.name ?? '',
    enabled: c.enabled ?? true,
    consentRequired: c.consentRequired ?? false,
    publicClient: c.publicClient ?? false,
    bearerOnly: c.bearerOnly ?? false,
    standardFlowEnabled: c.standardFlowEnabled ?? true,
    protocol: c.protocol ?? 'openid-connect',
    clientAuthenticatorType: c.clientAuthenticatorType ?? 'client-secret',
    secret: c.secret ?? null,
    redirectUris: c.redirectUris ?? [],
    rootUrl: c.rootUrl ?? '',
    attributes: c.attributes ?? {},
    // Present keys replace the realm defaults (§1); absent: the realm's defaults, which
    // include profile and email.
    defaultClientScopes: c.defaultClientScopes ?? ['web-origins', 'acr', 'profile', 'roles', 'basic', 'email'],
    optionalClientScopes: c.optionalClientScopes ?? ['address', 'phone', 'offline_access', 'microprofile-jwt'],
  };
}

/** The realm's own part: sslRequired (default `external`), enabled, attributes.frontendUrl. */
export function realmFrom(realm = {}) {
  return {
    name: realm.realm ?? realm.name ?? 'wiki',
    enabled: realm.enabled ?? true,
    sslRequired: realm.sslRequired ?? 'external',
    frontendUrl: realm.attributes?.frontendUrl ?? realm.frontendUrl ?? '',
  };
}

/**
 * §2: does `incoming` match one of `entries`? Relative entries resolve against rootUrl, or,
 * when rootUrl is empty, against Keycloak's own origin (`ownOrigin`).
 */
export function redirectMatches(uri, entries, { rootUrl = '', ownOrigin }) {
  // Keycloak lower-cases the incoming URI's scheme and host before comparing (§2).
  const incoming = uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, (head) => head.toLowerCase());
  const resolved = entries.map((entry) => (entry.startsWith('/') ? `${rootUrl || ownOrigin}${entry}` : entry));
  if (matchAny(incoming, resolved)) return true;
  // Loopback http URIs: retried with port 80, so a port-less loopback entry matches any port.
  const portless = incoming.replace(/^(http:\/\/(?:localhost|127\.0\.0\.1|\[::1\])):\d+/i, '$1');
  if (portless !== incoming) return matchAny(portless, resolved);
  return false;
}

function matchAny(incoming, entries) {
  const withoutQuery = incoming.replace(/[?#].*$/, '');
  const userinfoOrDots = /^[a-z]+:\/\/[^/]*@/i.test(incoming) || /\/\.\.(\/|$)|%2e%2e/i.test(incoming);
  for (const entry of entries) {
    if (entry === '*') {
      if (/^https?:\/\//i.test(incoming)) return true;
      continue;
    }
    const wildcard = entry.endsWith('*') && !entry.includes('?') && !entry.includes('#');
    if (wildcard && !userinfoOrDots) {
      const prefix = entry.slice(0, -1);
      if (withoutQuery.startsWith(prefix)) return true;
      // `https://host/path/*` also matches `https://host/path`.
      if (prefix.endsWith('/') && withoutQuery === prefix.slice(0, -1)) return true;
    } else if (incoming === entry) {
      return true;
    }
  }
  return false;
}

/** §6: the post-logout list: unset → the redirect URIs; `-` first → none; `+` → plus them. */
export function postLogoutUris(client) {
  const raw = client.attributes['post.logout.redirect.uris'];
  // Empty as unset: keycloak.md §3 (confirmed on 26), where keycloak-client.md §6 infers none.
  if (raw === undefined || raw === null || raw === '') return client.redirectUris;
  const list = String(raw).split('##');
  if (list[0] === '-') return [];
  if (list.includes('+')) return [...list.filter((u) => u !== '+'), ...client.redirectUris];
  return list;
}

/** §3: the requested scopes other than `openid` must each be assigned to the client. */
export function scopeAllowed(scope, client) {
  const assigned = new Set([...client.defaultClientScopes, ...client.optionalClientScopes]);
  return String(scope ?? '')
    .split(' ')
    .filter((s) => s && s !== 'openid')
    .every((s) => assigned.has(s));
}

/**
 * §7: is `address` local for sslRequired=external on Keycloak `version`? Loopback and
 * site-local always; link-local and IPv6 unique-local from 25 (the release that added them:
 * before, `isLocal` was any-local, loopback or site-local only).
 */
export function isLocalAddress(address, version = 26) {
  const a = String(address ?? '').replace(/^::ffff:/, '');
  if (a === '::1') return true;
  if (/^f[cd][0-9a-f]{2}:/i.test(a) || /^fe80:/i.test(a)) return version >= 25;
  const m = a.match(/^(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (!m) return false;
  const [x, y] = [Number(m[1]), Number(m[2])];
  if (x === 169 && y === 254) return version >= 25;
  return x === 127 || x === 10 || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168);
}

/** §7: does this request fail the realm's SSL requirement? */
export function sslRefused(realm, { secure, remoteAddress }, version = 26) {
  if (secure) return false;
  if (realm.sslRequired === 'all') return true;
  if (realm.sslRequired === 'external') return !isLocalAddress(remoteAddress, version);
  return false;
}

/** §4: what the token endpoint says about a client_secret_post request, or null when it passes. */
export function tokenClientCheck(client, { clientId, clientSecret }, version) {
  const modern = version >= 20;
  if (!client || client.clientId !== clientId || !client.enabled) {
    return modern
      ? { status: 401, error: 'invalid_client', description: TEXT.invalidClientNew }
      : { status: 400, error: 'invalid_client', description: 'Invalid client credentials' };
  }
  if (client.publicClient) return null; // the secret is not checked
  if (client.clientAuthenticatorType === 'client-jwt' || client.clientAuthenticatorType === 'client-secret-jwt') {
    return { status: 400, error: 'invalid_client', description: TEXT.clientAssertionMissing };
  }
  // Any other (client-x509, a custom one) fails a secret in the body too (§1); its text is
  // not in the facts, so no rule of the page's reads this one.
  if (client.clientAuthenticatorType !== 'client-secret') {
    return { status: 401, error: 'invalid_client', description: 'Client authentication failed (lab: the authenticator is not client-secret)' };
  }
  // The attribute came with 26.5/26.6 (§4): the lab's 26 is that current release.
  if (version >= 26 && client.attributes['client.secret.authentication.allowed.method'] === 'client_secret_basic') {
    return {
      status: 401,
      error: 'unauthorized_client',
      description:
        "Invalid method used to get client secret. Client requires method 'client_secret_basic' to obtain client secret from the request",
    };
  }
  if (!clientSecret) {
    return { status: 401, error: 'unauthorized_client', description: modern ? TEXT.invalidClientNew : 'Client secret not provided in request' };
  }
  if (clientSecret !== client.secret) {
    return { status: 401, error: 'unauthorized_client', description: modern ? TEXT.invalidClientNew : TEXT.invalidSecretOld };
  }
  return null;
}

/** keycloak.md §1: the relative path: `/auth` before 17 (WildFly), none from 17 unless set. */
export function relativePathOf({ version, relativePath }) {
  if (relativePath !== undefined) return relativePath;
  return version < 17 ? '/auth' : '';
}

/**
 * keycloak.md §3: what the logout endpoint does with the legacy `redirect_uri` parameter:
 * 'accept' (≤17: realm-wide redirect URIs, immediate logout), 'refuse' (18–25: 400
 * "Invalid parameter: redirect_uri"), 'ignore' (26+: confirmation page, no redirect back).
 */
export function legacyLogoutRedirect(version) {
  if (version < 18) return 'accept';
  if (version < 26) return 'refuse';
  return 'ignore';
}

/** keycloak-client.md §7: the userinfo answer when the token's issuer differs. */
export function issuerMismatch(version, expected, was) {
  const detail = `Invalid token issuer. Expected '${expected}'`;
  // "Old releases" (§7): the short answer came with Keycloak 9 (keycloak#6618, Dec 2019).
  if (version >= 9) {
    return { status: 401, error: 'invalid_token', description: TEXT.tokenVerificationFailed, log: detail };
  }
  return { status: 401, error: 'invalid_token', description: `Token invalid: ${detail}, but was '${was}'`, log: detail };
}
