// wikijs-keycloak.js: the one script a page includes to get the configurator.
//
//   <script type="module" src="https://wiki.example.com/kc/wikijs-keycloak.js"></script>
//   <wikijs-keycloak mode="wiki" endpoint="/graphql"></wikijs-keycloak>
//
// Built from src/widget/loader.js by scripts/widget-loader.mjs (a Trunk post_build hook),
// which fills in this build's content-hashed file names: this file's name never changes,
// and everything it loads can be cached forever. It needs no inline script or style, so
// it runs under `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`.
//
// What it does: initialise the wasm (in a release build its first module; the rest loads
// once the first screen is shown: `REST_WASM`), tell it how to load its lazy parts (below;
// the tools part is prefetched once the first screen is settled and the browser idle), mount
// the admin page where the page has #wikijs-keycloak-root, define <wikijs-keycloak>, and export
// the JS API:
//   mount(element, options) -> { unmount(), settings(), setTheme(theme) }
//   derive(settings)             -> a Promise of an object: the derived URLs, or {error: {code, message}}
//   diagnose(settings, context?) -> a Promise of an array of findings, or {error: {code, message}}
//     context.keycloakExport: a Keycloak client or realm export (JSON text, or the object or
//     array Keycloak wrote) adds its kc-* findings; it is read, never kept.
//     Both compute in the `api` part, loaded on the first call (docs/embedding.md).
//   liveInstances()              -> how many widgets are mounted
// `settings` and `context` are plain objects or JSON text.
// (also on `window.WikijsKeycloak` for scripts that are not modules).

import init, {
  setPartLoader,
  setRestLoader,
  setEarlyLoad,
  setPlaceholders,
  startPage,
  mountWidget,
  liveInstances as liveCount,
  optionAttributes,
} from "./@@BINDGEN_JS@@";

const asset = (name) => new URL(name, import.meta.url).href;

/**
 * The rest of the page's wasm (scripts/split-page.mjs): a release build splits the page's
 * module into what its first screen calls, loaded first, and the rest, loaded once the page
 * has shown its first screen and asks for it (`whenRestIn`). Each function the first module
 * does not hold is a placeholder import, by its slot in the module's table; the rest's
 * instance puts the real functions in those slots. A placeholder called before that loads
 * the rest at once (a synchronous request: the call cannot wait), then calls the slot.
 * `null` in a build that is not split (`trunk serve`).
 */
const REST_WASM = @@REST@@;
/** How long the rest may take to load, as a part (`PART_LOAD_WITHIN_MS`): then the page says it did not. */
const REST_LOAD_WITHIN_MS = 30_000;
let restIn = false;
/** The rest compiled as it streams in, started once (again after a failure). */
let restCompiling = null;
/** Why the rest's load was given up (it stalled): no synchronous request is tried then, it would stall the tab. */
let restGivenUp = null;
/** Set by the glue (`setPlaceholders`) as the first module is instantiated: its exports. */
let firstExports = () => undefined;

function instantiateRest(module) {
  if (restIn) return;
  new WebAssembly.Instance(module, { primary: firstExports() });
  restIn = true;
  performance.mark("wkc-rest"); // when the whole page was in (tests read it)
}

/** Fetch and compile the rest (not yet put in); a failure is forgotten, a stall remembered. */
function loadRest() {
  if (restCompiling) return restCompiling;
  const abort = new AbortController();
  const timer = setTimeout(() => {
    restGivenUp = `it did not load within ${REST_LOAD_WITHIN_MS / 1000} s`;
    abort.abort();
  }, REST_LOAD_WITHIN_MS);
  restCompiling = fetch(asset(REST_WASM), { signal: abort.signal })
    .then((response) => {
      if (!response.ok) throw new Error(`${REST_WASM}: HTTP ${response.status}`);
      // A server that does not say application/wasm: compiled from its bytes, not as they stream.
      return (response.headers.get("content-type") ?? "").startsWith("application/wasm")
        ? WebAssembly.compileStreaming(response)
        : response.arrayBuffer().then((bytes) => WebAssembly.compile(bytes));
    })
    .finally(() => clearTimeout(timer));
  restCompiling.catch(() => {
    restCompiling = null;
  });
  return restCompiling;
}

/**
 * Asked by the page once its first screen is shown (`rest::rest_in`): the rest fetched and
 * put in, if it is not yet. Never rejects: a failure is tried again by the first call that
 * needs the rest (`restNow`), which says so if it fails too.
 */
function whenRestIn() {
  if (REST_WASM === null || restIn) return Promise.resolve();
  return loadRest()
    .then(instantiateRest)
    .catch(() => {});
}

/** The rest, now: a synchronous request, for a placeholder called before the prefetch ended. */
function restNow() {
  if (restIn) return;
  performance.mark("wkc-rest-now"); // the page waited for the rest (tests check it does not, at start)
  try {
    if (restGivenUp) throw new Error(restGivenUp);
    const request = new XMLHttpRequest();
    request.open("GET", asset(REST_WASM), false);
    // Bytes as they are: a synchronous request cannot ask for an ArrayBuffer.
    request.overrideMimeType("text/plain; charset=x-user-defined");
    request.send();
    if (request.status !== 200) throw new Error(`HTTP ${request.status}`);
    const text = request.responseText;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    instantiateRest(new WebAssembly.Module(bytes));
  } catch (error) {
    const why = `${REST_WASM}: ${error?.message ?? error}`;
    sayRestFailed(why);
    throw new Error(`wikijs-keycloak: part of the page did not load (${why})`);
  }
}

/** Where each mounted widget's page is (its container in its shadow root), for `sayRestFailed`. */
const WIDGET_CONTAINERS = new Set();
let restFailureSaid = false;

/** What the page and each widget show when the configurator cannot go on: why, and a reload. */
function loadFailedNotice(message) {
  const box = document.createElement("div");
  box.className = "wkc-load-failed";
  box.setAttribute("role", "alert");
  const text = document.createElement("p");
  text.textContent = message;
  const reload = document.createElement("button");
  reload.type = "button";
  reload.className = "wkc-button";
  reload.textContent = "Reload the page";
  reload.addEventListener("click", () => location.reload());
  box.append(text, reload);
  return box;
}

/**
 * The page cannot go on without the rest of its code (the call that needed it has been
 * abandoned half way): says so once, above the admin page and above each widget (in its
 * shadow root, whose stylesheet styles it), or at the top of the document, with what failed
 * and a reload.
 */
function sayRestFailed(why) {
  if (restFailureSaid) return;
  restFailureSaid = true;
  const message = `Part of the Keycloak configurator did not load (${why}), so this page cannot go on. Reload it to try again.`;
  const places = [document.getElementById("wikijs-keycloak-root"), ...WIDGET_CONTAINERS].filter((place) => place?.isConnected);
  for (const place of places) place.before(loadFailedNotice(message));
  if (places.length === 0) document.body.prepend(loadFailedNotice(message));
}

/**
 * The first module did not load (a file missing or damaged, a server that answers something
 * else, a Content-Security-Policy without 'wasm-unsafe-eval'), so nothing of the page can run:
 * said where the admin page would be, and by each <wikijs-keycloak>, in the document or in
 * another component's shadow root, now or later (the element is defined as one that only
 * says so), with a `wikijs-keycloak-error` of stage "load" to its listeners.
 */
function sayStartFailed(error) {
  const reason = String(error?.message ?? error).slice(0, 300);
  const what = /unsafe-eval/.test(reason)
    ? "The page's Content-Security-Policy must allow 'wasm-unsafe-eval' in script-src."
    : /\b404\b/.test(reason)
      ? "The file is not on the server: serve every file of one build together, then reload the page."
      : /magic word|CompileError/i.test(reason)
        ? "The server answered something else than this file (a page, perhaps): serve every file of one build as built, then reload the page."
        : "Reload the page to try again.";
  const message = `The Keycloak configurator did not load (${WASM}: ${reason}). ${what}`;
  document.getElementById("wikijs-keycloak-root")?.append(loadFailedNotice(message));
  if (customElements.get(TAG)) return;
  customElements.define(
    TAG,
    class extends HTMLElement {
      connectedCallback() {
        if (this.querySelector(":scope > .wkc-load-failed")) return;
        this.append(loadFailedNotice(message));
        const detail = { stage: "load", message, conflict: false };
        this.dispatchEvent(new CustomEvent("wikijs-keycloak-error", { bubbles: true, composed: true, detail }));
      }
      /** As a mounted element's: nothing is mounted. */
      settings() {
        return "null";
      }
    },
  );
}

if (REST_WASM !== null) {
  setPlaceholders((exportsOf) => {
    firstExports = exportsOf;
    return new Proxy(
      {},
      {
        get: (_, slot) => {
          if (typeof slot !== "string") return undefined; // not an import (a symbol: inspection)
          const index = Number(slot);
          return (...args) => {
            restNow();
            return firstExports()["%table"].get(index)(...args);
          };
        },
      },
    );
  });
}

// The wasm is compiled as it streams in, from the moment this runs.
const WASM = "@@WASM@@";
const wasmReady = init({ module_or_path: asset(WASM) });
wasmReady.catch(() => {}); // a failure is thrown where it is awaited, not while the parse is waited for
// The admin page runs this loader `async`, so it may run before the parser has reached
// the page's root: everything that looks for it waits for the parse (at once when done).
if (document.readyState === "loading") {
  await new Promise((parsed) => document.addEventListener("DOMContentLoaded", parsed, { once: true }));
}
// Then, while the wasm compiles: the admin page's load query (`askWikiEarly`).
const earlyLoad = askWikiEarly();

const TAG = "wikijs-keycloak";
/**
 * How long a disconnected element waits before it unmounts. Moving an element is a
 * disconnect and a connect in the same task; the grace also covers a framework that takes
 * an element out and puts it back a moment later.
 */
const DISCONNECT_GRACE_MS = 50;

const STYLESHEETS = @@STYLESHEETS@@.map(asset);

/**
 * The lazily loaded parts (crate wkc-parts, scripts/build-parts.mjs): what the first screen
 * does not need, each a wasm-bindgen module of its own with its wasm, by name.
 */
const PARTS = @@PARTS@@;
const loadingParts = new Map();
const partAttempts = new Map();
/**
 * How long a part may take to load before the page says it did not: a request that never
 * answers (a stalled proxy, a dropped connection) would otherwise leave "Loading…" on screen
 * with no way to try again. The largest part is about 190 KB gzip: 30 s is still a slow
 * mobile connection's time for it.
 */
const PART_LOAD_WITHIN_MS = 30_000;

/**
 * The part's module, imported and initialised once. A failed load, or one still not done
 * after `PART_LOAD_WITHIN_MS`, is forgotten, so the next call tries again (with a query of
 * its own: a browser keeps a failed module import). Every failure names the file or the wait.
 */
function loadPart(name) {
  let promise = loadingParts.get(name);
  if (promise) return promise;
  const files = PARTS[name];
  if (!files) return Promise.reject(new Error(`this build has no part named ${name}`));
  const attempt = partAttempts.get(name) ?? 0;
  partAttempts.set(name, attempt + 1);
  const again = attempt ? `?retry=${attempt}` : "";
  const url = asset(files.js) + again;
  // The wasm is fetched beside its module, not after it: one round trip instead of two.
  // Another attempt asks anew too, not queued behind a request that stalled.
  const wasm = asset(files.wasm) + again;
  const abort = new AbortController();
  let late = false;
  const wasmResponse = fetch(wasm, { signal: abort.signal }).then(
    (response) => {
      if (!response.ok) throw new Error(`${wasm}: HTTP ${response.status}`);
      return response;
    },
    (error) => {
      throw new Error(`${wasm}: ${error?.message ?? error}`); // the browser's "Failed to fetch" names no file
    },
  );
  const loaded = Promise.all([import(url), wasmResponse]).then(async ([module, response]) => {
    if (late) throw new Error("given up"); // a later attempt is the one in use
    await module.default({ module_or_path: response });
    performance.mark(`wkc-part-${name}`); // when it became ready (tests and make bench read it)
    return module;
  });
  let timer = 0;
  const giveUp = new Promise((_, fail) => {
    timer = setTimeout(() => {
      late = true;
      abort.abort();
      fail(new Error(`it did not load within ${PART_LOAD_WITHIN_MS / 1000} s`));
    }, PART_LOAD_WITHIN_MS);
  });
  promise = Promise.race([loaded, giveUp]);
  promise.then(
    () => clearTimeout(timer),
    () => {
      clearTimeout(timer);
      if (loadingParts.get(name) === promise) loadingParts.delete(name);
    },
  );
  loadingParts.set(name, promise);
  return promise;
}

/** Whether the page will open against the demo wiki: its part is then fetched at once, beside the page's wasm. */
function pageOpensOnDemo() {
  const root = document.getElementById("wikijs-keycloak-root");
  const mode = new URLSearchParams(location.search).get("mode") ?? root?.dataset.mode;
  return root !== null && mode === "demo";
}

/**
 * The admin page's first question to the wiki (the load query), asked while the wasm
 * downloads: the page takes the answer only when it would have sent exactly this request
 * (same endpoint, token and body: `Backend::send_load`), and asks again otherwise. Only to
 * this page's own origin, as the page itself would; nothing is kept.
 */
function askWikiEarly() {
  try {
    return askWikiNow();
  } catch {
    return null; // an endpoint no URL can be made of: the page says so itself
  }
}

function askWikiNow() {
  const root = document.getElementById("wikijs-keycloak-root");
  if (root === null) return null;
  const query = new URLSearchParams(location.search);
  // As `app::options` reads them: trimmed, the address bar over the markup.
  const given = (name) => (query.has(name) ? query.get(name) : root.dataset[name] ?? "").trim();
  if (given("mode") !== "wiki") return null;
  const endpoint = [query.get("endpoint"), root.dataset.endpoint].map((e) => (e ?? "").trim()).find((e) => e !== "") ?? "/graphql";
  const url = new URL(endpoint, document.baseURI);
  if (url.origin !== location.origin) return null;
  const token = given("token") || null;
  const headers = { "Content-Type": "application/json" };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const body = @@LOAD_BODY@@;
  // The page bounds it as its own requests (`Deadline`), aborting it through this controller.
  const abort = new AbortController();
  const response = fetch(url, { method: "POST", credentials: "same-origin", headers, body, signal: abort.signal });
  response.catch(() => {}); // the page reports a failure when it reads the answer
  return { endpoint, token, body, response, abort };
}

// The demo runs far more of the page at start than a wiki's first screen: the rest is
// fetched beside the first module and put in before the page starts.
const restBeforeStart = REST_WASM !== null && (pageOpensOnDemo() || document.querySelector(`${TAG}[mode="demo"]`) !== null);
if (pageOpensOnDemo()) loadPart("demo").catch(() => {});
if (restBeforeStart) loadRest().catch(() => {});
try {
  await wasmReady;
} catch (error) {
  sayStartFailed(error);
  throw error; // an `import()` of this loader rejects with it
}
// For the bench's timeline: the wasm compiled and instantiated, before any of its code runs.
performance.mark("wkc-wasm-ready");
if (restBeforeStart) await whenRestIn(); // else its placeholders load it
setPartLoader(loadPart);
setRestLoader(whenRestIn);
if (earlyLoad !== null) setEarlyLoad(earlyLoad);
startPage();
/** The element's attributes: the option names the wasm reads (`app::options::OPTION_NAMES`). */
const ATTRIBUTES = optionAttributes();

/**
 * The `api` part's JSON answer as an object; a throw on the way in becomes the same error
 * shape, and a part that does not load `{error: {code: "part-not-loaded", message}}` (the
 * next call tries again).
 */
function answer(call) {
  return loadPart("api").then(
    (api) => {
      try {
        return JSON.parse(call(api));
      } catch (error) {
        return { error: { code: "invalid-input", message: String(error?.message ?? error) } };
      }
    },
    (error) => ({ error: { code: "part-not-loaded", message: `Could not load this part of the configurator: ${error?.message ?? error}` } }),
  );
}

/** A Promise of the derived URLs for settings (a plain object or JSON text). Never rejects. */
export function derive(settings) {
  return answer((api) => api.deriveJson(settings));
}

/**
 * A Promise of every finding for settings and an optional context (plain objects or JSON
 * text). Never rejects. `context.keycloakExport` (a client or realm export, as JSON text or
 * the object Keycloak wrote) adds the kc-* findings about the Keycloak side; it is read,
 * never kept.
 */
export function diagnose(settings, context) {
  return answer((api) => api.diagnoseJson(settings, context));
}

/** How many widgets are mounted (removing an element frees its state: this goes down). */
export function liveInstances() {
  return liveCount();
}

/**
 * Set by a `mount()` given `prefetch: "none"`, and by a <wikijs-keycloak prefetch="none"> as
 * it connects (the document's query in `prefetchRefused` does not see one inside another
 * component's shadow root).
 */
let prefetchRefusedByEmbedder = false;

/** The live handle of each element mounted into: mounting again replaces it. */
const HANDLES = new WeakMap();

/**
 * Mount the configurator into `element`'s shadow root (replacing one mounted there before). Options (camelCase or the
 * attribute names): mode ("wiki" | "demo"; else the wiki if one answers, else the demo),
 * endpoint, token, strategyKey, siteUrl, theme ("light" | "dark" | "auto"), scenario,
 * docsUrl (where docs/diagnostics.md is published: each finding's code links there),
 * prefetch ("none": no idle prefetch of the tools part in this document).
 * Events are dispatched on `element`.
 */
export function mount(element, options) {
  if (!(element instanceof HTMLElement)) {
    throw new TypeError("wikijs-keycloak: mount(element, options) needs an HTML element");
  }
  options ??= {};
  if (String(options.prefetch) === "none") prefetchRefusedByEmbedder = true;
  // A second mount on the same element: free the first, or it would live on, unseen,
  // still answering its backend and dispatching events on the element.
  HANDLES.get(element)?.unmount();
  const root = element.shadowRoot ?? element.attachShadow({ mode: "open" });
  root.replaceChildren();
  const links = STYLESHEETS.map((href) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    return link;
  });
  const container = document.createElement("div");
  container.className = "wkc-widget";
  // Hidden until its stylesheet is in, so it never shows unstyled.
  container.hidden = true;
  root.append(...links, container);
  Promise.all(
    links.map(
      (link) =>
        new Promise((done) => {
          link.addEventListener("load", done, { once: true });
          link.addEventListener("error", done, { once: true });
        }),
    ),
  ).then(() => {
    container.hidden = false;
  });

  // Dispatched after the wasm call that produced it returns, so a listener may unmount.
  const emit = (type, json) =>
    queueMicrotask(() =>
      element.dispatchEvent(new CustomEvent(type, { detail: JSON.parse(json), bubbles: true, composed: true })),
    );
  // Every value as the string an attribute would hold (`strategyKey: 7` is "7"): the wasm
  // reads strings only, so it carries no number formatting of its own.
  const strings = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value != null).map(([name, value]) => [name, String(value)]),
  );
  let inner = null;
  let mounted = true;
  /** A theme set before the widget started. */
  let theme = null;
  const start = () => {
    if (!mounted) return;
    container.replaceChildren();
    inner = mountWidget(container, strings, emit);
    if (theme !== null) inner.setTheme(theme);
  };
  // The demo runs far more of the page at start than a wiki's first screen (as the loader
  // takes the rest in first for a demo in the markup): a demo mounted before the rest is in
  // starts once it is, not through a placeholder's synchronous request.
  if (strings.mode?.trim() === "demo" && REST_WASM !== null && !restIn) {
    const loading = document.createElement("p");
    loading.className = "wkc-hint";
    loading.setAttribute("role", "status");
    loading.textContent = "Loading…";
    container.append(loading);
    loadPart("demo").catch(() => {});
    whenRestIn().then(start);
  } else {
    start();
  }
  WIDGET_CONTAINERS.add(container);
  const handle = Object.freeze({
    /** Unmount and free the widget's state. */
    unmount() {
      if (!mounted) return;
      mounted = false;
      if (HANDLES.get(element) === handle) HANDLES.delete(element);
      WIDGET_CONTAINERS.delete(container);
      inner?.unmount();
      inner?.free();
      root.replaceChildren();
    },
    /** The form's settings as JSON text, without the client secret (`null` until started and once unmounted). */
    settings() {
      return mounted && inner ? inner.settings() : "null";
    },
    /** Switch light/dark/auto in place, keeping what was typed. */
    setTheme(value) {
      if (!mounted) return;
      theme = String(value ?? "");
      inner?.setTheme(theme);
    },
  });
  HANDLES.set(element, handle);
  return handle;
}

class WikijsKeycloakElement extends HTMLElement {
  static observedAttributes = ATTRIBUTES;

  #handle = null;
  #disconnectTimer = 0;
  #remountQueued = false;

  connectedCallback() {
    if (this.getAttribute("prefetch") === "none") prefetchRefusedByEmbedder = true;
    clearTimeout(this.#disconnectTimer);
    this.#disconnectTimer = 0;
    if (!this.#handle) this.#handle = mount(this, this.#options());
  }

  disconnectedCallback() {
    clearTimeout(this.#disconnectTimer);
    this.#disconnectTimer = setTimeout(() => {
      if (!this.isConnected) this.#unmount();
    }, DISCONNECT_GRACE_MS);
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this.#handle || oldValue === newValue) return;
    if (name === "theme") {
      this.#handle.setTheme(newValue ?? "");
      return;
    }
    // Anything else means another backend or strategy: mount afresh, once per batch of changes.
    if (this.#remountQueued) return;
    this.#remountQueued = true;
    queueMicrotask(() => {
      this.#remountQueued = false;
      if (!this.#handle) return;
      this.#unmount();
      if (this.isConnected) this.#handle = mount(this, this.#options());
    });
  }

  /** The form's settings as JSON text, without the client secret; `null` when not mounted. */
  settings() {
    return this.#handle ? this.#handle.settings() : "null";
  }

  #options() {
    const options = {};
    for (const name of ATTRIBUTES) {
      const value = this.getAttribute(name);
      if (value !== null) options[name] = value;
    }
    return options;
  }

  #unmount() {
    this.#handle?.unmount();
    this.#handle = null;
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, WikijsKeycloakElement);

globalThis.WikijsKeycloak ??= Object.freeze({ mount, derive, diagnose, liveInstances });

/**
 * Whether the embedder turned the prefetch off, as it stands when the first screen has
 * settled: `prefetch="none"` on a <wikijs-keycloak>, `data-prefetch="none"` on the admin
 * page's root, or a `mount()` given `prefetch: "none"`. For a page whose visitors pay for
 * their data, or that rarely opens a tool: each part then loads on first use.
 */
function prefetchRefused() {
  return (
    prefetchRefusedByEmbedder ||
    document.querySelector(`${TAG}[prefetch="none"], #wikijs-keycloak-root[data-prefetch="none"]`) !== null
  );
}

/**
 * Once the first page or widget has built its first screen and set its folds building (its
 * `wkc-settled` mark), the `tools` part is fetched when the browser is next idle (after that
 * build): troubleshooting, the exports, the Keycloak side and the live check then open at
 * once instead of after their download. Nothing of it counts towards, or waits on, the
 * first screen. Not when the browser asks to save data (`navigator.connection.saveData`)
 * or the embedder said not to (`prefetchRefused`): each part then loads on first use. A
 * failed prefetch says nothing and is forgotten, so the first use tries again. An
 * optimisation only: called last, and what it throws is dropped.
 */
function prefetchToolsOnceSettled() {
  if (navigator.connection?.saveData || typeof PerformanceObserver !== "function") return;
  // Safari has no requestIdleCallback: half a second after the mark instead.
  const idle = globalThis.requestIdleCallback ?? ((then) => setTimeout(then, 500));
  const observer = new PerformanceObserver((marks) => {
    if (marks.getEntriesByName("wkc-settled").length === 0) return;
    observer.disconnect();
    if (!prefetchRefused()) idle(() => loadPart("tools").catch(() => {}), { timeout: 5000 });
  });
  observer.observe({ type: "mark", buffered: true });
}

try {
  prefetchToolsOnceSettled();
} catch {
  // an engine that cannot observe marks: each part loads on first use
}
