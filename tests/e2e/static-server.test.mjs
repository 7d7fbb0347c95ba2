// The one static file server (tests/static.mjs): what a URL path may reach, as a table of
// fileUnder, then the same paths sent raw over HTTP (no client normalises them first).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fileUnder, startStatic } from '../static.mjs';

const top = mkdtempSync(join(tmpdir(), 'wkc-static-'));
const root = join(top, 'site');
mkdirSync(join(root, 'sub'), { recursive: true });
writeFileSync(join(root, 'index.html'), 'index');
writeFileSync(join(root, 'sub', 'a b.txt'), 'spaced');
writeFileSync(join(top, 'secret.txt'), 'secret');
mkdirSync(join(top, 'site-evil'));
writeFileSync(join(top, 'site-evil', 'x.txt'), 'sibling');

/** (URL path as it arrives, the file it reaches below root, or null when refused). */
const PATHS = [
  ['/', ''],
  ['/index.html', 'index.html'],
  ['/sub/a%20b.txt', 'sub/a b.txt'],
  ['/sub/../index.html', 'index.html'],
  ['//index.html', 'index.html'],
  ['/sub/%2e%2e/index.html', 'index.html'],
  ['/..', null],
  ['/../secret.txt', null],
  ['/%2e%2e/secret.txt', null],
  ['/%2E%2E%2Fsecret.txt', null],
  ['/sub/../../secret.txt', null],
  ['/..%2f..%2f..%2fetc%2fpasswd', null],
  ['/../site-evil/x.txt', null],
  ['/index.html%00.txt', null],
  ['/%E0%A4%A', null],
];

for (const [path, reaches] of PATHS) {
  test(`fileUnder ${path} → ${reaches ?? 'refused'}`, () => {
    assert.equal(fileUnder(root, path), reaches === null ? null : join(root, reaches));
  });
}

let server;
before(async () => {
  server = await startStatic({ mounts: { '/': root }, always: { 'x-always': 'yes' } });
});
after(async () => {
  await server?.close();
  rmSync(top, { recursive: true, force: true });
});

/** A GET with the path sent exactly as written: {status, body, headers}. */
function get(path, method = 'GET') {
  const { hostname, port } = new URL(server.url);
  return new Promise((ok, fail) => {
    const req = request({ hostname, port, path, method }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => ok({ status: res.statusCode, body, headers: res.headers }));
    });
    req.on('error', fail).end();
  });
}

/** (request, status, body). */
const HTTP = [
  ['GET /', 200, 'index'],
  ['GET /sub/', 404, 'not found'],
  ['GET /sub/a%20b.txt', 200, 'spaced'],
  ['GET /../secret.txt', 404, 'not found'],
  ['GET /%2e%2e/secret.txt', 404, 'not found'],
  ['GET /..%2fsite-evil%2fx.txt', 404, 'not found'],
  ['GET /index.html%00', 404, 'not found'],
  ['POST /index.html', 404, 'not found'],
  ['HEAD /index.html', 200, ''],
];

for (const [line, status, body] of HTTP) {
  test(`HTTP ${line} → ${status}`, async () => {
    const [method, path] = line.split(' ');
    const answer = await get(path, method);
    assert.equal(answer.status, status);
    assert.equal(answer.body, body);
    assert.equal(answer.headers['x-always'], 'yes', 'the always headers go with every answer');
  });
}
