// The lab's Keycloak: oidc-provider (an OpenID Certified server) dressed as Keycloak, for the
// sign-in lab only. oidc-provider does the protocol (sessions, codes, tokens, id_token,
// userinfo, jwks, RP-initiated logout); every place where Keycloak behaves differently has
// Keycloak's check in front of it (keycloak-rules.mjs), answering with Keycloak's exact text.
//
// One server = one Keycloak version with one realm and one client, configured from a
// Keycloak client export JSON (`configure`). It listens on https (a certificate from the
// lab's private CA) and on http, on every address given (loopback and the lab's own veth
// address), on the same two ports.
//
// Paths (keycloak.md §1): {relativePath}/realms/{realm}/.well-known/openid-configuration and
// /protocol/openid-connect/{auth,token,userinfo,certs,logout}; relativePath is `/auth` before
// 17 (WildFly) and empty from 17 on (unless `relativePath` says otherwise). Anything else is
// Keycloak 17+'s "Page not found".

import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { AsyncLocalStorage } from 'node:async_hooks';
import { generateKeyPairSync } from 'node:crypto';
import './quiet.mjs';
import Provider from 'oidc-provider';

import {
  TEXT, clientFromExport, realmFrom, redirectMatches, postLogoutUris, scopeAllowed, sslRefused,
  tokenClientCheck, relativePathOf, legacyLogoutRedirect, issuerMismatch,
} from './keycloak-rules.mjs';

const SIGNING_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

/** The lab's test users (Keycloak's user list in the realm). */
export const USERS = [
  { username: 'alice', password: 'alice-lab-pass', email: 'alice@example.org', firstName: 'Alice', lastName: 'Lab' },
  { username: 'bob', password: 'bob-lab-pass', email: 'bob@partner.test', firstName: 'Bob', lastName: 'Partner' },
];

/**
 * Start the lab's Keycloak. `addresses`: where to listen (loopback, the veth end); `tls`:
 * {key, cert} from the lab CA. Resolves to {httpsPort, httpPort, configure(options), events,
 * close()}.
 */
export async function startLabKeycloak({ addresses = ['127.0.0.1'], tls }) {
  // consents: the users who granted the client access; awaitingConsent: interaction → user.
  const lab = {
    events: [], config: null, provider: null, issuers: new Map(), tokenIssuers: new Map(), consents: new Set(), awaitingConsent: new Map(),
  };
  const als = new AsyncLocalStorage();
  const handler = (secure) => (req, res) => {
    handle(lab, als, secure, req, res).catch((err) => {
      lab.events.push({ type: 'LAB_ERROR', error: String(err?.stack ?? err) });
      if (!res.headersSent) page(res, 500, `lab Keycloak error: ${err.message}`);
    });
  };
  const servers = [];
  let httpsPort = 0;
  let httpPort = 0;
  for (const address of addresses) {
    const s = createHttps({ key: tls.key, cert: tls.cert }, handler(true));
    await listen(s, httpsPort, address);
    httpsPort = s.address().port;
    const p = createHttp(handler(false));
    await listen(p, httpPort, address);
    httpPort = p.address().port;
    servers.push(s, p);
  }
  const kc = {
    httpsPort,
    httpPort,
    events: lab.events,
    /**
     * version (major, default 26), relativePath (default per version), hostname (a pinned
     * frontend base URL: KC_HOSTNAME), realm ({realm, enabled, sslRequired, attributes:
     * {frontendUrl}}), client (a Keycloak client export: object or JSON text), users.
     */
    configure(options) {
      const version = options.version ?? 26;
      const realm = realmFrom(options.realm);
      const client = clientFromExport(options.client);
      lab.config = {
        version,
        relativePath: relativePathOf({ version, relativePath: options.relativePath }),
        hostname: options.hostname?.replace(/\/$/, '') ?? '',
        realm,
        client,
        users: (options.users ?? USERS).map((u) => ({ ...u, sub: u.sub ?? subOf(u.username) })),
      };
      lab.events.length = 0;
      lab.issuers.clear();
      lab.tokenIssuers.clear();
      lab.consents.clear();
      lab.awaitingConsent.clear();
      lab.provider = makeProvider(lab, als);
      return kc;
    },
    close: () => Promise.all(servers.map((s) => new Promise((ok) => { s.closeAllConnections?.(); s.close(() => ok()); }))),
  };
  return kc;
}

const subOf = (username) => `0b6e${Buffer.from(username).toString('hex').padEnd(28, '0').slice(0, 28)}`.replace(
  /^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');

function listen(server, port, host) {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
}

/** The frontend base of a request (keycloak.md §6): pinned hostname, realm frontendUrl, or the request's own. */
function frontendBase(config, req, secure) {
  if (config.hostname) return config.hostname;
  if (config.realm.frontendUrl) return config.realm.frontendUrl.replace(/\/$/, '');
  return `${secure ? 'https' : 'http'}://${req.headers.host}${config.relativePath}`;
}
const issuerOf = (config, base) => `${base}/realms/${encodeURIComponent(config.realm.name)}`;

async function handle(lab, als, secure, req, res) {
  const config = lab.config;
  if (!config) return page(res, 503, 'the lab Keycloak is not configured');
  const url = new URL(req.url, 'http://kc');
  const realmsRoot = `${config.relativePath}/realms/`;
  if (!url.pathname.startsWith(realmsRoot)) return page(res, 404, TEXT.pageNotFound);
  const [realmSegment, ...restParts] = url.pathname.slice(realmsRoot.length).split('/');
  if (decodeURIComponent(realmSegment) !== config.realm.name) return json(res, 404, { error: 'Realm does not exist' });
  const rest = `/${restParts.join('/')}`;
  const remoteAddress = req.socket.remoteAddress;
  const base = frontendBase(config, req, secure);
  const ownOrigin = `${secure ? 'https' : 'http'}://${req.headers.host}`;
  const ctx = { issuer: issuerOf(config, base), prefix: `${config.relativePath}/realms/${realmSegment}` };
  const event = (type, error, detail = {}) => lab.events.push({ type, error, ...detail });
  const ssl = sslRefused(config.realm, { secure, remoteAddress }, config.version);
  const client = config.client;
  const q = url.searchParams;

  if (rest === '/.well-known/openid-configuration') {
    // keycloak.md §2: CORS for any Origin, echoed, only when the request has one.
    if (req.headers.origin) {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (ssl) return json(res, 403, { error: 'invalid_request', error_description: TEXT.httpsRequired });
    return json(res, 200, discovery(config, base, config.hostname ? base : `${ownOrigin}${config.relativePath}`));
  }

  if (rest === '/protocol/openid-connect/auth' && !restParts[3]) {
    if (ssl) return page(res, 400, TEXT.httpsRequired);
    if (!config.realm.enabled) return page(res, 400, TEXT.realmNotEnabled);
    const clientId = q.get('client_id');
    if (!clientId) return page(res, 400, 'Missing parameters: client_id');
    if (clientId !== client.clientId) {
      event('LOGIN_ERROR', 'client_not_found', { clientId });
      return page(res, 400, config.version >= 20 && config.version < 22 ? TEXT.invalidRedirectParam : TEXT.clientNotFound);
    }
    if (!client.enabled) return page(res, 400, TEXT.clientDisabled);
    if (client.bearerOnly) return page(res, 403, TEXT.bearerOnly);
    if (client.protocol !== 'openid-connect') return page(res, 400, TEXT.wrongProtocol);
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!redirectMatches(redirectUri, client.redirectUris, { rootUrl: client.rootUrl, ownOrigin: `${ownOrigin}` })) {
      event('LOGIN_ERROR', 'invalid_redirect_uri', { redirectUri, clientId });
      return page(res, 400, TEXT.invalidRedirectParam);
    }
    const back = (error, description) => {
      event('LOGIN_ERROR', error, { clientId, description });
      const target = new URL(redirectUri);
      target.searchParams.set('error', error);
      target.searchParams.set('error_description', description);
      if (config.version >= 23) target.searchParams.set('iss', ctx.issuer);
      return redirect(res, target.href);
    };
    if (q.get('response_type') !== 'code' || !client.standardFlowEnabled) return back('unauthorized_client', TEXT.standardFlowDisabled);
    if (!scopeAllowed(q.get('scope'), client)) return back('invalid_scope', TEXT.invalidScopes(q.get('scope')));
    if (client.attributes['pkce.code.challenge.method'] && !q.get('code_challenge_method')) return back('invalid_request', TEXT.pkceMissing);
    // oidc-provider refuses scopes it does not know: ask it only for what the lab models.
    q.set('scope', (q.get('scope') ?? '').split(' ').filter((s) => ['openid', 'profile', 'email'].includes(s)).join(' '));
    req.url = `${url.pathname}?${q}`;
    return toProvider(lab, als, req, res, rest, ctx);
  }

  if (rest === '/protocol/openid-connect/token') {
    if (ssl) return json(res, 403, { error: 'invalid_request', error_description: TEXT.httpsRequired });
    if (!config.realm.enabled) return json(res, 403, { error: 'access_denied', error_description: TEXT.realmNotEnabled });
    const raw = await readBody(req);
    const form = new URLSearchParams(raw.toString('utf8'));
    const refused = tokenClientCheck(client, { clientId: form.get('client_id'), clientSecret: form.get('client_secret') }, config.version);
    if (refused) {
      event('CODE_TO_TOKEN_ERROR', refused.error, { description: refused.description });
      return json(res, refused.status, { error: refused.error, error_description: refused.description });
    }
    if (!client.standardFlowEnabled) return json(res, 400, { error: 'invalid_grant', error_description: 'Client not allowed to exchange code' });
    // The rules above decided, as Keycloak does (a public client's secret is not checked):
    // oidc-provider behind them is handed the secret it was registered with.
    form.set('client_secret', registeredSecret(client));
    req.body = Buffer.from(form.toString());
    req.headers['content-length'] = String(req.body.length);
    ctx.code = form.get('code');
    ctx.issuer = lab.issuers.get(ctx.code) ?? ctx.issuer;
    return toProvider(lab, als, req, res, rest, ctx);
  }

  if (rest === '/protocol/openid-connect/userinfo') {
    if (ssl) return json(res, 403, { error: 'invalid_request', error_description: TEXT.httpsRequired });
    const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const minted = lab.tokenIssuers.get(token);
    if (minted && minted !== ctx.issuer) {
      const answer = issuerMismatch(config.version, ctx.issuer, minted);
      event('USER_INFO_REQUEST_ERROR', 'invalid_token', { reason: answer.log, description: answer.description });
      res.setHeader('WWW-Authenticate', `Bearer realm="${config.realm.name}", error="${answer.error}", error_description="${answer.description}"`);
      return json(res, answer.status, { error: answer.error, error_description: answer.description });
    }
    return toProvider(lab, als, req, res, rest, ctx);
  }

  if (rest === '/protocol/openid-connect/logout') {
    if (ssl) return page(res, 400, TEXT.httpsRequired);
    const legacy = q.get('redirect_uri');
    if (legacy !== null) {
      const rule = legacyLogoutRedirect(config.version);
      if (rule === 'refuse') {
        event('LOGOUT_ERROR', 'invalid_request', {
          log: "Parameter 'redirect_uri' no longer supported. Please use 'post_logout_redirect_uri' with 'id_token_hint' for this endpoint.",
        });
        return page(res, 400, TEXT.invalidRedirectParam);
      }
      if (rule === 'accept') {
        // ≤17: validated against every client's redirect URIs in the realm; immediate logout.
        if (!redirectMatches(legacy, client.redirectUris, { rootUrl: client.rootUrl, ownOrigin })) return page(res, 400, TEXT.invalidRedirectUri);
        endSessionCookies(res);
        event('LOGOUT', null, { redirectUri: legacy });
        return redirect(res, legacy);
      }
      q.delete('redirect_uri'); // 26+: the parameter no longer exists
    }
    const post = q.get('post_logout_redirect_uri');
    if (config.version < 18) {
      // Before 18 the endpoint knows only redirect_uri: logged out, and no way back.
      endSessionCookies(res);
      event('LOGOUT', null, {});
      return page(res, 200, TEXT.loggedOut, 'You are logged out');
    }
    if (post !== null) {
      if (!q.get('id_token_hint') && !q.get('client_id')) return page(res, 400, TEXT.missingIdTokenHint);
      if (!redirectMatches(post, postLogoutUris(client), { rootUrl: client.rootUrl, ownOrigin })) {
        event('LOGOUT_ERROR', 'invalid_redirect_uri', { redirectUri: post });
        return page(res, 400, TEXT.invalidRedirectUri);
      }
    }
    req.url = `${url.pathname}?${q}`;
    return toProvider(lab, als, req, res, rest, ctx);
  }

  if (rest.startsWith('/login-actions/authenticate/')) return loginPage(lab, req, res, rest, ctx);

  return toProvider(lab, als, req, res, rest, ctx);
}

/** The secret oidc-provider holds for the client: the export's, or a stand-in without one. */
const registeredSecret = (client) => client.secret || 'no-secret-in-export';

/** Hand the request to oidc-provider, mounted at the realm's prefix. */
function toProvider(lab, als, req, res, rest, ctx) {
  req.originalUrl = req.url;
  req.url = req.url.slice(ctx.prefix.length) || '/';
  return als.run(ctx, () => lab.provider.callback()(req, res));
}

function makeProvider(lab, als) {
  const { config } = lab;
  const client = config.client;
  const findUser = (sub) => config.users.find((u) => u.sub === sub);
  const anyUri = client.redirectUris.find((u) => /^https?:\/\/[^*]+$/.test(u)) ?? 'https://lab.invalid/callback';
  const provider = new Provider(issuerOf(config, config.hostname || 'https://lab-keycloak.invalid'), {
    clients: [{
      client_id: client.clientId,
      client_secret: registeredSecret(client),
      redirect_uris: [anyUri],
      post_logout_redirect_uris: [anyUri],
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }],
    jwks: { keys: [{ ...SIGNING_KEY, kid: 'lab-rs256', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['wkc-lab-cookie-key'] },
    pkce: { required: () => false },
    scopes: ['openid', 'profile', 'email'],
    claims: { openid: ['sub'], profile: ['name', 'given_name', 'family_name', 'preferred_username'], email: ['email', 'email_verified'] },
    routes: {
      authorization: '/protocol/openid-connect/auth',
      token: '/protocol/openid-connect/token',
      userinfo: '/protocol/openid-connect/userinfo',
      jwks: '/protocol/openid-connect/certs',
      end_session: '/protocol/openid-connect/logout',
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // Keycloak skips the confirmation when a valid id_token_hint comes along.
        logoutSource: async (ctx, form) => {
          const auto = ctx.oidc.params.id_token_hint ? '<script id="kc-logout-auto">document.forms[0].requestSubmit(document.getElementById("kc-logout"))</script>' : '';
          ctx.body = kcHtml('Logging out', `<p id="kc-logout-confirm">${TEXT.logoutConfirm}</p>${form}
            <button id="kc-logout" type="submit" form="op.logoutForm" name="logout" value="yes">Logout</button>${auto}`);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = kcHtml('You are logged out', `<p id="kc-info-message">${TEXT.loggedOut}</p>`);
        },
      },
    },
    interactions: {
      url: (ctx, interaction) => `${als.getStore()?.prefix ?? ''}/login-actions/authenticate/${interaction.uid}`,
    },
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
    findAccount: (ctx, sub) => {
      const user = findUser(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          name: [user.firstName, user.lastName].filter(Boolean).join(' ') || undefined,
          given_name: user.firstName,
          family_name: user.lastName,
          preferred_username: user.username,
          email: user.email,
          email_verified: true,
        }),
      };
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      const text = /id_token_hint/.test(out.error_description ?? '') ? TEXT.invalidIdTokenHint : out.error_description ?? out.error;
      ctx.body = kcHtml('We are sorry...', `<p id="kc-error-message">${escape(text)}</p>`);
    },
  });
  // Keycloak's redirect and post-logout checks ran in front (keycloak-rules.mjs).
  provider.Client.prototype.redirectUriAllowed = () => true;
  provider.Client.prototype.postLogoutRedirectUriAllowed = () => true;
  // The issuer the browser's frontend URL gave, kept with the code and then its access token.
  provider.on('authorization_code.saved', (code) => {
    const store = als.getStore();
    if (store) lab.issuers.set(code.jti, store.issuer);
  });
  provider.on('access_token.saved', (token) => {
    const store = als.getStore();
    if (store) lab.tokenIssuers.set(token.jti, store.issuer);
  });
  provider.on('server_error', (ctx, err) => lab.events.push({ type: 'LAB_ERROR', error: String(err?.stack ?? err) }));
  return provider;
}

/**
 * Keycloak's login page (the lab's interaction): username, password, "Sign In"; then, for a
 * client with consent required, the grant page until the user has granted it once (§5).
 */
async function loginPage(lab, req, res, rest, ctx) {
  const { provider, config } = lab;
  req.originalUrl = req.url;
  req.url = req.url.slice(ctx.prefix.length);
  const details = await provider.interactionDetails(req, res);
  // Keycloak writes its forms' actions at the frontend URL (keycloak.md §6): a pinned
  // hostname or the realm's Frontend URL sends the browser there, reachable or not.
  const action = `${ctx.issuer}${rest}`;
  const finish = (sub) => {
    lab.events.push({ type: 'LOGIN', error: null, userId: sub });
    return provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
  };
  let error = '';
  if (req.method === 'POST') {
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const granting = lab.awaitingConsent.get(details.uid);
    if (granting && (form.has('accept') || form.has('cancel'))) {
      lab.awaitingConsent.delete(details.uid);
      if (form.has('cancel')) {
        lab.events.push({ type: 'LOGIN_ERROR', error: 'rejected_by_user', userId: granting, description: 'Consent denied.' });
        return provider.interactionFinished(req, res, { error: 'access_denied' }, { mergeWithLastSubmission: false });
      }
      lab.consents.add(granting);
      return finish(granting);
    }
    const user = config.users.find((u) => u.username === form.get('username') && u.password === form.get('password'));
    if (user && config.client.consentRequired && !lab.consents.has(user.sub)) {
      lab.awaitingConsent.set(details.uid, user.sub);
      return consentPage(res, config.client, action, details.params.scope ?? '');
    }
    if (user) return finish(user.sub);
    lab.events.push({ type: 'LOGIN_ERROR', error: 'invalid_user_credentials' });
    error = '<p id="input-error" class="kc-feedback-text">Invalid username or password.</p>';
  }
  return send(res, 200, 'text/html; charset=utf-8', kcHtml('Sign in to your account', `${error}
    <form id="kc-form-login" method="post" action="${escape(action)}">
      <label for="username">Username or email</label><input id="username" name="username" autofocus>
      <label for="password">Password</label><input id="password" name="password" type="password">
      <input id="kc-login" type="submit" value="Sign In">
    </form><!-- ${escape(details.prompt.name)} -->`));
}

/** Keycloak's grant page: "Grant Access to …", what the scopes give, Yes and No. */
function consentPage(res, client, action, scope) {
  const scopes = scope.split(' ').map((s) => TEXT.consentScopes[s]).filter(Boolean);
  return send(res, 200, 'text/html; charset=utf-8', kcHtml(TEXT.consentTitle(client), `
    <form id="kc-oauth" method="post" action="${escape(action)}">
      <p id="kc-consent-request">${escape(TEXT.consentRequest)}</p>
      <ul>${scopes.map((s) => `<li>${escape(s)}</li>`).join('')}</ul>
      <input id="kc-login" type="submit" name="accept" value="Yes">
      <input id="kc-cancel" type="submit" name="cancel" value="No">
    </form>`));
}

/** Keycloak's discovery document: frontend URLs for the browser, backend for the server. */
function discovery(config, front, back) {
  const realm = `/realms/${encodeURIComponent(config.realm.name)}`;
  const oidc = `${realm}/protocol/openid-connect`;
  return {
    issuer: `${front}${realm}`,
    authorization_endpoint: `${front}${oidc}/auth`,
    token_endpoint: `${back}${oidc}/token`,
    userinfo_endpoint: `${back}${oidc}/userinfo`,
    end_session_endpoint: `${front}${oidc}/logout`,
    jwks_uri: `${back}${oidc}/certs`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    scopes_supported: ['openid', 'profile', 'email'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  };
}

/** Logged out: oidc-provider's session cookies are dropped. */
function endSessionCookies(res) {
  const gone = 'Expires=Thu, 01 Jan 1970 00:00:00 GMT';
  res.setHeader('Set-Cookie', ['_session', '_session.sig', '_session.legacy', '_session.legacy.sig'].map((n) => `${n}=; Path=/; ${gone}`));
}

function kcHtml(title, body) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body class="login-pf"><div id="kc-header">Keycloak (lab)</div><h1 id="kc-page-title">${escape(title)}</h1>${body}</body></html>`;
}

/** Keycloak's error page ("We are sorry...") with `message`. */
function page(res, status, message, title = 'We are sorry...') {
  return send(res, status, 'text/html; charset=utf-8', kcHtml(title, `<p id="kc-error-message" class="instruction">${escape(message)}</p>`));
}

function redirect(res, location) {
  res.writeHead(302, { Location: location, 'Content-Length': 0 });
  res.end();
}

function json(res, status, value) {
  return send(res, status, 'application/json', JSON.stringify(value));
}

function send(res, status, type, text) {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req) {
  return new Promise((ok, fail) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
