// The sign-in lab: the lab's Keycloak (keycloak.mjs) in this process, the stand-in Wiki.js
// with the real sign-in side (wiki.mjs) as a child process in a network namespace of its own
// (where a Wiki.js container would run: its `localhost` is not the browser's), a private CA,
// and the browser's view of names.
//
// Addresses: only what the lab creates. A veth pair joins this namespace (169.254.N.1, where
// the lab's Keycloak also listens, besides 127.0.0.1) and the wiki's namespace (169.254.N.2).
// Names: the browser maps `wiki.lab` and `sso.lab` with Chromium's --host-resolver-rules
// (and resolves `keycloak`, `keycloak.internal` and `sso-front.lab` to nothing);
// the wiki's namespace gets /etc/netns/<ns>/hosts (`ip netns exec` mounts it as /etc/hosts)
// with `sso.lab` and the single-label `keycloak` (a Docker service name) on 169.254.N.1.
// `localhost` is each side's own loopback, as in Docker.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startLabKeycloak, USERS } from './keycloak.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = resolve(process.env.WKC_DIST ?? resolve(here, '../../dist'));
export const WIKI_PORT = 3000;
export const NS_PREFIX = 'wkclab-';
/** Names the lab's certificate covers and the wiki's namespace resolves to the lab's Keycloak. */
export const KEYCLOAK_NAMES = ['sso.lab', 'keycloak', 'sso.example.com', 'keycloak.example.com', 'keycloak.internal'];

const run = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options }).toString();

/** A private CA and a server certificate for the lab's Keycloak names and addresses (openssl). */
export function makeCa(dir, addresses) {
  const sans = [...KEYCLOAK_NAMES.map((n) => `DNS:${n}`), 'DNS:localhost', ...addresses.map((a) => `IP:${a}`)].join(',');
  const f = (name) => join(dir, name);
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=wikijs-keycloak lab CA']);
  run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=sso.lab']);
  writeFileSync(f('ext.cnf'), `subjectAltName=${sans}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
  run('openssl', ['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.pem'), '-days', '2', '-extfile', f('ext.cnf')]);
  return { caFile: f('ca.pem'), key: readFileSync(f('server.key')), cert: readFileSync(f('server.pem')) };
}

/** Remove namespaces (and their hosts files) left by lab runs whose process is gone. */
export function removeLeftovers() {
  const names = run('ip', ['netns', 'list']).split('\n').map((l) => l.split(' ')[0]).filter((n) => n.startsWith(NS_PREFIX));
  for (const name of names) {
    const pid = Number(name.slice(NS_PREFIX.length));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = pid !== process.pid;
    } catch {
      alive = false;
    }
    if (!alive) {
      // A wiki process a killed run left inside: ours, by its id.
      for (const leftover of run('ip', ['netns', 'pids', name]).split('\n').map(Number).filter(Boolean)) {
        try {
          process.kill(leftover, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      removeNamespace(name);
    }
  }
  if (existsSync('/etc/netns')) {
    for (const name of readdirSync('/etc/netns').filter((n) => n.startsWith(NS_PREFIX))) {
      if (!names.includes(name)) rmSync(join('/etc/netns', name), { recursive: true, force: true });
    }
  }
}

function removeNamespace(name) {
  try {
    run('ip', ['netns', 'del', name]);
  } catch {
    // already gone
  }
  rmSync(join('/etc/netns', name), { recursive: true, force: true });
}

/** A namespace for the wiki, a veth pair into it, a /30 of 169.254.N.0 no interface uses. */
function makeNamespace() {
  const name = `${NS_PREFIX}${process.pid}`;
  removeNamespace(name);
  const used = run('ip', ['-o', '-4', 'addr']);
  let n = 100 + (process.pid % 100);
  while (used.includes(`169.254.${n}.`)) n = n >= 199 ? 100 : n + 1;
  const outer = `169.254.${n}.1`;
  const inner = `169.254.${n}.2`;
  const vethOut = `wkl${process.pid}`.slice(0, 13) + 'a';
  const vethIn = `wkl${process.pid}`.slice(0, 13) + 'b';
  run('ip', ['netns', 'add', name]);
  run('ip', ['link', 'add', vethOut, 'type', 'veth', 'peer', 'name', vethIn]);
  // No IPv6 link-local address: the kernel adds one a second or two after the link is up, and
  // an address appearing mid-test makes the browser abort what it loads (ERR_NETWORK_CHANGED).
  run('ip', ['link', 'set', vethOut, 'addrgenmode', 'none']);
  run('ip', ['link', 'set', vethIn, 'addrgenmode', 'none']);
  run('ip', ['link', 'set', vethIn, 'netns', name]);
  run('ip', ['addr', 'add', `${outer}/30`, 'dev', vethOut]);
  run('ip', ['link', 'set', vethOut, 'up']);
  run('ip', ['netns', 'exec', name, 'ip', 'addr', 'add', `${inner}/30`, 'dev', vethIn]);
  run('ip', ['netns', 'exec', name, 'ip', 'link', 'set', vethIn, 'up']);
  run('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
  mkdirSync(join('/etc/netns', name), { recursive: true });
  writeFileSync(join('/etc/netns', name, 'hosts'), `127.0.0.1 localhost\n::1 localhost\n${outer} ${KEYCLOAK_NAMES.join(' ')}\n${inner} wiki.lab\n`);
  return { name, outer, inner, remove: () => removeNamespace(name) };
}

/**
 * Start the lab: namespace, CA, Keycloak, the wiki process. Resolves to a Lab. The wiki is
 * started with NODE_EXTRA_CA_CERTS (the lab CA) unless `trustCa: false`.
 */
export async function startLab({ trustCa = true, byAddress = false } = {}) {
  removeLeftovers();
  const ns = makeNamespace();
  const dir = mkdtempSync(join(tmpdir(), 'wkc-lab-'));
  try {
    const ca = makeCa(dir, ['127.0.0.1', ns.outer]);
    const kc = await startLabKeycloak({ addresses: ['127.0.0.1', ns.outer], tls: ca });
    const lab = new Lab(ns, dir, ca, kc);
    // By hand (`make lab`), a browser without the lab's name mapping: addresses only.
    if (byAddress) lab.site = `http://${ns.inner}:${WIKI_PORT}`;
    await lab.startWiki({ trustCa });
    return lab;
  } catch (err) {
    ns.remove();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export class Lab {
  constructor(ns, dir, ca, kc) {
    this.ns = ns;
    this.dir = dir;
    this.ca = ca;
    this.kc = kc;
    this.users = USERS;
    /** The Site URL and the address the test process reaches the wiki on. */
    this.site = `http://wiki.lab:${WIKI_PORT}`;
    this.wikiDirect = `http://${ns.inner}:${WIKI_PORT}`;
    this.wiki = null;
    this.wikiLog = [];
  }

  /** Public base URLs of the lab's Keycloak under a name (`sso.lab`, `localhost`, `keycloak`). */
  https(name = 'sso.lab') {
    return `https://${name}:${this.kc.httpsPort}`;
  }

  http(name = 'sso.lab') {
    return `http://${name}:${this.kc.httpPort}`;
  }

  /** Chromium's flags: the browser resolves the lab's public names (never `keycloak`). */
  browserArgs() {
    return [`--host-resolver-rules=MAP wiki.lab ${this.ns.inner}, MAP sso.lab ${this.ns.outer}, MAP sso.example.com ${this.ns.outer}, MAP keycloak.example.com ${this.ns.outer}, MAP keycloak ~NOTFOUND, MAP keycloak.internal ~NOTFOUND, MAP sso-front.lab ~NOTFOUND`];
  }

  /** Restart the wiki process with or without the lab CA, keeping its state (a container restart). */
  async restartWiki({ trustCa }) {
    const state = await (await fetch(`${this.wikiDirect}/__lab/state`)).text();
    await this.startWiki({ trustCa });
    await fetch(`${this.wikiDirect}/__lab/state`, { method: 'POST', body: state });
  }

  /** (Re)start the wiki process in the namespace; `trustCa` sets NODE_EXTRA_CA_CERTS. */
  async startWiki({ trustCa = true } = {}) {
    await this.stopWiki();
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    if (trustCa) env.NODE_EXTRA_CA_CERTS = this.ca.caFile;
    const child = spawn('ip', ['netns', 'exec', this.ns.name, process.execPath, join(here, 'wiki.mjs'),
      '--port', String(WIKI_PORT), '--host', '0.0.0.0', '--static', DIST], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.wiki = child;
    const log = this.wikiLog;
    await new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`the lab wiki did not start: ${log.join('')}`)), 15_000);
      child.stdout.on('data', (d) => {
        log.push(String(d));
        if (String(d).includes('listening on')) {
          clearTimeout(timer);
          ok();
        }
      });
      child.stderr.on('data', (d) => log.push(String(d)));
      child.on('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`the lab wiki exited (${code}): ${log.join('')}`));
      });
    });
    this.trustsCa = trustCa;
  }

  async stopWiki() {
    const child = this.wiki;
    if (!child || child.exitCode !== null) return;
    this.wiki = null;
    await new Promise((ok) => {
      child.once('exit', ok);
      child.kill('SIGTERM');
    });
  }

  /** Run a shell command where the wiki runs (its namespace, its NODE_EXTRA_CA_CERTS): {code, output}. */
  runInWiki(command) {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    if (this.trustsCa) env.NODE_EXTRA_CA_CERTS = this.ca.caFile;
    return new Promise((ok, fail) => {
      const child = spawn('ip', ['netns', 'exec', this.ns.name, 'sh', '-c', command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => { output += d; });
      child.stderr.on('data', (d) => { output += d; });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', fail);
      child.on('close', (code) => {
        clearTimeout(timer);
        ok({ code, output });
      });
    });
  }

  /** The stand-in's control API (/__test/…) on the wiki process. */
  async control(action, body) {
    const res = await fetch(`${this.wikiDirect}/__test/${action}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
    const answer = await res.json();
    if (!res.ok) throw new Error(`control ${action}: ${JSON.stringify(answer)}`);
    return answer;
  }

  async state() {
    return (await this.control('state')).state;
  }

  async token() {
    return (await this.control('token', { userId: 1 })).token;
  }

  async close() {
    await this.stopWiki();
    await this.kc.close();
    this.ns.remove();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
