// The benchmark's web server, loopback only, on the one static server (tests/static.mjs):
// the built site (dist/) at /, the static comparison page at /bench/static.html (with the
// site's own stylesheet as /bench/static.css), and /graphql passed through to the stand-in
// Wiki.js (tests/standin/wikijs/), so the admin page can be measured as a wiki serves it,
// filling its form from the wiki's answer. Like a production server it sends gzip (-9,
// compressed once) to a browser that accepts it, and long-lived caching for the
// content-hashed files. It adds COOP/COEP so the page is cross-origin isolated:
// performance.now() then ticks in 5 µs steps instead of 100 µs, which sub-millisecond
// keystroke timings need.

import { request } from 'node:http';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { startServer as startWiki } from '../standin/wikijs/server.mjs';
import { startStatic } from '../static.mjs';

/** The page stylesheet Trunk wrote (main-<hash>.css). */
export function pageStylesheet(dist) {
  const found = readdirSync(dist).filter((f) => /^main-[0-9a-f]+\.css$/.test(f));
  if (found.length !== 1) throw new Error(`expected one main-<hash>.css in ${dist}, found ${found}`);
  return join(dist, found[0]);
}

/** Response headers: caching by whether the name is content-hashed, cross-origin isolation. */
function headers(file) {
  const hashed = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(file);
  return {
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...ISOLATION,
  };
}
const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
};

/** Pass a request on to `target` (a loopback base URL) and its answer back, isolated too. */
function passTo(target, req, res) {
  return new Promise((done, fail) => {
    const onward = request(new URL(req.url, target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, { ...answer.headers, ...ISOLATION });
      answer.pipe(res).on('finish', done).on('error', fail);
    });
    onward.on('error', fail);
    req.pipe(onward);
  });
}

/** Chromium's arguments for every bench: no host name resolves but loopback's. */
export const LOOPBACK_ONLY = ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];

/**
 * Serve `dist`, the static comparison page and the stand-in wiki's /graphql on 127.0.0.1
 * (free ports). `wikiToken()` issues an administrator's token for `?mode=wiki&token=…`;
 * `wikiPage()` is the page's address as an admin opens it in the wiki, with a fresh one;
 * `wikiSeed(state)` sets what the wiki holds.
 * `pages` serves more files: `{ '/path': file }`.
 * @returns {Promise<{url: string, close: () => Promise<void>, wikiToken: () => Promise<string>, wikiPage: () => Promise<string>, wikiSeed: (state: object | null) => Promise<void>, requests: {path: string, bytes: number, encoding: string}[]}>}
 */
export async function startServer({ dist, staticPage, pages = {} }) {
  const wiki = await startWiki();
  const files = { '/bench/static.html': staticPage, '/bench/static.css': pageStylesheet(dist), ...pages };
  const routes = async (req, res) => new URL(req.url, 'http://bench').pathname === '/graphql' && (await passTo(wiki.url, req, res), true);
  const site = await startStatic({ mounts: { '/': dist }, files, headers, gzip: true, routes });
  const control = (action, body = {}) => fetch(`${wiki.url}/__test/${action}`, { method: 'POST', body: JSON.stringify(body) });
  const wikiToken = async () => (await (await control('token')).json()).token;
  return {
    ...site,
    wikiToken,
    /** The stand-in back to a fresh Wiki.js, then `state` added (tests/standin/wikijs/state.mjs's seed). */
    wikiSeed: async (state) => {
      await control('reset');
      if (state) await control('seed', state);
    },
    wikiPage: async () => `${site.url}/?mode=wiki&endpoint=/graphql&token=${await wikiToken()}`,
    close: async () => {
      await site.close();
      await wiki.close();
    },
  };
}
