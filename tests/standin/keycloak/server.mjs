#!/usr/bin/env node
// A stand-in Keycloak for tests only: just what the configurator's live check can see from a
// browser, written from ../shared/facts/keycloak.md (§1 endpoint paths and layouts, §2 CORS,
// §7 errors). Node's http module, no dependencies. Loopback only.
//
// Each "instance" is one Keycloak server on its own ephemeral port:
//   - layout 'quarkus' (Keycloak 17+, realms under /realms) or 'legacy' (WildFly, /auth/realms);
//   - realms it holds (`master` always exists); a realm may be `sslRequired: 'all'`;
//   - `hostname`: a pinned frontend base (KC_HOSTNAME), so the issuer differs from the host the
//     request was sent to; without it the URLs follow the request's Host (hostname-strict=false);
//   - `delayMs`: realm requests answer only after this long (a slow server);
//   - `corsStar`: the WildFly-era literal `Access-Control-Allow-Origin: *`;
//   - `redirectTo`: not Keycloak but a proxy in front of another instance (by name), answering
//     every request with a 301 to the same path there, with CORS headers (as a proxy sending
//     http to https does when it adds them), so a browser follows it.
// Behaviour, as Keycloak's:
//   - GET {base}/realms/{realm}/.well-known/openid-configuration → 200 discovery JSON;
//     GET {base}/realms/{realm} → realm info JSON; …/protocol/openid-connect/certs → JWKS.
//     These carry CORS headers (Access-Control-Allow-Origin echoing the request's Origin and
//     Access-Control-Allow-Credentials: true) only when the request has an Origin header.
//   - An unknown realm → 404 {"error":"Realm does not exist"} WITHOUT CORS headers, so a
//     cross-origin page cannot read it (DefaultCors is never reached).
//   - A realm that requires https, asked over http → 403
//     {"error":"invalid_request","error_description":"HTTPS required"} WITH CORS headers.
//   - Any other path (the other layout's, say) → 404 without CORS headers.
// Every request is logged (method, path, headers, whether the client gave up), so tests can
// assert what the page sent: GETs only, no cookies, no Authorization, no secret.
//
//   node tests/standin/keycloak/server.mjs      # starts the default instances, prints their URLs

import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';

/** The instances the end-to-end suite uses (`slowMs` sets the slow one's delay). */
export function defaultInstances({ slowMs = 8_500 } = {}) {
  return [
    { name: 'quarkus', layout: 'quarkus', realms: { wiki: {}, secure: { sslRequired: 'all' } } },
    // WildFly-era Cors.java sent a literal `*` (fine for a fetch without credentials).
    { name: 'legacy', layout: 'legacy', realms: { wiki: {} }, corsStar: true },
    // KC_HOSTNAME=http://localhost:<port>: reachable, but not under the address typed.
    { name: 'pinned', layout: 'quarkus', realms: { wiki: {} }, hostname: (port) => `http://localhost:${port}` },
    { name: 'slow', layout: 'quarkus', realms: { wiki: {} }, delayMs: slowMs },
    // A broken proxy or another server under Keycloak's paths: see HOSTILE.
    { name: 'hostile', layout: 'quarkus', realms: Object.fromEntries(Object.keys(HOSTILE).map((kind) => [kind, { hostile: kind }])) },
    // A proxy that sends everything on to `quarkus` (http → https, or an old address).
    { name: 'redirecting', layout: 'quarkus', realms: {}, redirectTo: 'quarkus' },
  ];
}

/**
 * Start `instances` (see defaultInstances) on ephemeral loopback ports, plus one port with
 * nothing listening. Resolves to {instances: {name: {url, port, log, config}}, dead: {url, port}, close()}.
 */
export async function startKeycloak({ instances = defaultInstances() } = {}) {
  const started = {};
  const servers = [];
  for (const config of instances) {
    const log = [];
    const server = createServer((req, res) => handle(config, server.address().port, log, req, res, started));
    const sockets = new Set();
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await listen(server);
    const port = server.address().port;
    servers.push({ server, sockets });
    started[config.name] = { url: `http://${HOST}:${port}`, port, log, config };
  }
  const dead = await unusedPort();
  return {
    instances: started,
    dead: { url: `http://${HOST}:${dead}`, port: dead },
    async close() {
      await Promise.all(
        servers.map(({ server, sockets }) => {
          for (const socket of sockets) socket.destroy();
          return new Promise((done) => server.close(() => done()));
        }),
      );
    },
  };
}

function listen(server, port = 0) {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, HOST, () => ok());
  });
}

/** A port that was free a moment ago and has nothing listening now. */
async function unusedPort() {
  const probe = createServer();
  await listen(probe);
  const { port } = probe.address();
  await new Promise((done) => probe.close(() => done()));
  return port;
}

function handle(config, port, log, req, res, started) {
  const entry = { method: req.method, path: req.url, headers: { ...req.headers }, at: Date.now(), aborted: false };
  log.push(entry);
  // The client gave up (the page's timeout or a newer check aborted it) before the answer.
  res.on('close', () => {
    if (!res.writableFinished) entry.aborted = true;
  });
  const send = (status, type, body, { cors = false, headers = {} } = {}) => {
    if (res.destroyed) return;
    entry.status = status;
    const out = { 'Content-Type': type, 'Cache-Control': 'no-cache', ...headers };
    if (cors) Object.assign(out, corsHeaders(config, req));
    res.writeHead(status, out);
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const json = (status, body, options) => send(status, 'application/json', body, options);
  if (config.redirectTo) {
    return send(301, 'text/html', '', { cors: true, headers: { Location: `${started[config.redirectTo].url}${req.url}` } });
  }

  const url = new URL(req.url, `http://${req.headers.host ?? `${HOST}:${port}`}`);
  const prefix = config.layout === 'legacy' ? '/auth' : '';
  const realmsAt = `${prefix}/realms/`;
  if (!url.pathname.startsWith(realmsAt)) return notFound(config, url, send);

  const answer = () => {
    const [encoded, ...rest] = url.pathname.slice(realmsAt.length).split('/');
    let name;
    try {
      name = decodeURIComponent(encoded);
    } catch {
      return notFound(config, url, send);
    }
    const realm = name === 'master' ? config.realms.master ?? {} : config.realms[name];
    // RealmsResource looks the realm up first: NotFoundException, no CORS (facts §2).
    if (!realm) return json(404, { error: 'Realm does not exist' });
    const sub = rest.join('/');
    if (req.method === 'OPTIONS' && ['', '.well-known/openid-configuration', 'protocol/openid-connect/certs'].includes(sub)) {
      return send(200, 'text/plain', '', {
        cors: true,
        headers: { 'Access-Control-Allow-Methods': 'GET, OPTIONS', 'Access-Control-Max-Age': '3600' },
      });
    }
    if (req.method !== 'GET') return json(405, { error: 'HTTP 405 Method Not Allowed' });
    // checkSsl: this stand-in only speaks http, so `all` always refuses (facts §2, §7).
    if (realm.sslRequired === 'all') {
      return json(403, { error: 'invalid_request', error_description: 'HTTPS required' }, { cors: true });
    }
    const base = frontendBase(config, port, req);
    const backend = config.hostname ? base : `http://${req.headers.host}${prefix}`;
    const issuer = `${base}/realms/${encodeURIComponent(name)}`;
    const backendRealm = `${backend}/realms/${encodeURIComponent(name)}`;
    switch (sub) {
      case '.well-known/openid-configuration':
        if (realm.hostile) return send(200, 'application/json', HOSTILE[realm.hostile](discovery(issuer, backendRealm)), { cors: true });
        return json(200, discovery(issuer, backendRealm), { cors: true });
      case '':
        return json(
          200,
          {
            realm: name,
            public_key: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAstandin',
            'token-service': `${issuer}/protocol/openid-connect`,
            'account-service': `${issuer}/account`,
            'tokens-not-before': 0,
          },
          { cors: true },
        );
      case 'protocol/openid-connect/certs':
        return json(200, { keys: [] }, { cors: true });
      default:
        return notFound(config, url, send);
    }
  };
  if (config.delayMs) {
    const timer = setTimeout(answer, config.delayMs);
    res.on('close', () => clearTimeout(timer));
  } else {
    answer();
  }
}

/** Markup that must stay text wherever the page shows what Keycloak said. */
export const HOSTILE_HTML = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

/** A realm's hostile discovery answer, by the realm's `hostile` kind (CORS as usual). */
const HOSTILE = {
  // 10 MiB: a real document padded with a field nobody asked for.
  huge: (doc) => `${JSON.stringify(doc).slice(0, -1)},"padding":"${'x'.repeat(10 * 1024 * 1024)}"}`,
  types: () => JSON.stringify({ issuer: 42, authorization_endpoint: ['x'], token_endpoint: { a: 1 }, end_session_endpoint: null }),
  deep: () => `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  // The issuer right, the authorization endpoint markup.
  html: (doc) => JSON.stringify({ ...doc, authorization_endpoint: HOSTILE_HTML, unknown: { nested: [HOSTILE_HTML] } }),
};

/** DefaultCors with allow-all: headers only when the request has an Origin (`*` when old). */
function corsHeaders(config, req) {
  const origin = req.headers.origin;
  if (!origin) return {};
  const allow = config.corsStar ? '*' : origin;
  return { 'Access-Control-Allow-Origin': allow, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
}

/** The frontend base: the pinned hostname, or the request's own (hostname-strict=false). */
function frontendBase(config, port, req) {
  if (config.hostname) return typeof config.hostname === 'function' ? config.hostname(port) : config.hostname;
  return `http://${req.headers.host}${config.layout === 'legacy' ? '/auth' : ''}`;
}

/** Frontend URLs from the issuer, backend ones from the backend base (facts §1). */
function discovery(issuer, backendRealm) {
  const oidc = `${issuer}/protocol/openid-connect`;
  const backOidc = `${backendRealm}/protocol/openid-connect`;
  return {
    issuer,
    authorization_endpoint: `${oidc}/auth`,
    token_endpoint: `${backOidc}/token`,
    introspection_endpoint: `${backOidc}/token/introspect`,
    userinfo_endpoint: `${backOidc}/userinfo`,
    end_session_endpoint: `${oidc}/logout`,
    frontchannel_logout_session_supported: true,
    frontchannel_logout_supported: true,
    jwks_uri: `${backOidc}/certs`,
    check_session_iframe: `${oidc}/login-status-iframe.html`,
    grant_types_supported: ['authorization_code', 'implicit', 'refresh_token', 'password', 'client_credentials'],
    response_types_supported: ['code', 'none', 'id_token', 'token', 'id_token token', 'code id_token', 'code token', 'code id_token token'],
    subject_types_supported: ['public', 'pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile', 'email', 'roles', 'web-origins', 'acr', 'basic'],
    registration_endpoint: `${backendRealm}/clients-registrations/openid-connect`,
    revocation_endpoint: `${oidc}/revoke`,
    device_authorization_endpoint: `${oidc}/auth/device`,
    code_challenge_methods_supported: ['plain', 'S256'],
  };
}

/** Unknown paths: Quarkus's RESTEasy 404, or WildFly's Undertow page; never CORS headers. */
function notFound(config, url, send) {
  if (config.layout === 'legacy') {
    return send(404, 'text/html', '<html><head><title>Error</title></head><body>Not Found</body></html>');
  }
  return send(404, 'text/html;charset=UTF-8', `RESTEASY003210: Could not find resource for full path: ${url.href}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kc = await startKeycloak();
  for (const [name, instance] of Object.entries(kc.instances)) {
    const { layout, realms, hostname, delayMs } = instance.config;
    const notes = [`layout ${layout}`, `realms master, ${Object.keys(realms).join(', ')}`];
    if (hostname) notes.push(`issuer pinned to ${typeof hostname === 'function' ? hostname(instance.port) : hostname}`);
    if (delayMs) notes.push(`answers after ${delayMs} ms`);
    if (instance.config.redirectTo) notes.splice(0, notes.length, `301 to ${instance.config.redirectTo}`);
    console.log(`${name.padEnd(8)} ${instance.url}  (${notes.join('; ')})`);
  }
  console.log(`${'dead'.padEnd(8)} ${kc.dead.url}  (nothing listening)`);
  const stop = () => kc.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
