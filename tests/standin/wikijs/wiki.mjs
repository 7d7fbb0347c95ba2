// What the stand-in Wiki.js 2.5.314 needs to host the configurator inside the wiki itself
// (scripts/wiki-install.mjs), as ../shared/facts/wikijs-2.5.md's last section describes it:
//
//   - POST /u: multipart uploads (server/controllers/upload.js): a `mediaUpload` field holding
//     `{"folderId": N}` then the file in a second `mediaUpload` field; Bearer only (the jwt
//     cookie is ignored on /u); write:assets or manage:system; names lower-cased, `[\s,;#]+`
//     made `_`, then sanitised; multer's limits (uploads.maxFileSize, uploads.maxFiles) fail
//     through Express's error page; success answers `ok`.
//   - GET /{folder path}/{file}: the asset, typed by its extension, `X-Content-Type-Options:
//     nosniff` and, for anything but an image, `Content-Disposition: attachment` (Wiki.js's
//     "force download", uploads.forceDownload).
//   - GraphQL (wiki.graphql): assets { list folders createFolder deleteAsset }, theming
//     { config setConfig } (injectCSS minified on save, shown beautified), pages
//     { singleByPath create delete }, system.info.currentVersion, localization.config.
//   - GET /{path} of an existing page: a minimal page.pug: the theme's CSS and head injection
//     in <head>, `<div id="root">` holding the rendered content (replaced on `load`, as the
//     Vue client's mount replaces it), then the body injection. Not-found pages and /a/… get
//     no injection.
//   - POST /__test/wiki: {version, locale, namespacing, uploadFault: {match, status, text},
//     serveTypes: {'.js': type}} (a wiki, or a proxy before it, that types files otherwise).
//
// Its state lives in world.state.wiki, so /__test/reset starts it afresh too.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { authenticate } from './auth.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const WIKI_SDL = readFileSync(join(here, 'wiki.graphql'), 'utf8');

/** The stand-in's wiki state right after setup. */
export function freshWiki() {
  return {
    version: '2.5.314',
    locale: 'en',
    namespacing: false,
    folders: [], // {id, parentId (null = root), slug, name}
    assets: [], // {id, folderId, filename, ext, kind, mime, fileSize, data (Buffer), createdAt, updatedAt}
    theming: { theme: 'default', iconset: 'mdi', darkMode: false, tocPosition: 'left', injectCSS: '', injectHead: '', injectBody: '' },
    pages: [], // {id, path, locale, title, description, content, render, editor, isPublished, isPrivate, scriptCss, scriptJs, createdAt, updatedAt}
    uploadFaults: [], // {match, status, text}: the next upload whose file name contains `match` fails
    nextId: { folder: 1, asset: 1, page: 1 },
  };
}

export const wikiOf = (world) => (world.state.wiki ??= freshWiki());

/** WIKI.Error classes the resolvers throw (server/helpers/error.js): name (slug), code, message. */
class WikiError extends Error {
  constructor(name, code, message) {
    super(message);
    this.name = name;
    this.code = code;
  }
}
const success = (message) => ({ succeeded: true, errorCode: 0, slug: 'ok', message });
const failure = (err) => ({ succeeded: false, errorCode: Number.isFinite(err.code) ? err.code : 1, slug: err.name, message: err.message || 'An unexpected error occured.' });
const can = (user, perms) => !!user && user.permissions.some((p) => p === 'manage:system' || perms.includes(p));

/** sanitize-filename, as Wiki.js applies it after lower-casing and `[\s,;#]+` → `_`. */
export function normaliseName(name) {
  const replaced = name.toLowerCase().replace(/[\s,;#]+/g, '_');
  let out = replaced
    .replace(/[/?<>\\:*|"]/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x1f\x80-\x9f]/g, '')
    .replace(/^\.+$/, '')
    .replace(/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i, '')
    .replace(/[. ]+$/, '');
  while (Buffer.byteLength(out) > 255) out = out.slice(0, -1);
  return out;
}

/** clean-css level 1, enough for the stand-in: what setConfig stores. Idempotent. */
export function minifyCss(css) {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};:,>])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

/** clean-css `format: 'beautify'`: how theming.config shows the stored CSS. */
export function beautifyCss(css) {
  const min = minifyCss(css);
  if (!min) return '';
  let out = '';
  let depth = 0;
  const pad = () => '  '.repeat(depth);
  for (const token of min.split(/([{};])/)) {
    if (token === '{') {
      out += ' {\n';
      depth += 1;
    } else if (token === '}') {
      depth = Math.max(0, depth - 1);
      out += `${out.endsWith('\n') ? '' : '\n'}${pad()}}\n`;
    } else if (token === ';') {
      out += ';\n';
    } else if (token) {
      const text = token.replace(/:/, depth > 0 && !token.includes('{') ? ': ' : ':');
      out += `${out.endsWith('\n') || out === '' ? pad() : ''}${text}`;
    }
  }
  return out.trim();
}

/** The resolvers for wiki.graphql, merged into `base` (makeResolvers' object). */
export function withWikiResolvers(base, world) {
  const wiki = () => wikiOf(world);
  const now = () => new Date().toISOString();
  const pageOut = (p) => ({ ...p, contentType: p.editor === 'code' ? 'html' : 'markdown' });

  const resolvers = {
    Query: { ...base.Query, assets: () => ({}), theming: () => ({}), pages: () => ({}), system: () => ({}), localization: () => ({}) },
    Mutation: { ...base.Mutation, assets: () => ({}), theming: () => ({}), pages: () => ({}) },
    AssetQuery: {
      async list(obj, args) {
        const folderId = args.folderId === 0 ? null : args.folderId;
        return wiki()
          .assets.filter((a) => a.folderId === folderId && (args.kind === 'ALL' || a.kind === args.kind.toLowerCase()))
          .map((a) => ({ ...a, kind: a.kind.toUpperCase(), metadata: null }));
      },
      async folders(obj, args) {
        const parentId = args.parentFolderId === 0 ? null : args.parentFolderId;
        return wiki().folders.filter((f) => f.parentId === parentId);
      },
    },
    AssetMutation: {
      async createFolder(obj, args) {
        try {
          const slug = normaliseName(args.slug);
          const parentId = args.parentFolderId === 0 ? null : args.parentFolderId;
          if (wiki().folders.some((f) => f.parentId === parentId && f.slug === slug)) {
            throw new WikiError('AssetFolderExists', 2004, 'An asset folder with the same name already exists.');
          }
          wiki().folders.push({ id: wiki().nextId.folder++, parentId, slug, name: slug });
          return { responseResult: success('Asset Folder has been created successfully.') };
        } catch (err) {
          return { responseResult: failure(err) };
        }
      },
      async deleteAsset(obj, args) {
        try {
          const index = wiki().assets.findIndex((a) => a.id === args.id);
          if (index < 0) throw new WikiError('AssetInvalid', 2002, 'This asset does not exist or is invalid.');
          wiki().assets.splice(index, 1);
          return { responseResult: success('Asset has been deleted.') };
        } catch (err) {
          return { responseResult: failure(err) };
        }
      },
    },
    ThemingQuery: {
      async config() {
        const t = wiki().theming;
        return { ...t, tocPosition: t.tocPosition || 'left', injectCSS: beautifyCss(t.injectCSS) };
      },
    },
    ThemingMutation: {
      async setConfig(obj, args) {
        try {
          const injectCSS = args.injectCSS ? minifyCss(args.injectCSS) : args.injectCSS;
          wiki().theming = {
            theme: args.theme,
            iconset: args.iconset,
            darkMode: args.darkMode,
            tocPosition: args.tocPosition || 'left',
            injectCSS: injectCSS || '',
            injectHead: args.injectHead || '',
            injectBody: args.injectBody || '',
          };
          return { responseResult: success('Theme config updated') };
        } catch (err) {
          return { responseResult: failure(err) };
        }
      },
    },
    PageQuery: {
      async singleByPath(obj, args) {
        const page = wiki().pages.find((p) => p.path === args.path && p.locale === args.locale);
        if (!page) throw new WikiError('PageNotFound', 6003, 'This page does not exist.');
        return pageOut(page);
      },
    },
    PageMutation: {
      async create(obj, args) {
        try {
          const path = args.path.replace(/^\/+|\/+$/g, '');
          if (!path || /^(a|e|h|i|p|s|t|u|d|login|logout|register|graphql|_assets)(\/|$)/.test(path) || path.includes('.')) {
            throw new WikiError('PageIllegalPath', 6005, 'Page path cannot contains illegal characters.');
          }
          if (!args.content.trim()) throw new WikiError('PageEmptyContent', 6004, 'Page content cannot be empty.');
          if (wiki().pages.some((p) => p.path === path && p.locale === args.locale)) {
            throw new WikiError('PageDuplicateCreate', 6002, 'Cannot create this page because an entry already exists at the same path.');
          }
          const at = now();
          const page = {
            id: wiki().nextId.page++,
            path,
            locale: args.locale,
            title: args.title,
            description: args.description,
            content: args.content,
            render: renderMarkdown(args.content),
            editor: args.editor,
            isPublished: args.isPublished,
            isPrivate: args.isPrivate,
            scriptCss: args.scriptCss ?? '',
            scriptJs: args.scriptJs ?? '',
            createdAt: at,
            updatedAt: at,
          };
          wiki().pages.push(page);
          return { responseResult: success('Page created successfully.'), page: pageOut(page) };
        } catch (err) {
          return { responseResult: failure(err) };
        }
      },
      async delete(obj, args) {
        try {
          const index = wiki().pages.findIndex((p) => p.id === args.id);
          if (index < 0) throw new WikiError('PageNotFound', 6003, 'This page does not exist.');
          wiki().pages.splice(index, 1);
          return { responseResult: success('Page has been deleted.') };
        } catch (err) {
          return { responseResult: failure(err) };
        }
      },
    },
    SystemQuery: {
      info: () => ({ currentVersion: wiki().version, latestVersion: wiki().version }),
    },
    LocalizationQuery: {
      config: () => ({ locale: wiki().locale, autoUpdate: false, namespacing: wiki().namespacing, namespaces: [] }),
    },
  };
  return { ...base, ...resolvers };
}

/** The markdown the installer writes, rendered the little that is needed: paragraphs. */
function renderMarkdown(content) {
  return content
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => `<p>${escapeHtml(block.replace(/\*\*|__|`/g, ''))}</p>`)
    .join('\n');
}

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** Express's mime type for an extension, with the charset `res.type()` adds to text types. */
const TYPES = {
  '.js': 'application/javascript; charset=UTF-8',
  '.mjs': 'application/javascript; charset=UTF-8',
  '.css': 'text/css; charset=UTF-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=UTF-8',
  '.html': 'text/html; charset=UTF-8',
  '.txt': 'text/plain; charset=UTF-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};
/** assetHelper.isSafeExtension: images are shown inline, everything else is a download. */
const SAFE = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp']);

/**
 * Handle what this module serves; resolves true when it answered.
 * Order in server.mjs: after /graphql, before /__test/ and the static directory.
 */
export async function wikiRoute(req, res, url, world, readBody) {
  const wiki = wikiOf(world);
  if (url.pathname === '/__test/wiki' && req.method === 'POST') {
    const input = JSON.parse((await readBody(req)) || '{}');
    for (const key of ['version', 'locale', 'namespacing', 'serveTypes']) if (key in input) wiki[key] = input[key];
    if (input.uploadFault) wiki.uploadFaults.push(input.uploadFault);
    return reply(res, 200, 'application/json; charset=utf-8', '{"ok":true}'), true;
  }
  if (url.pathname === '/u' && req.method === 'POST') return upload(req, res, world), true;
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;

  let path;
  try {
    path = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  } catch {
    return false;
  }
  // pageHelper.parsePath: an optional locale first, then the path.
  const [first, ...rest] = path.split('/');
  const explicitLocale = /^[a-z]{2}(-[a-z]{2})?$/i.test(first) && rest.length > 0;
  const locale = explicitLocale ? first : wiki.locale;
  const pagePath = (explicitLocale ? rest.join('/') : path).replace(/\/+$/, '') || 'home';
  // Only for what this module serves: a renewal issues a token, which other suites count.
  const user = () => authenticate(req.headers, world.state, world.tokens).user;

  if (pagePath.includes('.')) {
    const asset = findAsset(wiki, pagePath);
    if (!asset) return false;
    if (!can(user(), ['read:assets'])) return reply(res, 403, 'text/plain; charset=utf-8', 'Forbidden'), true;
    const headers = { 'Content-Type': wiki.serveTypes?.[asset.ext] ?? TYPES[asset.ext] ?? 'application/octet-stream', 'X-Content-Type-Options': 'nosniff', 'Content-Length': asset.data.length };
    if (world.state.site.uploadForceDownload && !SAFE.has(asset.ext)) headers['Content-Disposition'] = `attachment; filename=${encodeURIComponent(asset.filename)}`;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : asset.data);
    return true;
  }
  if (/^(a|e|h|i|p|s|t|u|d|login|logout|register|graphql|__test)(\/|$)/.test(pagePath)) return false;
  if (wiki.namespacing && !explicitLocale) {
    res.writeHead(302, { Location: `/${locale}/${pagePath}${url.search}` });
    res.end();
    return true;
  }
  const page = wiki.pages.find((p) => p.path === pagePath && p.locale === locale);
  if (!page) return false;
  if (!can(user(), ['read:pages'])) return reply(res, 403, 'text/html; charset=utf-8', '<!DOCTYPE html><title>Unauthorized</title><p>Unauthorized</p>'), true;
  return reply(res, 200, 'text/html; charset=utf-8', renderPage(wiki, page), { 'X-Content-Type-Options': 'nosniff' }), true;
}

function findAsset(wiki, path) {
  const parts = path.split('/');
  const filename = parts.pop();
  let parentId = null;
  for (const slug of parts) {
    const folder = wiki.folders.find((f) => f.parentId === parentId && f.slug === slug);
    if (!folder) return null;
    parentId = folder.id;
  }
  return wiki.assets.find((a) => a.folderId === parentId && a.filename === filename) ?? null;
}

/** page.pug, reduced to what a script in the head injection can see. */
function renderPage(wiki, page) {
  const t = wiki.theming;
  const css = t.injectCSS ? `<style>${t.injectCSS}</style>\n` : '';
  return [
    '<!DOCTYPE html>',
    `<html lang="${page.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(page.title)} | Wiki.js</title>`,
    `${css}${t.injectHead}`,
    '</head>',
    '<body>',
    `<div id="root"><h1 class="page-title">${escapeHtml(page.title)}</h1><div class="page-contents">${page.render}</div></div>`,
    // The Vue client mounts on #root, replacing it: anything inside is gone after this.
    "<script>addEventListener('load', () => { const r = document.getElementById('root'); const n = r.cloneNode(true); n.dataset.mounted = 'client'; r.replaceWith(n); });</script>",
    t.injectBody,
    '</body>',
    '</html>',
  ].join('\n');
}

async function upload(req, res, world) {
  const wiki = wikiOf(world);
  const site = world.state.site;
  const raw = await readRaw(req);
  // multer runs first: its limits fail through Express's error handler (an HTML page, 500).
  let parts;
  try {
    parts = parseMultipart(req.headers['content-type'] ?? '', raw);
  } catch (err) {
    return errorPage(res, err.message);
  }
  const files = parts.filter((p) => p.filename !== undefined && p.name === 'mediaUpload');
  if (files.length > site.uploadMaxFiles) return errorPage(res, 'Too many files');
  if (files.some((f) => f.data.length > site.uploadMaxFileSize)) return errorPage(res, 'File too large');

  // Bearer only: extractJWT ignores the jwt cookie for /u.
  const user = authenticate({ authorization: req.headers.authorization }, world.state, world.tokens).user;
  if (!can(user, ['write:assets'])) return jsonReply(res, 403, { succeeded: false, message: 'You are not authorized to upload files.' });
  if (files.length < 1) return jsonReply(res, 400, { succeeded: false, message: 'Missing upload payload.' });
  if (files.length > 1) return jsonReply(res, 400, { succeeded: false, message: 'You cannot upload multiple files within the same request.' });

  let folderId;
  try {
    const meta = parts.find((p) => p.filename === undefined && p.name === 'mediaUpload');
    if (!meta) throw new Error('Missing File Metadata');
    folderId = JSON.parse(meta.data.toString('utf8')).folderId ?? null;
    if (folderId === 0) folderId = null;
  } catch {
    return jsonReply(res, 400, { succeeded: false, message: 'Missing upload folder metadata.' });
  }
  if (folderId !== null && !wiki.folders.some((f) => f.id === folderId)) {
    return jsonReply(res, 400, { succeeded: false, message: 'Failed to fetch folder hierarchy.' });
  }
  const file = files[0];
  const filename = normaliseName(file.filename);
  const fault = wiki.uploadFaults.findIndex((f) => filename.includes(f.match ?? ''));
  if (fault >= 0) {
    const [f] = wiki.uploadFaults.splice(fault, 1);
    return reply(res, f.status ?? 500, 'text/html; charset=utf-8', f.text ?? 'Internal Server Error');
  }
  const ext = filename.includes('.') ? filename.slice(filename.lastIndexOf('.')) : '';
  const mime = file.type ?? 'application/octet-stream';
  const at = new Date().toISOString();
  const row = { folderId, filename, ext, kind: mime.startsWith('image/') ? 'image' : 'binary', mime, fileSize: file.data.length, data: file.data, updatedAt: at };
  const existing = wiki.assets.find((a) => a.folderId === folderId && a.filename === filename);
  if (existing) Object.assign(existing, row);
  else wiki.assets.push({ id: wiki.nextId.asset++, createdAt: at, ...row });
  return reply(res, 200, 'text/html; charset=utf-8', 'ok');
}

/** multipart/form-data → [{name, filename?, type?, data: Buffer}]. */
export function parseMultipart(contentType, body) {
  const match = /^multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!match) throw new Error('Multipart: Boundary not found');
  const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
  const parts = [];
  let at = body.indexOf(boundary);
  if (at < 0) throw new Error('Unexpected end of form');
  for (;;) {
    at += boundary.length;
    if (body.slice(at, at + 2).toString() === '--') break;
    at += 2; // CRLF
    const headEnd = body.indexOf('\r\n\r\n', at);
    if (headEnd < 0) throw new Error('Unexpected end of form');
    const head = body.slice(at, headEnd).toString('utf8');
    const next = body.indexOf(boundary, headEnd + 4);
    if (next < 0) throw new Error('Unexpected end of form');
    const data = body.slice(headEnd + 4, next - 2);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const type = /content-type:\s*([^\r\n]*)/i.exec(head)?.[1]?.trim();
    parts.push({ name, filename, type, data });
    at = next;
  }
  return parts;
}

function readRaw(req) {
  return new Promise((ok, fail) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

/** Express's error handler (server/master.js) renders error.pug with the message. */
function errorPage(res, message) {
  const html = `<!DOCTYPE html><html><head><title>Error | Wiki.js</title></head><body><h1>Oops, something went wrong...</h1><h2>${escapeHtml(message)}</h2></body></html>`;
  return reply(res, 500, 'text/html; charset=utf-8', html);
}

function jsonReply(res, status, value) {
  return reply(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function reply(res, status, type, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
