/**
 * Fitting a Gaussian to a histogram by steepest descent on χ², as in the course's
 * "Fitting the distribution of heights data" assignment (course 2):
 *
 *   f(x; μ, σ) = exp(−(x−μ)²/2σ²) / (σ√(2π))
 *   ∂f/∂μ = f·(x−μ)/σ²,   ∂f/∂σ = −f/σ + f·(x−μ)²/σ³
 *   χ² = Σ (y − f)²,      J = [−2 Σ(y−f)∂f/∂μ, −2 Σ(y−f)∂f/∂σ],   step = −learningRate·J
 */
import { NonFiniteError, OptionError, ShapeError, describeValue } from '../errors.js';
import { Matrix, type VectorLike } from '../matrix.js';
import { asVector, integerOption, isVectorLike, numberOption, optionsObject } from '../validate.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * The normal density with mean `mu` and standard deviation `sigma`, at a number or at each
 * entry of a vector. Element-wise, so NaN/±Inf in `x` propagate as in numpy (docs/architecture.md, NaN
 * policy); `mu` must be finite and `sigma` finite and > 0 (else `OptionError`).
 * @throws ShapeError when x is not a number or vector; OptionError for a σ that is not finite and >
 *   0 or a μ that is not finite.
 * @example
 * gaussianPdf(170, 165, 10);          // 0.035206532676…
 * gaussianPdf([165, 175], 165, 10);   // Float64Array [0.03989…, 0.02419…]
 */
export function gaussianPdf(x: number, mu: number, sigma: number): number;
export function gaussianPdf(x: VectorLike, mu: number, sigma: number): Float64Array;
export function gaussianPdf(x: number | VectorLike, mu: number, sigma: number): number | Float64Array {
  checkParameters(mu, sigma);
  if (typeof x === 'number') return pdf(x, mu, sigma);
  const v = vectorArgument(x, 'gaussianPdf: x');
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = pdf(v[i], mu, sigma);
  return out;
}

/** The density and its partial derivatives at one point or at each entry of a vector. */
export interface GaussianPdfGradient<T extends number | Float64Array> {
  /** f(x; μ, σ). */
  value: T;
  /** ∂f/∂μ = f·(x−μ)/σ². */
  dMu: T;
  /** ∂f/∂σ = −f/σ + f·(x−μ)²/σ³. */
  dSigma: T;
}

/**
 * f(x; μ, σ) with its partial derivatives in μ and σ (the course's `dfdmu`, `dfdsig`), at a
 * number or at each entry of a vector. Same argument rules as `gaussianPdf`.
 * @throws ShapeError when x is not a number or vector; OptionError for a σ that is not finite and >
 *   0 or a μ that is not finite.
 * @example
 * gaussianPdfGradient(170, 165, 10);
 * // { value: 0.035206532676…, dMu: 0.001760326634…, dSigma: −0.002640489951… }
 */
export function gaussianPdfGradient(x: number, mu: number, sigma: number): GaussianPdfGradient<number>;
export function gaussianPdfGradient(x: VectorLike, mu: number, sigma: number): GaussianPdfGradient<Float64Array>;
export function gaussianPdfGradient(
  x: number | VectorLike,
  mu: number,
  sigma: number,
): GaussianPdfGradient<number> | GaussianPdfGradient<Float64Array> {
  checkParameters(mu, sigma);
  if (typeof x === 'number') {
    const f = pdf(x, mu, sigma);
    return { value: f, dMu: dfdmu(f, x, mu, sigma), dSigma: dfdsig(f, x, mu, sigma) };
  }
  const v = vectorArgument(x, 'gaussianPdfGradient: x');
  const value = new Float64Array(v.length);
  const dMu = new Float64Array(v.length);
  const dSigma = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const f = pdf(v[i], mu, sigma);
    value[i] = f;
    dMu[i] = dfdmu(f, v[i], mu, sigma);
    dSigma[i] = dfdsig(f, v[i], mu, sigma);
  }
  return { value, dMu, dSigma };
}

/** Options of `fitGaussian`. */
export interface FitGaussianOptions {
  /** Starting mean (default 155, the course's). */
  mu?: number;
  /** Starting standard deviation, > 0 (default 6, the course's). */
  sigma?: number;
  /** The course's "aggression": step = −learningRate · J (default 2000, > 0). */
  learningRate?: number;
  /** Number of steps (default 50, an integer ≥ 0). */
  steps?: number;
}

/** Why `fitGaussian` stopped. */
export type FitGaussianReason =
  /** All requested steps were taken. */
  | 'steps'
  /**
   * The gradient, the step or the χ² at the next point was not finite (σ so small that the
   * density overflows, or μ, σ thrown out of range by a huge learning rate): the fit stops
   * at the last point where everything was finite.
   */
  | 'non-finite';

/** `fitGaussian`'s result. */
export interface FitGaussianResult {
  /** Final mean. */
  mu: number;
  /** Final standard deviation (always > 0). */
  sigma: number;
  /** Σ (y − f(x; μ, σ))² at the final (μ, σ). */
  chi2: number;
  /**
   * (steps + 1) × 2: row 0 is the start, row k is (μ, σ) after step k — the course's `p`
   * array, ready to draw over a `chi2Surface`.
   */
  path: Matrix;
  /** Steps actually taken (= the `steps` option unless `reason` is 'non-finite'). */
  steps: number;
  /** Why it stopped. */
  reason: FitGaussianReason;
  /**
   * How many steps were shortened to keep σ > 0. The course's update is σ += Δσ; when that
   * would make σ ≤ 0 the whole step (both components, so its direction is kept) is halved
   * until σ stays positive. 0 means every step was exactly the course's.
   */
  halvedSteps: number;
}

/**
 * Fits f(x; μ, σ) to points (x_i, y_i) by the course's steepest descent on
 * χ² = Σ (y − f)²: J = [−2 Σ(y−f)∂f/∂μ, −2 Σ(y−f)∂f/∂σ], (μ, σ) += −learningRate · J, a fixed
 * number of times. The defaults are the course's run (μ = 155, σ = 6, aggression 2000,
 * 50 steps). x and y are vectors of the same length n ≥ 1, finite (`NonFiniteError`
 * otherwise). Never returns NaN: see `halvedSteps` (σ kept > 0) and `reason` ('non-finite').
 * @throws ShapeError when x and y differ in length; NonFiniteError at a NaN/±Inf in x or y;
 *   OptionError for a bad option.
 * @example
 * const { x, y } = heightsData();
 * const fit = fitGaussian(x, y);
 * fit.mu;    // ≈ 178.5198
 * fit.sigma; // ≈ 7.5499
 * fit.path;  // 51 × 2 Matrix of (μ, σ)
 */
export function fitGaussian(x: VectorLike, y: VectorLike, options: FitGaussianOptions = {}): FitGaussianResult {
  options = optionsObject(options, 'fitGaussian', ['mu', 'sigma', 'learningRate', 'steps']);
  const { xs, ys } = dataArguments(x, y, 'fitGaussian');
  if (options === null || typeof options !== 'object') {
    throw new OptionError('options', 'an object', options);
  }
  let mu = numberOption(options.mu, 'mu', 155);
  let sigma = numberOption(options.sigma, 'sigma', 6, { min: 0, minExclusive: true });
  const learningRate = numberOption(options.learningRate, 'learningRate', 2000, { min: 0, minExclusive: true });
  const steps = integerOption(options.steps, 'steps', 50);

  const path: number[] = [mu, sigma];
  let chi2 = chiSquared(xs, ys, mu, sigma);
  let reason: FitGaussianReason = Number.isFinite(chi2) ? 'steps' : 'non-finite';
  let taken = 0;
  let halvedSteps = 0;
  const n = xs.length;
  while (reason === 'steps' && taken < steps) {
    let jMu = 0;
    let jSigma = 0;
    for (let i = 0; i < n; i++) {
      const f = pdf(xs[i], mu, sigma);
      const r = ys[i] - f;
      jMu += r * dfdmu(f, xs[i], mu, sigma);
      jSigma += r * dfdsig(f, xs[i], mu, sigma);
    }
    let dMu = -learningRate * (-2 * jMu);
    let dSigma = -learningRate * (-2 * jSigma);
    if (!Number.isFinite(dMu) || !Number.isFinite(dSigma)) {
      reason = 'non-finite';
      break;
    }
    if (sigma + dSigma <= 0) {
      halvedSteps++;
      // σ > 0 and Δσ finite, so halving ends: at worst Δσ underflows to 0 and σ is unchanged.
      while (sigma + dSigma <= 0) {
        dMu /= 2;
        dSigma /= 2;
      }
    }
    const nextMu = mu + dMu;
    const nextSigma = sigma + dSigma;
    const nextChi2 = chiSquared(xs, ys, nextMu, nextSigma);
    if (!Number.isFinite(nextMu) || !Number.isFinite(nextSigma) || !Number.isFinite(nextChi2)) {
      reason = 'non-finite';
      break;
    }
    mu = nextMu;
    sigma = nextSigma;
    chi2 = nextChi2;
    path.push(mu, sigma);
    taken++;
  }
  return { mu, sigma, chi2, path: new Matrix(taken + 1, 2, Float64Array.from(path)), steps: taken, reason, halvedSteps };
}

/**
 * χ²(μ, σ) = Σ (y − f(x; μ, σ))² on a grid, for contour plots of the fit's landscape: entry
 * (i, j) of the sigmas.length × mus.length result is χ² at (mus[j], sigmas[i]) — rows follow
 * the vertical axis (σ), columns the horizontal one (μ). Every σ must be finite and > 0,
 * every μ finite; x, y as in `fitGaussian`.
 * @throws ShapeError when x and y differ in length; NonFiniteError for a non-finite μ or σ;
 *   OptionError for a σ ≤ 0.
 * @example
 * const { x, y } = heightsData();
 * const z = chi2Surface(x, y, [150, 170, 190], [5, 10]); // 2 × 3 Matrix
 * z.get(1, 1); // χ² at μ = 170, σ = 10
 */
export function chi2Surface(x: VectorLike, y: VectorLike, mus: VectorLike, sigmas: VectorLike): Matrix {
  const { xs, ys } = dataArguments(x, y, 'chi2Surface');
  const m = vectorArgument(mus, 'chi2Surface: mus');
  const s = vectorArgument(sigmas, 'chi2Surface: sigmas');
  for (let j = 0; j < m.length; j++) {
    if (!Number.isFinite(m[j])) throw new NonFiniteError(`chi2Surface: mus must be finite; entry ${j} is ${m[j]}`, [j], m[j]);
  }
  for (let i = 0; i < s.length; i++) {
    if (!Number.isFinite(s[i])) throw new NonFiniteError(`chi2Surface: sigmas must be finite; entry ${i} is ${s[i]}`, [i], s[i]);
    if (s[i] <= 0) throw new OptionError(`sigmas[${i}]`, '> 0', s[i]);
  }
  const out = new Matrix(s.length, m.length);
  for (let i = 0; i < s.length; i++) {
    for (let j = 0; j < m.length; j++) out.data[i * m.length + j] = chiSquared(xs, ys, m[j], s[i]);
  }
  return out;
}

function pdf(x: number, mu: number, sigma: number): number {
  const u = (x - mu) / sigma;
  return (Math.exp(-0.5 * u * u) * INV_SQRT_2PI) / sigma;
}

// Written through u = (x−μ)/σ, and exactly 0 where f underflowed to 0: the textbook forms
// f·(x−μ)/σ² and f·(x−μ)²/σ³ give 0·∞ = NaN once σ² underflows (σ ≲ 1e-162).
// At x = μ the derivative in μ is exactly 0, also where f itself overflowed to ∞ (σ subnormal:
// ∞ · 0 would be NaN; found by the API fuzz).
function dfdmu(f: number, x: number, mu: number, sigma: number): number {
  return f === 0 || x === mu ? 0 : (f * ((x - mu) / sigma)) / sigma;
}

function dfdsig(f: number, x: number, mu: number, sigma: number): number {
  if (f === 0) return 0;
  const u = (x - mu) / sigma;
  return (f * (u * u - 1)) / sigma;
}

function chiSquared(xs: Float64Array, ys: Float64Array, mu: number, sigma: number): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = ys[i] - pdf(xs[i], mu, sigma);
    s += r * r;
  }
  return s;
}

function checkParameters(mu: unknown, sigma: unknown): void {
  if (typeof mu !== 'number' || !Number.isFinite(mu)) throw new OptionError('mu', 'a finite number', mu);
  if (typeof sigma !== 'number' || !Number.isFinite(sigma) || sigma <= 0) {
    throw new OptionError('sigma', 'a finite number > 0', sigma);
  }
}

function vectorArgument(v: unknown, name: string): Float64Array {
  if (!isVectorLike(v)) throw new ShapeError(`${name} must be a vector (Float64Array or number[]); got ${describeValue(v)}`);
  return asVector(v, name);
}

/** Vectors x, y of one length n ≥ 1, finite (fits refuse NaN/Inf: the NaN policy in docs/architecture.md). */
function dataArguments(x: unknown, y: unknown, fn: string): { xs: Float64Array; ys: Float64Array } {
  const xs = vectorArgument(x, `${fn}: x`);
  const ys = vectorArgument(y, `${fn}: y`);
  if (xs.length !== ys.length) {
    throw new ShapeError(`${fn}: x has ${xs.length} entries but y has ${ys.length}; they must match`, [[xs.length], [ys.length]]);
  }
  if (xs.length === 0) throw new ShapeError(`${fn}: x and y must have at least one point; got 0`, [[0], [0]]);
  for (const [v, name] of [[xs, 'x'], [ys, 'y']] as const) {
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) throw new NonFiniteError(`${fn}: ${name} must be finite; entry ${i} is ${v[i]}`, [i], v[i]);
    }
  }
  return { xs, ys };
}
