// The stand-in against the recordings: every request in ../shared/contracts/wikijs-2.5.314
// (read at run time, never copied) is replayed in order against one fresh stand-in, and
// each answer must match the recorded one: HTTP status, content type, whether a `new-jwt`
// header came back, and the body. Bodies are compared as compact JSON text, so key order
// counts too. Normalised on both sides, as the recordings scrubbed or could not fix them:
// JWTs (`<jwt>`), timestamps, and the seconds a rate limit asks to wait.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

import { startServer } from './server.mjs';
import { CONTRACTS } from './state.mjs';

/** How each recording authenticated, where it was not simply "the admin's token". */
const CALLERS = {
  '47-groups-list-garbage-bearer': 'garbage',
  '54-active-strategies-jwt-issued-before-restart': 'old',
};

const LOGIN = /authentication\s*\{\s*login\(/;

function normalise(text) {
  let value;
  try {
    value = JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
  return value
    .replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '<jwt>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<date>')
    .replace(/try again in \d+ seconds/g, 'try again in N seconds');
}

/**
 * Recording order: by number, except that a lettered update/read-back pair (32b, 33b) was
 * recorded after its plain pair (32, 33), so 32b sorts with 33 and after it.
 */
function recordingOrder(name) {
  const [, digits, letter] = /^(\d+)([a-z]?)-/.exec(name) ?? [null, '0', ''];
  const n = Number(digits);
  return [letter && n % 2 === 0 ? n + 1 : n, letter ? 1 : 0, n];
}

function byRecordingOrder(a, b) {
  const [x, y] = [recordingOrder(a), recordingOrder(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

const names = existsSync(CONTRACTS)
  ? readdirSync(CONTRACTS)
      .filter((f) => f.endsWith('.meta.json'))
      .map((f) => f.slice(0, -'.meta.json'.length))
      .sort(byRecordingOrder)
  : [];

let server;
let admin = null;
let logins = 0;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.close();
});

async function post(body, { token } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${server.url}/graphql`, { method: 'POST', headers, body });
}

async function tokenFor(name) {
  const caller = CALLERS[name];
  if (caller === 'garbage') return 'garbage.token.value';
  if (caller === 'old') {
    const res = await fetch(`${server.url}/__test/token`, { method: 'POST', body: JSON.stringify({ userId: 1, old: true }) });
    return (await res.json()).token;
  }
  assert.ok(admin, `${name}: the admin logged in first (01-login)`);
  return admin;
}

test('the contract recordings are there', () => {
  assert.ok(names.length >= 40, `${CONTRACTS} holds the recordings (found ${names.length})`);
});

for (const name of names) {
  test(`replays ${name}`, async () => {
    const meta = JSON.parse(readFileSync(join(CONTRACTS, `${name}.meta.json`), 'utf8'));
    const request = readFileSync(join(CONTRACTS, `${name}.request.json`), 'utf8');
    const expected = readFileSync(join(CONTRACTS, `${name}.response.json`), 'utf8');

    const isLogin = LOGIN.test(request);
    if (isLogin && name.includes('rate-limited')) {
      // The recording was the 6th login within a minute: make it so here too.
      for (; logins < 5; logins += 1) {
        await post(JSON.stringify({ query: 'mutation { authentication { login(username: "x@example.com", password: "x", strategy: "local") { jwt } } }' }));
      }
    }
    if (isLogin) logins += 1;

    const res = await post(request, { token: meta.authorization ? await tokenFor(name) : null });
    const body = await res.text();

    assert.equal(res.status, meta.status, `${name}: status`);
    assert.equal(res.headers.get('content-type'), meta['content-type'], `${name}: content type`);
    assert.equal(res.headers.has('new-jwt'), meta['new-jwt-header-present'], `${name}: new-jwt header`);
    assert.equal(normalise(body), normalise(expected), `${name}: body`);

    if (name === '01-login') admin = JSON.parse(body).data.authentication.login.jwt;
  });
}
