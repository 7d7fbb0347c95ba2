// A tiny static server for the widget and demo suites: directories mounted at URL
// prefixes, nothing else (no SPA fallback, no /graphql: the page's automatic mode falls
// back to the demo), and optionally the strict Content-Security-Policy a host would set.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, resolve, sep } from 'node:path';
import { contentTypeOf } from '../../content-types.mjs';

/** Issue 8's policy, word for word: the page and the widget must run under it untouched. */
export const ISSUE_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/** The policy the README asks hosts to allow: issue 8's, plus the Keycloak origin the live check reads. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' https://keycloak.example.com";


/**
 * Serve `mounts` ({ '/kc/': '/path/to/dist', '/': '/path/to/pages' }, longest prefix
 * first) on 127.0.0.1. `csp`: the Content-Security-Policy header for every response, or
 * null. Resolves to { url, close }.
 */
export async function startStatic({ mounts, csp = null }) {
  const table = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix, resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const server = createServer(async (req, res) => {
    const headers = csp ? { 'content-security-policy': csp } : {};
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const mount = table.find(([prefix]) => path.startsWith(prefix));
    if (req.method !== 'GET' || !mount) {
      res.writeHead(404, headers).end('not found');
      return;
    }
    const [prefix, dir] = mount;
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) {
      res.writeHead(403, headers).end('forbidden');
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': contentTypeOf(file), 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, headers).end('not found');
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
  };
}
