// What hosting the configurator inside Wiki.js 2.5 is made of, shared by the build hook
// (scripts/widget-loader.mjs writes dist/wiki-snippet.html and dist/wikijs-keycloak-wiki.js)
// and the installer (scripts/wiki-install.mjs):
//
//   - the files the loader needs, uploaded into one asset folder;
//   - the page module (src/widget/wiki-page.js), uploaded beside them;
//   - the block for the theme's head injection: a classic inline script of a few hundred
//     bytes that, on one page only, imports the page module with the build's hash as a
//     query; on every other page it requests nothing and loads no module.
//
// Node only, no dependencies.

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const LOADER = "wikijs-keycloak.js";
export const PAGE_MODULE = "wikijs-keycloak-wiki.js";
export const PAGE_MODULE_SOURCE = join(ROOT, "src/widget/wiki-page.js");
export const FOLDER = "wikijs-keycloak";
export const DEFAULT_PAGE = "keycloak-setup";
export const SNIPPET_FILE = "wiki-snippet.html";

/** Files of ours in the asset folder: what a new version replaces and uninstall removes. */
export const OWNED = /^wikijs-keycloak[a-z0-9_.-]*\.(js|css|wasm)$/;

const BEGIN = "<!-- wikijs-keycloak begin";
const END = "<!-- wikijs-keycloak end -->";
/** The block, from its begin marker to its end marker. */
export const BLOCK = /<!-- wikijs-keycloak begin[^]*?<!-- wikijs-keycloak end -->/g;

/** A page path the block can match exactly: lower-case words and dashes, `/` between. */
export const PAGE_PATH = /^[a-z0-9][a-z0-9_-]{2,}(\/[a-z0-9][a-z0-9_-]*)*$/;

/** The build's hash: of the loader, which names every content-hashed file of the build. */
export function buildHash(dist) {
  return createHash("sha256").update(readFileSync(join(dist, LOADER))).digest("hex").slice(0, 16);
}

/**
 * The files of `dist` the loader needs, by name: every `wikijs-keycloak*.js|.css|.wasm` (not
 * index.html, not the page's own stylesheet, not .br/.gz copies). Throws when the loader
 * refers to a file that is not among them (a build this cannot host).
 */
export function loaderFiles(dist) {
  if (!existsSync(join(dist, LOADER))) throw new Error(`${dist} has no ${LOADER}: build it first (make dist)`);
  const names = readdirSync(dist).filter((name) => OWNED.test(name) && name !== PAGE_MODULE);
  for (const file of names.filter((name) => name.endsWith(".js"))) {
    const text = readFileSync(join(dist, file), "utf8");
    for (const [, ref] of text.matchAll(/["'`](?:\.\/)?([\w./-]+\.(?:js|css|wasm))["'`]/g)) {
      if (!existsSync(join(dist, ref))) continue;
      if (ref.includes("/")) throw new Error(`${file} loads ${ref} from a sub-folder, which one asset folder cannot hold`);
      if (!names.includes(ref)) throw new Error(`${file} loads ${ref}, which is not among the files to upload`);
    }
  }
  return names.sort();
}

/** The page module's text: dist's copy when the build has one, else this checkout's. */
export function pageModule(dist) {
  const built = join(dist, PAGE_MODULE);
  return readFileSync(existsSync(built) ? built : PAGE_MODULE_SOURCE);
}

/** The regular expression (as source text) that matches the page's address, with or without a locale. */
function pathPattern(page) {
  return `^\\/([a-z]{2}(-[a-z]{2})?\\/)?${page.replaceAll("/", "\\/")}\\/?$`;
}

/**
 * The block for the head injection: markers around one classic inline script.
 * @param {{hash: string, page?: string, folder?: string}} options
 */
export function snippet({ hash, page = DEFAULT_PAGE, folder = FOLDER }) {
  if (!PAGE_PATH.test(page)) throw new Error(`page path ${JSON.stringify(page)}: use lower-case letters, digits and dashes (at least 3 characters), "/" between parts`);
  if (!/^[0-9a-f]+$/.test(hash)) throw new Error(`build hash ${JSON.stringify(hash)} is not hex`);
  const src = `/${folder}/${PAGE_MODULE}?v=${hash}`;
  return [
    `${BEGIN} page=${page} v=${hash}: the Keycloak sign-in setup (wikijs-keycloak) loads on /${page} only; keep these markers -->`,
    `<script>/${pathPattern(page)}/i.test(location.pathname)&&import("${src}")</script>`,
    END,
  ].join("\n");
}

/** The blocks in `head`: [{text, page, hash, index}]. */
export function findBlocks(head) {
  const found = [];
  for (const match of (head ?? "").matchAll(BLOCK)) {
    const page = / page=(\S+)/.exec(match[0])?.[1] ?? null;
    const hash = / v=([0-9a-f]+)/.exec(match[0])?.[1] ?? null;
    found.push({ text: match[0], page, hash, index: match.index });
  }
  return found;
}

/** Whether `head` has a begin marker without its end (hand-edited): nothing safe to do. */
export function brokenMarkers(head) {
  const begins = (head ?? "").split(BEGIN).length - 1;
  const ends = (head ?? "").split(END).length - 1;
  return begins !== ends || begins !== findBlocks(head).length;
}

/**
 * `head` with `block` in it: in place of the existing block, else at the start followed by
 * one newline (which removeBlock takes away again, so the injection comes back byte for byte).
 */
export function putBlock(head, block) {
  const text = head ?? "";
  const [existing] = findBlocks(text);
  if (existing) return text.slice(0, existing.index) + block + text.slice(existing.index + existing.text.length);
  return `${block}\n${text}`;
}

/** `head` without the block (and the one newline after it, which putBlock added). */
export function removeBlock(head) {
  const text = head ?? "";
  const [existing] = findBlocks(text);
  if (!existing) return text;
  let end = existing.index + existing.text.length;
  if (text[end] === "\n") end += 1;
  return text.slice(0, existing.index) + text.slice(end);
}
