// What a user meets at the end of a sign-in or a logout, read from the last page's markup
// (the lab's wiki and Keycloak pages mark their parts with data-lab / kc- ids).

const unescape = (s) => s.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))).replace(/&amp;/g, '&');

/**
 * {kind, text, user, url}: kind is 'signed-in' (a wiki page, as `user`), 'unauthorized' (the
 * wiki refused the page to `user`), 'wiki-error' (Wiki.js's error page, `text` its message,
 * '' when it shows none, `shown` all the page says), 'keycloak-page' (a Keycloak error page, `text`), 'keycloak-login'
 * (Keycloak's login form), 'keycloak-consent' (its grant page, `text` the title), 'keycloak-logout' (Keycloak's logout confirmation or info page), or
 * 'other'.
 */
export function classify(url, html) {
  const pick = (re) => {
    const m = html.match(re);
    return m ? unescape(m[1]) : null;
  };
  const user = pick(/data-lab="user">([^<]*)</);
  if (html.includes('data-lab="page"')) return { kind: 'signed-in', user, url };
  if (html.includes('data-lab="unauthorized"')) return { kind: 'unauthorized', user, url };
  if (html.includes('data-lab="error"')) {
    const text = pick(/data-lab="error-message">([^<]*)</) ?? '';
    return { kind: 'wiki-error', text, shown: `${pick(/data-lab="error">([^<]*)</) ?? ''}\n${text}`.trim(), url };
  }
  if (html.includes('id="kc-form-login"')) return { kind: 'keycloak-login', url };
  if (html.includes('id="kc-oauth"')) return { kind: 'keycloak-consent', text: pick(/id="kc-page-title">([^<]*)</) ?? '', url };
  const kcError = pick(/id="kc-error-message"[^>]*>([^<]*)</);
  if (kcError !== null && /We are sorry/.test(html)) return { kind: 'keycloak-page', text: kcError, url };
  const info = pick(/id="kc-(?:logout-confirm|info-message|error-message)"[^>]*>([^<]*)</);
  if (info !== null) return { kind: 'keycloak-logout', text: info, url };
  return { kind: 'other', text: html.slice(0, 300), url };
}
