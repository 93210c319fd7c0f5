import { describe, expect, it } from 'vitest';
import {
  Matrix, MmlError, NonFiniteError, OptionError, ShapeError, linkMatrix, pageRank, randomLinkGraph,
  type SparseLinkMatrix,
} from '../../src/entry/node.js';
import { expectClose } from '../helpers/close.js';

/** The course checks its printed vectors to 8 decimals; we hold them to 1e-8 absolute. */
const COURSE_ATOL = 1e-8;
/** Dense and sparse iterate the same sums in a different order: agreement to ~1e-13 relative. */
const FORMS_RTOL = 1e-12;

function expectNear(x: ArrayLike<number>, y: ArrayLike<number>, atol: number): void {
  expect(x.length).toBe(y.length);
  for (let i = 0; i < y.length; i++) {
    if (!(Math.abs(x[i] - y[i]) <= atol)) throw new Error(`entry ${i}: ${x[i]} vs ${y[i]} (atol ${atol})`);
  }
}

function sum(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

/** A dense adjacency (adjacency[from][to]) from edge arrays, for comparing the two forms. */
function adjacencyOf(n: number, from: ArrayLike<number>, to: ArrayLike<number>): Matrix {
  const a = new Matrix(n, n);
  for (let k = 0; k < from.length; k++) a.data[from[k] * n + to[k]] = 1;
  return a;
}

// The course 1 "PageRank" notebook's six sites A–F.
const L6 = [
  [0, 1 / 2, 1 / 3, 0, 0, 0],
  [1 / 3, 0, 0, 0, 1 / 2, 0],
  [1 / 3, 1 / 2, 0, 1, 0, 1 / 2],
  [1 / 3, 0, 1 / 3, 0, 1 / 2, 1 / 2],
  [0, 0, 0, 0, 0, 0],
  [0, 0, 1 / 3, 0, 0, 0],
];
// A seventh site G linking only to itself; F's column becomes [0, 0, 1/3, 1/3, 0, 0, 1/3].
const L7 = [
  [0, 1 / 2, 1 / 3, 0, 0, 0, 0],
  [1 / 3, 0, 0, 0, 1 / 2, 0, 0],
  [1 / 3, 1 / 2, 0, 1, 0, 1 / 3, 0],
  [1 / 3, 0, 1 / 3, 0, 1 / 2, 1 / 3, 0],
  [0, 0, 0, 0, 0, 0, 0],
  [0, 0, 1 / 3, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 1 / 3, 1],
];
const COURSE = { tol: 0.01, scale: 100 };

describe('pageRank — the course', () => {
  it('six sites, undamped: 18 iterations and the printed vector', () => {
    const r = pageRank(L6, { damping: 1, ...COURSE });
    expect(r.iterations).toBe(18);
    expect(r.converged).toBe(true);
    expectNear(r.ranks, [16.00149917, 5.33252025, 39.99916911, 25.3324738, 0, 13.33433767], COURSE_ATOL);
    // …close to the eigenvector of eigenvalue 1 scaled to sum 100.
    expectNear(r.ranks, [16, 16 / 3, 40, 76 / 3, 0, 40 / 3], 0.01);
  });

  it('seven sites, undamped: 131 iterations and G ≈ 99.818 takes nearly everything', () => {
    const r = pageRank(L7, { damping: 1, ...COURSE });
    expect(r.iterations).toBe(131);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.ranks[6] - 99.818)).toBeLessThan(1e-3);
    // The notebook's loop in numpy gives the whole vector (printed with 13 digits).
    expectNear(r.ranks, [0.03046997783222, 0.01064323331416, 0.071266118447, 0.04423198084756, 0, 0.02489341903046, 99.81849527053], COURSE_ATOL);
  });

  it('seven sites, d = 0.5: 8 iterations and the printed vector', () => {
    const r = pageRank(L7, { damping: 0.5, ...COURSE });
    expect(r.iterations).toBe(8);
    expectNear(r.ranks, [13.68217054, 11.20902965, 22.41964343, 16.7593433, 7.14285714, 10.87976354, 17.90719239], COURSE_ATOL);
  });

  it('the same numbers from an edge list (sparse form) and from a dense adjacency', () => {
    // Six sites as links [from, to]: A→B,C,D; B→A,C; C→A,D,F; D→C; E→B,D; F→C,D.
    const edges: [number, number][] = [[0, 1], [0, 2], [0, 3], [1, 0], [1, 2], [2, 0], [2, 3], [2, 5], [3, 2], [4, 1], [4, 3], [5, 2], [5, 3]];
    const sparse = linkMatrix(edges, 6);
    const dense = linkMatrix(adjacencyOf(6, edges.map((e) => e[0]), edges.map((e) => e[1])));
    expectNear(dense.data, Matrix.from(L6).data, 1e-15);
    for (const L of [sparse, dense]) {
      const r = pageRank(L, { damping: 1, ...COURSE });
      expect(r.iterations).toBe(18);
      expectNear(r.ranks, [16.00149917, 5.33252025, 39.99916911, 25.3324738, 0, 13.33433767], COURSE_ATOL);
    }
  });
});

describe('linkMatrix', () => {
  it('dense: adjacency[from][to] → L[to][from] = 1/outdeg(from); a dangling column is uniform', () => {
    // 0→1, 0→2, 1→1 (self-link), 2 dangling.
    const L = linkMatrix([[0, 1, 1], [0, 1, 0], [0, 0, 0]]);
    expectNear(L.data, [0, 0, 1 / 3, 0.5, 1, 1 / 3, 0.5, 0, 1 / 3], 0);
  });

  it('sparse: CSR of L by target, sources ascending, duplicates once, dangling listed', () => {
    const L = linkMatrix({ from: [2, 0, 0, 1, 0], to: [0, 2, 1, 1, 2] }, 4);
    expect(L.n).toBe(4);
    expect(L.nnz).toBe(4); // 0→2 given twice
    expect(Array.from(L.indptr)).toEqual([0, 1, 3, 4, 4]);
    expect(Array.from(L.indices)).toEqual([2, 0, 1, 0]);
    expect(Array.from(L.outDegree)).toEqual([2, 1, 1, 0]);
    expect(Array.from(L.dangling)).toEqual([3]);
  });

  it('accepts pairs with n, an m × 2 matrix, typed arrays, a CSR adjacency; n inferred when absent', () => {
    const want = linkMatrix({ from: Int32Array.from([0, 1, 1]), to: Uint32Array.from([1, 0, 2]) });
    expect(want.n).toBe(3);
    const forms: SparseLinkMatrix[] = [
      linkMatrix([[0, 1], [1, 0], [1, 2]], 3),
      linkMatrix(new Matrix(3, 2, Float64Array.from([0, 1, 1, 0, 1, 2])), 3),
      linkMatrix({ indptr: [0, 1, 3, 3], indices: [1, 2, 0] }),
      linkMatrix({ from: [0, 1, 1], to: [1, 0, 2], n: 3 }),
    ];
    for (const L of forms) expect(L).toEqual(want);
  });

  it('refuses bad input, naming what was expected and what was given', () => {
    expect(caught(() => linkMatrix([[0, 1, 1], [1, 0, 0]]))).toBeInstanceOf(ShapeError);
    expect(caught(() => linkMatrix([[0, 1], [1, 0], [1, 1]])).message).toMatch(/square.*got 3×2.*linkMatrix\(edges, n\)/);
    expect(caught(() => linkMatrix([[0, 2], [1, 0]])).message).toMatch(/entry \(0, 1\) must be 0 or 1; got 2/);
    expect(caught(() => linkMatrix([[0, NaN], [1, 0]]))).toBeInstanceOf(NonFiniteError);
    expect(caught(() => linkMatrix([[0, 1], [1, 5]], 3)).message).toMatch(/edge 1: to must be an integer in \[0, n\) = \[0, 3\); got 5/);
    expect(caught(() => linkMatrix({ from: [0, 1], to: [1] })).message).toMatch(/one length; got 2 and 1/);
    expect(caught(() => linkMatrix({ from: [0, -1], to: [1, 0] })).message).toMatch(/edges.from\[1\] must be an integer in \[0, \d+\); got -1/);
    expect(caught(() => linkMatrix({ from: [0.5], to: [1] }, 2))).toBeInstanceOf(ShapeError);
    expect(caught(() => linkMatrix({ indptr: [0, 1], indices: [1] })).message).toMatch(/CSR indices\[0\] must be an integer in \[0, n\) = \[0, 1\); got 1/);
    expect(caught(() => linkMatrix([[0, 1]], -2))).toBeInstanceOf(OptionError);
  });
});

describe('pageRank — dense and sparse agree on random graphs', () => {
  for (const [n, m, fraction, seed] of [[10, 30, 0, 1], [50, 200, 0.2, 2], [120, 600, 0.5, 3], [7, 5, 0, 4]] as const) {
    it(`n = ${n}, ${m} links, dangling fraction ${fraction}`, () => {
      const g = randomLinkGraph(n, m, { seed, danglingFraction: fraction });
      const sparse = linkMatrix(g);
      const dense = linkMatrix(adjacencyOf(n, g.from, g.to));
      expect(sparse.dangling.length).toBeGreaterThanOrEqual(Math.round(fraction * n));
      for (const damping of [0.85, 0.5, 1]) {
        const a = pageRank(dense, { damping, maxIter: 200 });
        const b = pageRank(sparse, { damping, maxIter: 200 });
        expect(b.iterations).toBe(a.iterations);
        expect(b.converged).toBe(a.converged);
        expectClose(b.ranks, a.ranks, FORMS_RTOL);
      }
    });
  }
});

describe('pageRank — dangling pages, damping, non-convergence', () => {
  // 0→1 (twice), 0→2, 1→2, 2→0, 3→2, 3→3, 3→0; page 4 has no links.
  const from = [0, 0, 1, 2, 3, 3, 3, 0];
  const to = [1, 2, 2, 0, 2, 3, 0, 1];
  // numpy: L with a uniform column for page 4, M = 0.85·L + 0.15/5·J, the course's loop with
  // tol 1e-10 from ones(5)/5 (43 iterations); and the eigenvector of eigenvalue 1 of M by
  // numpy.linalg.eig, normalised to sum 1.
  const NUMPY_POWER = [0.36003136740696423, 0.18915790944466343, 0.364231849514302, 0.05043429532081822, 0.03614457831325305];
  const NUMPY_EIG = [0.3600313674010591, 0.18915790945870326, 0.36423184950616627, 0.05043429532081815, 0.036144578313253];

  it('d = 0.85 matches numpy, dense and sparse', () => {
    for (const L of [linkMatrix({ from, to }, 5), linkMatrix(adjacencyOf(5, from, to))]) {
      const r = pageRank(L);
      expect(r.iterations).toBe(43);
      expect(r.converged).toBe(true);
      expectNear(r.ranks, NUMPY_POWER, 1e-14);
      expectNear(r.ranks, NUMPY_EIG, 1e-10);
    }
  });

  it('the sum of the ranks stays `scale` with many dangling pages', () => {
    const g = randomLinkGraph(2000, 6000, { seed: 11, danglingFraction: 0.4 });
    const L = linkMatrix(g);
    expect(L.dangling.length).toBe(800);
    for (const [damping, scale] of [[0.85, 1], [1, 100], [0, 3]] as const) {
      const r = pageRank(L, { damping, scale });
      expect(Math.abs(sum(r.ranks) - scale)).toBeLessThan(1e-12 * scale);
      expect(r.ranks.every((x) => x > 0)).toBe(true);
    }
  });

  it('damping 0 is uniform after one product; a graph of only dangling pages is uniform', () => {
    expect(pageRank([[0, 1], [1, 0]], { damping: 0 }).iterations).toBe(0);
    const r = pageRank(linkMatrix({ from: [], to: [] }, 4), { scale: 8 });
    expect(Array.from(r.ranks)).toEqual([2, 2, 2, 2]);
    expect(pageRank(linkMatrix({ from: [], to: [] }, 0)).ranks.length).toBe(0);
  });

  it('an undamped periodic graph never settles: converged false, iterations = maxIter', () => {
    // 0 → 1, 0 → 2, 1 → 0, 2 → 0: from uniform, r alternates [2/3, 1/6, 1/6] ↔ [1/3, 1/3, 1/3].
    const edges = { from: [0, 0, 1, 2], to: [1, 2, 0, 0] };
    for (const L of [linkMatrix(edges), linkMatrix(adjacencyOf(3, edges.from, edges.to))]) {
      const r = pageRank(L, { damping: 1, maxIter: 25 });
      expect(r.converged).toBe(false);
      expect(r.iterations).toBe(25);
      expect(sum(r.ranks)).toBeCloseTo(1, 14);
      // With damping it converges.
      expect(pageRank(L, { damping: 0.85 }).converged).toBe(true);
    }
  });
});

describe('pageRank — validation', () => {
  it('refuses an L that is not column-stochastic, naming the column', () => {
    expect(caught(() => pageRank([[0.5, 0.5, 0]]))).toBeInstanceOf(ShapeError);
    expect(caught(() => pageRank([[0.5, 0.5, 0]])).message).toMatch(/square \(n × n\); got 1×3/);
    expect(caught(() => pageRank([[1, 0.5], [0, 0.6]])).message).toMatch(/column 1 sums to 1.1/);
    const empty = caught(() => pageRank([[1, 0], [0, 0]]));
    expect(empty).toBeInstanceOf(MmlError);
    expect(empty.message).toMatch(/column 1 sums to 0.*uniform column 1\/n/);
    expect(caught(() => pageRank([[1.5, 0], [-0.5, 1]])).message).toMatch(/non-negative.*entry \(1, 0\) is -0.5/);
    expect(caught(() => pageRank([[NaN, 0], [1, 1]]))).toBeInstanceOf(NonFiniteError);
    // validate: false skips the column check (the caller vouches for L).
    expect(pageRank([[1, 0.5], [0, 0.6]], { validate: false }).ranks.length).toBe(2);
  });

  it('refuses bad options with OptionError', () => {
    const L = [[0, 1], [1, 0]];
    const cases: [object, RegExp][] = [
      [{ damping: 1.2 }, /'damping' must be a number in \[0, 1\]; got 1.2/],
      [{ damping: -0.1 }, /'damping' must be a number in \[0, 1\]; got -0.1/],
      [{ tol: 0 }, /'tol' must be > 0; got 0/],
      [{ tol: NaN }, /'tol' must be a finite number; got NaN/],
      [{ maxIter: 0 }, /'maxIter' must be an integer ≥ 1; got 0/],
      [{ maxIter: 2.5 }, /'maxIter' must be an integer ≥ 1; got 2.5/],
      [{ scale: -100 }, /'scale' must be > 0; got -100/],
      [{ validate: 'no' }, /'validate' must be a boolean; got "no"/],
    ];
    for (const [opts, message] of cases) {
      const e = caught(() => pageRank(L, opts));
      expect(e).toBeInstanceOf(OptionError);
      expect(e.message).toMatch(message);
    }
  });

  it('refuses an inconsistent hand-built SparseLinkMatrix', () => {
    const good = linkMatrix({ from: [0, 1], to: [1, 0] });
    const bad = { ...good, outDegree: Int32Array.from([2, 1]) };
    expect(caught(() => pageRank(bad)).message).toMatch(/page 0 has 1 links stored but outDegree 2/);
    const outside = { ...good, indices: Int32Array.from([5, 0]) };
    expect(caught(() => pageRank(outside)).message).toMatch(/indices\[0\] = 5 is outside \[0, 2\)/);
  });
});

describe('randomLinkGraph', () => {
  it('is reproducible, in range, with exactly the requested dangling pages', () => {
    const a = randomLinkGraph(1000, 5000, { seed: 5, danglingFraction: 0.25 });
    const b = randomLinkGraph(1000, 5000, { seed: 5, danglingFraction: 0.25 });
    expect(a).toEqual(b);
    expect(randomLinkGraph(1000, 5000, { seed: 6 }).to).not.toEqual(a.to);
    expect(a.from.every((x) => x >= 0 && x < 1000) && a.to.every((x) => x >= 0 && x < 1000)).toBe(true);
    expect(linkMatrix(a).dangling.length).toBe(250);
  });

  it('skews in-degree: the most linked page gets far more than the mean', () => {
    const g = randomLinkGraph(10_000, 100_000, { seed: 9 });
    const indeg = new Int32Array(10_000);
    for (const t of g.to) indeg[t]++;
    expect(Math.max(...indeg)).toBeGreaterThan(200); // mean is 10; expected top ≈ m/√n = 1000
  });

  it('validates its arguments', () => {
    expect(caught(() => randomLinkGraph(-1, 10))).toBeInstanceOf(OptionError);
    expect(caught(() => randomLinkGraph(10, 10, { danglingFraction: 2 })).message).toMatch(/'danglingFraction' must be a number in \[0, 1\]; got 2/);
    expect(caught(() => randomLinkGraph(10, 10, { danglingFraction: 1 })).message).toMatch(/all be dangling/);
  });
});
