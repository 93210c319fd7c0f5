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

export interface EigResult {
  /**
   * Eigenvalue k is `re[k] + i·im[k]`. Complex eigenvalues come in adjacent conjugate pairs,
   * the one with positive imaginary part first (LAPACK's convention).
   */
  values: { re: Float64Array; im: Float64Array };
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
  complexVectors: { re: Matrix; im: Matrix } | undefined;
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

  // Work on A / 2^k with max|entry| in [0.5, 1): exact, and keeps the QR sweeps and the
  // back-substitution away from overflow and underflow for uniformly scaled matrices.
  const h = a.data.slice();
  let big = 0;
  for (let i = 0; i < h.length; i++) big = Math.max(big, Math.abs(h[i]));
  const scale = big === 0 ? 1 : 2 ** Math.floor(Math.log2(big) + 1);
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

  let norm = 0;
  for (let i = 0; i < nn; i++) for (let j = Math.max(i - 1, 0); j < nn; j++) norm += Math.abs(h[H(i, j)]);

  let iter = 0;
  let total = 0;
  while (n >= low) {
    // Look for a single small subdiagonal element.
    let l = n;
    while (l > low) {
      s = Math.abs(h[H(l - 1, l - 1)]) + Math.abs(h[H(l, l)]);
      if (s === 0) s = norm;
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
      // Two roots found.
      w = h[H(n, n - 1)] * h[H(n - 1, n)];
      p = (h[H(n - 1, n - 1)] - h[H(n, n)]) / 2;
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      h[H(n, n)] += exshift;
      h[H(n - 1, n - 1)] += exshift;
      x = h[H(n, n)];
      if (q >= 0) {
        // Real pair: standardise the 2 × 2 block to upper triangular.
        z = p >= 0 ? p + z : p - z;
        d[n - 1] = x + z;
        d[n] = d[n - 1];
        if (z !== 0) d[n] = x - w / z;
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
      y = 0;
      w = 0;
      if (l < n) {
        y = h[H(n - 1, n - 1)];
        w = h[H(n, n - 1)] * h[H(n - 1, n)];
      }
      if (iter === 10) {
        // Wilkinson's original ad hoc shift.
        exshift += x;
        for (let i = low; i <= n; i++) h[H(i, i)] -= x;
        s = Math.abs(h[H(n, n - 1)]) + Math.abs(h[H(n - 1, n - 2)]);
        x = y = 0.75 * s;
        w = -0.4375 * s * s;
      }
      if (iter === 30) {
        // MATLAB's ad hoc shift.
        s = (y - x) / 2;
        s = s * s + w;
        if (s > 0) {
          s = Math.sqrt(s);
          if (y < x) s = -s;
          s = x - w / ((y - x) / 2 + s);
          for (let i = low; i <= n; i++) h[H(i, i)] -= s;
          exshift += s;
          x = y = w = 0.964;
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
        z = h[H(m, m)];
        r = x - z;
        s = y - z;
        p = (r * s - w) / h[H(m + 1, m)] + h[H(m, m + 1)];
        q = h[H(m + 1, m + 1)] - z - r - s;
        r = h[H(m + 2, m + 1)];
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
            // Solve the real 2 × 2 equations.
            x = h[H(i, i + 1)];
            y = h[H(i + 1, i)];
            q = (d[i] - p) * (d[i] - p) + e[i] * e[i];
            t = (x * s - z * r) / q;
            h[H(i, n)] = t;
            h[H(i + 1, n)] = Math.abs(x) > Math.abs(z) ? (-r - w * t) / x : (-s - y * t) / z;
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
            // Solve the complex 2 × 2 equations.
            x = h[H(i, i + 1)];
            y = h[H(i + 1, i)];
            let vr = (d[i] - p) * (d[i] - p) + e[i] * e[i] - q * q;
            const vi = (d[i] - p) * 2 * q;
            if (vr === 0 && vi === 0) {
              vr = eps * norm * (Math.abs(w) + Math.abs(q) + Math.abs(x) + Math.abs(y) + Math.abs(z));
            }
            const [cr, ci] = cdiv(x * r - z * ra + q * sa, x * s - z * sa - q * ra, vr, vi);
            h[H(i, n - 1)] = cr;
            h[H(i, n)] = ci;
            if (Math.abs(x) > Math.abs(z) + Math.abs(q)) {
              h[H(i + 1, n - 1)] = (-ra - w * h[H(i, n - 1)] + q * h[H(i, n)]) / x;
              h[H(i + 1, n)] = (-sa - w * h[H(i, n)] - q * h[H(i, n - 1)]) / x;
            } else {
              const [dr, di] = cdiv(-r - y * h[H(i, n - 1)], -s - y * h[H(i, n)], z, q);
              h[H(i + 1, n - 1)] = dr;
              h[H(i + 1, n)] = di;
            }
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
