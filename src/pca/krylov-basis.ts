/**
 * The block Krylov basis of in-memory randomized PCA (Musco & Musco 2015, "Randomized block
 * Krylov methods for stronger and faster approximate singular value decomposition"): every
 * power iterate is kept, so after q iterations the basis spans
 * [Xc·Ω, (Xc·Xcᵀ)·Xc·Ω, …, (Xc·Xcᵀ)^q·Xc·Ω] instead of the last block alone, for the same
 * 2q + 2 products with the data. Where the spectrum decays slowly around the k-th value the
 * top k then converge at a rate set by √gap instead of gap (Chebyshev rather than power).
 *
 * Each new block is made orthogonal to all earlier ones (block Gram–Schmidt against them twice
 * — "twice is enough" — then QR; a block that was partly rounding noise, once the data's rank
 * is exhausted, is projected and normalised once more), so the sketch is just the blocks'
 * Zᵢ = Xcᵀ·Qᵢ stacked: B = [Z₀ … Z_q]ᵀ = Kᵀ·Xc. The Ritz values (the squared singular values of
 * B, which only grow as the basis grows) come from the small Gram matrix B·Bᵀ, kept block row
 * by block row.
 *
 * Storage is Kᵀ (L × n) and B (L × d), row-major and grown by whole blocks, so projecting a new
 * block against the whole basis is two gemm calls whatever the number of blocks.
 */
import { kernelsFor } from '../backend/dispatch.js';
import { eigh } from '../linalg/eigh.js';
import { formQ, householder } from '../linalg/qr.js';
import { Matrix } from '../matrix.js';

/** Largest |qᵢ·qⱼ| between a new block's columns and the basis before it is re-orthogonalised. */
const ORTHOGONALITY_TOL = 1e-10;

export class KrylovBasis {
  /** Columns in the basis so far (L). */
  width = 0;
  /** Kᵀ: the orthonormal basis vectors as rows (capacity × n; the first `width` rows hold them). */
  private kt: Float64Array;
  /** B = Kᵀ·Xc, the sketch (capacity × d; the first `width` rows). */
  private b: Float64Array;
  /** Block rows of B·Bᵀ: row block i is wᵢ × (L up to and including block i). */
  private readonly gramRows: { at: number; w: number; cols: number; g: Float64Array }[] = [];
  private last: Matrix | undefined;

  constructor(
    private readonly n: number,
    private readonly d: number,
    capacity: number,
  ) {
    this.kt = new Float64Array(capacity * n);
    this.b = new Float64Array(capacity * d);
  }

  /** The last block's Z = Xcᵀ·Q (d × w): what the next block multiplies by Xc. */
  get lastZ(): Matrix {
    return this.last as Matrix;
  }

  /**
   * An orthonormal basis of the part of y's columns (n × l) outside the basis: the new block,
   * its first `width` columns (to stop at the data's rank, min(n, d)).
   */
  orthogonalize(y: Matrix, width: number): Matrix {
    this.projectOut(y);
    this.projectOut(y);
    let q = orthonormalBasis(y);
    // A block that was (partly) rounding noise — the data's rank is exhausted — comes out of QR
    // unit-norm but not orthogonal to the basis: project and normalise it once more.
    if (this.width > 0 && maxAbs(this.overlap(q)) > ORTHOGONALITY_TOL) {
      this.projectOut(q);
      q = orthonormalBasis(q);
    }
    return width === y.cols ? q : firstColumns(q, width);
  }

  /** Appends the block Q (n × w) with its Z = Xcᵀ·Q (d × w). */
  push(q: Matrix, z: Matrix): void {
    const { n, d } = this;
    const w = q.cols;
    const at = this.width;
    this.reserve(at + w);
    const { kt, b } = this;
    for (let i = 0; i < n; i++) for (let c = 0; c < w; c++) kt[(at + c) * n + i] = q.data[i * w + c];
    for (let j = 0; j < d; j++) for (let c = 0; c < w; c++) b[(at + c) * d + j] = z.data[j * w + c];
    this.width = at + w;
    // The new block row of B·Bᵀ: Zᵀ·[Z₀ … Z_i] (w × L).
    const g = new Float64Array(w * this.width);
    kernelsFor('gemm', w * this.width * d).gemm(0, 1, w, this.width, d, 1, b.subarray(at * d, this.width * d), b.subarray(0, this.width * d), 0, g);
    this.gramRows.push({ at, w, cols: this.width, g });
    this.last = z;
  }

  /** The top k Ritz values σᵢ(B)², descending: eigenvalues of B·Bᵀ by the subset solver. */
  ritzValues(k: number): Float64Array {
    const m = this.gramMatrix();
    const size = m.rows;
    const top = Math.min(k, size);
    const { values } = eigh(m, { vectors: false, subsetByIndex: [size - top, size - 1] });
    return Float64Array.from(values).reverse();
  }

  /** B·Bᵀ (L × L), its lower triangle (what `eigh` reads). */
  gramMatrix(): Matrix {
    const size = this.width;
    const m = new Matrix(size, size);
    for (const { at, w, cols, g } of this.gramRows) for (let a = 0; a < w; a++) m.data.set(g.subarray(a * cols, (a + 1) * cols), (at + a) * size);
    return m;
  }

  /** The widths of the blocks pushed so far, in order (they sum to `width`). */
  blockWidths(): number[] {
    return this.gramRows.map((r) => r.w);
  }

  /** Kᵀ: the basis vectors as rows (L × n). */
  rows(): Matrix {
    return new Matrix(this.width, this.n, this.kt.slice(0, this.width * this.n));
  }

  /** The sketch B = Kᵀ·Xc (L × d). */
  sketch(): Matrix {
    return new Matrix(this.width, this.d, this.b.slice(0, this.width * this.d));
  }

  private reserve(rows: number): void {
    const capacity = this.kt.length / this.n;
    if (rows <= capacity) return;
    const grown = Math.max(rows, 2 * capacity);
    const kt = new Float64Array(grown * this.n);
    kt.set(this.kt);
    const b = new Float64Array(grown * this.d);
    b.set(this.b);
    [this.kt, this.b] = [kt, b];
  }

  /** Kᵀ·y (L × l). */
  private overlap(y: Matrix): Float64Array {
    const [n, l, size] = [y.rows, y.cols, this.width];
    const c = new Float64Array(size * l);
    kernelsFor('gemm', size * l * n).gemm(0, 0, size, l, n, 1, this.kt.subarray(0, size * n), y.data, 0, c);
    return c;
  }

  /** y ← y − K·(Kᵀ·y). */
  private projectOut(y: Matrix): void {
    const [n, l, size] = [y.rows, y.cols, this.width];
    if (size === 0) return;
    const c = this.overlap(y);
    kernelsFor('gemm', size * l * n).gemm(1, 0, n, l, size, -1, this.kt.subarray(0, size * n), c, 1, y.data);
  }
}

/**
 * An orthonormal basis of the columns of y (m × l, l ≤ m, y not kept): Cholesky QR twice
 * (CholQR2: Q = Y·L⁻ᵀ with YᵀY = L·Lᵀ — one gemm, a tiny potrf and one trsm per round, ~20×
 * faster than Householder QR on a tall row-major block, which walks its columns with a stride
 * of l). The first round leaves Q orthogonal to ~ε·cond(Y)², the second to ~ε; when y is too
 * ill-conditioned for that (the Cholesky factor breaks down, or the first round left Q far
 * from orthogonal: rank-deficient data, a block of rounding noise) Householder QR does it.
 */
export function orthonormalBasis(y: Matrix): Matrix {
  const [m, l] = [y.rows, y.cols];
  const q = new Matrix(m, l, y.data.slice());
  const g = new Float64Array(l * l);
  for (let round = 0; round < 2; round++) {
    kernelsFor('gemm', m * l * l).gemm(1, 0, l, l, m, 1, q.data, q.data, 0, g);
    // After the first round G = QᵀQ must be near I for the second to finish the job.
    if (round === 1 && !nearIdentity(g, l, 0.1)) return formQ(householder(y), l, true);
    if (kernelsFor('potrf', l * l * l).potrf(l, g) !== 0 || !wellConditionedFactor(g, l)) return formQ(householder(y), l, true);
    // Q·Lᵀ = Y as one gemm with L⁻ᵀ (the trsm kernel on a tall row-major block is as slow as
    // the QR; L is well conditioned here, so the explicit inverse costs no accuracy that matters).
    const inv = new Float64Array(l * l);
    for (let i = 0; i < l; i++) inv[i * l + i] = 1;
    kernelsFor('trsm', l * l * l).trsm(0, 0, 0, 0, l, l, 1, g, inv);
    const next = new Float64Array(m * l);
    kernelsFor('gemm', m * l * l).gemm(0, 1, m, l, l, 1, q.data, inv, 0, next);
    q.data.set(next);
  }
  return q;
}

/** Whether every entry of the l × l matrix g is within tol of the identity's. */
function nearIdentity(g: Float64Array, l: number, tol: number): boolean {
  for (let i = 0; i < l; i++) for (let j = 0; j < l; j++) if (!(Math.abs(g[i * l + j] - (i === j ? 1 : 0)) <= tol)) return false;
  return true;
}

/** Whether the Cholesky factor's diagonal spans less than 1e6 (cond(Y) ≳ its spread). */
function wellConditionedFactor(lower: Float64Array, l: number): boolean {
  let [lo, hi] = [Infinity, 0];
  for (let i = 0; i < l; i++) {
    const v = lower[i * l + i];
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo > 1e-6 * hi;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

function firstColumns(a: Matrix, cols: number): Matrix {
  const out = new Matrix(a.rows, cols);
  for (let i = 0; i < a.rows; i++) out.data.set(a.data.subarray(i * a.cols, i * a.cols + cols), i * cols);
  return out;
}
