// Minify what every first load fetches besides the wasm: the loader, the page's wasm-bindgen
// module and the two stylesheets (esbuild, from npm; scripts/widget-loader.mjs calls it before
// it precompresses). About 7 KB of the first load's gzip were comments, whitespace and long
// local names (docs/performance.md, "Size levers"). Names stay as they were: Trunk's content
// hash was taken before, and minifying is deterministic, so a name still means one content.
// The lazy parts' modules and the wiki's page module stay readable: they are not first load,
// and tests read them as built.

import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { transformSync } from "esbuild";

/** The Subresource Integrity value of `bytes`, as Trunk writes it into index.html. */
const integrity = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;

/**
 * Minify `files` (names in `dir`, `.js` as ES modules, `.css`) in place, and update the
 * integrity index.html holds for any of them, so the browser still accepts them.
 */
export function minifyInPlace(dir, files) {
  const index = join(dir, "index.html");
  let html = readFileSync(index, "utf8");
  for (const name of files) {
    const path = join(dir, name);
    const before = readFileSync(path);
    const loader = name.endsWith(".css") ? "css" : "js";
    const { code } = transformSync(before.toString("utf8"), {
      loader,
      minify: true,
      ...(loader === "js" ? { format: "esm" } : {}),
      // Nothing rewritten for older browsers: the page needs a wasm-capable one anyway.
      target: "esnext",
      legalComments: "none",
      sourcefile: name,
    });
    writeFileSync(path, code);
    html = html.replaceAll(integrity(before), integrity(Buffer.from(code)));
  }
  writeFileSync(index, html);
}
