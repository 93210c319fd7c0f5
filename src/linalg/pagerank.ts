/**
 * PageRank by power iteration, with the course's semantics (course 1): iterate
 * r ← M r with M = d·L + (1−d)/n·J from the uniform vector scaled to `scale`, and stop when
 * one step changes r by at most `tol` in the 2-norm.
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { MmlError, OptionError, ShapeError, describeValue } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite, assertSquare, integerOption, numberOption, optionsObject } from '../validate.js';
import type { SparseLinkMatrix } from './link-matrix.js';

export interface PageRankOptions extends BackendOption {
  /** d in M = d·L + (1−d)/n·J, in [0, 1]; 1 is undamped (the course's first runs). Default 0.85. */
  damping?: number;
  /** Stop when ‖r_k − r_{k−1}‖₂ ≤ tol (absolute, in the units of `scale`). Default 1e-10. */
  tol?: number;
  /** Cap on `iterations` (products after the first); integer ≥ 1. Default 1000. */
  maxIter?: number;
  /** Sum of the ranks (course: 100). Default 1. */
  scale?: number;
  /**
   * Check L before iterating (default true): a dense L must be square, finite, non-negative
   * with columns summing to 1 within 1e-9·n; a sparse L must be a consistent CSR. `false`
   * skips the O(n²) / O(nnz) pass when L is known good; a bad L then gives meaningless ranks.
   */
  validate?: boolean;
}

/** `pageRank`'s result. */
export interface PageRankResult {
  /** The rank of each page, length n, summing to `scale` (up to rounding). */
  ranks: Float64Array;
  /** Products M·r after the first one, as the course counts; `maxIter` when not converged. */
  iterations: number;
  /** Whether the last step changed r by at most `tol`; false when `maxIter` was reached. */
  converged: boolean;
}

/**
 * PageRank of a column-stochastic link matrix L (n × n; column j = where page j links to,
 * L[i, j] = probability of moving from page j to page i), dense (`Matrix | number[][]`) or a
 * {@link SparseLinkMatrix} from `linkMatrix(edges, n)`.
 *
 * Power iteration on M = d·L + (1−d)/n·J (J all ones) from r₀ = scale/n in every entry;
 * stops when ‖r_k − r_{k−1}‖₂ ≤ tol. `iterations` counts the products after the first, so the
 * course's loop is reproduced exactly. Hitting `maxIter` is not an error: the result has
 * `converged: false` (undamped periodic graphs oscillate forever). The sparse form does one
 * pass over its links per step, plus the dangling pages' mass spread uniformly and the
 * teleport term — O(n + nnz) time per step and O(n) extra memory, nothing n × n.
 *
 * Throws `ShapeError` (not square), `NonFiniteError`, `MmlError` (negative entry, a column
 * not summing to 1 — named) and `OptionError` (damping outside [0, 1], tol ≤ 0, maxIter not
 * an integer ≥ 1, scale ≤ 0).
 * @example
 * const L = [[0, 1/2, 1/3, 0, 0, 0], [1/3, 0, 0, 0, 1/2, 0], [1/3, 1/2, 0, 1, 0, 1/2],
 *            [1/3, 0, 1/3, 0, 1/2, 1/2], [0, 0, 0, 0, 0, 0], [0, 0, 1/3, 0, 0, 0]];
 * pageRank(L, { damping: 1, tol: 0.01, scale: 100 })
 * // { ranks: [16.0015, 5.3325, 39.9992, 25.3325, 0, 13.3343], iterations: 18, converged: true }
 * pageRank(linkMatrix({ from: [0, 1, 2], to: [1, 2, 0] })).ranks // ≈ [1/3, 1/3, 1/3]
 */
export function pageRank(L: MatrixLike | SparseLinkMatrix, options: PageRankOptions = {}): PageRankResult {
  const pinned = callPinned(pageRank, [L, options], 'pageRank');
  if (pinned) return pinned.result as PageRankResult;
  options = optionsObject(options, 'pageRank', ['damping', 'tol', 'maxIter', 'scale', 'validate']);
  const opts = readOptions(options);
  if (isSparseLinkMatrix(L)) {
    if (opts.validate) checkSparse(L);
    return iterate(L.n, opts, sparseStep(L, opts.damping));
  }
  const m = asMatrix(L as MatrixLike, 'pageRank: L');
  if (opts.validate) checkDense(m);
  else assertSquare(m, 'pageRank: L', 'n × n');
  return iterate(m.rows, opts, denseStep(m, opts.damping));
}

interface Options {
  damping: number;
  tol: number;
  maxIter: number;
  scale: number;
  validate: boolean;
}

function readOptions(options: PageRankOptions): Options {
  if (typeof options !== 'object' || options === null) throw new OptionError('options', 'an object', options);
  const damping = numberOption(options.damping, 'damping', 0.85);
  if (damping < 0 || damping > 1) throw new OptionError('damping', 'a number in [0, 1]', damping);
  const tol = numberOption(options.tol, 'tol', 1e-10, { min: 0, minExclusive: true });
  const maxIter = integerOption(options.maxIter, 'maxIter', 1000, 1);
  const scale = numberOption(options.scale, 'scale', 1, { min: 0, minExclusive: true });
  const validate = options.validate === undefined ? true : options.validate; // null is refused below, not defaulted
  if (typeof validate !== 'boolean') throw new OptionError('validate', 'a boolean', validate);
  return { damping, tol, maxIter, scale, validate };
}

/** One product dst = M·src; returns ‖dst − src‖₂². */
type Step = (src: Float64Array, dst: Float64Array) => number;

function iterate(n: number, opts: Options, step: Step): PageRankResult {
  if (n === 0) return { ranks: new Float64Array(0), iterations: 0, converged: true };
  let prev = new Float64Array(n).fill(opts.scale / n);
  let cur = new Float64Array(n);
  const { tol } = opts;
  let diff2 = step(prev, cur);
  let iterations = 0;
  // The course's loop: one product, then more while the last step moved r by more than tol.
  while (!(Math.sqrt(diff2) <= tol) && iterations < opts.maxIter) {
    const t = prev;
    prev = cur;
    cur = t;
    diff2 = step(prev, cur);
    iterations++;
  }
  return { ranks: cur, iterations, converged: Math.sqrt(diff2) <= tol };
}

function denseStep(m: Matrix, d: number): Step {
  return (src, dst) => denseProduct(m.rows, m.data, d, src, dst);
}

function sparseStep(L: SparseLinkMatrix, d: number): Step {
  const { n, indptr, indices, outDegree, dangling } = L;
  const inv = new Float64Array(n);
  for (let j = 0; j < n; j++) inv[j] = outDegree[j] === 0 ? 0 : 1 / outDegree[j];
  const share = new Float64Array(n);
  return (src, dst) => sparseProduct(n, indptr, indices, inv, dangling, d, share, src, dst);
}

// The two products are plain top-level functions over typed arrays (not closures): V8 then
// optimises each once for all calls; the closure form ran 1.5–3× slower from call to call.

/** dst = (d·L + (1−d)/n·J)·src for a dense row-major L; returns ‖dst − src‖₂². */
function denseProduct(n: number, a: Float64Array, d: number, src: Float64Array, dst: Float64Array): number {
  let total = 0;
  for (let j = 0; j < n; j++) total += src[j];
  const base = ((1 - d) / n) * total;
  let diff2 = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += a[row + j] * src[j];
    const v = d * s + base;
    const e = v - src[i];
    diff2 += e * e;
    dst[i] = v;
  }
  return diff2;
}

/**
 * dst = (d·L + (1−d)/n·J)·src for L in CSR-link form, with each dangling column taken as
 * uniform 1/n; `share` is scratch (length n). One gather over the links; returns ‖dst − src‖₂².
 */
function sparseProduct(
  n: number, indptr: Int32Array, indices: Int32Array, inv: Float64Array, dangling: Int32Array,
  d: number, share: Float64Array, src: Float64Array, dst: Float64Array,
): number {
  let total = 0;
  for (let j = 0; j < n; j++) {
    total += src[j];
    share[j] = src[j] * inv[j]; // what page j passes along each of its links
  }
  let lost = 0;
  for (let k = 0; k < dangling.length; k++) lost += src[dangling[k]];
  // A dangling page's mass reaches every page alike, as does the teleport term.
  const base = (d * lost) / n + ((1 - d) / n) * total;
  let diff2 = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = indptr[i], end = indptr[i + 1]; k < end; k++) s += share[indices[k]];
    const v = d * s + base;
    const e = v - src[i];
    diff2 += e * e;
    dst[i] = v;
  }
  return diff2;
}

function isSparseLinkMatrix(x: unknown): x is SparseLinkMatrix {
  return typeof x === 'object' && x !== null && (x as { format?: unknown }).format === 'csr-link';
}

function checkDense(m: Matrix): void {
  assertSquare(m, 'pageRank: L', 'n × n');
  assertFinite(m, 'pageRank: L');
  const n = m.rows;
  const a = m.data;
  const sums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = a[i * n + j];
      if (v < 0) throw new MmlError(`pageRank: L must be non-negative (column-stochastic); entry (${i}, ${j}) is ${describeValue(v)}`);
      sums[j] += v;
    }
  }
  const slack = 1e-9 * n;
  for (let j = 0; j < n; j++) {
    if (!(Math.abs(sums[j] - 1) <= slack)) {
      const hint = sums[j] === 0 ? ' (a page without links needs a uniform column 1/n — linkMatrix builds it)' : '';
      throw new MmlError(`pageRank: every column of L must sum to 1 (within ${slack}); column ${j} sums to ${sums[j]}${hint}`);
    }
  }
}

function checkSparse(L: SparseLinkMatrix): void {
  const { n, nnz, indptr, indices, outDegree, dangling } = L;
  const bad = (what: string): never => {
    throw new ShapeError(`pageRank: inconsistent SparseLinkMatrix (build it with linkMatrix): ${what}`);
  };
  if (!Number.isSafeInteger(n) || n < 0) bad(`n must be an integer ≥ 0; got ${describeValue(n)}`);
  if (!(indptr instanceof Int32Array) || indptr.length !== n + 1) bad(`indptr must be an Int32Array of length n + 1 = ${n + 1}; got ${describeValue(indptr)}`);
  if (!(indices instanceof Int32Array) || indices.length < nnz) bad(`indices must be an Int32Array of length nnz = ${nnz}; got ${describeValue(indices)}`);
  if (!(outDegree instanceof Int32Array) || outDegree.length !== n) bad(`outDegree must be an Int32Array of length n = ${n}; got ${describeValue(outDegree)}`);
  if (!(dangling instanceof Int32Array)) bad(`dangling must be an Int32Array; got ${describeValue(dangling)}`);
  if (indptr[0] !== 0 || indptr[n] !== nnz) bad(`indptr must run from 0 to nnz = ${nnz}; got ${indptr[0]} … ${indptr[n]}`);
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (indptr[i + 1] < indptr[i]) bad(`indptr must be non-decreasing; indptr[${i + 1}] = ${indptr[i + 1]} < ${indptr[i]}`);
  }
  for (let k = 0; k < nnz; k++) {
    const j = indices[k];
    if (j < 0 || j >= n) bad(`indices[${k}] = ${j} is outside [0, ${n})`);
    count[j]++;
  }
  // The implicit values 1/outDegree[j] make column j sum to 1 only if outDegree counts its links.
  let zeros = 0;
  for (let j = 0; j < n; j++) {
    if (count[j] !== outDegree[j]) bad(`page ${j} has ${count[j]} links stored but outDegree ${outDegree[j]}`);
    if (count[j] === 0) zeros++;
  }
  if (dangling.length !== zeros) bad(`${zeros} pages have no links but dangling lists ${dangling.length}`);
  for (let k = 0; k < dangling.length; k++) {
    const j = dangling[k];
    if (!(j >= 0 && j < n) || outDegree[j] !== 0 || (k > 0 && j <= dangling[k - 1])) {
      bad(`dangling[${k}] = ${j} is not an ascending page without links`);
    }
  }
}
