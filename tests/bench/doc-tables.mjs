// docs/performance.md's measured tables: each benchmark rewrites its own, between two markers.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOC = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'docs/performance.md');

/** Replace what docs/performance.md holds between `begin` and `end` with `md` (a warning if it has no such markers). */
export function writePerformanceTable(begin, end, md) {
  const text = readFileSync(DOC, 'utf8');
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) {
    console.warn(`docs/performance.md has no ${begin} … ${end} markers; table not copied there`);
    return;
  }
  writeFileSync(DOC, `${text.slice(0, a + begin.length)}\n${md}${text.slice(b)}`);
}
