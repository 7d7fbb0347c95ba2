// The lab's Keycloak rules (keycloak-rules.mjs) against the rows of the facts they were
// written from: ../shared/facts/keycloak-client.md §2 (redirect URI matching), §3 (scopes),
// §6 (post-logout list), §7 (sslRequired) and keycloak.md §3 (logout per version).

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  redirectMatches, postLogoutUris, scopeAllowed, isLocalAddress, sslRefused, clientFromExport, legacyLogoutRedirect, relativePathOf,
} from './keycloak-rules.mjs';

const CB = 'https://wiki.example.com/login/abc/callback';
const KC = 'https://sso.example.com';

// [incoming, entries, rootUrl, matches]
const REDIRECTS = [
  [CB, [CB], '', true],
  [CB.toUpperCase().replace('HTTPS', 'https'), [CB], '', false], // case-sensitive path
  ['HTTPS://Wiki.Example.com/login/abc/callback', [CB], '', true], // scheme and host lower-cased
  [CB, ['https://Wiki.Example.com/login/abc/callback'], '', false], // entries as written
  [`${CB}/`, [CB], '', false], // no trailing-slash normalisation
  [`${CB}?x=1`, [CB], '', false], // exact entries: the query counts
  [CB, ['https://wiki.example.com/*'], '', true],
  ['https://wiki.example.com', ['https://wiki.example.com/*'], '', true], // `/*` also matches the bare path
  [`${CB}?x=1`, ['https://wiki.example.com/*'], '', true], // wildcards ignore the query
  [CB, ['https://wiki.example.com/login/*?x'], '', false], // a `?` disables the wildcard
  [CB, ['https://wiki.example.com/lo*in/abc/callback'], '', false], // `*` only at the end
  [CB, ['/*'], '', false], // relative, empty rootUrl: Keycloak's own origin
  [CB, ['/*'], 'https://wiki.example.com', true], // relative against rootUrl
  [CB, ['*'], '', true],
  [CB, ['+'], '', false], // `+` means nothing here
  ['https://evil@wiki.example.com/login/abc/callback', ['https://wiki.example.com/*'], '', false], // userinfo: exact only
  ['https://wiki.example.com/x/../login/abc/callback', ['https://wiki.example.com/*'], '', false], // `/../`: exact only
  ['http://localhost:3000/login/abc/callback', ['http://localhost/login/abc/callback'], '', true], // port-less loopback
  ['http://127.0.0.1:3000/cb', ['http://127.0.0.1:4000/cb'], '', false],
];

for (const [incoming, entries, rootUrl, expected] of REDIRECTS) {
  test(`redirect ${incoming} against ${JSON.stringify(entries)}${rootUrl ? ` (rootUrl ${rootUrl})` : ''}: ${expected}`, () => {
    assert.equal(redirectMatches(incoming, entries, { rootUrl, ownOrigin: KC }), expected);
  });
}

// [attribute, redirectUris, resolved list]
const POST_LOGOUT = [
  [undefined, [CB], [CB]],
  ['-', [CB], []],
  ['+', [CB], [CB]],
  ['https://wiki.example.com##+', [CB], ['https://wiki.example.com', CB]],
  ['https://wiki.example.com', [CB], ['https://wiki.example.com']],
];

for (const [attribute, redirectUris, expected] of POST_LOGOUT) {
  test(`post.logout.redirect.uris ${JSON.stringify(attribute)}: ${JSON.stringify(expected)}`, () => {
    const client = clientFromExport({ clientId: 'wikijs', redirectUris, attributes: attribute === undefined ? {} : { 'post.logout.redirect.uris': attribute } });
    assert.deepEqual(postLogoutUris(client), expected);
  });
}

// [export fields, scope, allowed]
const SCOPES = [
  [{}, 'openid profile email', true], // absent: the realm's defaults
  [{ defaultClientScopes: ['email'], optionalClientScopes: ['profile'] }, 'openid profile email', true], // optional counts
  [{ defaultClientScopes: ['email'], optionalClientScopes: [] }, 'openid profile email', false],
  [{ defaultClientScopes: [], optionalClientScopes: [] }, 'openid', true], // openid needs nothing
  [{ defaultClientScopes: [], optionalClientScopes: [] }, 'openid email', false],
];

for (const [fields, scope, expected] of SCOPES) {
  test(`scope "${scope}" with ${JSON.stringify(fields)}: ${expected}`, () => {
    assert.equal(scopeAllowed(scope, clientFromExport({ clientId: 'wikijs', ...fields })), expected);
  });
}

// [address, local for sslRequired=external on 26, on 24]
const ADDRESSES = [
  ['127.0.0.1', true, true], ['::1', true, true], ['::ffff:127.0.0.1', true, true], ['10.1.2.3', true, true], ['172.16.0.1', true, true],
  ['172.32.0.1', false, false], ['192.168.1.1', true, true], ['169.254.7.2', true, false], ['fd00::1', true, false], ['8.8.8.8', false, false],
  ['2001:db8::1', false, false],
];

for (const [address, now, before25] of ADDRESSES) {
  test(`${address} is ${now ? '' : 'not '}local on 26, ${before25 ? '' : 'not '}on 24`, () => {
    assert.equal(isLocalAddress(address, 26), now);
    assert.equal(isLocalAddress(address, 24), before25);
  });
}

test('sslRequired: all refuses plain http even from loopback, external only from outside, none never, https always passes', () => {
  assert.equal(sslRefused({ sslRequired: 'all' }, { secure: false, remoteAddress: '127.0.0.1' }), true);
  assert.equal(sslRefused({ sslRequired: 'external' }, { secure: false, remoteAddress: '127.0.0.1' }), false);
  assert.equal(sslRefused({ sslRequired: 'external' }, { secure: false, remoteAddress: '8.8.8.8' }), true);
  assert.equal(sslRefused({ sslRequired: 'none' }, { secure: false, remoteAddress: '8.8.8.8' }), false);
  assert.equal(sslRefused({ sslRequired: 'all' }, { secure: true, remoteAddress: '8.8.8.8' }), false);
});

test('versions: /auth before 17; legacy logout redirect_uri accepted <18, refused 18–25, ignored 26+', () => {
  assert.deepEqual([16, 17, 26].map((version) => relativePathOf({ version })), ['/auth', '', '']);
  assert.equal(relativePathOf({ version: 26, relativePath: '/auth' }), '/auth');
  assert.deepEqual([16, 17, 18, 25, 26, 27].map(legacyLogoutRedirect), ['accept', 'accept', 'refuse', 'refuse', 'ignore', 'ignore']);
});

test('a client export without flags is enabled, confidential, client-secret, standard flow on', () => {
  const c = clientFromExport('{"clientId":"wikijs","secret":"s"}');
  assert.deepEqual([c.enabled, c.publicClient, c.clientAuthenticatorType, c.standardFlowEnabled, c.protocol], [true, false, 'client-secret', true, 'openid-connect']);
});
