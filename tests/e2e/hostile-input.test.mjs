// Hostile input is inert: every payload of tests/hostile/input.json inserted into every text
// field of the real page, as typing or pasting does (Playwright's fill: a real insertion,
// with its beforeinput). Each must stay text (no element, attribute or URL made from it,
// nothing executed); one longer than the field's limit is refused with the reason under the
// field, which keeps its value; otherwise the field holds exactly what was inserted and the
// fields that need a URL or a realm refuse it with a finding. A page that hangs fails the
// step's wait. Each update's time, from the insertion to its rendered result, is printed for
// information only: timings are judged by `make bench`, never here.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { startHarness, TEST_TIMEOUT } from './harness.mjs';

const TABLE = JSON.parse(readFileSync(new URL('../hostile/input.json', import.meta.url), 'utf8'));
const payloadValue = (p) => p.value ?? `${p.prefix ?? ''}${p.repeat.repeat(p.times)}${p.suffix ?? ''}`;
const FIELDS = [...Object.keys(TABLE.rejectedBy), ...TABLE.acceptedBy];

let h;
const timings = [];
/** The browser's own cost: a plain input outside the app given each 1 MB payload. */
const bare = [];
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
  const summary = (what, list) => {
    if (!list.length) return;
    const sorted = list.map((t) => t.ms).sort((a, b) => a - b);
    const worst = list.reduce((a, b) => (b.ms > a.ms ? b : a));
    const over = list.filter((t) => t.ms > 50).length;
    process.stdout.write(
      `# hostile input, ${what}: ${list.length} updates; median ${sorted[sorted.length >> 1].toFixed(1)} ms, ` +
        `p95 ${sorted[Math.floor(sorted.length * 0.95)].toFixed(1)} ms, max ${worst.ms.toFixed(1)} ms (${worst.payload} in ${worst.field}); ${over} over 50 ms\n`,
    );
  };
  const megabyte = (t) => /1 MB/.test(t.payload);
  summary('all', timings);
  summary('without the 1 MB payloads', timings.filter((t) => !megabyte(t)));
  summary('the 1 MB payloads', timings.filter(megabyte));
  summary('a bare <input> given the same 1 MB, for scale', bare);
});

/** In the page, before an insertion: unlock a derived URL, note the value and the clock. */
async function prepare(page, name) {
  return page.evaluate((name) => {
    const field = document.querySelector(`[name="${name}"]`);
    // A field in a closed part (the internal base URL, under "Advanced") is opened first.
    const part = field.closest('details');
    if (part) part.open = true;
    const derived = field.readOnly;
    if (derived) field.closest('.wkc-field').querySelector('[data-action="override"]').click();
    window.__before = { value: field.value, derived };
    window.__insertedAt = null;
  }, name);
}

/** In the page, after the insertion: wait until rendered, report what it made, put the field back. */
async function inspect(page, name, value) {
  return page.evaluate(
    async ([name, value]) => {
      // After a macrotask every effect Leptos queued has run; reading a layout property then
      // makes the browser style and lay out the result. No frame is waited for (vsync is not
      // the page's cost).
      const settled = async () => {
        await new Promise((ok) => setTimeout(ok, 0));
        return document.body.offsetHeight;
      };
      await settled();
      const ms = performance.now() - window.__insertedAt;
      const field = document.querySelector(`[name="${name}"]`);
      const container = field.closest('.wkc-field');
      const exported = document.querySelector('details[data-export="client JSON"] pre')?.textContent ?? '';
      const messages = document.getElementById(field.getAttribute('aria-describedby').split(' ').at(-1));
      const all = [...document.querySelectorAll('*')];
      const seen = {
        ms,
        value: field.value === value ? 'as inserted' : field.value === window.__before.value ? 'as before' : 'other',
        refused: container.querySelector('[data-refused]')?.textContent ?? null,
        inExport: exported.includes(value),
        codes: [...messages.querySelectorAll('[data-code]')].map((e) => e.dataset.code),
        errors: [...messages.querySelectorAll('.wkc-diag-error')].map((e) => e.dataset.code),
        pwned: window.__pwned !== undefined,
        elements: document.querySelectorAll('script, iframe, object, embed, img, svg, math, frame, frameset, base, meta[http-equiv]').length,
        handlers: all.filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).map((e) => e.outerHTML.slice(0, 80)),
        urls: all
          .flatMap((e) => ['href', 'src', 'action', 'formaction', 'xlink:href'].map((a) => e.getAttribute(a)))
          .filter((u) => u && /^\s*(javascript|data|vbscript):/i.test(u)),
      };
      // Back as it was, so each field is tried alone.
      if (window.__before.derived) {
        container.querySelector('[data-action="reset-override"]').click();
      } else {
        field.value = window.__before.value;
        field.dispatchEvent(new Event('input', { bubbles: true }));
      }
      await settled();
      return seen;
    },
    [name, value],
  );
}

for (const payload of TABLE.payloads) {
  test(`${payload.name}: text in every field, refused where a URL or realm is needed`, { timeout: TEST_TIMEOUT }, async (t) => {
    const { page, console, close } = await h.page();
    const dialogs = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    try {
      // The demo backend: every field editable, the Site URL too (read from the wiki otherwise).
      await page.goto(`${h.url}/?mode=demo`);
      await page.waitForSelector('[data-load-state="ready"]');
      // The client JSON open, so a client ID typed is also rendered there, as text.
      await page.locator('details[data-setup-exports] > summary').click();
      await page.locator('details[data-export="client JSON"] > summary').click();
      // The clock starts at the insertion's beforeinput (capturing, before the page's own).
      await page.evaluate(() =>
        document.addEventListener('beforeinput', () => (window.__insertedAt ??= performance.now()), { capture: true }),
      );
      const baseline = await page.evaluate(
        () => document.querySelectorAll('script, iframe, object, embed, img, svg, math, frame, frameset, base, meta[http-equiv]').length,
      );
      const value = payloadValue(payload);
      for (const name of FIELDS) {
        await prepare(page, name);
        await page.fill(`[name="${name}"]`, value);
        const seen = await inspect(page, name, value);
        timings.push({ ms: seen.ms, payload: payload.name, field: name });
        if (process.env.WKC_SLOW && seen.ms > 30) process.stderr.write(`slow: ${payload.name} in ${name}: ${seen.ms.toFixed(1)} ms\n`);
        const where = `${payload.name} in ${name}`;
        assert.equal(seen.pwned, false, `${where}: nothing executed`);
        assert.equal(seen.elements, baseline, `${where}: no element made from it`);
        assert.deepEqual(seen.handlers, [], `${where}: no event-handler attribute`);
        assert.deepEqual(seen.urls, [], `${where}: no javascript:/data: URL in an attribute`);
        if (value.length > TABLE.maxLength[name]) {
          assert.equal(seen.value, 'as before', `${where}: refused, the field keeps its value`);
          assert.match(seen.refused ?? '', /takes at most [\d,]+ characters, and this would make it [\d,]+/, `${where}: the reason is shown`);
          continue;
        }
        assert.equal(seen.refused, null, `${where}: not refused`);
        assert.equal(seen.value, 'as inserted', `${where}: the field holds exactly what was inserted`);
        if (name === 'client-id' && !/["\\\u0000-\u001f]/.test(value)) assert.ok(seen.inExport, `${where}: shown as typed in the client JSON`);
        const code = TABLE.rejectedBy[name];
        if (code) assert.ok(seen.codes.includes(code), `${where}: refused with ${code} (got ${seen.codes})`);
        else assert.deepEqual(seen.errors, [], `${where}: accepted as text`);
      }
      if (value.length >= 1 << 20) {
        const ms = await page.evaluate(async (value) => {
          const input = document.body.appendChild(document.createElement('input'));
          const started = performance.now();
          input.value = value;
          await new Promise((ok) => setTimeout(ok, 0));
          void document.body.offsetHeight;
          const took = performance.now() - started;
          input.remove();
          return took;
        }, value);
        bare.push({ ms, payload: payload.name, field: 'a bare input' });
      }
      assert.deepEqual(dialogs, [], 'no dialog opened');
      assert.deepEqual(console.filter((m) => /panicked|unreachable|RuntimeError/.test(m)), [], 'no panic');
    } finally {
      await close();
    }
  });
}
