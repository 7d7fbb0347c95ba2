#!/usr/bin/env node
// The sign-in side as Wiki.js 2.5.314 runs it, mounted on the stand-in Wiki.js
// (tests/standin/wikijs/server.mjs) through its `routes` option: the real
// `@exlinc/keycloak-passport` 1.0.2 on `passport` 0.4.1 and `passport-oauth2` 1.8.0, built
// from the strategy the configurator saved (its stored props and the Site URL), with Wiki.js's
// routes and user handling from ../shared/facts/wikijs-2.5.md (§1.2 init/verify/processProfile/
// logout, §4 routes and error page, "The sign-in flow, observed end to end"):
//   GET  /login/{key}            → 302 to the authorization URL (scope openid profile email)
//   GET|POST /login/{key}/callback → token + userinfo from THIS process, processProfile,
//                                  `jwt` cookie, 302 to the group's redirect or /
//   GET  /logout                 → the Keycloak module's logout() URL
//   GET  /_wkc/…                 → the built configurator (relative URLs), same origin
//   GET  anything else           → a wiki page, shown only if checkAccess(read:pages) allows
// Errors render Wiki.js's error page: "Oops, something went wrong..." and err.message.
//
// Run as a process where the Wiki.js server would run (the lab starts it in its own network
// namespace): node tests/lab/wiki.mjs --port 3000 --host 0.0.0.0 --static dist

import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from '../standin/wikijs/server.mjs';
import { staticFiles } from '../static.mjs';

const require = createRequire(import.meta.url);
const { Passport } = require('passport');
const KeycloakStrategy = require('@exlinc/keycloak-passport');

/** WIKI.Error texts (server/helpers/error.js) the flow can meet. */
const ERR = {
  providerInvalid: 'Invalid authentication provider.',
  loginFailed: 'Invalid email / username or password.',
  domain: 'You are not authorized to register. Your domain is not whitelisted.',
  notAuthorized: 'You are not authorized to login.',
  email: 'Missing or invalid email address from profile.',
  banned: 'Your account has been disabled.',
};
const SCOPES = ['openid', 'profile', 'email']; // definition.yml `scopes` (v2.5.291+)

/** The routes, for startServer's `routes` option. */
export function wikiRoutes({ staticDir = null } = {}) {
  const sessions = new Map();
  const files = staticDir ? staticFiles({ mounts: { '/_wkc/': staticDir } }) : null;
  return async (req, res, url, world) => {
    const path = url.pathname;
    req.query = Object.fromEntries(url.searchParams);
    req.cookies = parseCookies(req.headers.cookie);
    attachSession(req, res, sessions);
    addResponseHelpers(res);
    let m;
    try {
      if ((m = path.match(/^\/login\/([^/]+)\/callback$/)) && (req.method === 'GET' || req.method === 'POST')) {
        req.params = { strategy: decodeURIComponent(m[1]) };
        return await callback(req, res, world);
      }
      if ((m = path.match(/^\/login\/([^/]+)$/))) {
        req.params = { strategy: decodeURIComponent(m[1]) };
        await login(req, res, world);
        return true;
      }
      if (path === '/logout') return logout(req, res, world);
      if (path === '/__lab/state') return labState(req, res, world);
      if (files && path.startsWith('/_wkc/') && (req.method === 'GET' || req.method === 'HEAD')) {
        await files(req, res);
        return true;
      }
      if (req.method === 'GET' && !path.startsWith('/_wkc')) return viewPage(req, res, world, path);
    } catch (err) {
      errorPage(res, err);
      return true;
    }
    return false;
  };
}

/** The whole state, read (GET) or replaced (POST): the lab keeps it across a restart. */
async function labState(req, res, world) {
  if (req.method === 'POST') {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    world.state = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  }
  const text = JSON.stringify(world.state);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
  return true;
}

/** WIKI.models.users.login() for a non-form strategy: passport.authenticate with a callback. */
function login(req, res, world) {
  const key = req.params.strategy;
  const passport = activate(world, key);
  if (!passport) throw new Error(ERR.providerInvalid);
  return new Promise((ok, fail) => {
    passport.authenticate(key, { session: true, scope: SCOPES }, (err, user) => {
      if (err) return fail(err);
      if (!user) return fail(new Error(ERR.loginFailed));
      return ok(user);
    })(req, res, () => {});
    // The first leg ends in a redirect to Keycloak, which never calls back.
    res.on('finish', () => ok(null));
  });
}

async function callback(req, res, world) {
  let user;
  try {
    user = await login(req, res, world);
  } catch (err) {
    errorPage(res, err);
    return true;
  }
  if (!user || res.headersSent) return true;
  // afterLoginChecks (TFA and password change skipped for non-form strategies) → refreshToken.
  const jwt = world.tokens.issue(user, world.state.groups);
  const secure = world.state.site.host.startsWith('https') ? '; Secure' : '';
  res.setHeader('Set-Cookie', [...cookiesOut(res), `jwt=${jwt}; Path=/; Expires=${new Date(Date.now() + 365 * 864e5).toUTCString()}${secure}`]);
  const target = world.state.groups.find((g) => user.groups.includes(g.id) && g.redirectOnLogin && g.redirectOnLogin !== '/');
  res.redirect(target?.redirectOnLogin ?? '/');
  return true;
}

/** activateStrategies() for one strategy, then the Keycloak module's init(passport, conf). */
function activate(world, key) {
  const row = world.state.strategies.find((s) => s.key === key);
  if (!row || row.strategyKey !== 'keycloak' || !row.isEnabled) return null;
  const conf = { ...row.config, callbackURL: `${world.state.site.host}/login/${row.key}/callback`, key: row.key };
  const passport = new Passport();
  try {
    passport.use(conf.key, new KeycloakStrategy({
      authorizationURL: conf.authorizationURL,
      userInfoURL: conf.userInfoURL,
      tokenURL: conf.tokenURL,
      host: conf.host,
      realm: conf.realm,
      clientID: conf.clientId,
      clientSecret: conf.clientSecret,
      callbackURL: conf.callbackURL,
      passReqToCallback: true,
    }, async (req, accessToken, refreshToken, results, profile, cb) => {
      let displayName = profile.username;
      if (typeof profile.fullName === 'string' && profile.fullName.length > 0) displayName = profile.fullName;
      try {
        const user = processProfile(world, row, { id: profile.keycloakId, email: profile.email, name: displayName, picture: '' });
        req.session.keycloak_id_token = results.id_token;
        cb(null, user);
      } catch (err) {
        cb(err, null);
      }
    }));
  } catch (err) {
    // "Authentication Strategy Keycloak (<key>): [ FAILED ]": the strategy is not loaded.
    process.stderr.write(`Authentication Strategy ${row.displayName} (${row.key}): [ FAILED ] ${err.message}\n`);
    return null;
  }
  return passport;
}

/** WIKI.models.users.processProfile, on the stand-in's user rows. */
function processProfile(world, strategy, profile) {
  const users = world.state.users;
  const providerKey = strategy.key;
  let user = users.find((u) => u.providerKey === providerKey && u.providerId === String(profile.id));
  if (!(typeof profile.email === 'string' && profile.email.length > 5)) throw new Error(ERR.email);
  const email = profile.email.toLowerCase();
  if (!user) {
    user = users.find((u) => u.email === email && (u.providerId ?? null) === null && u.providerKey === providerKey);
    if (user) user.providerId = String(profile.id);
  }
  const name = typeof profile.name === 'string' && profile.name.length > 0 ? profile.name : email.split('@')[0];
  if (user) {
    if (user.isActive === false) throw new Error(ERR.banned);
    if (user.isSystem) throw new Error('This is a system reserved account and cannot be used.');
    Object.assign(user, { email, name });
    return user;
  }
  if (strategy.selfRegistration) {
    const whitelist = strategy.domainWhitelist?.v ?? [];
    if (whitelist.length > 0 && !whitelist.includes(email.split('@').pop())) throw new Error(ERR.domain);
    const created = {
      id: Math.max(...users.map((u) => u.id)) + 1,
      email, name, providerKey, providerId: String(profile.id), password: null,
      groups: [...(strategy.autoEnrollGroups?.v ?? [])],
      isSystem: false, isActive: true, createdAt: new Date().toISOString(),
    };
    users.push(created);
    return created;
  }
  throw new Error(ERR.notAuthorized);
}

/** GET /logout: users.logout() → the Keycloak module's logout(conf, context). */
function logout(req, res, world) {
  const me = whoIs(req, world);
  let target = '/';
  if (me && me.id !== 2) {
    const row = world.state.users.find((u) => u.id === me.id);
    const strategy = world.state.strategies.find((s) => s.key === row?.providerKey);
    if (strategy?.strategyKey === 'keycloak') target = keycloakLogout(strategy.config, req, world.state.site.host);
  }
  res.setHeader('Set-Cookie', [...cookiesOut(res), 'jwt=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
  res.redirect(target);
  return true;
}

function keycloakLogout(conf, req, host) {
  if (!conf.logoutUpstream) return '/';
  if (!(conf.logoutURL && conf.logoutURL.length > 5)) return '/';
  const idToken = req.session.keycloak_id_token;
  const redirURL = encodeURIComponent(host);
  if (conf.logoutUpstreamRedirectLegacy) return `${conf.logoutURL}?redirect_uri=${redirURL}`;
  if (idToken) return `${conf.logoutURL}?post_logout_redirect_uri=${redirURL}&id_token_hint=${idToken}`;
  return conf.logoutURL;
}

/** A wiki page: WIKI.auth.checkAccess(user, ['read:pages'], {path, locale}). */
function viewPage(req, res, world, pathname) {
  const me = whoIs(req, world) ?? guestOf(world);
  const path = decodeURIComponent(pathname).replace(/^\/+/, '') || 'home';
  if (!checkAccess(me, ['read:pages'], { path, locale: 'en' }, world.state.groups)) {
    if (me.id === 2) return res.redirect('/login'), true;
    sendHtml(res, 403, `<h1 data-lab="unauthorized">Unauthorized</h1><p>You cannot view this page.</p><p data-lab="user">${escape(me.email)}</p>`);
    return true;
  }
  sendHtml(res, 200, `<h1 data-lab="page">${escape(path)}</h1><p>Signed in as <span data-lab="user">${escape(me.email)}</span></p>`);
  return true;
}

/** server/core/auth.js checkAccess: global permission, then the groups' page rules. */
export function checkAccess(user, permissions, page, groups) {
  if (user.permissions.includes('manage:system')) return true;
  if (!user.permissions.some((p) => permissions.includes(p))) return false;
  let state = { deny: false, match: false, specificity: '' };
  for (const id of user.groups) {
    for (const rule of groups.find((g) => g.id === id)?.pageRules ?? []) {
      if (rule.locales?.length && !rule.locales.includes(page.locale)) continue;
      if (!rule.roles.some((r) => permissions.includes(r))) continue;
      const hit = (rule.match === 'START' && `/${page.path}`.startsWith(`/${rule.path}`))
        || (rule.match === 'EXACT' && page.path === rule.path)
        || (rule.match === 'END' && page.path.endsWith(rule.path))
        || (rule.match === 'REGEX' && new RegExp(rule.path).test(page.path));
      if (!hit) continue;
      state = applySpecificity(rule, state, HIGHER[rule.match] ?? []);
    }
  }
  return state.match && !state.deny;
}

/** Which match types a rule of each type must not override at equal specificity. */
const HIGHER = { START: ['END', 'REGEX', 'EXACT', 'TAG'], END: ['REGEX', 'EXACT', 'TAG'], REGEX: ['EXACT', 'TAG'], EXACT: [] };

/** WIKI.auth._applyPageRuleSpecificity. */
function applySpecificity(rule, state, higherPriority) {
  if (rule.path.length === state.specificity.length) {
    if (higherPriority.includes(state.match)) return state;
    if (state.match === rule.match && state.deny && !rule.deny) return state;
  } else if (rule.path.length < state.specificity.length) {
    return state;
  }
  return { deny: rule.deny, match: rule.match, specificity: rule.path };
}

function whoIs(req, world) {
  const token = req.cookies.jwt;
  const payload = token ? world.tokens.verify(token) : null;
  return payload && !payload.expired ? payload : null;
}

function guestOf(world) {
  const guest = world.state.users.find((u) => u.id === 2);
  const permissions = world.state.groups.filter((g) => guest.groups.includes(g.id)).flatMap((g) => g.permissions);
  return { id: 2, email: guest.email, permissions, groups: guest.groups };
}

/** server/master.js's error handler rendering error.pug. */
function errorPage(res, err) {
  const message = err?.message ?? '';
  if (res.headersSent) return;
  sendHtml(res, err?.status || 500, `<h1 data-lab="error">Oops, something went wrong...</h1><p data-lab="error-message">${escape(message)}</p>`);
}

function attachSession(req, res, sessions) {
  let sid = req.cookies['connect.sid'];
  if (!sid || !sessions.has(sid)) {
    sid = randomBytes(16).toString('hex');
    sessions.set(sid, {});
    res.setHeader('Set-Cookie', [`connect.sid=${sid}; Path=/; HttpOnly`]);
  }
  req.session = sessions.get(sid);
}

function addResponseHelpers(res) {
  res.redirect = (location) => {
    res.statusCode = 302;
    res.setHeader('Location', location);
    res.setHeader('Content-Length', '0');
    res.end();
  };
}

function cookiesOut(res) {
  const current = res.getHeader('Set-Cookie');
  return current ? [].concat(current) : [];
}

function parseCookies(header = '') {
  return Object.fromEntries(header.split(';').map((p) => p.trim()).filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    return [p.slice(0, i), decodeURIComponent(p.slice(i + 1))];
  }));
}

function sendHtml(res, status, body) {
  const text = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Wiki.js (lab)</title></head><body>${body}</body></html>`;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const escape = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// CLI: node wiki.mjs --port 3000 --host 0.0.0.0 --static DIR
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  };
  const staticDir = option('static', null);
  const started = await startServer({
    port: Number(option('port', '3000')),
    host: option('host', '127.0.0.1'),
    routes: wikiRoutes({ staticDir }),
  });
  console.log(`listening on ${started.url}`);
  const stop = () => started.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
