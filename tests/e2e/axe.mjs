// axe-core (node_modules/axe-core) run inside a Playwright page, for a11y.test.mjs. The
// script is injected with `page.evaluate` (DevTools evaluation is not subject to the page's
// Content-Security-Policy, so the strict-CSP pages need no `bypassCSP`).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

/**
 * Run axe on `page` (the whole document, or the axe context `within`, e.g.
 * `{ include: [{ fromShadowDom: ['#a', '.wkc-app'] }] }`): {violations, unverified, applied,
 * rules}. `unverified` lists the texts whose contrast axe could not measure; `applied`
 * counts the rules that found something to check, `rules` every rule that ran.
 *
 * The viewport is first made as tall as the document: the sticky save bar would otherwise
 * cover the text below it, and axe cannot measure the contrast of covered text.
 */
export async function runAxe(page, within = null) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: page.viewportSize().width, height: Math.min(height + 100, 30_000) });
  if (!(await page.evaluate(() => typeof window.axe?.run === 'function'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ([within, tags]) => {
      const r = await window.axe.run(within ?? document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return {
        violations: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
        })),
        unverified: (r.incomplete.find((i) => i.id === 'color-contrast')?.nodes ?? []).map(
          (n) => `${n.target.join(' >> ')}: ${[...n.any, ...n.all].map((c) => c.message).join(' ')}`,
        ),
        applied: r.passes.length + r.violations.length + r.incomplete.length,
        rules: r.passes.length + r.violations.length + r.incomplete.length + r.inapplicable.length,
      };
    },
    [within, AXE_TAGS],
  );
}

/** One violation per paragraph: rule, impact, what it wants, then each element and why. */
export function describeViolations(violations) {
  return violations
    .map((v) => [`${v.id} (${v.impact}): ${v.help}`, ...v.nodes.map((n) => `  ${n.target.join(' >> ')}\n    ${n.summary.replace(/\n/g, '\n    ')}`)].join('\n'))
    .join('\n\n');
}

/** Fail with every violation axe finds in `page` (see runAxe); resolves to the counts. */
export async function assertAccessible(page, within = null) {
  const { violations, unverified, applied, rules } = await runAxe(page, within);
  assert.ok(applied > 0, 'axe found something to check');
  assert.equal(violations.length, 0, `axe found ${violations.length} violation(s):\n${describeViolations(violations)}`);
  assert.deepEqual(unverified, [], 'every text\'s contrast was measured');
  const faint = (await placeholderContrasts(page)).filter((p) => p.ratio < 4.5);
  assert.deepEqual(faint, [], 'every placeholder is 4.5:1 against its field (axe does not measure them)');
  return { applied, rules };
}

/**
 * Each empty field's placeholder (in the document and in open shadow roots): its name and
 * its contrast against the field's background (the nearest opaque one), as WCAG computes it.
 */
export function placeholderContrasts(page) {
  return page.evaluate(() => {
    const rgb = (css) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]) => {
      const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const background = (el) => {
      for (let at = el; at; at = at.parentElement ?? at.getRootNode().host) {
        const c = rgb(getComputedStyle(at).backgroundColor);
        if (c.length === 3 || c[3] === 1) return c;
      }
      return [255, 255, 255];
    };
    const fields = [];
    const collect = (root) => {
      fields.push(...root.querySelectorAll('input[placeholder]:not([placeholder=""]), textarea[placeholder]:not([placeholder=""])'));
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) collect(el.shadowRoot);
    };
    collect(document);
    return fields
      .filter((el) => el.value === '' && el.checkVisibility())
      .map((el) => {
        const [a, b] = [luminance(rgb(getComputedStyle(el, '::placeholder').color)), luminance(background(el))];
        return { name: el.name, ratio: Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 100) / 100 };
      });
  });
}
