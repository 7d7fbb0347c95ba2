// The widget and demo suites' server: directories mounted at URL prefixes through the one
// static server (tests/static.mjs), nothing else (no SPA fallback, no /graphql: the page's
// automatic mode falls back to the demo), and optionally the strict Content-Security-Policy
// a host would set.

import { startStatic as serve } from '../../static.mjs';

/** The policy a strict host sets, word for word: the page and the widget must run under it untouched. */
export const ISSUE_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/** The policy the README asks hosts to allow: the strict one, plus the Keycloak origin the live check reads. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' https://keycloak.example.com";

/**
 * Serve `mounts` ({ '/kc/': '/path/to/dist', '/': '/path/to/pages' }, longest prefix
 * first) on 127.0.0.1. `csp`: the Content-Security-Policy header for every response, or
 * null. Resolves to { url, close }.
 */
export function startStatic({ mounts, csp = null }) {
  return serve({ mounts, always: csp ? { 'content-security-policy': csp } : {} });
}
