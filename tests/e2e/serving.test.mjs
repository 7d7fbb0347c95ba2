// The reverse-proxy recipes of docs/serving.md, run as written: each is read from the doc,
// given free ports, this build and the stand-in Wiki.js in place of the example's, and run by
// the real server (nginx, Caddy; scripts/setup.sh installs both). Through it the built files
// come with the type browsers need, a precompressed copy, and a Cache-Control that keeps no
// old loader after an upgrade; and the page, served beside the wiki on its origin, loads the
// wiki's settings through the same proxy.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startServer } from '../standin/wikijs/server.mjs';
import { launch } from '../chromium.mjs';
import { DIST, REPO } from '../static.mjs';
import { waitFor } from '../wait.mjs';

const DOC = readFileSync(join(REPO, 'docs/serving.md'), 'utf8');
const recipe = (language) => {
  const found = DOC.match(new RegExp('```' + language + '\\n([\\s\\S]*?)```'));
  assert.ok(found, `docs/serving.md has a ${language} recipe`);
  return found[1];
};

/** A port nothing listens on now. */
const freePort = () =>
  new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
    probe.on('error', fail);
  });

/**
 * The servers, as (name, how to run its recipe): each returns its configuration file's text
 * for `port`, this build's folder and the wiki at `wiki`, and the command that serves it.
 */
const SERVERS = [
  ['nginx', (dir, port, wiki) => {
    const server = recipe('nginx')
      .replace('listen 443 ssl;', `listen 127.0.0.1:${port};`)
      .replace('/srv/wikijs-keycloak/dist/', `${DIST}/`)
      .replace('http://127.0.0.1:3000', wiki);
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir};`).join('\n');
    // As root, nginx's workers would otherwise run as nobody, who cannot write the temp folder.
    const user = process.getuid?.() === 0 ? 'user root;\n' : '';
    writeFileSync(join(dir, 'nginx.conf'), `${user}daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  include /etc/nginx/mime.types;\n  access_log off;\n${temp}\n${server}\n}\n`);
    return ['nginx', ['-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')]];
  }],
  ['Caddy', (dir, port, wiki) => {
    const site = recipe('caddy')
      .replace('wiki.example.com {', `http://127.0.0.1:${port} {`)
      .replace('/srv/wikijs-keycloak/dist', DIST)
      .replace('127.0.0.1:3000', wiki.replace('http://', ''));
    writeFileSync(join(dir, 'Caddyfile'), `{\n  admin off\n  storage file_system ${dir}\n}\n${site}`);
    return ['caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile']];
  }],
];

let wiki;
let browser;
before(async () => {
  wiki = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await wiki?.close();
});

/** The page's own files whose names never change, and one of each kind whose name is hashed. */
const FIXED = ['', 'index.html', 'wikijs-keycloak.js', 'wikijs-keycloak-wiki.js'];
const hashed = (pattern) => readdirSync(DIST).find((f) => pattern.test(f));
const HASHED = [hashed(/^wikijs-keycloak-[0-9a-f]{16}_bg\.wasm$/), hashed(/^wikijs-keycloak-[0-9a-f]{16}\.js$/), hashed(/^main-[0-9a-f]{16}\.css$/)];

for (const [name, configure] of SERVERS) {
  test(`the ${name} recipe serves the build as the doc says, and the page reads the wiki through it`, { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), `wkc-${name.toLowerCase()}-`));
    const port = await freePort();
    const [command, args] = configure(dir, port, wiki.url);
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir } });
    let said = '';
    child.stderr.on('data', (chunk) => (said += chunk));
    const exited = new Promise((done) => child.on('exit', done));
    const base = `http://127.0.0.1:${port}/keycloak-setup/`;
    try {
      await waitFor(async () => {
        assert.equal(child.exitCode, null, `${name} exited: ${said}`);
        return fetch(base).then(() => true, () => false);
      }, `${name} to listen`);
      const served = async (file) => {
        const res = await fetch(base + file, { headers: { 'accept-encoding': 'gzip' } });
        await res.arrayBuffer();
        return { status: res.status, cache: res.headers.get('cache-control'), encoding: res.headers.get('content-encoding'), type: res.headers.get('content-type') };
      };
      for (const file of FIXED) {
        const got = await served(file);
        assert.deepEqual([got.status, got.cache, got.encoding], [200, 'no-cache', 'gzip'], `/${file}: ${JSON.stringify(got)}`);
      }
      for (const file of HASHED) {
        const got = await served(file);
        assert.deepEqual([got.status, got.cache, got.encoding], [200, 'public, max-age=31536000, immutable', 'gzip'], `${file}: ${JSON.stringify(got)}`);
      }
      assert.match((await served(HASHED[0])).type, /^application\/wasm/);
      // A file a newer build no longer has: a 404 no cache keeps.
      const gone = await served('wikijs-keycloak-0000000000000000_bg.wasm');
      assert.equal(gone.status, 404);
      assert.doesNotMatch(gone.cache ?? '', /max-age=31536000/, 'a 404 kept for a year');

      const { token } = await (await fetch(`${wiki.url}/__test/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 1 }) })).json();
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const asked = wiki.world.log.length;
        await page.goto(`${base}?mode=wiki&endpoint=/graphql&token=${token}`);
        // "ready" only once the wiki's answer came (a refused or unreachable one is "failed").
        await page.locator('.wkc-app[data-load-state="ready"]').waitFor({ timeout: 20_000 });
        assert.ok(wiki.world.log.length > asked, 'the wiki answered the page, through the proxy');
      } finally {
        await context.close();
      }
    } finally {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
