// What the recordings cannot show but the end-to-end tests rely on: the control API, the
// fault switches, cookie and Bearer sessions, token renewal, seeding, the static files, and
// the command line. Each case starts from a fresh stand-in.

import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from './server.mjs';
import { waitFor } from '../../wait.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ACTIVE = '{ authentication { activeStrategies { key displayName config { key value } } } }';

let server;
let dir;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'standin-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>configurator</title>');
  server = await startServer({ staticDir: dir });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const control = async (action, body) =>
  (await fetch(`${server.url}/__test/${action}`, { method: 'POST', body: JSON.stringify(body ?? {}) })).json();

async function graphql(query, { token, cookie, contentType = 'application/json', variables } = {}) {
  const headers = { 'content-type': contentType };
  if (token) headers.authorization = `Bearer ${token}`;
  if (cookie) headers.cookie = `jwt=${cookie}`;
  const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const admin = async (options) => (await control('token', { userId: 1, ...options })).token;

test('a Bearer token or the jwt cookie is the admin; nothing is the guest', async () => {
  const token = await admin();
  for (const [how, options, forbidden] of [
    ['bearer', { token }, false],
    ['cookie', { cookie: token }, false],
    ['none', {}, true],
    ['garbage', { token: 'a.b.c' }, true],
  ]) {
    const answer = JSON.parse((await graphql(ACTIVE, options)).text);
    assert.equal(answer.errors?.[0]?.message === 'Forbidden', forbidden, how);
  }
  const { log } = await (await fetch(`${server.url}/__test/state`)).json();
  assert.deepEqual(log.map((e) => e.auth.via), ['bearer', 'cookie', 'none', 'bearer']);
});

test('an old or recently expired token is renewed: header for application/json, cookie otherwise', async () => {
  const cases = [
    [{ old: true }, 'application/json', 'header'],
    [{ expiredSecondsAgo: 600 }, 'application/json', 'header'],
    [{ old: true }, 'application/json; charset=utf-8', 'cookie'],
    [{}, 'application/json', 'none'],
  ];
  for (const [options, contentType, expected] of cases) {
    const res = await graphql(ACTIVE, { token: await admin(options), contentType });
    const got = res.headers.has('new-jwt') ? 'header' : /^jwt=/.test(res.headers.get('set-cookie') ?? '') ? 'cookie' : 'none';
    assert.equal(got, expected, JSON.stringify([options, contentType]));
    assert.equal(JSON.parse(res.text).errors, undefined, 'still served as the admin');
  }
  const renewed = (await graphql(ACTIVE, { token: await admin({ old: true }) })).headers.get('new-jwt');
  assert.equal((await graphql(ACTIVE, { token: renewed })).headers.has('new-jwt'), false, 'the renewed token is fresh');
  await control('restart');
  assert.equal((await graphql(ACTIVE, { token: renewed })).headers.has('new-jwt'), true, 'a restart makes it old');
});

test('each fault hits the next matching request once', async () => {
  const token = await admin();
  const cases = [
    [{ kind: 'status500' }, (r) => r.status === 500],
    [{ kind: 'html' }, (r) => r.status === 200 && r.text.startsWith('<!DOCTYPE html>')],
    [{ kind: 'html', status: 502 }, (r) => r.status === 502],
    [{ kind: 'malformed' }, (r) => r.status === 200 && !isJson(r.text)],
    [{ kind: 'forbidden' }, (r) => JSON.parse(r.text).errors[0].message === 'Forbidden'],
    [{ kind: 'no-user' }, (r) => JSON.parse(r.text).errors[0].message === 'Unauthorized'],
    [{ kind: 'delay', ms: 300 }, (r, ms) => r.status === 200 && ms >= 300],
    // The hostile ones: answers a broken proxy or the wrong server could give.
    [{ kind: 'huge', bytes: 4096 }, (r) => r.headers.get('content-type').startsWith('text/plain') && r.text === 'A'.repeat(4096)],
    [{ kind: 'huge', json: true, bytes: 4096 }, (r) => r.text.length === 4096 && Array.isArray(JSON.parse(r.text).data.authentication.activeStrategies)],
    [{ kind: 'huge', chunked: true, bytes: 3 << 20 }, (r) => r.headers.get('content-length') === null && r.text.length === 3 << 20],
    [{ kind: 'deep', depth: 500 }, (r) => r.text.split('[').length - 1 === 500 && isJson(r.text)],
    [{ kind: 'wrong-type', path: 'data.authentication.activeStrategies.0.isEnabled', value: 'yes' }, (r) => JSON.parse(r.text).data.authentication.activeStrategies[0].isEnabled === 'yes'],
    [{ kind: 'extra-fields' }, (r) => JSON.parse(r.text).data.authentication.activeStrategies[0].unknownField.nested[1] === 'two'],
    [{ kind: 'html-error' }, (r) => /<img src=x onerror=/.test(JSON.parse(r.text).errors[0].message)],
    [{ kind: 'html-result' }, (r) => JSON.parse(r.text).data.authentication.updateStrategies.responseResult.succeeded === false],
    [{ kind: 'new-jwt', value: 'not.a-jwt' }, (r) => r.headers.get('new-jwt') === 'not.a-jwt' && isJson(r.text)],
    [{ kind: 'echo' }, (r) => JSON.parse(r.text).errors[0].message.startsWith('Cannot process ')],
  ];
  for (const [fault, check] of cases) {
    await control('fault', fault);
    const started = Date.now();
    const hit = await graphql(ACTIVE, { token });
    assert.ok(check(hit, Date.now() - started), `${JSON.stringify(fault)}: ${hit.status} ${hit.text.slice(0, 80)}`);
    const next = await graphql(ACTIVE, { token });
    assert.equal(JSON.parse(next.text).errors, undefined, `${fault.kind}: only once`);
  }
  await control('fault', { kind: 'drop' });
  await assert.rejects(graphql(ACTIVE, { token }), /fetch failed/);
  await control('fault', { kind: 'status500', match: 'updateStrategies' });
  assert.equal((await graphql(ACTIVE, { token })).status, 200, 'a fault waits for its match');
  await control('clear-faults');
  // `skip: n` lets n matching requests through first; `times` repeats it.
  await control('fault', { kind: 'status500', skip: 2, times: 2 });
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await graphql(ACTIVE, { token })).status);
  assert.deepEqual(statuses, [200, 200, 500, 500, 200]);
});

test('a hold fault keeps its request unanswered until released, then answers it', async () => {
  const token = await admin();
  await control('fault', { kind: 'hold' });
  let answered = false;
  const pending = graphql(ACTIVE, { token }).then((r) => ((answered = true), r));
  await waitFor(async () => (await control('state')).log.some((e) => e.held), 'the request to be held');
  assert.equal(answered, false, 'held: no answer yet');
  assert.deepEqual(await control('release'), { ok: true, released: 1 });
  assert.equal((await pending).status, 200);
  assert.deepEqual(await control('release'), { ok: true, released: 0 }, 'nothing left to release');
});

test('seeded strategies, groups and users read back like real ones', async () => {
  await control('seed', {
    strategies: [{ key: 'gh', strategyKey: 'github', displayName: 'GitHub', config: { clientId: 'x', clientSecret: 'y', baseUrl: 'z' } }],
    groups: [{ id: 3, name: 'No read', permissions: [], pageRules: [] }],
    users: [{ id: 3, email: 'dev@example.com', name: 'Dev', providerKey: 'gh', groups: [3] }],
    site: { host: 'https://wiki.example.com' },
  });
  const token = await admin();
  const data = JSON.parse((await graphql(`${ACTIVE.slice(0, -2)} site { config { host } } groups { list { id name userCount } } }`, { token })).text).data;
  assert.deepEqual(data.authentication.activeStrategies.map((s) => [s.key, s.config.map((c) => c.key)]), [['local', []], ['gh', ['clientId', 'clientSecret']]]);
  assert.equal(data.site.config.host, 'https://wiki.example.com');
  assert.deepEqual(data.groups.list.map((g) => [g.id, g.userCount]), [[1, 1], [2, 1], [3, 1]]);
  // A strategy someone signs in with cannot be deleted, like `local`.
  const update = 'mutation ($s: [AuthenticationStrategyInput]!) { authentication { updateStrategies(strategies: $s) { responseResult { succeeded message } } } }';
  const local = { key: 'local', strategyKey: 'local', displayName: 'Local', order: 0, isEnabled: true, config: [], selfRegistration: false, domainWhitelist: [], autoEnrollGroups: [] };
  const answer = JSON.parse((await graphql(update, { token, variables: { s: [local] } })).text);
  assert.equal(answer.data.authentication.updateStrategies.responseResult.message, 'Cannot delete GitHub as 1 or more users are still using it.');
});

// The same table as core::tests::wikijs_demo::group_ids_and_domains_are_coerced_like_graphql_coerces_them:
// what graphql-js's input coercion refuses (HTTP 400, nothing stored) and what it stores.
test('list items are coerced like the in-browser demo coerces them', async () => {
  const update = 'mutation ($s: [AuthenticationStrategyInput]!) { authentication { updateStrategies(strategies: $s) { responseResult { succeeded } } } }';
  const cases = [
    ['[3]', '[]', null], ['[3, null]', '[]', null], ['[-1]', '[]', null], ['[2147483647]', '[]', null], ['[3.0]', '[]', null],
    ['[6e37]', '[]', 'Int cannot represent non 32-bit signed integer value'],
    ['[2147483648]', '[]', 'non 32-bit signed integer value'],
    ['[1.5]', '[]', 'Int cannot represent non-integer value: 1.5'],
    ['["3"]', '[]', 'Int cannot represent non-integer value: "3"'],
    ['[true]', '[]', 'Int cannot represent non-integer value: true'],
    ['[[3]]', '[]', 'Int cannot represent non-integer value'],
    ['[]', '["example.com", null]', null],
    ['[]', '[5]', 'String cannot represent a non string value: 5'],
    ['[]', '[{"v": "example.com"}]', 'String cannot represent a non string value'],
  ];
  const token = await admin();
  for (const [groups, domains, refused] of cases) {
    const local = { key: 'local', strategyKey: 'local', displayName: 'Local', order: 0, isEnabled: true, config: [], selfRegistration: false, domainWhitelist: JSON.parse(domains), autoEnrollGroups: JSON.parse(groups) };
    const answer = await graphql(update, { token, variables: { s: [local] } });
    const read = JSON.parse((await graphql('{ authentication { activeStrategies { key autoEnrollGroups } } }', { token })).text).data.authentication.activeStrategies[0];
    const name = `groups ${groups}, domains ${domains}`;
    if (refused === null) {
      assert.equal(answer.status, 200, `${name}: ${answer.text}`);
      assert.deepEqual(read.autoEnrollGroups, JSON.parse(groups), name);
    } else {
      assert.equal(answer.status, 400, name);
      const error = JSON.parse(answer.text).errors[0];
      assert.equal(error.extensions.code, 'BAD_USER_INPUT', name);
      assert.ok(error.message.includes(refused), `${name}: ${error.message}`);
    }
  }
});

/** The status the server gives `path` sent as it is (`fetch` would resolve a `..` first). */
const rawStatus = (path) =>
  new Promise((done, fail) => {
    get(server.url, { path }, (response) => {
      response.resume();
      done(response.statusCode);
    }).on('error', fail);
  });

test('static files are served beside /graphql', async () => {
  const page = await fetch(`${server.url}/?mode=wiki&endpoint=/graphql`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /configurator/);
  assert.equal(await rawStatus('/../../etc/passwd'), 404);
  assert.equal(await rawStatus('/%2e%2e/%2e%2e/etc/passwd'), 404);
  assert.equal((await fetch(`${server.url}/missing.js`)).status, 404);
});

test('the command line prints the port and serves', async () => {
  const child = spawn(process.execPath, [join(here, 'server.mjs'), '--port', '0', '--static', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise((ok, fail) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (found) ok(found[1]);
      });
      child.once('exit', (code) => fail(new Error(`exited with ${code}`)));
    });
    assert.equal((await fetch(`${url}/`)).status, 200);
  } finally {
    child.kill('SIGTERM');
  }
});

function isJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
