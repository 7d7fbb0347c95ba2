#!/usr/bin/env node
// A stand-in for Wiki.js 2.5.314's `/graphql`, for tests only: graphql-js over the schema
// subset in schema.graphql, with Wiki.js's resolvers, JWT handling and Apollo Server 2's
// HTTP behaviour (status codes, error shapes), checked against the contract recordings by
// conformance.test.mjs. It also serves a static directory (the built configurator) on the
// same origin, as the wiki's reverse proxy would, and a test-only control API under
// /__test/ (seed, faults, tokens, state).
//
//   node tests/standin/wikijs/server.mjs --port 0 --static dist
//
// prints `listening on http://127.0.0.1:<port>` once ready. Loopback only.

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, execute, parse, validate } from 'graphql';

import { Tokens, RateLimiter, authenticate } from './auth.mjs';
import { freshState, loadDefinitions, seed } from './state.mjs';
import { attachResolvers, makeResolvers } from './resolvers.mjs';
import { staticFiles } from '../../static.mjs';
import { WIKI_SDL, withWikiResolvers, wikiRoute } from './wiki.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SDL = readFileSync(join(here, 'schema.graphql'), 'utf8');
const BODY_LIMIT = 5 * 1024 * 1024; // bodyParserLimit: 5mb in data.yml


/** The fault switches a test can set with POST /__test/fault. The hostile ones (see
 *  hostileAnswer and rewrite) answer what a broken proxy or a wrong server could. */
const FAULTS = new Set([
  'delay', 'hold', 'status500', 'html', 'drop', 'malformed', 'forbidden', 'no-user',
  'huge', 'deep', 'wrong-type', 'extra-fields', 'html-error', 'html-result', 'new-jwt', 'echo',
]);
/** Hostile faults that rewrite the real answer: the request runs first (a post lands). */
const REWRITES = new Set(['wrong-type', 'extra-fields', 'new-jwt']);

/**
 * Start a stand-in. Options: port (0 = any), host, staticDir, definitionsFile, and `routes`:
 * an optional `async (req, res, url, world) => handled` that sees every request other than
 * /graphql and /__test/ first (extra Wiki.js routes, such as the sign-in lab's /login/…).
 * Resolves to {url, port, world, close()}.
 */
export async function startServer({ port = 0, host = '127.0.0.1', staticDir = null, definitionsFile, routes = null } = {}) {
  const world = {
    definitions: loadDefinitions(definitionsFile),
    state: freshState(),
    tokens: new Tokens(),
    limiter: new RateLimiter(),
    faults: [],
    log: [],
    /** Requests a `hold` fault keeps waiting, until POST /__test/release. */
    held: [],
  };
  const schema = buildSchema(SDL + WIKI_SDL);
  attachResolvers(schema, withWikiResolvers(makeResolvers(world), world), world);
  const files = staticDir ? staticFiles({ mounts: { '/': staticDir } }) : null;

  const server = createServer((req, res) => {
    route(req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `stand-in error: ${err.message}`);
      else res.destroy();
    });
  });

  async function route(req, res) {
    const url = new URL(req.url, 'http://stand-in');
    if (url.pathname === '/graphql') return graphql(req, res);
    // Assets, uploads, the theme's injection and wiki pages (wiki.mjs).
    if (await wikiRoute(req, res, url, world, readBody)) return;
    if (url.pathname.startsWith('/__test/')) return control(req, res, url.pathname.slice('/__test/'.length));
    if (routes && (await routes(req, res, url, world))) return undefined;
    if (files && (req.method === 'GET' || req.method === 'HEAD')) return files(req, res);
    return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  }

  async function graphql(req, res) {
    if (req.method !== 'POST') return send(res, 400, 'text/plain; charset=utf-8', 'GET query missing.');
    const raw = await readBody(req);
    const fault = takeFault(world, raw);
    const entry = { at: Date.now(), operation: operationOf(raw), contentType: req.headers['content-type'] ?? null, fault: fault?.kind ?? null };
    world.log.push(entry);
    if (fault?.kind === 'delay') await sleep(fault.ms ?? 20000);
    if (fault?.kind === 'hold') {
      entry.held = true;
      await new Promise((release) => world.held.push(release));
      entry.held = false;
    }
    if (fault?.kind === 'drop') return req.socket.destroy();
    if (fault?.kind === 'status500') return send(res, 500, 'text/plain; charset=utf-8', 'Internal Server Error');
    if (fault?.kind === 'html') {
      const page = '<!DOCTYPE html><html><head><title>Sign in - Access Proxy</title></head><body><h1>Please sign in</h1></body></html>';
      return send(res, fault.status ?? 200, 'text/html; charset=utf-8', page);
    }
    if (fault?.kind === 'malformed') return send(res, 200, 'application/json; charset=utf-8', '{"data":{"authentication":{"activeStrategies":[{"key":"local",');
    const hostile = fault ? hostileAnswer(fault, raw) : null;
    if (hostile) return sendHostile(res, hostile);

    // body-parser runs before authentication: a bad body never reaches it.
    if (raw === null) return graphError(res, 413, 'request entity too large');
    let body;
    if (isJsonType(req.headers['content-type'])) {
      try {
        body = raw.length ? JSON.parse(raw) : {};
      } catch (err) {
        return graphError(res, 400, err.message);
      }
    } else {
      body = {};
    }

    const auth = authenticate(req.headers, world.state, world.tokens);
    entry.auth = auth.carried;
    const headers = { 'Cache-Control': 'no-store' };
    if (auth.renewed) {
      entry.renewedTo = world.tokens.serialOf(auth.renewed);
      if (req.headers['content-type'] === 'application/json') headers['new-jwt'] = auth.renewed;
      else headers['Set-Cookie'] = `jwt=${auth.renewed}; Path=/; Expires=${new Date(Date.now() + 365 * 864e5).toUTCString()}`;
    }
    let user = auth.user;
    if (fault?.kind === 'forbidden') user = guestOf(world);
    if (fault?.kind === 'no-user') user = null;
    const context = { user, ip: req.socket.remoteAddress ?? '' };

    const batch = Array.isArray(body);
    const results = await Promise.all((batch ? body : [body]).map((one) => runOne(schema, one, context)));
    const status = batch ? 200 : results[0].status;
    entry.status = status;
    const payload = batch ? results.map((r) => r.body) : results[0].body;
    let text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    if (fault && REWRITES.has(fault.kind)) text = rewrite(fault, text, headers);
    if (fault?.kind === 'huge' && fault.json) return sendHostile(res, { status, ...huge(fault, text) });
    return send(res, status, typeof payload === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', text, headers);
  }

  async function control(req, res, action) {
    const input = req.method === 'POST' ? JSON.parse((await readBody(req)) || '{}') : {};
    switch (action) {
      case 'reset':
        release(world);
        world.state = freshState();
        world.faults = [];
        world.log = [];
        world.limiter = new RateLimiter();
        return json(res, { ok: true });
      case 'seed':
        seed(world.state, input);
        return json(res, { ok: true });
      case 'fault': {
        if (!FAULTS.has(input.kind)) return json(res, { error: `unknown fault ${input.kind}` }, 400);
        world.faults.push({ times: 1, ...input });
        return json(res, { ok: true });
      }
      case 'clear-faults':
        world.faults = [];
        return json(res, { ok: true });
      case 'release':
        // Let every request a `hold` fault keeps go on: {released: how many}.
        return json(res, { ok: true, released: release(world) });
      case 'token': {
        // {userId = 1, old = false, expiredSecondsAgo}: a token as Wiki.js would have issued it.
        const user = world.state.users.find((u) => u.id === (input.userId ?? 1));
        if (!user) return json(res, { error: 'no such user' }, 400);
        let issuedAt = Date.now();
        let lifetime;
        if (input.old) issuedAt = world.tokens.startedAt - 3600 * 1000;
        if (input.expiredSecondsAgo) {
          issuedAt = Date.now() - (1800 + input.expiredSecondsAgo) * 1000;
          lifetime = 1800;
        }
        const token = world.tokens.issue(user, world.state.groups, { issuedAt, lifetime });
        return json(res, { token, serial: world.tokens.serialOf(token) });
      }
      case 'restart':
        // Every token issued so far now counts as "issued before the server started".
        world.tokens.startedAt = Date.now();
        return json(res, { ok: true });
      case 'state':
        return json(res, { state: world.state, log: world.log, faults: world.faults });
      default:
        return json(res, { error: `unknown control ${action}` }, 404);
    }
  }

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const actual = server.address().port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    world,
    close: () =>
      new Promise((ok) => {
        release(world);
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

/** One GraphQL operation, the way Apollo Server 2 answers it: {status, body}. */
async function runOne(schema, request, context) {
  if (!request || typeof request !== 'object' || typeof request.query !== 'string' || !request.query) {
    return { status: 400, body: 'POST body missing, invalid Content-Type, or JSON object has no keys.' };
  }
  let document;
  try {
    document = parse(request.query);
  } catch (err) {
    return { status: 400, body: { errors: [format(err, 'GRAPHQL_PARSE_FAILED')] } };
  }
  const invalid = validate(schema, document);
  if (invalid.length) return { status: 400, body: { errors: invalid.map((e) => format(e, 'GRAPHQL_VALIDATION_FAILED')) } };
  const result = await execute({
    schema,
    document,
    variableValues: request.variables ?? undefined,
    operationName: request.operationName ?? undefined,
    contextValue: context,
  });
  if (!('data' in result) || result.data === undefined) {
    // Variables that do not coerce: no data at all, HTTP 400 (contract 38, 64).
    return { status: 400, body: { errors: (result.errors ?? []).map((e) => format(e, 'BAD_USER_INPUT')) } };
  }
  const body = {};
  if (result.errors?.length) body.errors = result.errors.map((e) => format(e, 'INTERNAL_SERVER_ERROR'));
  body.data = result.data;
  return { status: 200, body };
}

/** Apollo Server 2's error shape; `exception` holds what Apollo copies from the original
 *  error (its stack trace is what the recordings scrubbed). */
function format(error, code) {
  const out = { message: error.message };
  if (error.locations) out.locations = error.locations;
  if (error.path) out.path = error.path;
  const exposed = error.originalError?.exposed ?? error.exposed;
  out.extensions = { code, exception: exposed ? { ...exposed } : {} };
  return out;
}

/** Markup that must stay text wherever the page shows a backend's words. */
export const HOSTILE_HTML = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The answer of a hostile fault that replaces the request (it never runs), or null:
 *   huge {bytes = 10 MiB, json: false, chunked}: that many bytes of text (`json`: see huge());
 *   deep {depth = 100000}: activeStrategies nested `depth` arrays deep;
 *   html-error: errors[].message and path with markup in them;
 *   html-result: updateStrategies refused, with markup in slug and message;
 *   echo: an error quoting the request from its last `clientSecret` on (a post's secret).
 */
function hostileAnswer(fault, raw) {
  switch (fault.kind) {
    case 'echo':
      return { status: 200, type: JSON_TYPE, text: JSON.stringify({ errors: [{ message: `Cannot process ${raw.slice(raw.lastIndexOf('clientSecret'))}` }], data: null }) };
    case 'huge':
      if (fault.json) return null; // pads the real answer instead
      return { status: 200, type: 'text/plain; charset=utf-8', text: 'A'.repeat(fault.bytes ?? 10 * 1024 * 1024), chunked: fault.chunked };
    case 'deep': {
      // Built as text: JSON.stringify would overflow Node's stack on the way.
      const n = fault.depth ?? 100_000;
      return { status: 200, type: JSON_TYPE, text: `{"data":{"authentication":{"activeStrategies":${'['.repeat(n)}${']'.repeat(n)}}}}` };
    }
    case 'html-error':
      return {
        status: 200,
        type: JSON_TYPE,
        text: JSON.stringify({ errors: [{ message: HOSTILE_HTML, path: ['authentication', '<i>x</i>'] }], data: { authentication: null } }),
      };
    case 'html-result': {
      const responseResult = { succeeded: false, errorCode: 1, slug: '<script>window.__pwned=3</script>', message: HOSTILE_HTML };
      return { status: 200, type: JSON_TYPE, text: JSON.stringify({ data: { authentication: { updateStrategies: { responseResult } } } }) };
    }
    default:
      return null;
  }
}

/** The real answer padded to `bytes` with a field nobody asked for: valid JSON, 10 MiB. */
function huge(fault, text) {
  const target = fault.bytes ?? 10 * 1024 * 1024;
  const head = `${text.slice(0, -1)},"padding":"`;
  return { type: JSON_TYPE, text: `${head}${'x'.repeat(Math.max(0, target - head.length - 2))}"}`, chunked: fault.chunked };
}

/**
 * The real answer, rewritten:
 *   wrong-type {path, value}: the value at `path` (dots, from the body's root: `data.…`) replaced;
 *   extra-fields: an unknown key in every object, inside config and prop JSON texts too;
 *   new-jwt {value}: the answer unchanged, with `new-jwt: value`.
 */
function rewrite(fault, text, headers) {
  if (fault.kind === 'new-jwt') {
    headers['new-jwt'] = fault.value;
    return text;
  }
  const body = JSON.parse(text);
  if (fault.kind === 'wrong-type') {
    const parts = fault.path.split('.');
    const last = parts.pop();
    const parent = parts.reduce((at, part) => (at && typeof at === 'object' ? at[part] : undefined), body);
    if (parent && typeof parent === 'object') parent[last] = fault.value;
  }
  if (fault.kind === 'extra-fields') addUnknownFields(body);
  return JSON.stringify(body);
}

/** Wiki.js 2.6 or a plugin might add fields: a tolerant client ignores them, and never sends them back. */
function addUnknownFields(value) {
  if (Array.isArray(value)) return value.forEach(addUnknownFields);
  if (!value || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    // Config values and prop metadata are JSON objects inside strings.
    if (key === 'value' && typeof inner === 'string' && inner.startsWith('{')) {
      const meta = JSON.parse(inner);
      meta.unknownMeta = { deep: [1, { x: true }] };
      value[key] = JSON.stringify(meta);
    } else {
      addUnknownFields(inner);
    }
  }
  value.unknownField = { nested: [1, 'two', { three: null }] };
}

function sendHostile(res, { status, type, text, chunked }) {
  if (!chunked) return send(res, status, type, text);
  // No Content-Length: the client only learns the size by reading.
  res.writeHead(status, { 'Content-Type': type });
  for (let i = 0; i < text.length; i += 1 << 20) res.write(text.slice(i, i + (1 << 20)));
  res.end();
}

/** Wiki.js's error handler for /graphql (server/master.js): body-parser failures. */
function graphError(res, status, message) {
  return send(res, status, 'application/json; charset=utf-8', JSON.stringify({ data: {}, errors: [{ message, path: [] }] }));
}

function guestOf(world) {
  const guest = world.state.users.find((u) => u.id === 2);
  const permissions = new Set();
  for (const g of world.state.groups.filter((g) => guest.groups.includes(g.id))) for (const p of g.permissions) permissions.add(p);
  return { id: 2, email: guest.email, name: guest.name, permissions: [...permissions], groups: [...guest.groups] };
}

/** The first fault whose `match` (a substring of the raw body) fits, used up by one request. */
function takeFault(world, raw) {
  // `skip: n` lets n matching requests through first (a save's read-back is its second
  // read of the same query).
  const index = world.faults.findIndex((f) => {
    if (f.match && !(raw ?? '').includes(f.match)) return false;
    if (f.skip > 0) {
      f.skip -= 1;
      return false;
    }
    return true;
  });
  if (index < 0) return null;
  const fault = world.faults[index];
  fault.times -= 1;
  if (fault.times <= 0) world.faults.splice(index, 1);
  return fault;
}

/** What the log keeps of a request: its operation's first words, never its variables. */
function operationOf(raw) {
  try {
    const query = JSON.parse(raw)?.query;
    if (typeof query === 'string') return query.replace(/\s+/g, ' ').slice(0, 60);
  } catch {
    // a malformed body: nothing to name
  }
  return null;
}

function isJsonType(type) {
  const base = (type ?? '').split(';')[0].trim().toLowerCase();
  return base === 'application/json' || (base.startsWith('application/') && base.endsWith('+json'));
}

function readBody(req) {
  return new Promise((ok, fail) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > BODY_LIMIT) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => ok(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

function send(res, status, type, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function json(res, value, status = 200) {
  return send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** Let the requests that `hold` faults keep go on; how many there were. */
function release(world) {
  const held = world.held.splice(0);
  for (const go of held) go();
  return held.length;
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// CLI: node server.mjs --port 0 --static dist [--definitions FILE]
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  };
  const started = await startServer({
    port: Number(option('port', '0')),
    staticDir: option('static', null),
    definitionsFile: option('definitions', undefined),
  });
  console.log(`listening on ${started.url}`);
  const stop = () => started.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

