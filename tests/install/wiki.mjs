// Shared by the install suites: a stand-in Wiki.js (the wiki alone, no static directory),
// the installer run as an admin would run it (`node scripts/wiki-install.mjs`, token in the
// environment), and the wiki's state as the installer leaves it.
//
// The build comes from WKC_DIST or dist/ (what `make test` builds with the Trunk hook). A
// missing build fails the suites: they never skip.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from '../standin/wikijs/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, '../..');
export const DIST = resolve(process.env.WKC_DIST ?? join(REPO, 'dist'));
const SCRIPT = join(REPO, 'scripts/wiki-install.mjs');

export const THEME_FIELDS = 'theme iconset darkMode tocPosition injectCSS injectHead injectBody';
export const SET_THEME =
  'mutation ($theme: String!, $iconset: String!, $darkMode: Boolean!, $tocPosition: String, $injectCSS: String, $injectHead: String, $injectBody: String) { theming { setConfig(theme: $theme, iconset: $iconset, darkMode: $darkMode, tocPosition: $tocPosition, injectCSS: $injectCSS, injectHead: $injectHead, injectBody: $injectBody) { responseResult { succeeded message } } } }';

/** Fail (never skip) when the build the suites need is missing. */
export function assertBuilt(dist = DIST) {
  for (const file of ['wikijs-keycloak.js', 'wikijs-keycloak-wiki.js', 'wiki-snippet.html']) {
    assert.ok(existsSync(join(dist, file)), `${dist}/${file} is missing: build with the Trunk hook first (make test does; or WKC_DIST=<built dir>)`);
  }
}

/** A stand-in Wiki.js and helpers around it. */
export async function startWiki() {
  const server = await startServer();
  const wiki = {
    url: server.url,
    server,
    get world() {
      return server.world;
    },
    /** The wiki's installer-visible state (a deep copy): theming, folders, assets (no bytes), pages. */
    snapshot() {
      const w = server.world.state.wiki;
      return structuredClone({
        theming: w.theming,
        folders: w.folders,
        assets: w.assets.map(({ data, createdAt, updatedAt, ...a }) => ({ ...a, sha: hashOf(data) })),
        pages: w.pages.map(({ createdAt, updatedAt, ...p }) => p),
      });
    },
    async control(action, body) {
      const res = await fetch(`${server.url}/__test/${action}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
      const answer = await res.json();
      if (!res.ok) throw new Error(`control ${action}: ${JSON.stringify(answer)}`);
      return answer;
    },
    async reset(seed) {
      await wiki.control('reset');
      if (seed) await wiki.control('seed', seed);
      await wiki.control('wiki', {}); // creates the wiki state
    },
    async token(userId = 1) {
      return (await wiki.control('token', { userId })).token;
    },
    async graphql(query, variables, token) {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? (await wiki.token())}` },
        body: JSON.stringify({ query, variables }),
      });
      return res.json();
    },
    async theme() {
      return (await wiki.graphql(`{ theming { config { ${THEME_FIELDS} } } }`)).data.theming.config;
    },
    /** Set the theme the way an admin would have before (Administration › Theme). */
    async setTheme(changes) {
      const answer = await wiki.graphql(SET_THEME, { ...(await wiki.theme()), ...changes });
      assert.equal(answer.data.theming.setConfig.responseResult.succeeded, true, JSON.stringify(answer));
    },
    async createPage(path, { title = `Page ${path}`, content = 'Some text.', locale = 'en' } = {}) {
      const answer = await wiki.graphql(
        'mutation ($path: String!, $title: String!, $content: String!, $locale: String!) { pages { create(content: $content, description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: $locale, path: $path, tags: [], title: $title) { responseResult { succeeded message } } } }',
        { path, title, content, locale },
      );
      assert.equal(answer.data.pages.create.responseResult.succeeded, true, JSON.stringify(answer));
    },
    /**
     * Run the installer: {code, out (all lines), last}. `command` install | uninstall;
     * options: token (default: a fresh admin token), dist, page, wiki (address), env (more
     * of the environment, over the rest: `TOKEN_FILE`, make's `MAKEFLAGS`).
     */
    async run(command, { token, dist = DIST, page, wiki: address = server.url, env: more = {} } = {}) {
      const env = { ...process.env, TOKEN: token ?? (await wiki.token()), WIKI: address, DIST: dist };
      delete env.PAGE;
      delete env.MAKEFLAGS;
      delete env.TOKEN_FILE;
      if (page) env.PAGE = page;
      Object.assign(env, more);
      return new Promise((ok) => {
        execFile(process.execPath, [SCRIPT, command], { cwd: REPO, env, timeout: 60_000 }, (error, stdout, stderr) => {
          const out = `${stdout}${stderr}`;
          const lines = out.trim().split('\n');
          ok({ code: error ? error.code : 0, out, last: lines[lines.length - 1] });
        });
      });
    },
    /** Install and check it worked; resolves to the printed page address. */
    async install(options) {
      const result = await wiki.run('install', options);
      assert.equal(result.code, 0, result.out);
      const open = /^Open: (\S+)$/.exec(result.last);
      assert.ok(open, `the last line is "Open: <page URL>": ${result.out}`);
      return open[1];
    },
    close: () => server.close(),
  };
  return wiki;
}

const hashOf = (buffer) => createHash('sha256').update(buffer).digest('hex');

/** The names the build uploads (all `wikijs-keycloak*.js|.css|.wasm` of dist). */
export const builtFiles = (dist = DIST) => readdirSync(dist).filter((n) => /^wikijs-keycloak[a-z0-9_.-]*\.(js|css|wasm)$/.test(n)).sort();

/**
 * A copy of the build as a previous version would have been: every content hash in the file
 * names (and the references to them) replaced, so its loader, and so its build hash, differ.
 */
export function previousBuild(dist = DIST) {
  const dir = mkdtempSync(join(tmpdir(), 'wkc-previous-'));
  cpSync(dist, dir, { recursive: true });
  // Never uploaded (the wiki compresses nothing itself): left out of the previous version.
  for (const name of readdirSync(dir).filter((n) => /\.(gz|br)$/.test(n))) rmSync(join(dir, name));
  const renames = [];
  for (const name of readdirSync(dir)) {
    const m = /^(wikijs-keycloak(?:-widget)?-)([0-9a-f]+)(.*)$/.exec(name);
    if (m) renames.push([name, `${m[1]}${'0'.repeat(m[2].length)}${m[3]}`]);
  }
  for (const [from, to] of renames) renameSync(join(dir, from), join(dir, to));
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    let text = readFileSync(join(dir, name), 'utf8');
    for (const [from, to] of renames) text = text.replaceAll(from, to);
    writeFileSync(join(dir, name), text);
  }
  return { dir, names: renames.map(([, to]) => to), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
