/**
 * Eigenvalues and eigenvectors of a general real square matrix: Householder reduction to
 * upper Hessenberg form, then the Francis double-shift QR algorithm to the real Schur form,
 * then back-substitution for the eigenvectors. A port of EISPACK's orthes + hqr2 (Martin,
 * Peters & Wilkinson, Handbook for Automatic Computation II, via the public-domain JAMA
 * translation), with an iteration cap. No balancing (LAPACK's dgebal): matrices whose rows
 * and columns differ in scale by many orders of magnitude lose relative accuracy in their
 * small eigenvalues.
 */
import { callPinned, type BackendOption } from '../backend/registry.js';
import { ConvergenceError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, assertFinite, assertSquare, integerOption, optionsObject } from '../validate.js';

export interface EigOptions extends BackendOption {
  /** Compute eigenvectors (default true); false skips their accumulation (about half the work). */
  vectors?: boolean;
  /** Cap on QR sweeps spent on one eigenvalue (or pair) before `ConvergenceError`; default 30·max(10, n), LAPACK's. */
  maxIter?: number;
}

/** `eig`'s result: A·v = λ·v for each eigenpair, complex in general. */
export interface EigResult {
  /**
   * Eigenvalue k is `re[k] + i·im[k]`. Complex eigenvalues come in adjacent conjugate pairs,
   * the one with positive imaginary part first (LAPACK's convention).
   */
  values: {
    /** Real parts, length n. */
    re: Float64Array;
    /** Imaginary parts, length n (0 for a real eigenvalue). */
    im: Float64Array;
  };
  /**
   * n × n, column k a unit-2-norm eigenvector for eigenvalue k — only when every eigenvalue
   * is real (and vectors were requested); undefined otherwise (see `complexVectors`).
   * Signs are arbitrary, as in numpy.
   */
  vectors: Matrix | undefined;
  /**
   * Always present when vectors were requested: column k of `re + i·im` is an eigenvector
   * for eigenvalue k, of unit 2-norm, rotated so its largest-modulus entry is real and
   * positive (LAPACK makes it real); for real eigenvalues `im`'s column is zero.
   */
  complexVectors:
    | {
        /** Real parts, n × n. */
        re: Matrix;
        /** Imaginary parts, n × n. */
        im: Matrix;
      }
    | undefined;
}

/**
 * Eigen-decomposition of a general real n × n matrix: A·v = λ·v. For symmetric matrices
 * prefer `eigh` (real, sorted, orthonormal vectors). Eigenvalues come in the diagonal order
 * of the real Schur form the QR iteration reaches — LAPACK dhseqr's convention, but numpy's
 * `eig` balances first and uses other shifts, so its order can differ: compare up to ordering.
 * Cost: O(n³), in plain TypeScript (about 1 s for n = 300; `{ vectors: false }` halves it). Throws `ShapeError` (not square), `NonFiniteError` (NaN/Inf entries),
 * `ConvergenceError` (more than `maxIter` QR sweeps for one eigenvalue; default 30·max(10, n), LAPACK's cap).
 * @example eig([[2, 0], [0, 3]]).values.re // Float64Array [2, 3]
 * @example eig([[0, -1], [1, 0]]).values // { re: [0, 0], im: [1, -1] } (rotation by 90°)
 */
export function eig(A: MatrixLike, options: EigOptions = {}): EigResult {
  const pinned = callPinned(eig, [A, options], 'eig');
  if (pinned) return pinned.result as EigResult;
  options = optionsObject(options, 'eig', ['vectors', 'maxIter']);
  const a = asMatrix(A, 'eig: A');
  assertSquare(a, 'eig: A');
  assertFinite(a, 'eig: A');
  const wantVectors = options.vectors === undefined ? true : options.vectors; // null is refused below, not defaulted
  if (typeof wantVectors !== 'boolean') throw new OptionError('vectors', 'a boolean', wantVectors);
  const n = a.rows;
  const maxIter = integerOption(options.maxIter, 'maxIter', 30 * Math.max(10, n), 1);

  // Outside LAPACK dgeev's safe range [√safmin/ε, its reciprocal] work on A / 2^k with
  // max|entry| in [0.5, 1): away from overflow and underflow in the QR sweeps and the
  // back-substitution. Inside it A is left alone: dividing by 2^k rounds subnormal entries.
  const h = a.data.slice();
  let big = 0;
  for (let i = 0; i < h.length; i++) big = Math.max(big, Math.abs(h[i]));
  const safeLow = Math.sqrt(2.2250738585072014e-308) / Number.EPSILON;
  const scale = big === 0 || (big >= safeLow && big <= 1 / safeLow) ? 1 : 2 ** Math.floor(Math.log2(big) + 1);
  if (scale !== 1) for (let i = 0; i < h.length; i++) h[i] /= scale;
  const v = new Float64Array(n * n);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n > 0) {
    hessenberg(n, h, v, wantVectors);
    schur(n, h, v, d, e, wantVectors, maxIter);
  }
  if (scale !== 1) {
    for (let k = 0; k < n; k++) {
      d[k] *= scale;
      e[k] *= scale;
    }
  }
  if (!wantVectors) return { values: { re: d, im: e }, vectors: undefined, complexVectors: undefined };

  const re = new Matrix(n, n);
  const im = new Matrix(n, n);
  let allReal = true;
  for (let k = 0; k < n; k++) {
    if (e[k] === 0) {
      let s = 0;
      for (let i = 0; i < n; i++) s = Math.hypot(s, v[i * n + k]);
      for (let i = 0; i < n; i++) re.data[i * n + k] = s === 0 ? 0 : v[i * n + k] / s;
    } else if (e[k] > 0) {
      allReal = false;
      // Columns k, k+1 of V hold x, y with A(x + iy) = (d_k + i e_k)(x + iy); the conjugate pair gets x − iy.
      let s = 0;
      let big = -1;
      let at = 0;
      for (let i = 0; i < n; i++) {
        const m = Math.hypot(v[i * n + k], v[i * n + k + 1]);
        s = Math.hypot(s, m);
        if (m > big) {
          big = m;
          at = i;
        }
      }
      // Multiply by conj(z_at) / (|z_at| · s): unit norm, entry `at` real and positive.
      const cr = v[at * n + k] / (big * s);
      const ci = -v[at * n + k + 1] / (big * s);
      for (let i = 0; i < n; i++) {
        const x = v[i * n + k];
        const y = v[i * n + k + 1];
        const pr = x * cr - y * ci;
        const pi = x * ci + y * cr;
        re.data[i * n + k] = pr;
        im.data[i * n + k] = pi;
        re.data[i * n + k + 1] = pr;
        im.data[i * n + k + 1] = -pi;
      }
      im.data[at * n + k] = 0;
      im.data[at * n + k + 1] = 0;
      k++;
    }
  }
  return { values: { re: d, im: e }, vectors: allReal ? re : undefined, complexVectors: { re, im } };
}

/**
 * Householder reduction to upper Hessenberg form (EISPACK orthes), h ← Qᵀ h Q in place, and
 * v ← Q when wanted. Entries below the subdiagonal are zeroed on return.
 */
function hessenberg(n: number, h: Float64Array, v: Float64Array, wantVectors: boolean): void {
  const high = n - 1;
  const ort = new Float64Array(n);
  const applied = new Uint8Array(n);
  // A column already zero to within this (absolute; A is scaled to max|a| < 1) is left alone:
  // reflecting subnormal entries loses the reflector to underflow (0/0 when accumulating V).
  const negligible = (2.2250738585072014e-308 * n) / Number.EPSILON;
  for (let m = 1; m <= high - 1; m++) {
    let scale = 0;
    for (let i = m; i <= high; i++) scale += Math.abs(h[i * n + m - 1]);
    if (scale <= negligible) continue; // the entries below the subdiagonal are dropped below
    applied[m] = 1;
    let hh = 0;
    for (let i = high; i >= m; i--) {
      ort[i] = h[i * n + m - 1] / scale;
      hh += ort[i] * ort[i];
    }
    let g = Math.sqrt(hh);
    if (ort[m] > 0) g = -g;
    hh -= ort[m] * g;
    ort[m] -= g;
    // H = (I − u uᵀ/hh) H (I − u uᵀ/hh)
    for (let j = m; j < n; j++) {
      let f = 0;
      for (let i = high; i >= m; i--) f += ort[i] * h[i * n + j];
      f /= hh;
      for (let i = m; i <= high; i++) h[i * n + j] -= f * ort[i];
    }
    for (let i = 0; i <= high; i++) {
      let f = 0;
      const row = i * n;
      for (let j = high; j >= m; j--) f += ort[j] * h[row + j];
      f /= hh;
      for (let j = m; j <= high; j++) h[row + j] -= f * ort[j];
    }
    ort[m] *= scale;
    h[m * n + m - 1] = scale * g;
  }

  if (wantVectors) {
    for (let i = 0; i < n; i++) v[i * n + i] = 1;
    for (let m = high - 1; m >= 1; m--) {
      const sub = h[m * n + m - 1];
      if (!applied[m] || sub === 0) continue;
      for (let i = m + 1; i <= high; i++) ort[i] = h[i * n + m - 1];
      for (let j = m; j <= high; j++) {
        let g = 0;
        for (let i = m; i <= high; i++) g += ort[i] * v[i * n + j];
        g = g / ort[m] / sub; // two divisions avoid underflow
        for (let i = m; i <= high; i++) v[i * n + j] += g * ort[i];
      }
    }
  }
  for (let i = 2; i < n; i++) h.fill(0, i * n, i * n + i - 1);
}

/**
 * Francis double-shift QR on the Hessenberg h down to real Schur form (EISPACK hqr2), then
 * eigenvectors by back-substitution, mapped back through v. Eigenvalues into d (real parts)
 * and e (imaginary parts).
 */
function schur(nn: number, h: Float64Array, v: Float64Array, d: Float64Array, e: Float64Array, wantVectors: boolean, maxIter: number): void {
  const H = (i: number, j: number) => i * nn + j;
  const eps = Number.EPSILON;
  const smlnum = 2.2250738585072014e-308 * (nn / eps); // LAPACK dlahqr's SMLNUM
  let n = nn - 1;
  const low = 0;
  const high = nn - 1;
  let exshift = 0;
  let p = 0, q = 0, r = 0, s = 0, z = 0, t: number, w: number, x: number, y: number;
  // The shift's product term w = w1 · w2 is kept as two factors: for a block of entries near
  // 1e-160 the product underflows and the iteration stalls (LAPACK's dlahqr scales likewise).
  let w1: number, w2: number;
  // w / σ and w / σ²: directly when w1 · w2 is a normal number (bit-for-bit the textbook
  // formulas), else as sign · a · (a / σ) with a = √|w1| · √|w2|, which neither underflows
  // nor overflows (w1 / σ would when w2 is 0).
  const rootOf = (f1: number, f2: number) => Math.sqrt(Math.abs(f1)) * Math.sqrt(Math.abs(f2));
  const isSafe = (f1: number, f2: number) => f1 === 0 || f2 === 0 || (Math.abs(f1 * f2) > 1e-280 && Math.abs(f1 * f2) < 1e280);
  const wOver = (f1: number, f2: number, by: number) =>
    isSafe(f1, f2) ? (f1 * f2) / by : Math.sign(f1) * Math.sign(f2) * rootOf(f1, f2) * (rootOf(f1, f2) / by);
  const wOver2 = (f1: number, f2: number, by: number) =>
    isSafe(f1, f2) ? (f1 * f2) / by / by : Math.sign(f1) * Math.sign(f2) * (rootOf(f1, f2) / by) ** 2;

  let norm = 0;
  for (let i = 0; i < nn; i++) for (let j = Math.max(i - 1, 0); j < nn; j++) norm += Math.abs(h[H(i, j)]);

  let iter = 0;
  let total = 0;
  while (n >= low) {
    // Look for a single small subdiagonal element.
    let l = n;
    while (l > low) {
      s = Math.abs(h[H(l - 1, l - 1)]) + Math.abs(h[H(l, l)]);
      // A diagonal that is zero, or so tiny it is zero next to anything else, gives no local
      // scale: the matrix's norm does (|h(l, l−1)| < ε‖H‖ is a backward-stable split). Found by
      // the subnormal property test: diagonal 4.9e-324 beside a subdiagonal of 8.7e-267 and a
      // 1e-15 block never split, and the sweeps stalled.
      if (s <= smlnum) s = norm;
      const sub = Math.abs(h[H(l, l - 1)]);
      if (sub <= smlnum || sub < eps * s) break; // the absolute test also ends the zero matrix (s = norm = 0)
      l--;
    }

    if (l === n) {
      // One root found.
      h[H(n, n)] += exshift;
      d[n] = h[H(n, n)];
      e[n] = 0;
      n--;
      iter = 0;
    } else if (l === n - 1) {
      // Two roots found. The discriminant p² + w is formed on the block divided by σ, so a
      // block of tiny entries keeps its complex/real verdict (p² and w would underflow).
      w1 = h[H(n, n - 1)];
      w2 = h[H(n - 1, n)];
      p = (h[H(n - 1, n - 1)] - h[H(n, n)]) / 2;
      const sigma = Math.abs(p) + rootOf(w1, w2);
      q = sigma === 0 ? 0 : (p / sigma) * (p / sigma) + wOver2(w1, w2, sigma);
      z = sigma * Math.sqrt(Math.abs(q));
      h[H(n, n)] += exshift;
      h[H(n - 1, n - 1)] += exshift;
      x = h[H(n, n)];
      if (q >= 0) {
        // Real pair: standardise the 2 × 2 block to upper triangular.
        z = p >= 0 ? p + z : p - z;
        d[n - 1] = x + z;
        d[n] = d[n - 1];
        if (z !== 0) d[n] = x - wOver(w1, w2, z);
        e[n - 1] = 0;
        e[n] = 0;
        x = h[H(n, n - 1)];
        s = Math.abs(x) + Math.abs(z);
        p = x / s;
        q = z / s;
        r = Math.sqrt(p * p + q * q);
        p /= r;
        q /= r;
        for (let j = n - 1; j < nn; j++) {
          z = h[H(n - 1, j)];
          h[H(n - 1, j)] = q * z + p * h[H(n, j)];
          h[H(n, j)] = q * h[H(n, j)] - p * z;
        }
        for (let i = 0; i <= n; i++) {
          z = h[H(i, n - 1)];
          h[H(i, n - 1)] = q * z + p * h[H(i, n)];
          h[H(i, n)] = q * h[H(i, n)] - p * z;
        }
        if (wantVectors) {
          for (let i = low; i <= high; i++) {
            z = v[H(i, n - 1)];
            v[H(i, n - 1)] = q * z + p * v[H(i, n)];
            v[H(i, n)] = q * v[H(i, n)] - p * z;
          }
        }
      } else {
        // Complex pair.
        d[n - 1] = x + p;
        d[n] = x + p;
        e[n - 1] = z;
        e[n] = -z;
      }
      n -= 2;
      iter = 0;
    } else {
      // No convergence yet: form the shift.
      x = h[H(n, n)];
      y = h[H(n - 1, n - 1)]; // l < n here
      w1 = h[H(n, n - 1)];
      w2 = h[H(n - 1, n)];
      if (iter === 10) {
        // Wilkinson's original ad hoc shift.
        exshift += x;
        for (let i = low; i <= n; i++) h[H(i, i)] -= x;
        s = Math.abs(h[H(n, n - 1)]) + Math.abs(h[H(n - 1, n - 2)]);
        x = y = 0.75 * s;
        w1 = -0.4375 * s;
        w2 = s;
      }
      if (iter === 30) {
        // MATLAB's ad hoc shift, its discriminant formed on values divided by σ.
        const half = (y - x) / 2;
        const sigma = Math.abs(half) + rootOf(w1, w2);
        const disc = sigma === 0 ? 0 : (half / sigma) * (half / sigma) + wOver2(w1, w2, sigma);
        if (disc > 0) {
          s = sigma * Math.sqrt(disc);
          if (y < x) s = -s;
          s = x - wOver(w1, w2, half + s);
          for (let i = low; i <= n; i++) h[H(i, i)] -= s;
          exshift += s;
          x = y = w1 = 0.964;
          w2 = 1;
        }
      }
      iter++;
      total++;
      if (iter > maxIter) {
        throw new ConvergenceError(
          `eig: the QR iteration did not converge for eigenvalue ${n} after ${maxIter} sweeps (${total} in all)`,
          total,
        );
      }

      // Look for two consecutive small subdiagonal elements.
      let m = n - 2;
      while (m >= l) {
        // The first column of (H − s₁)(H − s₂) at row m, divided by σ·h(m+1, m) with σ the
        // local scale, as dlahqr: every term stays near σ instead of σ² (which underflows).
        z = h[H(m, m)];
        const sigma = Math.abs(x - z) + Math.abs(y - z) + Math.abs(h[H(m + 1, m)]) || 1;
        const h21 = h[H(m + 1, m)] / sigma;
        p = h21 * h[H(m, m + 1)] + (x - z) * ((y - z) / sigma) - wOver(w1, w2, sigma);
        q = h21 * (h[H(m + 1, m + 1)] + z - x - y);
        r = h21 * h[H(m + 2, m + 1)];
        s = Math.abs(p) + Math.abs(q) + Math.abs(r);
        p /= s;
        q /= s;
        r /= s;
        if (m === l) break;
        if (
          Math.abs(h[H(m, m - 1)]) * (Math.abs(q) + Math.abs(r)) <
          eps * (Math.abs(p) * (Math.abs(h[H(m - 1, m - 1)]) + Math.abs(z) + Math.abs(h[H(m + 1, m + 1)])))
        ) {
          break;
        }
        m--;
      }
      for (let i = m + 2; i <= n; i++) {
        h[H(i, i - 2)] = 0;
        if (i > m + 2) h[H(i, i - 3)] = 0;
      }

      // Double QR step on rows l..n and columns m..n.
      for (let k = m; k <= n - 1; k++) {
        const notlast = k !== n - 1;
        if (k !== m) {
          p = h[H(k, k - 1)];
          q = h[H(k + 1, k - 1)];
          r = notlast ? h[H(k + 2, k - 1)] : 0;
          x = Math.abs(p) + Math.abs(q) + Math.abs(r);
          if (x === 0) continue;
          p /= x;
          q /= x;
          r /= x;
        }
        s = Math.sqrt(p * p + q * q + r * r);
        if (p < 0) s = -s;
        if (s === 0) continue;
        if (k !== m) h[H(k, k - 1)] = -s * x;
        else if (l !== m) h[H(k, k - 1)] = -h[H(k, k - 1)];
        p += s;
        x = p / s;
        y = q / s;
        z = r / s;
        q /= p;
        r /= p;
        for (let j = k; j < nn; j++) {
          p = h[H(k, j)] + q * h[H(k + 1, j)];
          if (notlast) {
            p += r * h[H(k + 2, j)];
            h[H(k + 2, j)] -= p * z;
          }
          h[H(k, j)] -= p * x;
          h[H(k + 1, j)] -= p * y;
        }
        for (let i = 0; i <= Math.min(n, k + 3); i++) {
          p = x * h[H(i, k)] + y * h[H(i, k + 1)];
          if (notlast) {
            p += z * h[H(i, k + 2)];
            h[H(i, k + 2)] -= p * r;
          }
          h[H(i, k)] -= p;
          h[H(i, k + 1)] -= p * q;
        }
        if (wantVectors) {
          for (let i = low; i <= high; i++) {
            p = x * v[H(i, k)] + y * v[H(i, k + 1)];
            if (notlast) {
              p += z * v[H(i, k + 2)];
              v[H(i, k + 2)] -= p * r;
            }
            v[H(i, k)] -= p;
            v[H(i, k + 1)] -= p * q;
          }
        }
      }
    }
  }

  if (!wantVectors || norm === 0) return; // the zero matrix: V = I already

  // Back-substitute for the eigenvectors of the quasi-triangular Schur form.
  for (n = nn - 1; n >= 0; n--) {
    p = d[n];
    q = e[n];
    const smin = Math.max(eps * (Math.abs(p) + Math.abs(q)), eps * eps * norm, smlnum);
    if (q === 0) {
      // Real vector.
      let l = n;
      h[H(n, n)] = 1;
      for (let i = n - 1; i >= 0; i--) {
        w = h[H(i, i)] - p;
        r = 0;
        for (let j = l; j <= n; j++) r += h[H(i, j)] * h[H(j, n)];
        if (e[i] < 0) {
          z = w;
          s = r;
        } else {
          l = i;
          if (e[i] === 0) {
            // Two (nearly) equal eigenvalues: perturb the divisor as LAPACK's dtrevc does (JAMA
            // only guards w = 0, and a subnormal w overflows). eps²·norm keeps graded spectra.
            h[H(i, n)] = -r / (Math.abs(w) >= smin ? w : smin);
          } else {
            // Solve the real 2 × 2 equations (not by Cramer's rule: the determinant
            // (d_i − p)² + e_i² underflows to 0 for a pair split by a subnormal entry).
            const [x1, , x2, , scale] = solve2x2(w, 0, h[H(i, i + 1)], h[H(i + 1, i)], z, 0, -r, 0, -s, 0, smin);
            if (scale !== 1) for (let j = i + 2; j <= n; j++) h[H(j, n)] *= scale;
            h[H(i, n)] = x1;
            h[H(i + 1, n)] = x2;
          }
          // Overflow control.
          t = Math.abs(h[H(i, n)]);
          if (eps * t * t > 1) for (let j = i; j <= n; j++) h[H(j, n)] /= t;
        }
      }
    } else if (q < 0) {
      // Complex vector: columns n−1 (real part) and n (imaginary part).
      let l = n - 1;
      if (Math.abs(h[H(n, n - 1)]) > Math.abs(h[H(n - 1, n)])) {
        h[H(n - 1, n - 1)] = q / h[H(n, n - 1)];
        h[H(n - 1, n)] = -(h[H(n, n)] - p) / h[H(n, n - 1)];
      } else {
        const [cr, ci] = cdiv(0, -h[H(n - 1, n)], h[H(n - 1, n - 1)] - p, q);
        h[H(n - 1, n - 1)] = cr;
        h[H(n - 1, n)] = ci;
      }
      h[H(n, n - 1)] = 0;
      h[H(n, n)] = 1;
      for (let i = n - 2; i >= 0; i--) {
        let ra = 0;
        let sa = 0;
        for (let j = l; j <= n; j++) {
          ra += h[H(i, j)] * h[H(j, n - 1)];
          sa += h[H(i, j)] * h[H(j, n)];
        }
        w = h[H(i, i)] - p;
        if (e[i] < 0) {
          z = w;
          r = ra;
          s = sa;
        } else {
          l = i;
          if (e[i] === 0) {
            const [cr, ci] = cdiv(-ra, -sa, Math.abs(w) + Math.abs(q) >= smin ? w : smin, q);
            h[H(i, n - 1)] = cr;
            h[H(i, n)] = ci;
          } else {
            // Solve the complex 2 × 2 equations (diagonal − λ = (w + iq, z + iq)).
            const [x1r, x1i, x2r, x2i, scale] = solve2x2(w, q, h[H(i, i + 1)], h[H(i + 1, i)], z, q, -ra, -sa, -r, -s, smin);
            if (scale !== 1) {
              for (let j = i + 2; j <= n; j++) {
                h[H(j, n - 1)] *= scale;
                h[H(j, n)] *= scale;
              }
            }
            h[H(i, n - 1)] = x1r;
            h[H(i, n)] = x1i;
            h[H(i + 1, n - 1)] = x2r;
            h[H(i + 1, n)] = x2i;
          }
          // Overflow control.
          t = Math.max(Math.abs(h[H(i, n - 1)]), Math.abs(h[H(i, n)]));
          if (eps * t * t > 1) {
            for (let j = i; j <= n; j++) {
              h[H(j, n - 1)] /= t;
              h[H(j, n)] /= t;
            }
          }
        }
      }
    }
  }

  // Back-transform: eigenvectors of A = V · (vectors of the Schur form).
  for (let j = nn - 1; j >= low; j--) {
    for (let i = low; i <= high; i++) {
      z = 0;
      for (let k = low; k <= Math.min(j, high); k++) z += v[H(i, k)] * h[H(k, j)];
      v[H(i, j)] = z;
    }
  }
}

/**
 * Solves [[a11, a12], [a21, a22]] · x = b for a 2 × 2 block of the Schur form, as LAPACK's dlaln2:
 * a11 = a11r + i·a11i and a22 = a22r + i·a22i (a12, a21 real), complete pivoting, a pivot below
 * `smin` replaced by `smin` (a nearly singular block gives a large but finite solution), and a
 * scale ≤ 1 returned instead of overflowing: the solution is for b · scale, so the caller
 * scales the vector's other entries by it. Returns [x1r, x1i, x2r, x2i, scale].
 */
function solve2x2(
  a11r: number, a11i: number, a12: number, a21: number, a22r: number, a22i: number,
  b1r: number, b1i: number, b2r: number, b2i: number, smin: number,
): [number, number, number, number, number] {
  const BIG = 2 ** 1000;
  const mag = (re: number, im: number) => Math.abs(re) + Math.abs(im);
  // The pivot: the largest of the four entries; `rowSwap`/`colSwap` bring it to (1, 1).
  const m = [mag(a11r, a11i), Math.abs(a12), Math.abs(a21), mag(a22r, a22i)];
  let at = 0;
  for (let k = 1; k < 4; k++) if (m[k] > m[at]) at = k;
  let scale = 1;
  const bmax = Math.max(mag(b1r, b1i), mag(b2r, b2i));
  if (m[at] < smin) {
    // Every entry is negligible: solve with smin · I.
    if (smin < 1 && bmax > BIG * smin) scale = 1 / bmax;
    return [(b1r * scale) / smin, (b1i * scale) / smin, (b2r * scale) / smin, (b2i * scale) / smin, scale];
  }
  const rowSwap = at === 2 || at === 3;
  const colSwap = at === 1 || at === 3;
  // Entries after the swaps, as complex pairs [re, im].
  const A: [number, number][][] = [[[a11r, a11i], [a12, 0]], [[a21, 0], [a22r, a22i]]];
  const e = (i: number, j: number) => A[rowSwap ? 1 - i : i][colSwap ? 1 - j : j];
  const [pr, pi] = e(0, 0);
  const [ur, ui] = e(0, 1);
  const [lr0, li0] = e(1, 0);
  const [cr, ci] = e(1, 1);
  const [lr, li] = cdiv(lr0, li0, pr, pi);
  let u22r = cr - (lr * ur - li * ui);
  let u22i = ci - (lr * ui + li * ur);
  if (mag(u22r, u22i) < smin) {
    u22r = smin;
    u22i = 0;
  }
  let [y1r, y1i] = rowSwap ? [b2r, b2i] : [b1r, b1i];
  let [y2r, y2i] = rowSwap ? [b1r, b1i] : [b2r, b2i];
  y2r -= lr * y1r - li * y1i;
  y2i -= lr * y1i + li * y1r;
  const u22 = mag(u22r, u22i);
  const y2 = mag(y2r, y2i);
  if (u22 < 1 && y2 > BIG * u22) {
    scale = 1 / y2;
    y1r *= scale;
    y1i *= scale;
    y2r *= scale;
    y2i *= scale;
  }
  const [x2r, x2i] = cdiv(y2r, y2i, u22r, u22i);
  const [x1r, x1i] = cdiv(y1r - (ur * x2r - ui * x2i), y1i - (ur * x2i + ui * x2r), pr, pi);
  return colSwap ? [x2r, x2i, x1r, x1i, scale] : [x1r, x1i, x2r, x2i, scale];
}

/** Complex division (xr + i·xi) / (yr + i·yi), Smith's scaling. */
function cdiv(xr: number, xi: number, yr: number, yi: number): [number, number] {
  if (Math.abs(yr) > Math.abs(yi)) {
    const r = yi / yr;
    const den = yr + r * yi;
    return [(xr + r * xi) / den, (xi - r * xr) / den];
  }
  const r = yr / yi;
  const den = yi + r * yr;
  return [(r * xr + xi) / den, (r * xi - xr) / den];
}
