// Hostile input is inert: every payload of tests/hostile/input.json typed into every text
// field of the real page. Each must stay text (no element, attribute or URL made from it,
// nothing executed), stay in the field exactly as typed, be refused with a reason by the
// fields that need a URL or a realm, and leave the page responsive. Each update's time, from
// the input event to the frame after it, is reported; issue 8's 50 ms is the bench's budget,
// here only a hang (over HANG_MS) fails.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { startHarness, TEST_TIMEOUT } from './harness.mjs';

const TABLE = JSON.parse(readFileSync(new URL('../hostile/input.json', import.meta.url), 'utf8'));
const payloadValue = (p) => p.value ?? `${p.prefix ?? ''}${p.repeat.repeat(p.times)}${p.suffix ?? ''}`;
const FIELDS = [...Object.keys(TABLE.rejectedBy), ...TABLE.acceptedBy];
const HANG_MS = 1000;

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

/** In the page: type `value` into `name`, wait for the rendered frame, report what it made. */
async function typeInto(page, name, value) {
  return page.evaluate(
    async ([name, value]) => {
      // After a macrotask every effect Leptos queued has run; reading a layout property then
      // makes the browser style and lay out the result. No frame is waited for (vsync is not
      // the page's cost).
      const settled = async () => {
        await new Promise((ok) => setTimeout(ok, 0));
        return document.body.offsetHeight;
      };
      const frame = settled;
      const field = document.querySelector(`[name="${name}"]`);
      const before = { value: field.value, derived: field.readOnly };
      if (field.readOnly) {
        field.closest('.wkc-field').querySelector('[data-action="override"]').click();
        await frame();
      }
      const started = performance.now();
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      const ms = performance.now() - started;
      const exported = document.querySelector('details[data-export="client JSON"] pre')?.textContent ?? '';
      const messages = document.getElementById(field.getAttribute('aria-describedby').split(' ').at(-1));
      const active = [...document.querySelectorAll('*')];
      const seen = {
        ms,
        kept: field.value === value || (field.tagName === 'TEXTAREA' && field.value === value.replace(/\r\n?/g, '\n')),
        codes: [...messages.querySelectorAll('[data-code]')].map((e) => e.dataset.code),
        errors: [...messages.querySelectorAll('.wkc-diag-error')].map((e) => e.dataset.code),
        pwned: window.__pwned !== undefined,
        inExport: exported.includes(value),
        elements: document.querySelectorAll('script, iframe, object, embed, img, svg, math, frame, frameset, base, meta[http-equiv]').length,
        handlers: active.filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).map((e) => e.outerHTML.slice(0, 80)),
        urls: active
          .flatMap((e) => ['href', 'src', 'action', 'formaction', 'xlink:href'].map((a) => e.getAttribute(a)))
          .filter((u) => u && /^\s*(javascript|data|vbscript):/i.test(u)),
      };
      // Back as it was, so each field is tried alone.
      if (before.derived) {
        field.closest('.wkc-field').querySelector('[data-action="reset-override"]').click();
      } else {
        field.value = before.value;
        field.dispatchEvent(new Event('input', { bubbles: true }));
      }
      await frame();
      return seen;
    },
    [name, value],
  );
}

for (const payload of TABLE.payloads) {
  test(`${payload.name}: text in every field, refused where a URL or realm is needed`, { timeout: TEST_TIMEOUT }, async (t) => {
    if (h.skip) return t.skip(h.skip);
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
      await page.locator('details[data-export="client JSON"] > summary').click();
      const baseline = await page.evaluate(
        () => document.querySelectorAll('script, iframe, object, embed, img, svg, math, frame, frameset, base, meta[http-equiv]').length,
      );
      const value = payloadValue(payload);
      for (const name of FIELDS) {
        const seen = await typeInto(page, name, value);
        timings.push({ ms: seen.ms, payload: payload.name, field: name });
        if (process.env.WKC_SLOW && seen.ms > 30) process.stderr.write(`slow: ${payload.name} in ${name}: ${seen.ms.toFixed(1)} ms\n`);
        const where = `${payload.name} in ${name}`;
        assert.equal(seen.pwned, false, `${where}: nothing executed`);
        assert.equal(seen.elements, baseline, `${where}: no element made from it`);
        assert.deepEqual(seen.handlers, [], `${where}: no event-handler attribute`);
        assert.deepEqual(seen.urls, [], `${where}: no javascript:/data: URL in an attribute`);
        assert.ok(seen.kept, `${where}: the field holds exactly what was typed`);
        if (name === 'client-id' && !/["\\\u0000-\u001f]/.test(value)) assert.ok(seen.inExport, `${where}: shown as typed in the client JSON`);
        const code = TABLE.rejectedBy[name];
        if (code) assert.ok(seen.codes.includes(code), `${where}: refused with ${code} (got ${seen.codes})`);
        else assert.deepEqual(seen.errors, [], `${where}: accepted as text`);
        assert.ok(seen.ms < HANG_MS, `${where}: the page answered (${seen.ms.toFixed(0)} ms)`);
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
