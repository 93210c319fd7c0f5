/**
 * Seeded random web graphs for PageRank tests and benchmarks, as edge arrays that
 * `linkMatrix` takes directly (10⁷ links in well under a second).
 */
import { OptionError } from '../errors.js';
import { integerOption, numberOption, optionsObject } from '../validate.js';
import { Rng } from '../random.js';
import type { EdgeArrays } from './link-matrix.js';

/** Options of `randomLinkGraph`. */
export interface RandomLinkGraphOptions {
  /** Seed of the `Rng` (same seed, same graph). Default 1. */
  seed?: number;
  /** Share of the n pages given no outgoing links, in [0, 1]; rounded to a count. Default 0. */
  danglingFraction?: number;
}

/** A random graph: n pages and links `from[k] → to[k]`. */
export interface RandomLinkGraph extends EdgeArrays {
  /** Number of pages. */
  readonly n: number;
  /** Source page of each link, length `edges`. */
  readonly from: Int32Array;
  /** Target page of each link, length `edges`. */
  readonly to: Int32Array;
}

/**
 * A random directed graph of n pages and `edges` links (m = edges), reproducible from `seed`.
 *
 * - Dangling pages: exactly round(danglingFraction·n) pages, chosen at random, get no
 *   outgoing links. Every other page gets one link first (when edges ≥ their number, so the
 *   dangling set is exact), the remaining links go from uniformly chosen non-dangling pages
 *   (out-degree ≈ 1 + Poisson).
 * - Targets are skewed, power-law style: the page of popularity rank t (0 = most popular) is
 *   drawn with probability √((t+1)/n) − √(t/n) ≈ 1/(2√(n·t)) (t = ⌊n·u²⌋, u uniform), so
 *   in-degrees have a power-law tail P(k) ∝ k⁻³ (the most popular page gets ≈ m/√n links); ranks are mapped to page numbers by a seeded affine permutation, so
 *   popularity does not follow page order.
 * - Duplicate links and self-links can occur (as in crawls); `linkMatrix` counts a
 *   duplicate once, so its `nnz` may be a little below `edges`.
 *
 * @throws OptionError for n or edges that is not an integer ≥ 0, a `danglingFraction` outside [0,
 *   1] (or 1 with edges > 0), a bad `seed`.
 * @example
 * const g = randomLinkGraph(1_000_000, 10_000_000, { seed: 7, danglingFraction: 0.1 });
 * // g.from, g.to: Int32Array(10_000_000); g.n: 1_000_000
 * pageRank(linkMatrix(g)).ranks // Float64Array(1_000_000), sums to 1
 */
export function randomLinkGraph(n: number, edges: number, options: RandomLinkGraphOptions = {}): RandomLinkGraph {
  options = optionsObject(options, 'randomLinkGraph', ['seed', 'danglingFraction']);
  // Both counts are required: integerOption's fallback would turn a missing one into 0.
  if (n === undefined) throw new OptionError('n', 'an integer ≥ 0', n);
  if (edges === undefined) throw new OptionError('edges', 'an integer ≥ 0', edges);
  const pages = integerOption(n, 'n', 0, 0);
  const m = integerOption(edges, 'edges', 0, 0);
  if (pages > 0x7ffffffe) throw new OptionError('n', 'an integer in [0, 2^31 − 2]', n);
  if (m > 0x7fffffff) throw new OptionError('edges', 'an integer in [0, 2^31 − 1]', edges);
  const seed = integerOption(options.seed, 'seed', 1, 0);
  const fraction = numberOption(options.danglingFraction, 'danglingFraction', 0);
  if (fraction < 0 || fraction > 1) throw new OptionError('danglingFraction', 'a number in [0, 1]', fraction);
  const rng = new Rng(seed);

  // A random order of the pages: the first `dead` are dangling, the rest link out.
  const order = new Int32Array(pages);
  for (let i = 0; i < pages; i++) order[i] = i;
  const dead = Math.round(fraction * pages);
  for (let i = 0; i < dead; i++) {
    const j = i + Math.floor(rng.next() * (pages - i));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const live = pages - dead;
  if (m > 0 && live === 0) {
    throw new OptionError('danglingFraction', `below 1 when edges > 0 (n = ${pages} pages would all be dangling)`, fraction);
  }

  // Popularity rank → page: t ↦ (a·t + b) mod n with gcd(a, n) = 1 (a < 2²¹ keeps a·t exact).
  let a = 1;
  let b = 0;
  if (pages > 1) {
    do a = 1 + Math.floor(rng.next() * 0x1fffff);
    while (gcd(a, pages) !== 1);
    b = Math.floor(rng.next() * pages);
  }

  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const first = Math.min(m, live);
  for (let k = 0; k < m; k++) {
    from[k] = k < first ? order[dead + k] : order[dead + Math.floor(rng.next() * live)];
    const u = rng.next();
    const t = Math.floor(pages * u * u);
    to[k] = (a * t + b) % pages;
  }
  return { n: pages, from, to };
}

function gcd(x: number, y: number): number {
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}
