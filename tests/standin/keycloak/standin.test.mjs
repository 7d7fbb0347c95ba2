// The stand-in Keycloak against ../shared/facts/keycloak.md: what each layout serves, which
// answers carry CORS headers (only with an Origin), the unknown realm, HTTPS required, the
// pinned issuer, the slow server and the dead port. Plain Node fetch, no browser.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startKeycloak, defaultInstances } from './server.mjs';
import { waitFor } from '../../wait.mjs';

const ORIGIN = 'http://127.0.0.1:9';
let kc;
before(async () => {
  kc = await startKeycloak({ instances: defaultInstances({ slowMs: 300 }) });
});
after(() => kc?.close());

const wellKnown = (base, realm) => `${base}/realms/${realm}/.well-known/openid-configuration`;
const get = (url, origin = ORIGIN) => fetch(url, { headers: origin ? { origin } : {} });
const acao = (res) => res.headers.get('access-control-allow-origin');

test('Quarkus layout: discovery under /realms with the request host, CORS echoing the Origin', async () => {
  const { url } = kc.instances.quarkus;
  const res = await get(wellKnown(url, 'wiki'));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.equal(acao(res), ORIGIN);
  assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
  const doc = await res.json();
  assert.equal(doc.issuer, `${url}/realms/wiki`);
  assert.equal(doc.authorization_endpoint, `${url}/realms/wiki/protocol/openid-connect/auth`);
  assert.equal(doc.token_endpoint, `${url}/realms/wiki/protocol/openid-connect/token`);
  assert.equal(doc.userinfo_endpoint, `${url}/realms/wiki/protocol/openid-connect/userinfo`);
  assert.equal(doc.end_session_endpoint, `${url}/realms/wiki/protocol/openid-connect/logout`);
  const master = await get(wellKnown(url, 'master'));
  assert.equal((await master.json()).issuer, `${url}/realms/master`, 'master always exists');
  const info = await get(`${url}/realms/wiki`);
  assert.equal((await info.json()).realm, 'wiki');
});

test('no Origin header, no CORS headers', async () => {
  const res = await get(wellKnown(kc.instances.quarkus.url, 'wiki'), null);
  assert.equal(res.status, 200);
  assert.equal(acao(res), null);
  assert.equal(res.headers.get('access-control-allow-credentials'), null);
});

test('the other layout is a 404 without CORS headers, both ways', async () => {
  const quarkus = await get(wellKnown(`${kc.instances.quarkus.url}/auth`, 'wiki'));
  assert.equal(quarkus.status, 404);
  assert.equal(acao(quarkus), null);
  assert.match(await quarkus.text(), /RESTEASY003210/);
  const legacy = await get(wellKnown(kc.instances.legacy.url, 'wiki'));
  assert.equal(legacy.status, 404);
  assert.equal(acao(legacy), null);
});

test('legacy layout: discovery under /auth/realms, with the WildFly-era literal *', async () => {
  const { url } = kc.instances.legacy;
  const res = await get(wellKnown(`${url}/auth`, 'wiki'));
  assert.equal(res.status, 200);
  assert.equal(acao(res), '*');
  assert.equal((await res.json()).issuer, `${url}/auth/realms/wiki`);
});

test('an unknown realm is a readable-only-without-CORS 404 "Realm does not exist"', async () => {
  const res = await get(wellKnown(kc.instances.quarkus.url, 'wkii'));
  assert.equal(res.status, 404);
  assert.equal(acao(res), null, 'no CORS header: a cross-origin page cannot read it');
  assert.deepEqual(await res.json(), { error: 'Realm does not exist' });
});

test('a realm requiring https answers 403 "HTTPS required" with CORS headers', async () => {
  const res = await get(wellKnown(kc.instances.quarkus.url, 'secure'));
  assert.equal(res.status, 403);
  assert.equal(acao(res), ORIGIN);
  assert.deepEqual(await res.json(), { error: 'invalid_request', error_description: 'HTTPS required' });
});

test('a pinned hostname: the issuer and every endpoint name another host than the one asked', async () => {
  const { url, port } = kc.instances.pinned;
  const doc = await (await get(wellKnown(url, 'wiki'))).json();
  assert.equal(doc.issuer, `http://localhost:${port}/realms/wiki`);
  assert.equal(doc.token_endpoint, `http://localhost:${port}/realms/wiki/protocol/openid-connect/token`);
});

test('percent-encoded realm names are decoded, and issuers re-encode them', async () => {
  const kc2 = await startKeycloak({ instances: [{ name: 'x', layout: 'quarkus', realms: { 'team space': {} } }] });
  try {
    const doc = await (await get(wellKnown(kc2.instances.x.url, 'team%20space'))).json();
    assert.equal(doc.issuer, `${kc2.instances.x.url}/realms/team%20space`);
  } finally {
    await kc2.close();
  }
});

test('the slow server answers only after its delay and logs a client that gave up', async () => {
  const { url, log } = kc.instances.slow;
  const started = Date.now();
  const res = await get(wellKnown(url, 'wiki'));
  assert.equal(res.status, 200);
  assert.ok(Date.now() - started >= 280, 'delayed');
  const before = log.length;
  await assert.rejects(fetch(wellKnown(url, 'wiki'), { signal: AbortSignal.timeout(50) }));
  await waitFor(() => log[before]?.aborted, 'the server to see the client give up');
  const other = await get(wellKnown(`${url}/auth`, 'wiki'));
  assert.equal(other.status, 404, 'paths outside the realms answer at once');
});

test('the dead port refuses connections', async () => {
  await assert.rejects(fetch(wellKnown(kc.dead.url, 'wiki')), (err) => /ECONNREFUSED/.test(String(err.cause?.code ?? err.cause)));
});

test('every request is logged with its headers', async () => {
  const { url, log } = kc.instances.quarkus;
  const before = log.length;
  await get(wellKnown(url, 'wiki'));
  assert.equal(log[before].method, 'GET');
  assert.equal(log[before].headers.origin, ORIGIN);
  assert.equal(log[before].path, '/realms/wiki/.well-known/openid-configuration');
});
