/**
 * The course's sandpit surfaces (course 2): hidden 2-D landscapes on [0, 6]² to
 * search for their deepest point. Each is an objective for the step rules and `descend`
 * (its `f`, the course's probe step `h` = 0.01), plus the `bounds` of the box and, where
 * known, the `minimum` — `descend` picks both up as defaults.
 */
import { Rng } from '../random.js';
import { integerOption } from '../validate.js';
import { resolveObjective } from './objective.js';

/** A sandpit surface. */
export interface SandpitSurface {
  /** 'intro', 'well', 'rocks' or 'random(seed)'. */
  readonly name: string;
  /** Depth at (x, y). */
  readonly f: (p: ArrayLike<number>) => number;
  /** The course's finite-difference probe step. */
  readonly h: number;
  /** The box, [[0, 6], [0, 6]]. */
  readonly bounds: readonly (readonly [number, number])[];
  /** The global minimiser in the box, when known. */
  readonly minimum?: readonly [number, number];
}

const BOX: readonly (readonly [number, number])[] = Object.freeze([Object.freeze([0, 6] as const), Object.freeze([0, 6] as const)]);

/**
 * The course's "intro" surface: f = −((x−4.1)² + (y−0.9)²) − 30·exp(−((x−1.5)² + (y−3.7)²)/(2·1.4)),
 * a downward paraboloid with a deep Gaussian well; the global minimum in the box is near
 * (1.2128, 4.0093), f ≈ −46.1544.
 * @example sandpit.intro.f([1.2128, 4.0093]); // ≈ -46.1544
 */
const intro: SandpitSurface = Object.freeze({
  name: 'intro',
  f: (p: ArrayLike<number>) => {
    const [x, y] = [p[0], p[1]];
    return -((x - 4.1) ** 2 + (y - 0.9) ** 2) - 30 * Math.exp(-((x - 1.5) ** 2 + (y - 3.7) ** 2) / (2 * 1.4));
  },
  h: 0.01,
  bounds: BOX,
  // ∇f = 0 solved with scipy.optimize.fsolve (residual ~1e-15).
  minimum: Object.freeze([1.2128337689597404, 4.00925594112028] as const),
});

/**
 * "The well": a narrow, deep Gaussian well at (4, 2) in a wide, almost flat bowl,
 * f = −8·exp(−r²/(2·0.5²)) + 0.02·r², r² = (x−4)² + (y−2)². Far from the well the slope is
 * tiny, so steepest descent crawls; the rim has negative curvature, where pure Newton
 * steps go uphill. Minimum exactly at (4, 2), f = −8.
 */
const well: SandpitSurface = Object.freeze({
  name: 'well',
  f: (p: ArrayLike<number>) => {
    const r2 = (p[0] - 4) ** 2 + (p[1] - 2) ** 2;
    return -8 * Math.exp(-r2 / (2 * 0.5 * 0.5)) + 0.02 * r2;
  },
  h: 0.01,
  bounds: BOX,
  minimum: Object.freeze([4, 2] as const),
});

/** Rocks on the bowl: [x, y, height, width]. Fixed, so the surface is the same everywhere. */
const ROCKS: readonly (readonly [number, number, number, number])[] = [
  [1.5, 1.6, 3.0, 0.45],
  [3.6, 2.0, 2.5, 0.4],
  [2.0, 4.4, 2.0, 0.5],
  [4.4, 4.3, 3.0, 0.5],
  [2.8, 3.3, 1.6, 0.35],
];

/**
 * "Rocks": a bowl 0.3·((x−2.6)² + (y−3)²) strewn with five Gaussian bumps (the rocks), which
 * push the bottom off-centre and leave local minima behind them. Global minimum near
 * (2.1381, 2.7454), f ≈ 0.21135.
 */
const rocks: SandpitSurface = Object.freeze({
  name: 'rocks',
  f: (p: ArrayLike<number>) => {
    const [x, y] = [p[0], p[1]];
    let v = 0.3 * ((x - 2.6) ** 2 + (y - 3) ** 2);
    for (const [a, b, c, s] of ROCKS) v += c * Math.exp(-((x - a) ** 2 + (y - b) ** 2) / (2 * s * s));
    return v;
  },
  h: 0.01,
  bounds: BOX,
  // ∇f = 0 solved with scipy.optimize.fsolve from the best point of a 601² grid (residual ~1e-16).
  minimum: Object.freeze([2.1381034745534917, 2.745414166855725] as const),
});

/** Highest frequency (per axis) of the random surfaces' cosines. */
const MAX_FREQ = 3;
/** Their fundamental wavelength: longer than the box, so a surface is not periodic on it. */
const WAVELENGTH = 8;

/**
 * A seeded random surface: a sum of cosines
 * f = Σ a_pq·cos(2π(p·x + q·y)/8 + φ_pq) over frequencies 0 < (p, q) ≤ 3 (half-plane),
 * with phases φ uniform in [0, 2π) and amplitudes a_pq = 3·N(0, 1)/(p² + q²) — decaying, so
 * the landscape is smooth with a few hills and hollows. The same seed gives the same surface.
 * `minimum` is the lowest point of a 121² grid over the box, polished by Newton steps when
 * it is an interior minimum (so on an edge it is accurate to the grid spacing, 0.05).
 * @example sandpit.random(7).f([3, 3]); // the same number on every run
 */
function random(seed = 1): SandpitSurface {
  integerOption(seed, 'sandpit.random: seed', 1);
  const rng = new Rng(seed);
  const terms: { kx: number; ky: number; a: number; phi: number }[] = [];
  for (let q = 0; q <= MAX_FREQ; q++) {
    for (let p = -MAX_FREQ; p <= MAX_FREQ; p++) {
      if (q === 0 && p <= 0) continue; // one of each ±(p, q) pair, and no constant term
      const a = (3 * rng.normal()) / (p * p + q * q);
      const phi = 2 * Math.PI * rng.next();
      terms.push({ kx: (2 * Math.PI * p) / WAVELENGTH, ky: (2 * Math.PI * q) / WAVELENGTH, a, phi });
    }
  }
  const f = (pt: ArrayLike<number>) => {
    let v = 0;
    for (const t of terms) v += t.a * Math.cos(t.kx * pt[0] + t.ky * pt[1] + t.phi);
    return v;
  };
  return Object.freeze({ name: `random(${seed})`, f, h: 0.01, bounds: BOX, minimum: Object.freeze(locateMinimum(f)) });
}

/** The grid minimum over [0, 6]², refined by Newton when that converges inside the box to a lower point. */
function locateMinimum(f: (p: ArrayLike<number>) => number): [number, number] {
  const n = 121;
  let best: [number, number] = [0, 0];
  let bestValue = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const p: [number, number] = [(6 * j) / (n - 1), (6 * i) / (n - 1)];
      const v = f(p);
      if (v < bestValue) [best, bestValue] = [p, v];
    }
  }
  const o = resolveObjective((p) => f(p), 'sandpit.random');
  let x = Float64Array.from(best);
  for (let k = 0; k < 20; k++) {
    const g = o.grad(x);
    const h = o.hess(x);
    const [a, b, c] = [h.get(0, 0), h.get(0, 1), h.get(1, 1)];
    const det = a * c - b * b;
    if (!(a > 0 && det > 0)) return best; // not a strict local minimum of the model: keep the grid point
    const step = [-(c * g[0] - b * g[1]) / det, -(a * g[1] - b * g[0]) / det];
    x = Float64Array.of(x[0] + step[0], x[1] + step[1]);
    if (!(x[0] >= 0 && x[0] <= 6 && x[1] >= 0 && x[1] <= 6)) return best;
    if (Math.hypot(step[0], step[1]) <= 1e-12) break;
  }
  return f(x) <= bestValue ? [x[0], x[1]] : best;
}

/**
 * The sandpit surfaces: `sandpit.intro`, `sandpit.well`, `sandpit.rocks` (fixed) and
 * `sandpit.random(seed)` (seeded). Each is `{ name, f, h, bounds, minimum }`, usable directly
 * as the objective of `descend` and the step rules.
 * @example descend(sandpit.intro, [3, 2], hybridStep({ learningRate: 0.1 }), { maxSteps: 5, tol: 0.15 }).reason // 'reached-minimum'
 */
export const sandpit = Object.freeze({
  intro,
  well,
  rocks,
  /**
   * A seeded random surface (a smooth sum of cosines); the same seed gives the same surface.
   * @example sandpit.random(7).f([3, 3]) // -2.884293038515754, on every run
   */
  random,
});
