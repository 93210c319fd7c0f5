/**
 * The rule behind `pca(X, { method: 'auto', components: k })` for an integer k: which route is
 * fastest for an n × d set, from timings of every route on a grid of shapes (native backend,
 * docs/pca-methods.md has the table). Placeholder constants until measured.
 */

export type AutoRoute = { name: 'full' } | { name: 'truncated' } | { name: 'randomized'; maxIterations: number };

export function autoRoute(n: number, d: number, k: number): AutoRoute {
  void n;
  void d;
  void k;
  return { name: 'truncated' };
}
