// Time to interactive of two or more builds side by side, for a lever under test
// (side-by-side.mjs: each build beside the static page, loads interleaved, fresh browser
// context each, two warm-up rounds).
//
//   node tests/bench/ab.mjs <dist> <dist> […] [loads, default 15]
//
// Prints, per build, the median time to `wkc-interactive`, its ratio to the static page's
// load event, and when the wasm and the load query's answer were in. For builds against
// each other: the static page loads here in another order than in `make bench`, whose ratio
// is the budget's. Timings only: not part of `make test` (docs/performance.md).

import { sideBySide } from './side-by-side.mjs';

const args = process.argv.slice(2);
const dists = args.filter((a) => !/^\d+$/.test(a));
const loads = Number(args.find((a) => /^\d+$/.test(a)) ?? 15);
if (dists.length === 0) throw new Error('usage: node tests/bench/ab.mjs <dist> <dist> … [loads]');

const result = await sideBySide(dists, { loads });
const cell = (x) => (Number.isNaN(x) ? '' : x.toFixed(1));
console.log(`${loads} loads each, interleaved (median ms):\n`);
console.log('| build | interactive | ratio | wasm in | load answered |\n| --- | ---: | ---: | ---: | ---: |');
console.log(`| static page | ${cell(result.static.interactive)} | 1.00 |  |  |`);
for (const b of result.builds) console.log(`| ${b.dist} | ${cell(b.interactive)} | ${b.ratio.toFixed(2)} | ${cell(b.wasmIn)} | ${cell(b.answered)} |`);
