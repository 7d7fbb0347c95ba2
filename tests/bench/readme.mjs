// The README's measured tables: each benchmark rewrites its own, between two markers.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const README = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'README.md');

/** Replace what README.md holds between `begin` and `end` with `md` (a warning if it has no such markers). */
export function writeReadmeTable(begin, end, md) {
  const text = readFileSync(README, 'utf8');
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) {
    console.warn(`README.md has no ${begin} … ${end} markers; table not copied there`);
    return;
  }
  writeFileSync(README, `${text.slice(0, a + begin.length)}\n${md}${text.slice(b)}`);
}
