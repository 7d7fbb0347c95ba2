// The stand-in's hosting side (wiki.mjs) against ../shared/facts/wikijs-2.5.md's last section
// ("Hosting files and scripts inside Wiki.js itself") and Wiki.js 2.5's upload controller,
// asset model, theming and page resolvers: uploads, asset folders, serving, theme code
// injection, pages. No recording covers these; each case names the behaviour it checks.

import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from './server.mjs';
import { beautifyCss, minifyCss, normaliseName } from './wiki.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => server?.close());
beforeEach(async () => {
  await control('reset');
  await control('seed', {
    groups: [{ id: 3, name: 'Editors', permissions: ['read:pages', 'read:assets', 'write:assets'] }, { id: 4, name: 'Designers', permissions: ['manage:theme'] }],
    users: [{ id: 3, email: 'ed@example.com', name: 'Ed', providerKey: 'local', groups: [3] }, { id: 4, email: 'di@example.com', name: 'Di', providerKey: 'local', groups: [4] }],
  });
});

async function control(action, body) {
  return (await fetch(`${server.url}/__test/${action}`, { method: 'POST', body: JSON.stringify(body ?? {}) })).json();
}
const token = async (userId = 1) => (await control('token', { userId })).token;

async function graphql(query, variables, userId = 1) {
  const headers = { 'content-type': 'application/json' };
  if (userId) headers.authorization = `Bearer ${await token(userId)}`;
  const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: await res.json() };
}

/**
 * POST /u. `meta`: the first mediaUpload field's text (null: none); `files`: [name, text, type];
 * `as`: a user id for Bearer, `cookie` a user id whose token goes in the jwt cookie only.
 */
async function upload({ meta = '{"folderId":0}', files = [['a.js', 'x', 'application/javascript']], as = 1, cookie = null } = {}) {
  const form = new FormData();
  if (meta !== null) form.append('mediaUpload', meta);
  for (const [name, text, type] of files) form.append('mediaUpload', new Blob([text], { type }), name);
  const headers = {};
  if (as) headers.authorization = `Bearer ${await token(as)}`;
  if (cookie) headers.cookie = `jwt=${await token(cookie)}`;
  const res = await fetch(`${server.url}/u`, { method: 'POST', headers, body: form });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const folder = async (slug) => {
  await graphql('mutation ($s: String!) { assets { createFolder(parentFolderId: 0, slug: $s) { responseResult { succeeded } } } }', { s: slug });
  return (await graphql('{ assets { folders(parentFolderId: 0) { id slug } } }')).body.data.assets.folders.find((f) => f.slug === slug).id;
};

const json = (value) => JSON.stringify(value);
const UPLOADS = [
  // what, request, status, answer (text or a pattern)
  ['an admin, Bearer: stored, answers ok', {}, 200, 'ok'],
  ['write:assets is enough', { as: 3 }, 200, 'ok'],
  ['the jwt cookie is ignored on /u', { as: null, cookie: 1 }, 403, json({ succeeded: false, message: 'You are not authorized to upload files.' })],
  ['no token: the guest', { as: null }, 403, json({ succeeded: false, message: 'You are not authorized to upload files.' })],
  ['no file', { files: [] }, 400, json({ succeeded: false, message: 'Missing upload payload.' })],
  ['two files in one request', { files: [['a.js', 'x', 'text/plain'], ['b.js', 'y', 'text/plain']] }, 400, json({ succeeded: false, message: 'You cannot upload multiple files within the same request.' })],
  ['no folder field', { meta: null }, 400, json({ succeeded: false, message: 'Missing upload folder metadata.' })],
  ['a folder field that is not JSON', { meta: 'folder 3' }, 400, json({ succeeded: false, message: 'Missing upload folder metadata.' })],
  ['a folder that does not exist', { meta: '{"folderId":99}' }, 400, json({ succeeded: false, message: 'Failed to fetch folder hierarchy.' })],
  ['over uploads.maxFileSize: multer fails through the error page', { files: [['big.wasm', 'x'.repeat(5242881), 'application/wasm']] }, 500, /<h2>File too large<\/h2>/],
];
for (const [what, request, status, answer] of UPLOADS) {
  test(`POST /u: ${what}`, async () => {
    const before = server.world.state.wiki.assets.length;
    const res = await upload(request);
    assert.equal(res.status, status, res.text);
    if (typeof answer === 'string') assert.equal(res.text, answer);
    else assert.match(res.text, answer);
    assert.equal(server.world.state.wiki.assets.length, before + (status === 200 ? 1 : 0));
  });
}

const NAMES = [
  ['Hello World.JS', 'hello_world.js'],
  ['a,b;c#d\te.css', 'a_b_c_d_e.css'],
  ['a  ,;# b.wasm', 'a_b.wasm'],
  ['what?<is>:this|.js', 'whatisthis.js'],
  ['wikijs-keycloak-0a1b_bg.wasm', 'wikijs-keycloak-0a1b_bg.wasm'],
];
for (const [given, stored] of NAMES) {
  test(`names are lower-cased, [\\s,;#]+ become _, then sanitised: ${JSON.stringify(given)} → ${stored}`, async () => {
    assert.equal(normaliseName(given), stored);
    const id = await folder('f');
    assert.equal((await upload({ meta: json({ folderId: id }), files: [[given, 'x', 'text/plain']] })).status, 200);
    assert.equal((await fetch(`${server.url}/f/${stored}`)).status, 200);
  });
}

test('uploading a name again replaces the file in place (same id)', async () => {
  await upload({ files: [['a.js', 'one', 'application/javascript']] });
  await upload({ files: [['a.js', 'two', 'application/javascript']] });
  assert.deepEqual(server.world.state.wiki.assets.map((a) => [a.id, a.filename, a.data.toString()]), [[1, 'a.js', 'two']]);
});

const SERVED = [
  // file, Content-Type, Content-Disposition ("force download" for all but images)
  ['x.js', 'application/javascript; charset=UTF-8', 'attachment; filename=x.js'],
  ['x_bg.wasm', 'application/wasm', 'attachment; filename=x_bg.wasm'],
  ['x.css', 'text/css; charset=UTF-8', 'attachment; filename=x.css'],
  ['x.png', 'image/png', null],
];
for (const [name, type, disposition] of SERVED) {
  test(`GET /{folder}/${name}: ${type}, nosniff, ${disposition ?? 'inline'}`, async () => {
    const id = await folder('kcf');
    await upload({ meta: json({ folderId: id }), files: [[name, 'body', 'application/octet-stream']] });
    const res = await fetch(`${server.url}/kcf/${name}`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'body');
    assert.equal(res.headers.get('content-type'), type);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('content-disposition'), disposition);
  });
}

test('a two-letter first segment is a locale (pageHelper.parsePath), so a folder named like one cannot be served', async () => {
  const id = await folder('kc');
  await upload({ meta: json({ folderId: id }), files: [['x.js', 'body', 'application/javascript']] });
  assert.equal((await fetch(`${server.url}/kc/x.js`)).status, 404);
});

test('asset folders and files in GraphQL: folders, list by kind, createFolder twice, deleteAsset', async () => {
  const id = await folder('kc');
  const again = await graphql('mutation { assets { createFolder(parentFolderId: 0, slug: "kc") { responseResult { succeeded slug message } } } }');
  assert.deepEqual(again.body.data.assets.createFolder.responseResult, { succeeded: false, slug: 'AssetFolderExists', message: 'An asset folder with the same name already exists.' });
  await upload({ meta: json({ folderId: id }), files: [['a.js', 'x', 'application/javascript']] });
  await upload({ meta: json({ folderId: id }), files: [['p.png', 'x', 'image/png']] });
  const list = async (kind) => (await graphql(`{ assets { list(folderId: ${id}, kind: ${kind}) { id filename kind mime fileSize } } }`)).body.data.assets.list;
  assert.deepEqual((await list('ALL')).map((a) => [a.filename, a.kind]), [['a.js', 'BINARY'], ['p.png', 'IMAGE']]);
  assert.deepEqual((await list('IMAGE')).map((a) => a.filename), ['p.png']);
  const del = async (assetId) => (await graphql(`mutation { assets { deleteAsset(id: ${assetId}) { responseResult { succeeded message } } } }`)).body.data.assets.deleteAsset.responseResult;
  assert.deepEqual(await del(1), { succeeded: true, message: 'Asset has been deleted.' });
  assert.deepEqual(await del(1), { succeeded: false, message: 'This asset does not exist or is invalid.' });
  assert.equal((await fetch(`${server.url}/kc/a.js`)).status, 404);
  assert.equal((await graphql('{ assets { folders(parentFolderId: 0) { slug } } }', null, 2)).body.data.assets.folders.length, 1, 'read:assets lists');
  assert.equal((await graphql('mutation { assets { deleteAsset(id: 2) { responseResult { succeeded } } } }', null, 3)).body.errors[0].message, 'Forbidden', 'write:assets cannot delete');
});

const THEME = 'theme iconset darkMode tocPosition injectCSS injectHead injectBody';
const SET =
  'mutation ($theme: String!, $iconset: String!, $darkMode: Boolean!, $tocPosition: String, $injectCSS: String, $injectHead: String, $injectBody: String) { theming { setConfig(theme: $theme, iconset: $iconset, darkMode: $darkMode, tocPosition: $tocPosition, injectCSS: $injectCSS, injectHead: $injectHead, injectBody: $injectBody) { responseResult { succeeded message } } } }';

test('theming: setConfig replaces everything; injectCSS is minified on save and shown beautified; sending back what was read stores the same', async () => {
  const read = async () => (await graphql(`{ theming { config { ${THEME} } } }`)).body.data.theming.config;
  assert.deepEqual(await read(), { theme: 'default', iconset: 'mdi', darkMode: false, tocPosition: 'left', injectCSS: '', injectHead: '', injectBody: '' });
  const css = '/* c */ .a  {  color : red ; }\n\n.b > .c{margin:0 ; padding : 1px}';
  const saved = await graphql(SET, { theme: 'default', iconset: 'mdi', darkMode: true, injectCSS: css, injectHead: ' <x>\n', injectBody: '' });
  assert.deepEqual(saved.body.data.theming.setConfig.responseResult, { succeeded: true, message: 'Theme config updated' });
  const stored = server.world.state.wiki.theming;
  assert.equal(stored.injectCSS, '.a{color:red}.b>.c{margin:0;padding:1px}');
  assert.equal(stored.tocPosition, 'left', 'tocPosition || "left"');
  assert.equal(stored.injectHead, ' <x>\n', 'the head injection as sent');
  const shown = await read();
  assert.notEqual(shown.injectCSS, stored.injectCSS, 'shown beautified');
  await graphql(SET, shown);
  assert.equal(server.world.state.wiki.theming.injectCSS, '.a{color:red}.b>.c{margin:0;padding:1px}');
  assert.deepEqual(await read(), shown);
  assert.equal(beautifyCss(minifyCss(beautifyCss(stored.injectCSS))), beautifyCss(stored.injectCSS));
});

const THEME_ACCESS = [
  ['manage:theme may', 4, null],
  ['write:assets may not', 3, 'Forbidden'],
  ['the guest may not', null, 'Forbidden'],
];
for (const [what, userId, error] of THEME_ACCESS) {
  test(`theming: ${what}`, async () => {
    const res = await graphql(`{ theming { config { ${THEME} } } }`, null, userId);
    assert.equal(res.body.errors?.[0]?.message ?? null, error);
  });
}

test('theming: setConfig without the required theme, iconset and darkMode is refused (HTTP 400)', async () => {
  const res = await graphql('mutation { theming { setConfig(theme: "default", injectHead: "x") { responseResult { succeeded } } } }');
  assert.equal(res.status, 400);
  assert.equal(res.body.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
});

const CREATE = 'mutation ($path: String!, $locale: String!) { pages { create(content: "Hello.", description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: $locale, path: $path, tags: [], title: "T") { responseResult { succeeded slug message } page { id path } } } }';

test('pages: create, singleByPath, create again, delete', async () => {
  const by = async (path) => (await graphql('query ($p: String!) { pages { singleByPath(path: $p, locale: "en") { id title } } }', { p: path })).body;
  assert.equal((await by('kc')).errors[0].message, 'This page does not exist.');
  const created = (await graphql(CREATE, { path: '/kc/', locale: 'en' })).body.data.pages.create;
  assert.deepEqual(created, { responseResult: { succeeded: true, slug: 'ok', message: 'Page created successfully.' }, page: { id: 1, path: 'kc' } });
  assert.deepEqual((await by('kc')).data.pages.singleByPath, { id: 1, title: 'T' });
  assert.equal((await graphql(CREATE, { path: 'kc', locale: 'en' })).body.data.pages.create.responseResult.slug, 'PageDuplicateCreate');
  const del = await graphql('mutation { pages { delete(id: 1) { responseResult { succeeded } } } }');
  assert.equal(del.body.data.pages.delete.responseResult.succeeded, true);
  assert.equal((await by('kc')).errors[0].message, 'This page does not exist.');
});

// page.pug: the head injection on wiki pages only.
const RENDERED = [
  // address, status, carries the injection
  ['/kc', 200, true],
  ['/en/kc', 200, true],
  ['/nope', 404, false],
  ['/a/theme', 404, false],
];
for (const [address, status, injected] of RENDERED) {
  test(`GET ${address}: ${status}, ${injected ? 'with' : 'without'} the head injection`, async () => {
    await graphql(CREATE, { path: 'kc', locale: 'en' });
    await graphql(SET, { theme: 'default', iconset: 'mdi', darkMode: false, injectHead: '<meta name="injected">', injectCSS: 'a { color: red }' });
    const res = await fetch(`${server.url}${address}`);
    const html = await res.text();
    assert.equal(res.status, status);
    assert.equal(html.includes('<meta name="injected">'), injected);
    if (injected) {
      assert.match(html, /<head>[^]*<style>a\{color:red\}<\/style>\n<meta name="injected">\n<\/head>/);
      assert.match(html, /<div id="root">[^]*Hello\.[^]*<\/div>/);
    }
  });
}

test('namespacing: a page address without its locale redirects to it', async () => {
  await control('wiki', { namespacing: true });
  await graphql(CREATE, { path: 'kc', locale: 'en' });
  const res = await fetch(`${server.url}/kc?x=1`, { redirect: 'manual' });
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), '/en/kc?x=1');
});

test('system.info.currentVersion and localization.config need manage:system', async () => {
  const q = '{ system { info { currentVersion } } localization { config { locale namespacing } } }';
  assert.deepEqual((await graphql(q)).body.data, { system: { info: { currentVersion: '2.5.314' } }, localization: { config: { locale: 'en', namespacing: false } } });
  assert.deepEqual((await graphql(q, null, 3)).body.errors.map((e) => e.message), ['Forbidden', 'Forbidden']);
});
