// A minimal user agent for the lab's Node-only tests: follows redirects, keeps cookies per
// host, resolves names as the lab's browser does (`names`: host → address), submits the
// Keycloak login form, its grant page and the logout confirmation. It trusts the lab's CA, as a browser of
// the company would.

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export class Agent {
  constructor({ names = {}, ca }) {
    this.names = names;
    this.ca = ca;
    this.jar = new Map(); // host → Map(name → value)
    this.visited = [];
  }

  /** Follow `url` through redirects: {url, status, body} of the last answer. */
  async go(url, { method = 'GET', form } = {}) {
    let current = url;
    let body = form ? new URLSearchParams(form).toString() : undefined;
    for (let hops = 0; hops < 20; hops += 1) {
      const answer = await this.one(current, method, body);
      this.visited.push({ url: current, status: answer.status });
      if (answer.status >= 300 && answer.status < 400 && answer.location) {
        current = new URL(answer.location, current).href;
        method = 'GET';
        body = undefined;
        continue;
      }
      return { url: current, status: answer.status, body: answer.body };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Sign in on the Keycloak login page the agent is on (`page` from go()). */
  async signIn(page, username, password) {
    const action = page.body.match(/id="kc-form-login" method="post" action="([^"]+)"/)?.[1];
    if (!action) throw new Error(`not a Keycloak login page: ${page.url} ${page.body.slice(0, 300)}`);
    return this.go(new URL(action.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(c)), page.url).href, { method: 'POST', form: { username, password } });
  }

  /** Answer Keycloak's grant page ("Grant Access to …"): `accept` Yes, else No. */
  async consent(page, accept) {
    const action = page.body.match(/id="kc-oauth" method="post" action="([^"]+)"/)?.[1];
    if (!action) throw new Error(`not a Keycloak grant page: ${page.url} ${page.body.slice(0, 300)}`);
    const url = new URL(action.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(c)), page.url).href;
    return this.go(url, { method: 'POST', form: accept ? { accept: 'Yes' } : { cancel: 'No' } });
  }

  /** Confirm Keycloak's logout page ("Do you want to log out?"). */
  async confirmLogout(page) {
    const form = page.body.match(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/);
    if (!form) throw new Error(`not a logout confirmation: ${page.body.slice(0, 300)}`);
    const fields = Object.fromEntries([...form[2].matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    return this.go(new URL(form[1], page.url).href, { method: 'POST', form: { ...fields, logout: 'yes' } });
  }

  one(url, method, body) {
    const u = new URL(url);
    const cookies = [...(this.jar.get(u.host) ?? new Map())].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = { host: u.host };
    if (cookies) headers.cookie = cookies;
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const lookup = (hostname, options, cb) => {
      const ip = this.names[hostname] ?? (hostname === 'localhost' ? '127.0.0.1' : null);
      if (!ip) return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
      return options.all ? cb(null, [{ address: ip, family: 4 }]) : cb(null, ip, 4);
    };
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((ok, fail) => {
      const req = send(u, { method, headers, lookup, ca: this.ca, servername: u.hostname }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          for (const line of [].concat(res.headers['set-cookie'] ?? [])) {
            const [pair, ...attrs] = line.split(';');
            const i = pair.indexOf('=');
            const jar = this.jar.get(u.host) ?? new Map();
            const expired = attrs.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim()));
            if (expired || pair.slice(i + 1) === '') jar.delete(pair.slice(0, i).trim());
            else jar.set(pair.slice(0, i).trim(), pair.slice(i + 1));
            this.jar.set(u.host, jar);
          }
          ok({ status: res.statusCode, location: res.headers.location, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
      req.on('error', fail);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }
}
