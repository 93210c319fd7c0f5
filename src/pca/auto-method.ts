/**
 * The rule behind `pca(X, { method: 'auto', components: k })` for an integer k: a cost model of
 * each route in nanoseconds, with rates timed on the native backend (2-core Zen 3, busy
 * machine; docs/pca-methods.md has the measurements and the check of the rule on a grid):
 *
 * - exact (the d × d scatter or n × n Gram matrix, then its eigenpairs): SYRK ≈ 0.07 ns per
 *   max(n, d)·r² multiply-add (r = min(n, d)), the top-k eigenpairs ≈ 0.25 ns·r³ (all of them
 *   ≈ 0.7 ns·r³), plus two element-wise passes over X (column means, the extreme-scale check).
 * - randomized: products with a tall, skinny l-column block run at ≈ 0.25 ns per n·d·l
 *   (packing-bound: the kernel copies X once per product), 2 + 2·I of them for I power
 *   iterations, plus three element-wise passes (≈ 2 ns per n·d each, in JavaScript, when the
 *   rates were timed; they are now one `colStats` kernel pass, a few times cheaper, so the
 *   model overstates randomized's fixed cost a little: left as timed until the grid in
 *   docs/pca-methods.md is re-timed).
 *
 * Randomized is taken only where it is predicted at least twice as fast as the exact top k with
 * TWO power iterations (what data with a clear spectral gap needs: see randomized.ts), so auto
 * stays exact wherever the exact route is about as fast; its adaptive iterations are then
 * capped at what the exact route would cost, and if the spectrum has not settled by then
 * `pca()` computes the exact top k (so auto never takes much more than twice the exact time).
 */

export type AutoRoute = { name: 'full' } | { name: 'truncated' } | { name: 'randomized'; maxIterations: number };

/** Nanoseconds per unit of work, timed on native (see the header). */
export const AUTO_COST = {
  syrk: 0.07,
  eigTopK: 0.25,
  eigAll: 0.7,
  skinnyGemm: 0.25,
  elementwise: 2,
} as const;

/** Randomized must be predicted this many times faster (at 2 iterations) to be chosen. */
const RANDOMIZED_MARGIN = 2;

/**
 * The route for k of an n × d set. `oversamples` sizes the sketch (l = k + oversamples);
 * `maxAdaptive` caps the iterations of the randomized route.
 */
export function autoRoute(n: number, d: number, k: number, oversamples: number, maxAdaptive: number): AutoRoute {
  const r = Math.min(n, d);
  const big = Math.max(n, d);
  const c = AUTO_COST;
  // The subset solver pays off for a few of many eigenpairs; near k = r it is the full one.
  const subset = 5 * k <= r;
  const exact = c.syrk * big * r * r + (subset ? c.eigTopK : c.eigAll) * r ** 3 + 2 * c.elementwise * n * d;
  const l = Math.min(k + oversamples, r);
  const pass = c.skinnyGemm * n * d * l;
  const base = 3 * c.elementwise * n * d + 2 * pass;
  if (base + 4 * pass <= exact / RANDOMIZED_MARGIN) {
    return { name: 'randomized', maxIterations: Math.min(maxAdaptive, Math.floor((exact - base) / (2 * pass))) };
  }
  return subset ? { name: 'truncated' } : { name: 'full' };
}
