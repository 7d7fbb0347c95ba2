// The live check end to end: the built page (dist/, demo backend) in headless Chromium asks
// the stand-in Keycloak (tests/standin/keycloak/server.mjs) and shows, for every live-*
// outcome, the code, a message naming the wrong value, and where one exists the one-click fix
// that makes the next check pass. Also: a newer edit aborts a stale check; the automatic check
// can be turned off; the page sends only credential-less GETs and never the client secret.
//
// live-mixed-content needs an https page and an http Keycloak that is not on loopback
// (browsers let https pages fetch http://127.0.0.1): the page is served over https with a
// throw-away certificate and Host names a reserved `.invalid` name; the check must refuse
// before fetching anything. The core's plan_is_refused_for_mixed_content_and_allowed_otherwise
// covers the near misses (loopback, https Keycloak, http page).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startKeycloak } from '../standin/keycloak/server.mjs';
import { pauseClock } from './mount.mjs';
import { serveDist, launchBrowser, selfSignedCertificate, openDemo, runs, result, nextResult, check, typeTarget, clickFix, waitFor, STEP, PUBLIC_NAME } from './live-page.mjs';

const SECRET = 'e2e-live-secret-3f9a1c7b5d';
const WELL_KNOWN = '/.well-known/openid-configuration';
const TEST_TIMEOUT = 30_000;

let kc;
let site;
let browser;
before(async () => {
  kc = await startKeycloak();
  site = await serveDist();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close().catch(() => {});
  await site?.close();
  await kc?.close();
});

/** A fresh page with the client secret typed in; no page errors (panics) allowed. `clock`:
 *  the page's timers on Playwright's controlled clock (see openDemo). */
function e2e(name, body, { clock = false } = {}) {
  test(name, { timeout: TEST_TIMEOUT }, async (t) => {
    const session = await openDemo(browser, site.url, { clock });
    try {
      await session.page.fill('[name="client-secret"]', SECRET);
      await body({ ...session, t });
      assert.deepEqual(session.errors, [], 'no errors on the page');
    } finally {
      await session.close();
    }
  });
}

const url = (name) => kc.instances[name].url;
const log = (name) => kc.instances[name].log;

e2e('a Keycloak page\'s URL in Host is said as such, with its split, and nothing is fetched at a nested URL', async ({ page }) => {
  const before = log('quarkus').length;
  // Asked (by itself it says nothing the form does not), the check says why it did not run.
  await page.uncheck('[name="live-auto"]');
  await typeTarget(page, `${url('quarkus')}/realms/wiki/account/`, 'wiki');
  const run = await runs(page);
  await page.click('[data-action="live-check"]');
  const r = await nextResult(page, run, { host: '' });
  assert.deepEqual(r.codes, ['pasted-full-url']);
  assert.equal(r.findings[0].fix, `Split into Host ${url('quarkus')} and Realm wiki`);
  assert.equal(log('quarkus').length, before, 'no request: the nested URL would fail and read as the network');
  await clickFix(page, 'pasted-full-url');
  assert.equal(await page.inputValue('[name="host"]'), url('quarkus'));
  await page.click('[data-action="live-check"]');
  const fixed = await nextResult(page, r.run, { host: url('quarkus') });
  assert.deepEqual(fixed.codes, ['live-ok'], 'split, the check passes');
});

e2e('by itself the check says why it does not run on a Host to fix first, not that it will', async ({ page }) => {
  await typeTarget(page, `${url('quarkus')}/realms/wiki/account/`, 'wiki');
  await waitFor(async () => (await result(page)).status.startsWith('Not checked by itself: fix Host or Realm first'), 'says why', STEP);
});

e2e('live-ok: typed values checked by themselves; issuer and endpoints side by side, none differs', async ({ page }) => {
  const before = log('quarkus').length;
  const r = await check(page, url('quarkus'), 'wiki');
  assert.deepEqual(r.codes, ['live-ok']);
  assert.ok(r.findings[0].text.includes(`${url('quarkus')}/realms/wiki${WELL_KNOWN}`), r.findings[0].text);
  assert.equal(r.rows.issuer.discovered, `${url('quarkus')}/realms/wiki`);
  assert.equal(r.rows.issuer.configured, `${url('quarkus')}/realms/wiki`);
  for (const id of ['issuer', 'authorization-url', 'token-url', 'user-info-url', 'logout-url']) {
    assert.equal(r.rows[id]?.differs, false, id);
  }
  assert.deepEqual(log('quarkus').slice(before).map((e) => e.path), [`/realms/wiki${WELL_KNOWN}`], 'one request: found at once');
  await page.click('[data-live-limits-details] > summary');
  assert.ok(await page.isVisible('[data-live-limits]'), 'says what a browser cannot know');
  assert.match(await page.textContent('[data-live-backchannel]'), /backchannel-probe/);
});

e2e('live-realm-not-found: names the realm typed; the right name then passes', async ({ page }) => {
  const before = log('quarkus').length;
  const r = await check(page, url('quarkus'), 'wkii');
  assert.deepEqual(r.codes, ['live-realm-not-found']);
  assert.ok(r.findings[0].text.includes('not for realm wkii in either layout'), r.findings[0].text);
  assert.equal(r.findings[0].fix, null, 'no one-click fix: only the admin knows the realm');
  // Said under Realm too, where the admin types: the live check is far below it on a phone.
  const underRealm = page.locator('[data-field="realm"] .wkc-field-message[data-code="live-realm-not-found"]');
  assert.match(await underRealm.textContent(), /Live check: no such realm \(case-sensitive\)\./);
  // Keycloak's 404 for the realm carried no CORS header; master settled it.
  const seen = log('quarkus').slice(before);
  assert.deepEqual(seen.map((e) => [e.path, e.status]), [
    [`/realms/wkii${WELL_KNOWN}`, 404],
    [`/auth/realms/wkii${WELL_KNOWN}`, 404],
    [`/realms/master${WELL_KNOWN}`, 200],
  ]);
  await page.fill('[name="realm"]', 'wiki');
  assert.deepEqual((await nextResult(page, r.run)).codes, ['live-ok']);
  assert.equal(await underRealm.count(), 0, 'gone with the finding');
});

e2e('live-layout-mismatch: Keycloak only under /auth; one click switches the layout and the check passes', async ({ page }) => {
  const r = await check(page, url('legacy'), 'wiki');
  assert.deepEqual(r.codes, ['live-layout-mismatch']);
  assert.ok(r.findings[0].text.includes(`${url('legacy')}/auth/realms/wiki${WELL_KNOWN}`), r.findings[0].text);
  assert.match(r.findings[0].text, /uses the Keycloak 17\+ \(no \/auth\) layout/);
  assert.match(r.findings[0].fix, /legacy \/auth layout/);
  // The found layout feeds the other findings.
  assert.match(await page.textContent('[data-section="findings"] [data-code="legacy-path"]'), /live check found Keycloak under \/auth/);
  await clickFix(page, 'live-layout-mismatch');
  assert.equal(await page.inputValue('[name="layout"]'), 'legacy');
  const fixed = await nextResult(page, r.run);
  assert.deepEqual(fixed.codes, ['live-ok']);
  assert.equal(fixed.rows['authorization-url'].configured, `${url('legacy')}/auth/realms/wiki/protocol/openid-connect/auth`);
  // Another host: the layout found on the old one no longer counts.
  await page.fill('[name="host"]', url('quarkus'));
  await page.selectOption('[name="layout"]', 'automatic');
  await waitFor(async () => !(await page.$('[data-section="findings"] [data-code="legacy-path"]')), 'legacy-path to go');
});

e2e('live-layout-mismatch the other way: /auth typed for Keycloak 17+; one click and it passes', async ({ page }) => {
  const r = await check(page, `${url('quarkus')}/auth`, 'wiki');
  assert.deepEqual(r.codes, ['live-layout-mismatch']);
  assert.match(r.findings[0].text, /uses the legacy \/auth \(Keycloak 16 and older, or started with http-relative-path=\/auth\) layout/);
  await clickFix(page, 'live-layout-mismatch');
  const fixed = await nextResult(page, r.run);
  assert.deepEqual(fixed.codes, ['live-ok']);
  assert.equal(fixed.rows.issuer.configured, `${url('quarkus')}/realms/wiki`);
});

e2e('live-https-required: names the URL Keycloak refused over http', async ({ page }) => {
  const r = await check(page, url('quarkus'), 'secure');
  assert.deepEqual(r.codes, ['live-https-required']);
  assert.ok(r.findings[0].text.includes(`${url('quarkus')}/realms/secure${WELL_KNOWN}`), r.findings[0].text);
  assert.match(r.findings[0].text, /HTTPS required/);
  assert.match(r.findings[0].text, /Use https/);
  assert.equal(r.findings[0].fix, null, 'no one-click fix: Keycloak needs https (or the realm setting)');
});

e2e('live-issuer-mismatch: hostname pinned elsewhere; adopting the issuer base makes the check pass', async ({ page }) => {
  const pinned = `http://localhost:${kc.instances.pinned.port}`;
  const r = await check(page, url('pinned'), 'wiki');
  assert.deepEqual(r.codes, ['live-ok', 'live-issuer-mismatch']);
  const finding = r.findings[1];
  assert.ok(finding.text.includes(`issuer is ${pinned}/realms/wiki`) && finding.text.includes(`${url('pinned')}/realms/wiki`), finding.text);
  assert.match(finding.fix, new RegExp(`set Host to ${pinned.replace(/[.:/]/g, '\\$&')}`));
  assert.equal(r.rows.issuer.differs, true);
  assert.equal(r.rows.issuer.discovered, `${pinned}/realms/wiki`);
  assert.equal(r.rows['authorization-url'].differs, true, 'the endpoints follow the issuer');
  await clickFix(page, 'live-issuer-mismatch');
  assert.equal(await page.inputValue('[name="host"]'), pinned);
  const fixed = await nextResult(page, r.run);
  assert.deepEqual(fixed.codes, ['live-ok']);
  assert.ok(Object.values(fixed.rows).every((row) => !row.differs), JSON.stringify(fixed.rows));
});

// A proxy's redirect the browser followed: found, but never "nothing to change" (Wiki.js's
// server follows no redirect on its token call); where it landed becomes Host in one click.
e2e('a realm found only through a redirect says so, and one click makes Host where it landed', async ({ page }) => {
  const r = await check(page, url('redirecting'), 'wiki');
  assert.deepEqual(r.codes, ['live-ok', 'live-endpoint-differs', 'live-issuer-mismatch']);
  assert.ok(r.findings[0].text.includes(`at ${url('quarkus')}/realms/wiki${WELL_KNOWN}, through a redirect.`), r.findings[0].text);
  assert.ok(r.findings[1].text.includes(`${url('redirecting')} only redirects to ${url('quarkus')}, where Keycloak answered.`), r.findings[1].text);
  assert.equal(r.findings[1].fix, `Set Host to ${url('quarkus')}`);
  await clickFix(page, 'live-endpoint-differs');
  assert.equal(await page.inputValue('[name="host"]'), url('quarkus'));
  const fixed = await nextResult(page, r.run);
  assert.deepEqual(fixed.codes, ['live-ok']);
});

// The export's Frontend URL against the issuer found: pasted after the check, or replaced,
// the finding follows the export without a new check (it stood, counted, until one ran).
e2e('an export pasted after the check is compared with the issuer it found, and its finding follows the export', async ({ page }) => {
  const r = await check(page, url('quarkus'), 'wiki');
  assert.deepEqual(r.codes, ['live-ok']);
  const realmExport = (frontendUrl) => JSON.stringify({ realm: 'wiki', attributes: { frontendUrl }, clients: [{ clientId: 'wikijs', redirectUris: ['*'] }] });
  const paste = async (text) => {
    const box = page.locator('textarea[name="keycloak-export"]');
    await box.evaluate((e) => {
      for (let d = e.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
    });
    await box.fill(text);
  };
  const codes = async () => (await result(page)).codes;
  await paste(realmExport('https://elsewhere.example.com'));
  await waitFor(async () => (await codes()).includes('live-issuer-mismatch'), 'the export compared with the issuer found', STEP);
  assert.match((await result(page)).findings.find((f) => f.code === 'live-issuer-mismatch').text, /pasted realm export's Frontend URL gives https:\/\/elsewhere\.example\.com\/realms\/wiki/);
  await paste(realmExport(url('quarkus')));
  await waitFor(async () => !(await codes()).includes('live-issuer-mismatch'), 'the finding gone with the export that gave it', STEP);
  assert.equal(await runs(page), r.run, 'no new check ran');
});

e2e('live-endpoint-differs: a stale override is named next to the advertised URL; Re-derive passes', async ({ page }) => {
  const first = await check(page, url('quarkus'), 'wiki');
  assert.deepEqual(first.codes, ['live-ok']);
  const typo = `${url('quarkus')}/realms/wiki/protocol/openid-connect/user`;
  // The Endpoints fold, closed: the loopback host's note is said under Host.
  await page.locator('[data-section="endpoints"] details.wkc-fold:not([open]) > summary').click();
  await page.click('[data-field="user-info-url"] [data-action="override"]');
  await page.fill('[name="user-info-url"]', typo);
  // The edit marks the shown result as older than the form, then the check runs again.
  const r = await nextResult(page, first.run);
  assert.deepEqual(r.codes, ['live-ok', 'live-endpoint-differs']);
  const finding = r.findings[1];
  assert.ok(finding.text.includes(`advertises ${url('quarkus')}/realms/wiki/protocol/openid-connect/userinfo`) && finding.text.includes(`will save ${typo}`), finding.text);
  assert.deepEqual(r.rows['user-info-url'], { differs: true, discovered: `${url('quarkus')}/realms/wiki/protocol/openid-connect/userinfo`, configured: typo });
  await clickFix(page, 'live-endpoint-differs');
  // The row follows the form at once, then the new check confirms.
  const fixed = await nextResult(page, r.run);
  assert.deepEqual(fixed.codes, ['live-ok']);
  assert.equal(fixed.rows['user-info-url'].differs, false);
});

e2e('live-unreachable: nothing listens; the message names the URL and what remains possible', async ({ page }) => {
  const r = await check(page, kc.dead.url, 'wiki');
  assert.deepEqual(r.codes, ['live-unreachable']);
  const text = r.findings[0].text;
  assert.ok(text.includes(`Fetching ${kc.dead.url}/realms/wiki${WELL_KNOWN} failed`), text);
  // The dead server is on loopback: the admin's own computer, which needs no DNS.
  assert.match(text, /nothing answers at that port on the computer this browser runs on/);
  assert.doesNotMatch(text.split('The master realm')[0], /DNS|certificate/);
  assert.match(text, /master realm did not answer either/);
  assert.equal(r.findings[0].fix, null);
});

e2e('live-unreachable: a server slower than 8 s times out, and the page gives up on it', async ({ page }) => {
  const before = log('slow').length;
  const n = await runs(page);
  await typeTarget(page, url('slow'), 'wiki');
  await waitFor(() => log('slow').length > before, 'the realm request to reach the slow server');
  // The page's clock stops here; from now on only the test moves it.
  await pauseClock(page);
  await page.clock.runFor(7_000);
  assert.equal((await result(page)).state, 'checking', 'still waiting at 7 s');
  assert.equal(log('slow').length, before + 1, 'the master realm is not asked yet');
  await page.clock.runFor(1_500);
  await waitFor(() => log('slow').length > before + 1, 'the master realm request, once the realm timed out');
  await page.clock.runFor(8_500);
  const r = await nextResult(page, n, { host: url('slow') });
  assert.deepEqual(r.codes, ['live-unreachable']);
  assert.ok(r.findings[0].text.includes(`${url('slow')}/realms/wiki${WELL_KNOWN} did not answer within 8 s`), r.findings[0].text);
  const slow = log('slow').slice(before).filter((e) => e.path.startsWith('/realms/'));
  assert.equal(slow.length, 2, 'the realm and master, each waited for once');
  await waitFor(() => slow.every((e) => e.aborted), 'the server to see both requests abandoned');
}, { clock: true });

e2e('a newer edit aborts the stale check: only the fast host shows', async ({ page }) => {
  const before = log('slow').length;
  const n = await runs(page);
  await typeTarget(page, url('slow'), 'wiki');
  await waitFor(() => log('slow').length > before, 'the slow check to reach the server');
  assert.equal((await result(page)).state, 'checking');
  await page.fill('[name="host"]', url('quarkus'));
  const r = await nextResult(page, n, { host: url('quarkus') });
  assert.deepEqual(r.codes, ['live-ok']);
  assert.ok(r.findings[0].text.includes(url('quarkus')) && !r.findings[0].text.includes(url('slow')), r.findings[0].text);
  await waitFor(() => log('slow')[before].aborted, 'the slow request to be aborted');
  assert.equal(log('slow').length, before + 1, 'no further probe of the slow host');
  // Past every deadline the abandoned check had: still the fast result, and only it.
  await page.clock.runFor(20_000);
  const later = await result(page);
  assert.equal(later.run, r.run);
  assert.deepEqual(later.codes, ['live-ok']);
  assert.equal(log('slow').length, before + 1, 'and still no further probe');
}, { clock: true });

e2e('automatic check off: nothing is fetched until Check Keycloak; placeholders wait for the button', async ({ page }) => {
  await page.uncheck('[name="live-auto"]');
  const before = log('quarkus').length;
  await typeTarget(page, url('quarkus'), 'wiki');
  await page.clock.runFor(10_000); // well past the automatic check's debounce
  assert.equal((await result(page)).state, 'idle');
  assert.equal(log('quarkus').length, before, 'no request while the automatic check is off');
  const n = await runs(page);
  await page.click('[data-action="live-check"]');
  assert.deepEqual((await nextResult(page, n)).codes, ['live-ok']);
  // Edited since: the status says what to do next, not "Not checked yet".
  const saysAfterEdit = async (status) =>
    waitFor(async () => (await result(page)).status === status, status, STEP);
  await page.fill('[name="realm"]', 'staff');
  await saysAfterEdit('Host or Realm changed since the last check: press Check Keycloak to check again.');

  // Automatic again: a documentation host is not fetched by itself.
  await page.check('[name="live-auto"]');
  await page.fill('[name="realm"]', 'wiki');
  await saysAfterEdit('Host or Realm changed since the last check: it runs again once you stop typing.');
  await page.fill('[name="host"]', 'https://keycloak.example.com');
  await waitFor(async () => /documentation placeholder/.test((await result(page)).status), 'the placeholder note', STEP);
  assert.equal((await result(page)).state, 'idle');
  assert.deepEqual((await result(page)).codes, [], 'the result about the other host is gone');
}, { clock: true });

e2e('values the admin did not type (a demo scenario) are not checked by themselves', async ({ page }) => {
  assert.ok(await page.$('[data-scenario-picker]'), 'the demo backend offers scenarios');
  // The secret typed first goes with the next story, which asks: yes.
  page.on('dialog', (dialog) => dialog.accept());
  const outside = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(site.url)) outside.push(request.url());
  });
  const ids = await page.$$eval('[data-scenario-picker] option', (os) => os.map((o) => o.value).filter(Boolean));
  let host = null;
  for (const id of ids) {
    await page.selectOption('[data-scenario-picker]', id);
    const value = await page.inputValue('[name="host"]');
    if (value && !/(^|\.)example\.(com|net|org)$/.test(new URL(value).hostname)) {
      host = value;
      break;
    }
  }
  assert.ok(host, 'a scenario has a host outside example.com');
  await page.clock.runFor(10_000); // well past the automatic check's debounce
  const r = await result(page);
  assert.equal(r.state, 'idle', `${host} was not checked`);
  assert.match(r.status, /once you edit Host or Realm/);
  assert.deepEqual(outside, [], 'nothing was fetched');
}, { clock: true });

/** A hostile Keycloak (the stand-in's `hostile` instance): what the check shows for each answer. */
const HOSTILE = [
  ['a 10 MB discovery document', 'huge', ['live-unreachable'], /answered HTTP 200, but over 256 KB, where a discovery document is a few KB/],
  ['fields of the wrong type', 'types', ['live-unreachable'], /answered HTTP 200, but JSON without an issuer or authorization endpoint/],
  ['100,000 nested lists', 'deep', ['live-unreachable'], /answered HTTP 200, but JSON nested too deeply/],
  ['markup as the authorization endpoint', 'html', ['live-ok', 'live-endpoint-differs'], /advertises <img src=x onerror="window\.__pwned=1"><script>/],
];

for (const [what, realm, codes, says] of HOSTILE) {
  e2e(`a hostile Keycloak, ${what}: ${codes.join(', ')}, shown as text`, async ({ page }) => {
    const r = await check(page, url('hostile'), realm);
    assert.deepEqual(r.codes, codes);
    assert.match(r.findings.map((f) => f.text).join(' '), says);
    const harm = await page.evaluate(() => ({
      pwned: window.__pwned,
      elements: [...document.querySelectorAll('[onerror], script:not([src])')].map((e) => e.outerHTML),
    }));
    assert.deepEqual(harm, { pwned: undefined, elements: [] }, 'no markup from Keycloak became an element');
  });
}

test('live-mixed-content: an https page does not even try an http Keycloak', { timeout: TEST_TIMEOUT }, async () => {
  const tls = selfSignedCertificate();
  const secureSite = await serveDist({ tls });
  const secureBrowser = await launchBrowser({ acceptAnyCertificate: true });
  try {
    const { page, errors, close } = await openDemo(secureBrowser, secureSite.url);
    const requests = [];
    page.on('request', (request) => requests.push(request.url()));
    try {
      const r = await check(page, 'http://keycloak.invalid:8080', 'wiki');
      assert.deepEqual(r.codes, ['live-mixed-content']);
      assert.ok(r.findings[0].text.includes('Keycloak is at http://keycloak.invalid:8080'), r.findings[0].text);
      assert.match(r.findings[0].text, /Use https for Keycloak/);
      assert.deepEqual(requests.filter((u) => !u.startsWith(secureSite.url)), [], 'nothing was fetched');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  } finally {
    await secureBrowser.close().catch(() => {});
    await secureSite.close();
  }
});

test('a page on a public address asking a Keycloak on loopback names the browser\'s Local Network Access block first, and https as the way out', { timeout: TEST_TIMEOUT }, async () => {
  const publicBrowser = await launchBrowser({ publicSite: site.url });
  try {
    const { page, errors, close } = await openDemo(publicBrowser, site.url.replace('127.0.0.1', PUBLIC_NAME));
    const before = log('quarkus').length;
    try {
      const r = await check(page, url('quarkus'), 'wiki');
      assert.deepEqual(r.codes, ['live-unreachable']);
      // From a plain http page, which Chrome never asks: the way out is https.
      assert.match(r.findings[0].text, /what remains possible: this page looks public and Keycloak local, which Chrome blocks from a plain http page \(Local Network Access\): open this page over https/);
      assert.equal(log('quarkus').length, before, 'the browser sent nothing');
      assert.deepEqual(errors.filter((e) => !/address space|local network/i.test(e)), []);
    } finally {
      await close();
    }
  } finally {
    await publicBrowser.close().catch(() => {});
  }
});

test('every request the page sent was a credential-less GET without the client secret', () => {
  const all = [...Object.values(kc.instances).flatMap((i) => i.log)];
  assert.ok(all.length >= 20, `requests seen: ${all.length}`);
  for (const entry of all) {
    const where = `${entry.method} ${entry.path}`;
    assert.equal(entry.method, 'GET', where);
    // After a cross-origin redirect the browser sends `Origin: null` (Fetch's tainted origin).
    const redirected = entry.headers.origin === 'null' && kc.instances.redirecting.log.length > 0;
    assert.ok(entry.headers.origin?.startsWith('http://127.0.0.1:') || redirected, `${where}: a CORS request with the page's Origin`);
    for (const header of ['cookie', 'authorization', 'referer', 'content-type']) {
      assert.equal(entry.headers[header], undefined, `${where}: no ${header}`);
    }
    assert.ok(!JSON.stringify(entry).includes(SECRET), `${where}: the secret never leaves the page`);
  }
});
