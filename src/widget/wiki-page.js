// wikijs-keycloak-wiki.js: the configurator's page inside Wiki.js itself.
//
// The wiki's head injection (the block scripts/wiki-snippet.mjs writes) imports this module
// on one page only, as `…/wikijs-keycloak-wiki.js?v=<build hash>`. It asks the wiki whether
// the visitor may manage it (the query the configurator needs first: `manage:system`), then
// either adds <wikijs-keycloak mode="wiki"> at the end of <body> and imports the loader
// (`wikijs-keycloak.js` beside it, with the same `?v=`), or writes one sentence. Nothing of
// the configuration is loaded for anyone else. The element goes outside #root: the wiki's
// client mounts on #root and replaces whatever is in it.
//
// Copied into dist/ as wikijs-keycloak-wiki.js by scripts/widget-loader.mjs.

const FORBIDDEN =
  "Only the wiki's administrators can set up Keycloak sign-in here: sign in with an administrator account to see the configurator.";

function note(kind, text) {
  const p = document.createElement("p");
  p.className = "wikijs-keycloak-note";
  p.dataset.wikijsKeycloak = kind;
  p.setAttribute("role", kind === "forbidden" ? "note" : "alert");
  p.textContent = text;
  document.body.append(p);
}

async function mayManage() {
  const res = await fetch("/graphql", {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ authentication { strategies { key } } }" }),
  });
  const body = await res.json();
  if (Array.isArray(body?.data?.authentication?.strategies)) return true;
  const message = body?.errors?.[0]?.message;
  if (message === "Forbidden" || message === "Unauthorized") return false;
  throw new Error(message ?? `HTTP ${res.status}`);
}

if (document.readyState === "loading") {
  await new Promise((done) => document.addEventListener("DOMContentLoaded", done, { once: true }));
}

let allowed;
try {
  allowed = await mayManage();
} catch (error) {
  note("error", `The Keycloak sign-in setup could not ask the wiki who you are (${error.message}). Reload the page to try again.`);
}
if (allowed === false) note("forbidden", FORBIDDEN);
if (allowed) {
  const element = document.createElement("wikijs-keycloak");
  element.setAttribute("mode", "wiki");
  element.setAttribute("endpoint", "/graphql");
  document.body.append(element);
  const version = new URL(import.meta.url).search;
  try {
    await import(new URL(`wikijs-keycloak.js${version}`, import.meta.url).href);
  } catch (error) {
    element.remove();
    note("error", `The Keycloak sign-in setup could not load its files from the wiki (${error.message}). Reload the page to try again.`);
  }
}
