#!/usr/bin/env node
// Install the configurator into a Wiki.js 2.5 wiki, with nothing but an API key: no server
// access, no reverse proxy, no Rust toolchain (Node 20 and a built dist/ only).
//
//   read -rs TOKEN && export TOKEN        # the API key, typed without an echo
//   make wiki-install   WIKI=https://wiki.example.com [DIST=dist] [PAGE=keycloak-setup]
//   make wiki-uninstall WIKI=https://wiki.example.com [PAGE=keycloak-setup]
//
//   node scripts/wiki-install.mjs install|uninstall --wiki URL [--dist DIR] [--page PATH]
//   (the token comes from the environment, TOKEN, or a file, TOKEN_FILE, so it never shows
//   in a process list or the shell's history; given on make's command line it does, which
//   the script says)
//
// install: uploads the files the loader needs into the asset folder `wikijs-keycloak/`
// (created if missing), adds a marked block to Administration › Theme › Code Injection › Head
// that loads the configurator on one page only, creates that page, removes the previous
// version's files, and prints `Open: <page URL>` last. Every other theme setting and any
// injection already there are sent back exactly as read. Running it again replaces only its
// own block and files. The token is never written into the wiki: on the page, the
// configurator runs with the visiting admin's own session.
//
// uninstall: removes the page, the block (the injection is then byte for byte what it was
// before) and the files. The empty asset folder stays: Wiki.js 2.5 cannot delete one.
//
// Either stops at the first failure and says what was done and how to finish or undo it;
// both can be run again from any halfway state.

import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import {
  DEFAULT_PAGE,
  FOLDER,
  LOADER,
  OWNED,
  PAGE_MODULE,
  PAGE_PATH,
  brokenMarkers,
  buildHash,
  findBlocks,
  loaderFiles,
  pageModule,
  putBlock,
  removeBlock,
  snippet,
} from "./wiki-snippet.mjs";

export const TITLE = "Keycloak sign-in setup";
const DESCRIPTION = "Where administrators connect this wiki's sign-in to Keycloak";
const CONTENT = `This page is where the wiki's administrators set up sign-in with Keycloak.

Administrators signed in to the wiki see the configurator below. Anyone else sees a short note and nothing of the configuration.

The page, the configurator's files in the asset folder ${FOLDER} and a marked block in the theme's head injection were added by the wikijs-keycloak installer; its uninstall command removes all three.`;

const TYPES = { ".js": "application/javascript", ".css": "text/css", ".wasm": "application/wasm" };
const THEME_FIELDS = "theme iconset darkMode tocPosition injectCSS injectHead injectBody";
const PREFLIGHT = `{ system { info { currentVersion } } site { config { uploadMaxFileSize } } localization { config { locale namespacing } } theming { config { ${THEME_FIELDS} } } }`;

/** A failure the admin can act on (what went wrong, in the wiki's words where it gave some). */
class Failure extends Error {}

/** Wiki.js's GraphQL API and upload endpoint, as one account (the token). */
class Wiki {
  constructor(url, token) {
    this.url = url;
    this.token = token;
  }

  async graphql(query, variables) {
    let res;
    try {
      res = await fetch(`${this.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new Failure(`cannot reach ${this.url}/graphql (${error.cause?.code ?? error.cause?.message ?? error.message})`);
    }
    const text = await res.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      if (res.status >= 500) throw new Failure(`the wiki failed: HTTP ${res.status} ${text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200)}`);
      throw new Failure(notWiki(`${this.url}/graphql answered HTTP ${res.status} ${res.headers.get("content-type") ?? ""}, not GraphQL`));
    }
    const messages = (body.errors ?? []).map((e) => e.message);
    if (messages.some((m) => m === "Forbidden" || m === "Unauthorized")) {
      throw new Failure(
        "the wiki refused this token (Forbidden): it needs full access. Create an API key with Full Access in Administration › API Access (and enable the API there), or use an administrator's token",
      );
    }
    if (body.errors?.some((e) => e.extensions?.code === "GRAPHQL_VALIDATION_FAILED")) {
      throw new Failure(notWiki(`its GraphQL API does not know what Wiki.js 2.5's does (${messages[0]})`));
    }
    if (messages.length) throw new Failure(`the wiki answered: ${messages.join("; ")}`);
    return body.data;
  }

  /** A mutation's responseResult must say it succeeded. */
  async mutate(query, variables, pick) {
    const data = await this.graphql(query, variables);
    const result = pick(data);
    if (!result?.responseResult?.succeeded) throw new Failure(`the wiki answered: ${result?.responseResult?.message ?? "no result"}`);
    return result;
  }

  /** POST /u: the folder's JSON in one `mediaUpload` field, the file in a second. */
  async upload(folderId, name, bytes) {
    const form = new FormData();
    form.append("mediaUpload", JSON.stringify({ folderId }));
    form.append("mediaUpload", new Blob([bytes], { type: TYPES[name.slice(name.lastIndexOf("."))] ?? "application/octet-stream" }), name);
    let res;
    try {
      res = await fetch(`${this.url}/u`, { method: "POST", headers: { authorization: `Bearer ${this.token}` }, body: form });
    } catch (error) {
      throw new Failure(`cannot reach ${this.url}/u (${error.cause?.code ?? error.message})`);
    }
    if (res.ok) return;
    const text = await res.text();
    let message;
    try {
      message = JSON.parse(text).message;
    } catch {
      // Express's error page: the message is its second heading.
      message = /<h2>([^<]*)<\/h2>/.exec(text)?.[1] ?? text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
    }
    const proxy = res.status === 413 ? " (a reverse proxy in front of the wiki limits request bodies: raise it, e.g. nginx's client_max_body_size)" : "";
    throw new Failure(`the wiki refused the upload of ${name}: HTTP ${res.status} ${message}${proxy}`);
  }

  /** The file as the wiki serves it to browsers: it must come back whole, a script as a script. */
  async checkServed(name, bytes) {
    const url = `${this.url}/${FOLDER}/${name}`;
    let res;
    try {
      res = await fetch(url, { headers: { authorization: `Bearer ${this.token}` } });
    } catch (error) {
      throw new Failure(`cannot read back ${url} (${error.cause?.code ?? error.message})`);
    }
    const body = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get("content-type") ?? "";
    if (!res.ok || !body.equals(bytes)) throw new Failure(`the wiki does not serve ${name} as uploaded (HTTP ${res.status}, ${body.length} of ${bytes.length} bytes at ${url})`);
    if (name.endsWith(".js") && !/^(application|text)\/(x-)?javascript\b/i.test(type)) {
      throw new Failure(`the wiki serves ${name} as "${type}", which browsers refuse to run as a module script`);
    }
  }

  async folderId() {
    const data = await this.graphql("{ assets { folders(parentFolderId: 0) { id slug } } }");
    return data.assets.folders.find((f) => f.slug === FOLDER)?.id ?? null;
  }

  async assets(folderId) {
    const data = await this.graphql("query ($id: Int!) { assets { list(folderId: $id, kind: ALL) { id filename fileSize } } }", { id: folderId });
    return data.assets.list;
  }

  async deleteAsset(id) {
    await this.mutate("mutation ($id: Int!) { assets { deleteAsset(id: $id) { responseResult { succeeded message } } } }", { id }, (d) => d.assets.deleteAsset);
  }

  async theme() {
    return (await this.graphql(`{ theming { config { ${THEME_FIELDS} } } }`)).theming.config;
  }

  /** Replace the head injection, every other setting sent back as read; checked by reading back. */
  async setHead(theme, injectHead) {
    await this.mutate(
      "mutation ($theme: String!, $iconset: String!, $darkMode: Boolean!, $tocPosition: String, $injectCSS: String, $injectHead: String, $injectBody: String) { theming { setConfig(theme: $theme, iconset: $iconset, darkMode: $darkMode, tocPosition: $tocPosition, injectCSS: $injectCSS, injectHead: $injectHead, injectBody: $injectBody) { responseResult { succeeded message } } } }",
      { ...theme, injectHead },
      (d) => d.theming.setConfig,
    );
    const back = await this.theme();
    const expected = { ...theme, injectHead };
    const differ = Object.keys(expected).filter((k) => back[k] !== expected[k]);
    // injectCSS is minified on save and shown beautified: as read before, unless clean-css
    // rewrote it differently this time, which is worth a word but no reason to stop.
    const css = differ.includes("injectCSS");
    const others = differ.filter((k) => k !== "injectCSS");
    if (others.length) throw new Failure(`the theme settings read back differ from what was sent (${others.join(", ")})`);
    return css ? "The theme's CSS reads back differently after the save (Wiki.js minifies it on every save): check Administration › Theme › Code Injection › CSS." : null;
  }

  async page(path, locale) {
    try {
      const data = await this.graphql("query ($path: String!, $locale: String!) { pages { singleByPath(path: $path, locale: $locale) { id title } } }", { path, locale });
      return data.pages.singleByPath;
    } catch (error) {
      if (/This page does not exist/.test(error.message)) return null;
      throw error;
    }
  }
}

const notWiki = (why) => `this does not look like Wiki.js 2.5: ${why}. The installer works with Wiki.js 2.5 only`;
const size = (bytes) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} KB`);

/** Preflight: the wiki is 2.5 and the token may do everything; what the rest needs. */
async function preflight(wiki) {
  const data = await wiki.graphql(PREFLIGHT);
  const version = data.system?.info?.currentVersion ?? "";
  if (!/^2\.5\./.test(version)) throw new Failure(notWiki(`it reports version ${version || "(none)"}`));
  const head = data.theming.config.injectHead ?? "";
  if (brokenMarkers(head) || findBlocks(head).length > 1) {
    throw new Failure(
      "the theme's head injection holds a wikijs-keycloak block whose markers were edited (or two blocks): fix it by hand in Administration › Theme › Code Injection first",
    );
  }
  return {
    version,
    maxFileSize: data.site.config.uploadMaxFileSize,
    locale: data.localization.config.locale,
    namespacing: data.localization.config.namespacing,
    theme: data.theming.config,
  };
}

/**
 * The command that goes on from here: the page's path and the build's folder as given (the
 * uninstall finds the page by the block, which may be gone by then), never the token.
 */
function again(command, options) {
  const page = options.page === DEFAULT_PAGE ? "" : ` PAGE=${options.page}`;
  const dist = command === "install" && options.dist !== resolve("dist") ? ` DIST=${options.dist}` : "";
  return `make wiki-${command} WIKI=${options.wiki}${dist}${page}`;
}

/** Run `steps` (each may add to `done`); on a failure, say what was done and how to go on. */
async function run(command, options, log, body) {
  const done = [];
  try {
    await body(done);
    return 0;
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    const make = again(command, options);
    log(`wiki-${command}: ${error.message}.`);
    if (done.length === 0) {
      log("Nothing was changed in the wiki.");
    } else {
      log("Done before that:");
      for (const step of done) log(`  - ${step}`);
      log(
        command === "install"
          ? `To finish, fix the cause and run \`${make}\` again (it picks up from here); to undo what was done, run \`${again("uninstall", options)}\`.`
          : `Fix the cause and run \`${make}\` again to remove the rest.`,
      );
      log("(With TOKEN exported as before: `read -rs TOKEN && export TOKEN`.)");
    }
    return 1;
  }
}

async function install(wiki, options, log) {
  const dist = options.dist;
  // Everything that can be checked without the wiki first: nothing is half-done for a typo.
  let files;
  let hash;
  try {
    files = loaderFiles(dist).map((name) => ({ name, bytes: readFileSync(join(dist, name)) }));
    files.push({ name: PAGE_MODULE, bytes: pageModule(dist) });
    hash = buildHash(dist);
  } catch (error) {
    throw new Failure(`cannot use the build in ${dist}: ${error.message}`);
  }
  for (const { name } of files) {
    // Wiki.js lower-cases names and turns [\s,;#] into `_`: the loader must find them as named.
    if (name !== name.toLowerCase().replace(/[\s,;#]+/g, "_")) throw new Failure(`${name}: Wiki.js would store it under another name`);
  }
  const block = snippet({ hash, page: options.page });

  const wikiInfo = await preflight(wiki);
  const tooLarge = files.filter((f) => f.bytes.length > wikiInfo.maxFileSize);
  if (tooLarge.length) {
    const list = tooLarge.map((f) => `${f.name} is ${size(f.bytes.length)}`).join(", ");
    throw new Failure(
      `${list}; the wiki accepts uploads up to ${size(wikiInfo.maxFileSize)} (uploads.maxFileSize: Administration › Security › Uploads › Max Upload Size). Raise it above the largest file, then run this again`,
    );
  }
  const existing = await wiki.page(options.page, wikiInfo.locale);
  if (existing && existing.title !== TITLE) {
    throw new Failure(`a page "${existing.title}" already exists at /${options.page}: choose another path (PAGE=…) or move that page`);
  }

  return run("install", options, log, async (done) => {
    // 1. The folder.
    let folderId = await wiki.folderId();
    if (folderId === null) {
      await wiki.mutate(
        "mutation ($slug: String!) { assets { createFolder(parentFolderId: 0, slug: $slug, name: $slug) { responseResult { succeeded message } } } }",
        { slug: FOLDER },
        (d) => d.assets.createFolder,
      );
      folderId = await wiki.folderId();
      if (folderId === null) throw new Failure(`the asset folder ${FOLDER}/ was created but cannot be found`);
      done.push(`created the asset folder ${FOLDER}/`);
      log(`Created the asset folder ${FOLDER}/.`);
    }
    const before = await wiki.assets(folderId);

    // 2. The files: content-hashed ones first, the stable-named loader and page module last,
    //    so a page open during an upgrade never loads a loader whose files are missing.
    const stable = new Set([LOADER, PAGE_MODULE]);
    const order = [...files.filter((f) => !stable.has(f.name)), ...files.filter((f) => stable.has(f.name))];
    for (const file of order) {
      await wiki.upload(folderId, file.name, file.bytes);
      done.push(`uploaded ${FOLDER}/${file.name}`);
      log(`Uploaded ${FOLDER}/${file.name} (${size(file.bytes.length)}).`);
    }
    for (const file of order) await wiki.checkServed(file.name, file.bytes);

    // 3. The block in the head injection.
    const theme = await wiki.theme();
    const previous = findBlocks(theme.injectHead)[0] ?? null;
    const head = putBlock(theme.injectHead, block);
    if (head !== (theme.injectHead ?? "")) {
      const warning = await wiki.setHead(theme, head);
      if (warning) log(warning);
      done.push(previous ? "replaced the wikijs-keycloak block in the theme's head injection" : "added the wikijs-keycloak block to the theme's head injection");
      log(previous ? `Replaced the block in the theme's head injection (build ${previous.hash} → ${hash}).` : `Added the block to the theme's head injection (build ${hash}).`);
    }

    // 4. The page (and the one a previous install made at another path).
    if (!(await wiki.page(options.page, wikiInfo.locale))) {
      await wiki.mutate(
        "mutation ($content: String!, $description: String!, $locale: String!, $path: String!, $title: String!) { pages { create(content: $content, description: $description, editor: \"markdown\", isPublished: true, isPrivate: false, locale: $locale, path: $path, tags: [], title: $title) { responseResult { succeeded message } } } }",
        { content: CONTENT, description: DESCRIPTION, locale: wikiInfo.locale, path: options.page, title: TITLE },
        (d) => d.pages.create,
      );
      done.push(`created the page /${options.page}`);
      log(`Created the page /${options.page} ("${TITLE}").`);
    }
    if (previous?.page && previous.page !== options.page) {
      const old = await wiki.page(previous.page, wikiInfo.locale);
      if (old?.title === TITLE) {
        await wiki.mutate("mutation ($id: Int!) { pages { delete(id: $id) { responseResult { succeeded message } } } }", { id: old.id }, (d) => d.pages.delete);
        done.push(`deleted the previous page /${previous.page}`);
        log(`Deleted the previous page /${previous.page}.`);
      }
    }

    // 5. The previous version's files.
    const keep = new Set(files.map((f) => f.name));
    for (const asset of before.filter((a) => OWNED.test(a.filename) && !keep.has(a.filename))) {
      await wiki.deleteAsset(asset.id);
      done.push(`deleted the previous version's ${FOLDER}/${asset.filename}`);
      log(`Deleted the previous version's ${FOLDER}/${asset.filename}.`);
    }

    const prefix = wikiInfo.namespacing ? `${wikiInfo.locale}/` : "";
    log(`Installed into Wiki.js ${wikiInfo.version}. Sign in to the wiki as an administrator, then open the page.`);
    log(`Open: ${options.wiki}/${prefix}${options.page}`);
  });
}

async function uninstall(wiki, options, log) {
  const wikiInfo = await preflight(wiki);
  return run("uninstall", options, log, async (done) => {
    // 1. The page, while the block still says where it is (a run after a failure further on
    // finds it there again).
    const theme = wikiInfo.theme;
    const [block] = findBlocks(theme.injectHead);
    const path = block?.page ?? options.page;
    const page = await wiki.page(path, wikiInfo.locale);
    if (page?.title === TITLE) {
      await wiki.mutate("mutation ($id: Int!) { pages { delete(id: $id) { responseResult { succeeded message } } } }", { id: page.id }, (d) => d.pages.delete);
      done.push(`deleted the page /${path}`);
      log(`Deleted the page /${path}.`);
    } else if (page) {
      log(`Left the page /${path} alone: its title is "${page.title}", not "${TITLE}".`);
    } else {
      log(`There is no page /${path}.`);
    }

    // 2. The block, before the files: from then on no page loads anything of ours.
    if (block) {
      const warning = await wiki.setHead(theme, removeBlock(theme.injectHead));
      if (warning) log(warning);
      done.push("removed the wikijs-keycloak block from the theme's head injection");
      log("Removed the block from the theme's head injection (the rest of it is as it was).");
    } else {
      log("The theme's head injection has no wikijs-keycloak block.");
    }

    // 3. The files.
    const folderId = await wiki.folderId();
    if (folderId === null) {
      log(`There is no asset folder ${FOLDER}/.`);
      return;
    }
    const assets = await wiki.assets(folderId);
    for (const asset of assets.filter((a) => OWNED.test(a.filename))) {
      await wiki.deleteAsset(asset.id);
      done.push(`deleted ${FOLDER}/${asset.filename}`);
      log(`Deleted ${FOLDER}/${asset.filename}.`);
    }
    const others = assets.filter((a) => !OWNED.test(a.filename));
    if (others.length) log(`Kept ${others.length} other file(s) in ${FOLDER}/: ${others.map((a) => a.filename).join(", ")}.`);
    log(
      `The asset folder ${FOLDER}/ stays${others.length ? "" : ", empty"}: Wiki.js 2.5 cannot delete asset folders (delete it in the database if it must go; it costs nothing).`,
    );
  });
}

/** The key in `path` (TOKEN_FILE), its surrounding white space trimmed; "" without one. */
function tokenFromFile(path) {
  if (!path) return "";
  try {
    return readFileSync(path, "utf8").trim();
  } catch (error) {
    throw new Failure(`TOKEN_FILE ${path} cannot be read (${error.code ?? error.message})`);
  }
}

/** The command line; resolves to the exit code. `log` prints one line. */
export async function main(argv, env = process.env, log = console.log) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { wiki: { type: "string" }, dist: { type: "string" }, page: { type: "string" } },
    });
  } catch (error) {
    log(`wiki-install: ${error.message}`);
    return 2;
  }
  const [command] = parsed.positionals;
  const v = parsed.values;
  let token;
  try {
    token = env.TOKEN || tokenFromFile(env.TOKEN_FILE);
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    log(`wiki-${parsed.positionals[0] ?? "install"}: ${error.message}. Nothing was changed in the wiki.`);
    return 2;
  }
  const options = {
    wiki: (v.wiki ?? env.WIKI ?? "").replace(/\/+$/, ""),
    dist: resolve(v.dist || env.DIST || "dist"),
    page: (v.page || env.PAGE || DEFAULT_PAGE).replace(/^\/+|\/+$/g, ""),
    token,
  };
  const usage =
    "usage: read -rs TOKEN && export TOKEN (the API key), then make wiki-install WIKI=<wiki URL> [DIST=dist] [PAGE=keycloak-setup], or make wiki-uninstall WIKI=… [PAGE=…]";
  if (command !== "install" && command !== "uninstall") {
    log(usage);
    return 2;
  }
  if (!/^https?:\/\/[^/]+/.test(options.wiki) || !options.token) {
    log(`wiki-${command}: the wiki's address (WIKI=https://…) and an API key (TOKEN=…) are both needed. Nothing was changed in the wiki.\n${usage}`);
    return 2;
  }
  // make passes its command line's variables on in MAKEFLAGS: a token typed there is in the
  // process list while this runs, and in the shell's history.
  if (/(^|\s)TOKEN=/.test(env.MAKEFLAGS ?? "")) {
    log("Note: the API key was given on make's command line, where other users of this machine can read it (ps) and your shell's history keeps it. Next time export it first: read -rs TOKEN && export TOKEN; and consider replacing this key (Administration › API Access).");
  }
  if (!PAGE_PATH.test(options.page)) {
    log(`wiki-${command}: page path "${options.page}": use lower-case letters, digits and dashes (at least 3 characters), "/" between parts. Nothing was changed in the wiki.`);
    return 2;
  }
  if (command === "install") {
    try {
      statSync(options.dist);
    } catch {
      log(`wiki-install: ${options.dist} does not exist: build it first (make dist) or point DIST at a built copy. Nothing was changed in the wiki.`);
      return 1;
    }
  }
  const wiki = new Wiki(options.wiki, options.token);
  try {
    return await (command === "install" ? install : uninstall)(wiki, options, log);
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    log(`wiki-${command}: ${error.message}. Nothing was changed in the wiki.`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
