/**
 * Course 1, "PageRank": the course's 6- and 7-site webs by power iteration with the course's
 * settings, then a sparse random web of 10⁶ pages and 10⁷ links (pass --big).
 *
 * Run: npm run build:ts && node dist/examples/pagerank.js [--big]
 */
import { linkMatrix, pageRank, randomLinkGraph } from '../src/entry/node.js';
import { isMain } from './run-main.js';

const course6 = [
  [0, 1 / 2, 1 / 3, 0, 0, 0],
  [1 / 3, 0, 0, 0, 1 / 2, 0],
  [1 / 3, 1 / 2, 0, 1, 0, 1 / 2],
  [1 / 3, 0, 1 / 3, 0, 1 / 2, 1 / 2],
  [0, 0, 0, 0, 0, 0],
  [0, 0, 1 / 3, 0, 0, 0],
];

/** The 7-site web: site G links only to itself, and F's links now include G. */
const course7 = [
  [0, 1 / 2, 1 / 3, 0, 0, 0, 0],
  [1 / 3, 0, 0, 0, 1 / 2, 0, 0],
  [1 / 3, 1 / 2, 0, 1, 0, 1 / 3, 0],
  [1 / 3, 0, 1 / 3, 0, 1 / 2, 1 / 3, 0],
  [0, 0, 0, 0, 0, 0, 0],
  [0, 0, 1 / 3, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 1 / 3, 1],
];

const fmt = (r: Float64Array) => `[${Array.from(r, (x) => x.toFixed(8)).join(', ')}]`;

export function main(big = false): { iterations: number[] } {
  const course = { tol: 0.01, scale: 100 };
  const a = pageRank(course6, { ...course, damping: 1 });
  console.log(`6 sites, undamped: ${a.iterations} iterations (course: 18)\n  ${fmt(a.ranks)}`);
  const b = pageRank(course7, { ...course, damping: 1 });
  console.log(`7 sites, undamped: ${b.iterations} iterations (course: 131), G = ${b.ranks[6].toFixed(3)} (course: 99.818)`);
  const c = pageRank(course7, { ...course, damping: 0.5 });
  console.log(`7 sites, damping 0.5: ${c.iterations} iterations (course: 8)\n  ${fmt(c.ranks)}`);
  if (big) {
    const t0 = performance.now();
    const g = randomLinkGraph(1_000_000, 10_000_000, { seed: 1, danglingFraction: 0.1 });
    const t1 = performance.now();
    const L = linkMatrix(g, 1_000_000);
    const t2 = performance.now();
    const r = pageRank(L);
    const t3 = performance.now();
    console.log(
      `\n10⁶ pages, 10⁷ links: generate ${(t1 - t0).toFixed(0)} ms, link matrix ${(t2 - t1).toFixed(0)} ms, ` +
        `rank ${(t3 - t2).toFixed(0)} ms (${r.iterations} iterations, converged ${r.converged}); ` +
        `peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    );
  }
  return { iterations: [a.iterations, b.iterations, c.iterations] };
}

if (isMain(import.meta.url)) main(process.argv.includes('--big'));
