// The installer against the stand-in Wiki.js, without a browser: what it writes into the
// wiki, that running it again replaces only its own block and files, that uninstall gives
// the injection back byte for byte, and that every error is clear and loses nothing.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, beforeEach, test } from 'node:test';

import { buildHash, findBlocks, snippet } from '../../scripts/wiki-snippet.mjs';
import { REST_FILE } from '../../scripts/split-page.mjs';
import { DIST, REPO, assertBuilt, builtFiles, previousBuild, startWiki } from './wiki.mjs';

let wiki;
before(async () => {
  assertBuilt();
  wiki = await startWiki();
});
after(async () => wiki?.close());
beforeEach(async () => wiki.reset());

/** What a clean install leaves, for comparing a finished halfway install with. */
function assertInstalled(snapshot, { page = 'keycloak-setup', dist = DIST } = {}) {
  const [folder] = snapshot.folders;
  assert.deepEqual(snapshot.folders.map((f) => [f.slug, f.parentId]), [['wikijs-keycloak', null]], 'one asset folder at the root');
  assert.deepEqual(snapshot.assets.filter((a) => a.folderId === folder.id).map((a) => a.filename).sort(), builtFiles(dist), 'one set of files: the build\'s');
  const blocks = findBlocks(snapshot.theming.injectHead);
  assert.equal(blocks.length, 1, 'one block');
  assert.equal(blocks[0].hash, buildHash(dist), 'the block imports with the build\'s hash');
  assert.equal(blocks[0].page, page);
  assert.deepEqual(snapshot.pages.map((p) => [p.path, p.title]), [[page, 'Keycloak sign-in setup']]);
}

test('install: the files, one block, the page, and `Open: <page URL>` last', async () => {
  const url = await wiki.install();
  assert.equal(url, `${wiki.url}/keycloak-setup`);
  const s = wiki.snapshot();
  assertInstalled(s);
  // Uploaded byte for byte, served with the types the loader needs.
  for (const name of builtFiles()) {
    const res = await fetch(`${wiki.url}/wikijs-keycloak/${name}`);
    assert.equal(res.status, 200, name);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), readFileSync(join(DIST, name)), `${name} as built`);
    assert.match(res.headers.get('content-type'), { js: /^application\/javascript/, css: /^text\/css/, wasm: /^application\/wasm$/ }[name.split('.').pop()], name);
  }
  // The block is what the build printed for people who paste it by hand.
  assert.equal(s.theming.injectHead, `${readFileSync(join(DIST, 'wiki-snippet.html'), 'utf8').trimEnd()}\n`);
  // The token is written nowhere in the wiki.
  const token = await wiki.token();
  const everything = JSON.stringify(s) + s.assets.map((a) => a.filename).join();
  assert.ok(!everything.includes(token.split('.')[2]) && !/Bearer|authorization/i.test(s.theming.injectHead + s.pages[0].content));
});

test('the build hook (as Trunk runs it) prints the snippet with the build\'s hash and copies the page module', async () => {
  const staging = mkdtempSync(join(tmpdir(), 'wkc-staging-'));
  try {
    cpSync(DIST, staging, { recursive: true });
    rmSync(join(staging, 'wiki-snippet.html'));
    rmSync(join(staging, 'wikijs-keycloak-wiki.js'));
    // Not execFileSync: the stand-in wiki serves from this process, and a loop blocked for the
    // hook's seconds let its keep-alive timeout close a socket fetch then reused ("fetch failed").
    await promisify(execFile)(process.execPath, [join(REPO, 'scripts/widget-loader.mjs')], { env: { ...process.env, TRUNK_STAGING_DIR: staging } });
    assert.equal(readFileSync(join(staging, 'wiki-snippet.html'), 'utf8'), `${snippet({ hash: buildHash(staging) })}\n`);
    assert.equal(readFileSync(join(staging, 'wikijs-keycloak-wiki.js'), 'utf8'), readFileSync(join(REPO, 'src/widget/wiki-page.js'), 'utf8'));
    // Finished again, a split build keeps its rest, named by the loader, and is not split anew.
    const rests = (dir) => readdirSync(dir).filter((f) => REST_FILE.test(f));
    assert.deepEqual(rests(staging), rests(DIST));
    assert.ok(readFileSync(join(staging, 'wikijs-keycloak.js'), 'utf8').includes(`"${rests(DIST)[0]}"`), 'the loader names the rest');
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
});

test('the inline script is a few hundred bytes and only looks at the address', async () => {
  await wiki.install();
  const head = wiki.snapshot().theming.injectHead;
  const scripts = [...head.matchAll(/<script>([^]*?)<\/script>/g)].map((m) => m[1]);
  assert.equal(scripts.length, 1);
  assert.ok(Buffer.byteLength(scripts[0]) <= 300, `${Buffer.byteLength(scripts[0])} bytes`);
  assert.doesNotMatch(head, /type="module"|src=/, 'a classic inline script, no module, nothing fetched by itself');
});

test('installed twice (and over a previous version): one block, one set of files, the other injections kept', async () => {
  await wiki.setTheme({ injectHead: '<meta name="before">', injectBody: '<p>body</p>' });
  const previous = previousBuild();
  try {
    await wiki.install({ dist: previous.dir });
    assertInstalled(wiki.snapshot(), { dist: previous.dir });
    const upgrade = await wiki.run('install');
    assert.equal(upgrade.code, 0, upgrade.out);
    for (const name of previous.names) assert.match(upgrade.out, new RegExp(`Deleted the previous version's wikijs-keycloak/${name.replace('.', '\\.')}`));
    await wiki.install();
    const s = wiki.snapshot();
    assertInstalled(s);
    assert.ok(s.theming.injectHead.endsWith('\n<meta name="before">'), s.theming.injectHead);
    assert.equal(s.theming.injectBody, '<p>body</p>');
  } finally {
    previous.remove();
  }
});

test('another page path: the block follows, the previous page goes', async () => {
  await wiki.install();
  const url = await wiki.install({ page: 'admin/sign-in' });
  assert.equal(url, `${wiki.url}/admin/sign-in`);
  assertInstalled(wiki.snapshot(), { page: 'admin/sign-in' });
});

test('a build without the page module (built before it existed) installs with the checkout\'s', async () => {
  const old = mkdtempSync(join(tmpdir(), 'wkc-old-'));
  try {
    cpSync(DIST, old, { recursive: true });
    rmSync(join(old, 'wikijs-keycloak-wiki.js'));
    rmSync(join(old, 'wiki-snippet.html'));
    await wiki.install({ dist: old });
    const res = await fetch(`${wiki.url}/wikijs-keycloak/wikijs-keycloak-wiki.js`);
    assert.equal(await res.text(), readFileSync(join(DIST, 'wikijs-keycloak-wiki.js'), 'utf8'));
  } finally {
    rmSync(old, { recursive: true, force: true });
  }
});

test('namespaced locales: the page is created in the wiki\'s locale and its address has it', async () => {
  await wiki.control('wiki', { locale: 'de', namespacing: true });
  assert.equal(await wiki.install(), `${wiki.url}/de/keycloak-setup`);
  assert.deepEqual(wiki.snapshot().pages.map((p) => [p.locale, p.path]), [['de', 'keycloak-setup']]);
});

// Uninstall gives every kind of injection back byte for byte, the rest of the theme as read.
const INJECTIONS = [
  ['empty', ''],
  ['one line', '<meta name="x" content="y">'],
  ['a newline only', '\n'],
  ['trailing blank lines', '<script>/* analytics */</script>\n\n'],
  ['CRLF and another marker-like comment', '<!-- wikijs begin -->\r\n<link rel="icon" href="/x.png">\r\n'],
];
for (const [name, injectHead] of INJECTIONS) {
  test(`uninstall restores the head injection byte for byte: ${name}`, async () => {
    await wiki.setTheme({ injectHead, injectCSS: '.a  {  color : red ; }\n\n.b{margin:0}', injectBody: '<script>1</script>', darkMode: true, tocPosition: 'right' });
    const before = await wiki.theme();
    const stored = structuredClone(wiki.snapshot().theming);
    await wiki.install();
    const during = await wiki.theme();
    assert.deepEqual({ ...during, injectHead: null }, { ...before, injectHead: null }, 'every other setting sent back as read');
    assert.ok(during.injectHead.endsWith(injectHead));
    const result = await wiki.run('uninstall');
    assert.equal(result.code, 0, result.out);
    assert.deepEqual(await wiki.theme(), before, 'read back as before');
    assert.deepEqual(wiki.snapshot().theming, stored, 'stored as before');
    assert.equal(wiki.snapshot().theming.injectHead, injectHead);
  });
}

test('uninstall removes files, page and block; the empty folder stays and the script says so', async () => {
  await wiki.install();
  const result = await wiki.run('uninstall');
  assert.equal(result.code, 0, result.out);
  const s = wiki.snapshot();
  assert.deepEqual([s.assets, s.pages, s.theming.injectHead], [[], [], '']);
  assert.deepEqual(s.folders.map((f) => f.slug), ['wikijs-keycloak']);
  assert.match(result.out, /asset folder wikijs-keycloak\/ stays, empty: Wiki\.js 2\.5 cannot delete asset folders/);
  const again = await wiki.run('uninstall');
  assert.equal(again.code, 0, 'uninstalling twice is fine');
});

test('uninstall leaves what is not its own: other files in the folder, another page at the path', async () => {
  await wiki.install();
  await wiki.graphql('mutation { pages { delete(id: 1) { responseResult { succeeded } } } }');
  await wiki.createPage('keycloak-setup', { title: 'Our own notes' });
  const form = new FormData();
  form.append('mediaUpload', JSON.stringify({ folderId: wiki.snapshot().folders[0].id }));
  form.append('mediaUpload', new Blob(['x'], { type: 'text/plain' }), 'notes.txt');
  await fetch(`${wiki.url}/u`, { method: 'POST', headers: { authorization: `Bearer ${await wiki.token()}` }, body: form });
  const result = await wiki.run('uninstall');
  assert.equal(result.code, 0, result.out);
  const s = wiki.snapshot();
  assert.deepEqual(s.assets.map((a) => a.filename), ['notes.txt']);
  assert.deepEqual(s.pages.map((p) => p.title), ['Our own notes']);
  assert.match(result.out, /Left the page \/keycloak-setup alone/);
});

// Errors found before anything is written: a clear message, and the wiki exactly as it was.
const EDITOR = { groups: [{ id: 3, name: 'Editors', permissions: ['read:pages', 'write:pages', 'write:assets', 'read:assets'] }], users: [{ id: 3, email: 'ed@example.com', name: 'Ed', providerKey: 'local', groups: [3] }] };
const REFUSED = [
  ['a token without the rights', async () => ({ token: await wiki.token(3) }), EDITOR, /refused this token \(Forbidden\): it needs full access/],
  ['no token', async () => ({ token: '' }), null, /an API key \(TOKEN=…\) are both needed/],
  ['a TOKEN_FILE that cannot be read', async () => ({ token: '', env: { TOKEN_FILE: '/nonexistent/wkc-key' } }), null, /TOKEN_FILE \/nonexistent\/wkc-key cannot be read \(ENOENT\)/],
  ['a garbage token', async () => ({ token: 'not.a.token' }), null, /refused this token \(Forbidden\)/],
  ['a wiki that is not 2.5 (2.4)', () => wiki.control('wiki', { version: '2.4.107' }), null, /does not look like Wiki\.js 2\.5: it reports version 2\.4\.107/],
  ['a wiki that is not 2.5 (3.0)', () => wiki.control('wiki', { version: '3.0.0-beta.5' }), null, /does not look like Wiki\.js 2\.5: it reports version 3\.0\.0/],
  ['not a wiki at all', async () => ({ wiki: `${wiki.url}/nothing-here` }), null, /does not look like Wiki\.js 2\.5: .*answered HTTP 404/],
  ['nothing listening', async () => ({ wiki: 'http://127.0.0.1:9' }), null, /cannot reach http:\/\/127\.0\.0\.1:9\/graphql/],
  ['a file over uploads.maxFileSize', async () => ({}), { site: { uploadMaxFileSize: 200_000 } }, /^wiki-install: ([\w.-]+\.wasm is [\d.]+ [KM]B, )*[\w.-]+\.wasm is [\d.]+ [KM]B; the wiki accepts uploads up to 200\.0 KB \(uploads\.maxFileSize/m],
  ['someone else\'s page at the path', () => wiki.createPage('keycloak-setup', { title: 'Setup notes' }), null, /a page "Setup notes" already exists at \/keycloak-setup: choose another path/],
  ['markers edited by hand', () => wiki.setTheme({ injectHead: '<!-- wikijs-keycloak begin page=x v=1 -->\n<script></script>' }), null, /markers were edited/],
  ['a page path that cannot be matched exactly', async () => ({ page: 'Keycloak Setup' }), null, /page path "Keycloak Setup": use lower-case letters/],
];
for (const [name, arrange, seed, message] of REFUSED) {
  test(`refused before any change: ${name}`, async () => {
    if (seed) await wiki.reset(seed);
    const options = (await arrange()) ?? {};
    const before = wiki.snapshot();
    const result = await wiki.run('install', options);
    assert.notEqual(result.code, 0, result.out);
    assert.match(result.out, message);
    assert.match(result.out, /Nothing was changed in the wiki\./);
    assert.doesNotMatch(result.out, /^Open:/m);
    assert.deepEqual(wiki.snapshot(), before, 'the wiki is as it was');
  });
}

// A step that fails halfway: what was done is listed, running again finishes, uninstall undoes.
// Files go up in name order: the tools part's wasm comes after the api and demo parts' scripts
// whatever the content hashes are, so an upload that fails there fails halfway.
const TOOLS_WASM = readdirSync(DIST).find((name) => /^wikijs-keycloak-tools-[0-9a-f]{16}_bg\.wasm$/.test(name));
const HALFWAY = [
  ['the wasm upload', { upload: { match: TOOLS_WASM, status: 500, text: 'Internal Server Error' } }, /refused the upload of wikijs-keycloak-[a-z0-9-]+_bg\.wasm: HTTP 500/, /uploaded wikijs-keycloak\/wikijs-keycloak-(?:[a-z]+-)?[0-9a-f]+\.js/],
  ['saving the theme', { fault: { kind: 'status500', match: 'setConfig' } }, /the wiki failed: HTTP 500/, /uploaded wikijs-keycloak\/wikijs-keycloak\.js/],
  ['creating the page', { fault: { kind: 'status500', match: 'create(content' } }, /the wiki failed: HTTP 500/, /added the wikijs-keycloak block/],
  ['a proxy\'s body limit (413)', { upload: { match: TOOLS_WASM, status: 413, text: '<html><body><h1>413 Request Entity Too Large</h1></body></html>' } }, /HTTP 413 413 Request Entity Too Large \(a reverse proxy in front of the wiki limits request bodies/, /uploaded wikijs-keycloak\/wikijs-keycloak-(?:[a-z]+-)?[0-9a-f]+\.js/],
  ['scripts served with another type', { wikiState: { serveTypes: { '.js': 'application/octet-stream' } } }, /serves wikijs-keycloak-(?:[a-z]+-)?[0-9a-f]+\.js as "application\/octet-stream", which browsers refuse to run as a module script/, /uploaded wikijs-keycloak\/wikijs-keycloak-wiki\.js/],
  ['the connection, at the page', { fault: { kind: 'drop', match: 'create(content' } }, /cannot reach .*\/graphql/, /added the wikijs-keycloak block/],
];
for (const [name, { upload, fault, wikiState }, message, done] of HALFWAY) {
  for (const then of ['install', 'uninstall']) {
    test(`a failure halfway (${name}) says what was done; ${then} again ${then === 'install' ? 'finishes' : 'undoes it'}`, async () => {
      await wiki.setTheme({ injectHead: '<meta name="kept">' });
      const pristine = wiki.snapshot();
      if (upload) await wiki.control('wiki', { uploadFault: upload });
      if (fault) await wiki.control('fault', fault);
      if (wikiState) await wiki.control('wiki', wikiState);
      const result = await wiki.run('install');
      if (wikiState) await wiki.control('wiki', { serveTypes: null });
      assert.equal(result.code, 1, result.out);
      assert.match(result.out, message);
      assert.match(result.out, /Done before that:\n(  - .*\n)+/);
      assert.match(result.out, done);
      assert.match(result.out, /To finish, fix the cause and run `make wiki-install WIKI=\S+(?: DIST=\S+)?` again .*to undo what was done, run `make wiki-uninstall WIKI=\S+`\.\n\(With TOKEN exported as before/);
      const second = await wiki.run(then);
      assert.equal(second.code, 0, second.out);
      if (then === 'install') {
        assertInstalled(wiki.snapshot());
      } else {
        const s = wiki.snapshot();
        assert.deepEqual({ ...s, folders: [] }, { ...pristine, folders: [] }, 'as before, but for the empty folder');
      }
    });
  }
}

// The page at another path: the command each failure gives carries it, and run as given it
// finishes (the block that said where the page is may be gone by then).
const ELSEWHERE = [
  ['removing the block', { kind: 'status500', match: 'setConfig' }],
  ['deleting a file', { kind: 'status500', match: 'deleteAsset', skip: 1 }],
];
for (const [name, fault] of ELSEWHERE) {
  test(`an uninstall of a page elsewhere that fails at ${name}: the command it gives removes the rest, the page too`, async () => {
    await wiki.install({ page: 'admin/sign-in' });
    await wiki.control('fault', fault);
    const result = await wiki.run('uninstall', { page: 'admin/sign-in' });
    assert.equal(result.code, 1, result.out);
    assert.match(result.out, /run `make wiki-uninstall WIKI=\S+ PAGE=admin\/sign-in` again/);
    const again = await wiki.run('uninstall', { page: 'admin/sign-in' });
    assert.equal(again.code, 0, again.out);
    const s = wiki.snapshot();
    assert.deepEqual([s.assets, s.pages, s.theming.injectHead], [[], [], '']);
  });
}

/** (how the token is given, the environment beyond WIKI and DIST, whether the script warns it was seen). */
const TOKEN_GIVEN = [
  ['exported', async () => ({ TOKEN: await wiki.token() }), false],
  ['in a file (TOKEN_FILE)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wkc-token-'));
    writeFileSync(join(dir, 'key'), `${await wiki.token()}\n`);
    return { TOKEN: '', TOKEN_FILE: join(dir, 'key') };
  }, false],
  ['on make\'s command line', async () => ({ TOKEN: await wiki.token(), MAKEFLAGS: ' -- TOKEN=xyz WIKI=https://wiki.example.com' }), true],
];
for (const [how, environment, warned] of TOKEN_GIVEN) {
  test(`the token ${how}: installs${warned ? ', saying where it was seen' : ''}`, async () => {
    const env = await environment();
    const result = await wiki.run('install', { token: env.TOKEN, env });
    assert.equal(result.code, 0, result.out);
    assert.equal(/given on make's command line, where other users of this machine can read it/.test(result.out), warned, result.out);
    assertInstalled(wiki.snapshot());
  });
}

test('an uninstall that fails halfway says what it removed; running it again removes the rest', async () => {
  await wiki.install();
  await wiki.control('fault', { kind: 'status500', match: 'deleteAsset', skip: 2 });
  const result = await wiki.run('uninstall');
  assert.equal(result.code, 1, result.out);
  assert.match(result.out, /Done before that:\n  - deleted the page \/keycloak-setup\n  - removed the wikijs-keycloak block from the theme's head injection\n  - deleted wikijs-keycloak\/\S+\n  - deleted wikijs-keycloak\/\S+\n/);
  assert.match(result.out, /Fix the cause and run `make wiki-uninstall WIKI=\S+` again to remove the rest\./);
  const again = await wiki.run('uninstall');
  assert.equal(again.code, 0, again.out);
  const s = wiki.snapshot();
  assert.deepEqual([s.assets, s.pages, s.theming.injectHead], [[], [], '']);
});
